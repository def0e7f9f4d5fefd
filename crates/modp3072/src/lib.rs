//! Arithmetic modulo N, the 3072-bit prime of RFC 3526 §4, for SRP.
//!
//! [`Mont`] is a residue in Montgomery form (x·R mod N, R = 2^3080) in
//! 110 limbs of 28 bits. Everything that touches a value is constant-time:
//! no branch and no memory index depends on it, and [`Mont::pow`] runs the
//! same multiplications for every exponent of a given byte length.
//!
//! The exponentiation here is portable Rust. [`Pow`] lets a caller bring
//! another one: the app brings crates/srp-simd's hand-written wasm simd128
//! module where the browser has SIMD, which takes [`Mont::limbs`], the
//! modulus ([`N_LIMBS`]) and R mod N ([`Mont::one`]); native builds have
//! [`Native`], which runs [`Ifma`] (AVX-512 IFMA) where the CPU has it and
//! [`Native64`] (64-bit limbs) elsewhere.

mod comb_rows;
#[cfg(target_arch = "x86_64")]
mod ifma;
mod limbs;
mod mul;
#[cfg(not(target_arch = "wasm32"))]
mod native64;
mod params;
mod pow;

use std::sync::OnceLock;

use mul::Limbs;
use params::{limbs_from_be, subtract_if_at_least, MASK, N, R_MOD_N, TWO_N};
pub use params::{BYTES, LIMBS, LIMB_BITS, N_BYTES, STORED_LIMBS};

/// N in limbs, for another implementation of the kernel.
pub const N_LIMBS: [u32; STORED_LIMBS] = N;

/// The longest exponent [`Mont::pow`] takes, in bytes (N's size).
pub const MAX_EXPONENT_BYTES: usize = BYTES;

/// A residue modulo N in Montgomery form. Kept below 2N, not always fully
/// reduced; [`Mont::to_be_bytes`] gives the canonical value.
#[derive(Clone, Copy)]
pub struct Mont(Limbs);

impl core::fmt::Debug for Mont {
    // Residues are often secrets: never print one.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Mont(..)")
    }
}

/// Exponentiations, exp big-endian and constant-time in its value (but
/// for [`Pow::pow_public`], which is for public exponents). [`Scalar`] is
/// always there; a browser with SIMD can bring a faster one.
pub trait Pow {
    /// base^exp.
    fn pow(&self, base: &Mont, exp: &[u8]) -> Mont;
    /// g^exp, g = 2: faster than `pow` (the portable code's comb for
    /// 32-byte exponents, [`Native64`]'s and [`Ifma`]'s tables for any up
    /// to 128 bytes).
    fn pow_g(&self, exp: &[u8]) -> Mont;

    /// The table of a base whose powers are wanted often, with public
    /// exponents (SRP's v^u): base^(2^(64 i)) for i < [`POWERS`].
    fn powers(&self, base: &Mont) -> Powers {
        let mut x = *base;
        let rows = (0..POWERS)
            .map(|_| {
                let row = x.to_be_bytes();
                for _ in 0..64 {
                    x = x.mul(&x);
                }
                row
            })
            .collect();
        Powers(rows)
    }

    /// base^exp from the base's [`Powers`], for a **public** exponent of
    /// at most [`MAX_PUBLIC_EXPONENT_BYTES`] (a longer one is raised by
    /// `pow`): the time depends on the exponent's bits. IFMA does it by
    /// the fixed-base comb (64 squarings, not 256); the others by `pow`.
    fn pow_public(&self, powers: &Powers, exp: &[u8]) -> Mont {
        self.pow(&powers.base(), exp)
    }
}

/// Rows of a [`Powers`] table: a comb of four 64-bit columns, enough for
/// 256-bit exponents.
pub const POWERS: usize = 4;

/// The longest exponent [`Pow::pow_public`] takes from the table.
pub const MAX_PUBLIC_EXPONENT_BYTES: usize = POWERS * 8;

/// base^(2^(64 i)) for i < [`POWERS`], as canonical big-endian values:
/// 1,536 bytes (a row of a database page), as secret as the base. Made by
/// [`Pow::powers`]; kept with [`to_bytes`] and read back with
/// [`from_bytes`].
///
/// [`to_bytes`]: Powers::to_bytes
/// [`from_bytes`]: Powers::from_bytes
#[derive(Clone, PartialEq, Eq)]
pub struct Powers(Vec<[u8; BYTES]>);

