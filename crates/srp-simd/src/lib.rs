//! modp3072's exponentiation in hand-written wasm simd128
//! (`src/pow_simd128.wat`), and the loader that brings it into a page.
//!
//! A wasm module that holds one SIMD instruction does not compile at all in
//! a browser without SIMD, so this code cannot be part of the app's module.
//! It is a module of its own (about 4 KB, embedded in the app), compiled
//! when the browser validates it: that validation is the feature detection.
//! Where it fails, [`SimdPow::load`] returns `None` and the caller keeps
//! [`modp3072::Scalar`].

/// The assembled module: no imports; exports `memory`, `fill_powers`,
/// `fill_comb`, `run` and the offsets of its buffers (`out`, `digits`, `n`,
/// `one`, `table`).
pub const MODULE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pow_simd128.wasm"));

#[cfg(target_arch = "wasm32")]
mod web;
#[cfg(target_arch = "wasm32")]
pub use web::SimdPow;

/// Outside a browser there is no module to load: the type exists so that
/// code using it builds natively (tests, tools), and has no values.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone)]
pub enum SimdPow {}

#[cfg(not(target_arch = "wasm32"))]
impl SimdPow {
    pub fn load() -> Option<SimdPow> {
        None
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl modp3072::Pow for SimdPow {
    fn pow(&self, _: &modp3072::Mont, _: &[u8]) -> modp3072::Mont {
        match *self {}
    }

    fn pow_g(&self, _: &[u8]) -> modp3072::Mont {
        match *self {}
    }
}
