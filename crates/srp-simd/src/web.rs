//! Instantiating the module in the page and calling it.

use js_sys::{Function, Object, Reflect, Uint32Array, Uint8Array, WebAssembly};
use modp3072::{comb_plan, window_digits, Mont, Pow, N_LIMBS, STORED_LIMBS};
use wasm_bindgen::{JsCast, JsValue};

use crate::MODULE;

/// The most digits the module takes (its buffer's size).
const MAX_DIGITS: usize = 768;

/// The SIMD module, instantiated, with N and R mod N written in.
#[derive(Clone)]
pub struct SimdPow {
    memory: WebAssembly::Memory,
    fill_powers: Function,
    fill_comb: Function,
    run: Function,
    out: u32,
    digits: u32,
    table: u32,
}

impl core::fmt::Debug for SimdPow {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SimdPow")
    }
}

impl SimdPow {
    /// The module, where this browser can compile it; `None` where it has
    /// no wasm SIMD (or anything else goes wrong: the scalar path remains).
    pub fn load() -> Option<SimdPow> {
        let bytes = Uint8Array::from(MODULE);
        if !WebAssembly::validate(&bytes).ok()? {
            return None;
        }
        let module = WebAssembly::Module::new(&bytes).ok()?;
        let instance = WebAssembly::Instance::new(&module, &Object::new()).ok()?;
        let exports = instance.exports();
        let get = |name: &str| Reflect::get(&exports, &JsValue::from_str(name)).ok();
        let offset = |name: &str| -> Option<u32> {
            let global: WebAssembly::Global = get(name)?.dyn_into().ok()?;
            Some(global.value().as_f64()? as u32)
        };
        let simd = SimdPow {
            memory: get("memory")?.dyn_into().ok()?,
            fill_powers: get("fill_powers")?.dyn_into().ok()?,
            fill_comb: get("fill_comb")?.dyn_into().ok()?,
            run: get("run")?.dyn_into().ok()?,
            out: offset("out")?,
            digits: offset("digits")?,
            table: offset("table")?,
        };
        simd.write_limbs(offset("n")?, &N_LIMBS);
        simd.write_limbs(offset("one")?, Mont::one().limbs());
        Some(simd)
    }

    /// base^exp in the module; `None` when it refuses (an exponent over 384
    /// bytes) or answers with limbs that are not a residue.
    pub fn try_pow(&self, base: &Mont, exp: &[u8]) -> Option<Mont> {
        self.compute(&[(1, base)], &self.fill_powers, &window_digits(exp), 4)
    }

    /// g^exp in the module, by the comb where the length allows it.
    pub fn try_pow_g(&self, exp: &[u8]) -> Option<Mont> {
        match comb_plan(exp) {
            Some(([g, r1, r2, r3], digits)) => self.compute(
                &[(1, &g), (2, &r1), (4, &r2), (8, &r3)],
                &self.fill_comb,
                &digits,
                1,
            ),
            None => self.try_pow(&Mont::from_u32(2), exp),
        }
    }

    /// Seeds the table, fills it, runs the digits.
    fn compute(
        &self,
        seeds: &[(u32, &Mont)],
        fill: &Function,
        digits: &[u8],
        squarings: u32,
    ) -> Option<Mont> {
        if digits.len() > MAX_DIGITS {
            return None;
        }
        let entry_bytes = 4 * STORED_LIMBS as u32;
        for (index, value) in seeds {
            self.write_limbs(self.table + index * entry_bytes, value.limbs());
        }
        fill.call0(&JsValue::NULL).ok()?;
        Uint8Array::new_with_byte_offset_and_length(
            &self.memory.buffer(),
            self.digits,
            digits.len() as u32,
        )
        .copy_from(digits);
        let done = self
            .run
            .call2(
                &JsValue::NULL,
                &JsValue::from(digits.len() as u32),
                &JsValue::from(squarings),
            )
            .ok()?;
        if done.as_f64() != Some(1.0) {
            return None;
        }
        let mut limbs = [0u32; STORED_LIMBS];
        self.limbs_view(self.out).copy_to(&mut limbs);
        Mont::from_limbs(limbs)
    }

    fn limbs_view(&self, at: u32) -> Uint32Array {
        Uint32Array::new_with_byte_offset_and_length(&self.memory.buffer(), at, STORED_LIMBS as u32)
    }

    fn write_limbs(&self, at: u32, limbs: &[u32; STORED_LIMBS]) {
        self.limbs_view(at).copy_from(limbs);
    }
}

impl Pow for SimdPow {
    /// base^exp in the SIMD module; should it ever fail, in the scalar code.
    fn pow(&self, base: &Mont, exp: &[u8]) -> Mont {
        self.try_pow(base, exp).unwrap_or_else(|| base.pow(exp))
    }

    fn pow_g(&self, exp: &[u8]) -> Mont {
        self.try_pow_g(exp).unwrap_or_else(|| Mont::pow_g(exp))
    }
}