impl core::fmt::Debug for Powers {
    // As secret as the base: never print it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Powers(..)")
    }
}

impl Powers {
    /// Bytes of [`Powers::to_bytes`].
    pub const BYTES: usize = POWERS * BYTES;

    /// The base itself (row 0), canonical.
    pub fn base_bytes(&self) -> &[u8; BYTES] {
        &self.0[0]
    }

    fn base(&self) -> Mont {
        Mont::below_2_3072(&self.0[0])
    }

    /// The rows one after the other, [`Powers::BYTES`] bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.concat()
    }

    /// A table kept with [`Powers::to_bytes`]; `None` unless it has
    /// exactly [`Powers::BYTES`] bytes. Whether the rows are powers of one
    /// another is not checked (that is the arithmetic it saves): keep
    /// tables where nobody else writes.
    pub fn from_bytes(bytes: &[u8]) -> Option<Powers> {
        (bytes.len() == Self::BYTES).then(|| {
            Powers(
                bytes
                    .chunks_exact(BYTES)
                    .map(|chunk| {
                        let mut entry = [0u8; BYTES];
                        entry.copy_from_slice(chunk);
                        entry
                    })
                    .collect(),
            )
        })
    }

    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    fn entries(&self) -> &[[u8; BYTES]] {
        &self.0
    }
}

/// The portable code.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scalar;

impl Pow for Scalar {
    fn pow(&self, base: &Mont, exp: &[u8]) -> Mont {
        base.pow(exp)
    }

    fn pow_g(&self, exp: &[u8]) -> Mont {
        Mont::pow_g(exp)
    }
}

pub use pow::{comb_digits, window_digits};

/// The exponentiations on 64-bit limbs (`native64`), for native builds
/// (local-cognito, the load generator): values pass as their canonical
/// bytes, which [`Mont::below_2_3072`] brings back in constant time.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct Native64;

#[cfg(not(target_arch = "wasm32"))]
impl Pow for Native64 {
    fn pow(&self, base: &Mont, exp: &[u8]) -> Mont {
        Mont::below_2_3072(&native64::pow(&base.to_be_bytes(), exp))
    }

    /// By a table of g^(d * 16^i): one product per nibble, no squaring.
    fn pow_g(&self, exp: &[u8]) -> Mont {
        Mont::below_2_3072(&native64::pow_g(exp))
    }

    fn powers(&self, base: &Mont) -> Powers {
        Powers(native64::comb_rows(&base.to_be_bytes(), POWERS))
    }
}

/// The AVX-512 IFMA kernel (`ifma`), on x86-64 CPUs that have it, 3.4x
/// faster than [`Native64`] here: only [`Ifma::detect`] makes one, after
/// asking the CPU (elsewhere it says `None`, and none can exist).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy)]
pub struct Ifma(CpuHasIfma);

/// The proof that `detect` asked: nothing outside the crate can make one,
/// and off x86-64 nothing can at all.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy)]
struct CpuHasIfma;
#[cfg(all(not(target_arch = "x86_64"), not(target_arch = "wasm32")))]
#[derive(Debug, Clone, Copy)]
enum CpuHasIfma {}

#[cfg(not(target_arch = "wasm32"))]
impl Ifma {
    pub fn detect() -> Option<Ifma> {
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512ifma") {
            return Some(Ifma(CpuHasIfma));
        }
        None
    }
}

// SAFETY (every call): the kernel's instructions need AVX-512F and IFMA,
// and an `Ifma` exists only where `detect` found both on this CPU. These
// are the crate's only `unsafe` blocks; every other module forbids them.
// No pointer is read or written through.
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
impl Pow for Ifma {
    fn pow(&self, base: &Mont, exp: &[u8]) -> Mont {
        Mont::below_2_3072(&unsafe { ifma::pow(&base.to_be_bytes(), exp) })
    }

    /// By a table of g^(d * 16^i), as [`Native64`].
    fn pow_g(&self, exp: &[u8]) -> Mont {
        Mont::below_2_3072(&unsafe { ifma::pow_g(exp) })
    }

    fn powers(&self, base: &Mont) -> Powers {
        Powers(unsafe { ifma::comb_rows(&base.to_be_bytes(), POWERS) })
    }

    /// By the fixed-base comb: some 140 products against 330 for `pow`.
    fn pow_public(&self, powers: &Powers, exp: &[u8]) -> Mont {
        if exp.len() > MAX_PUBLIC_EXPONENT_BYTES {
            return self.pow(&powers.base(), exp);
        }
        Mont::below_2_3072(&unsafe { ifma::pow_public(powers.entries(), exp) })
    }
}

#[cfg(all(not(target_arch = "x86_64"), not(target_arch = "wasm32")))]
impl Pow for Ifma {
    fn pow(&self, _: &Mont, _: &[u8]) -> Mont {
        match self.0 {}
    }

    fn pow_g(&self, _: &[u8]) -> Mont {
        match self.0 {}
    }

    fn powers(&self, _: &Mont) -> Powers {
        match self.0 {}
    }

    fn pow_public(&self, _: &Powers, _: &[u8]) -> Mont {
        match self.0 {}
    }
}

/// The fastest kernel of native builds: [`Ifma`] where the CPU has it,
/// else [`Native64`].
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct Native;

#[cfg(not(target_arch = "wasm32"))]
impl Native {
    /// Which kernel [`Native`] runs here, for reports.
    pub fn kernel() -> &'static str {
        match Ifma::detect() {
            Some(_) => "AVX-512 IFMA",
            None => "64-bit",
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Pow for Native {
    fn pow(&self, base: &Mont, exp: &[u8]) -> Mont {
        match Ifma::detect() {
            Some(ifma) => ifma.pow(base, exp),
            None => Native64.pow(base, exp),
        }
    }

    fn pow_g(&self, exp: &[u8]) -> Mont {
        match Ifma::detect() {
            Some(ifma) => ifma.pow_g(exp),
            None => Native64.pow_g(exp),
        }
    }

    fn powers(&self, base: &Mont) -> Powers {
        match Ifma::detect() {
            Some(ifma) => ifma.powers(base),
            None => Native64.powers(base),
        }
    }

    fn pow_public(&self, powers: &Powers, exp: &[u8]) -> Mont {
        match Ifma::detect() {
            Some(ifma) => ifma.pow_public(powers, exp),
            None => Native64.pow_public(powers, exp),
        }
    }
}

/// The table and digits of g^exp by the fixed-base comb, for a kernel
/// elsewhere: the table's rows 1, 2, 4 and 8 (g, g^(2^w), g^(2^2w),
/// g^(2^3w)) and the digits, or `None` for a length with no comb constants.
pub fn comb_plan(exp: &[u8]) -> Option<([Mont; 4], Vec<u8>)> {
    Some((comb_row_residues(exp.len())?, comb_digits(exp)))
}

/// The comb's rows for an exponent of `len` bytes as residues, g first.
fn comb_row_residues(len: usize) -> Option<[Mont; 4]> {
    let [r1, r2, r3] = pow::comb_rows(len)?
        .each_ref()
        .map(|row| Mont::below_2_3072(row));
    Some([Mont::from_u32(2), r1, r2, r3])
}

impl Mont {
    /// The residue of a big-endian integer. Leading zero bytes are ignored;
    /// `None` when the value needs more than 384 bytes.
    pub fn from_be_bytes(bytes: &[u8]) -> Option<Mont> {
        let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        let bytes = &bytes[start..];
        (bytes.len() <= BYTES).then(|| Mont::below_2_3072(bytes))
    }

    /// The residue of a small integer (the generator).
    pub fn from_u32(value: u32) -> Mont {
        Mont::below_2_3072(&value.to_be_bytes())
    }

    /// The residue of at most 384 big-endian bytes: a value below
    /// 2^3072 < 2N, which one Montgomery product with R^2 brings in.
    fn below_2_3072(bytes: &[u8]) -> Mont {
        debug_assert!(bytes.len() <= BYTES);
        Mont(mul::mont_mul(&limbs_from_be(bytes), r_squared()))
    }

    pub fn one() -> Mont {
        Mont(R_MOD_N)
    }

    /// The canonical value, in [0, N), as 384 big-endian bytes.
    pub fn to_be_bytes(&self) -> [u8; BYTES] {
        let mut one = [0u32; STORED_LIMBS];
        one[0] = 1;
        // x*R * 1 / R = x, below 2N; one subtraction makes it canonical.
        let limbs = subtract_if_at_least(&mul::mont_mul(&self.0, &one), &N);
        limbs::be_from_limbs(&limbs, LIMB_BITS as usize)
    }

    /// Whether the residue is 0 (x is a multiple of N). Not constant-time
    /// in the result, which callers act on anyway.
    pub fn is_zero(&self) -> bool {
        self.to_be_bytes().iter().all(|&b| b == 0)
    }

    pub fn mul(&self, other: &Mont) -> Mont {
        Mont(mul::mont_mul(&self.0, &other.0))
    }

    pub fn add(&self, other: &Mont) -> Mont {
        let mut sum = [0u32; STORED_LIMBS];
        let mut carry = 0u32;
        for ((s, &a), &b) in sum.iter_mut().zip(&self.0).zip(&other.0) {
            let v = a + b + carry;
            *s = v & MASK;
            carry = v >> LIMB_BITS;
        }
        // Below 4N; back below 2N.
        Mont(subtract_if_at_least(&sum, &TWO_N))
    }

    pub fn sub(&self, other: &Mont) -> Mont {
        // self + 2N - other is in (0, 4N): no negative intermediate.
        let mut diff = [0u32; STORED_LIMBS];
        let mut carry = 0i64;
        for (((d, &a), &b), &n2) in diff.iter_mut().zip(&self.0).zip(&other.0).zip(&TWO_N) {
            let v = a as i64 + n2 as i64 - b as i64 + carry;
            *d = (v & MASK as i64) as u32;
            carry = v >> LIMB_BITS;
        }
        Mont(subtract_if_at_least(&diff, &TWO_N))
    }

    /// self^exp, exp big-endian (at most [`MAX_EXPONENT_BYTES`]; leading
    /// zero bytes count towards the time, not the value), with the scalar
    /// kernel.
    pub fn pow(&self, exp: &[u8]) -> Mont {
        let table = pow::powers(mul::mont_mul, &R_MOD_N, &self.0);
        Mont(pow::run(
            mul::mont_mul,
            &R_MOD_N,
            &table,
            &window_digits(exp),
            4,
        ))
    }

    /// g^exp for g = 2, by the fixed-base comb where the exponent's length
    /// has constants (32 bytes), else as [`Mont::pow`].
    pub fn pow_g(exp: &[u8]) -> Mont {
        match comb_row_residues(exp.len()) {
            Some(rows) => {
                let table = pow::comb_table(mul::mont_mul, &R_MOD_N, &rows.map(|r| r.0));
                Mont(pow::run(
                    mul::mont_mul,
                    &R_MOD_N,
                    &table,
                    &comb_digits(exp),
                    1,
                ))
            }
            None => Mont::from_u32(2).pow(exp),
        }
    }

    /// The limbs, to hand a residue to another wasm module.
    pub fn limbs(&self) -> &[u32; STORED_LIMBS] {
        &self.0
    }

    /// A residue from limbs another module produced: `None` unless every
    /// limb has 28 bits and the top two are zero (the value is then below
    /// 2^3080; it is brought below 2N).
    pub fn from_limbs(limbs: [u32; STORED_LIMBS]) -> Option<Mont> {
        if limbs.iter().any(|&l| l > MASK) || limbs[LIMBS..].iter().any(|&l| l != 0) {
            return None;
        }
        // x * (R mod N) / R = x mod N, below 2N since x < R.
        Some(Mont(mul::mont_mul(&limbs, &R_MOD_N)))
    }
}

/// R^2 mod N, to bring plain integers into Montgomery form: R mod N
/// doubled 3080 times modulo N, once per process.
fn r_squared() -> &'static Limbs {
    static R2: OnceLock<Limbs> = OnceLock::new();
    R2.get_or_init(|| {
        let mut x = R_MOD_N;
        for _ in 0..LIMBS * LIMB_BITS as usize {
            x = subtract_if_at_least(&params::double(&x), &N);
        }
        x
    })
}
