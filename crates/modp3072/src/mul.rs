//! The scalar Montgomery multiplication: a*b/R mod N, R = 2^3080.

#![forbid(unsafe_code)]

use crate::params::{LIMBS, LIMB_BITS, MASK, N, STORED_LIMBS};

pub(crate) type Limbs = [u32; STORED_LIMBS];

/// a*b/R mod N, below 2N whenever a*b < R*N (as when both are below 16N,
/// R being above 256N): the result is (a*b + m*N)/R with m < R.
///
/// Operand scanning with the reduction interleaved: row i adds a[i]*b and
/// m*N, where m (the low 28 bits of column i, since -N^-1 = 1 mod 2^28) makes
/// that column divisible by 2^28. Columns are u64 and take the 28-bit
/// carries only once per row, so there is no carry chain in the inner loop
/// and no branch on the values anywhere.
pub(crate) fn mont_mul(a: &Limbs, b: &Limbs) -> Limbs {
    let mut t = [0u64; 2 * LIMBS];
    let mut carry = 0u64;
    let (b, n) = (&b[..LIMBS], &N[..LIMBS]);
    for i in 0..LIMBS {
        let ai = a[i] as u64;
        t[i] += carry;
        let m = (t[i] + ai * b[0] as u64) & MASK as u64;
        for ((col, &bj), &nj) in t[i..i + LIMBS].iter_mut().zip(b).zip(n) {
            *col += ai * bj as u64 + m * nj as u64;
        }
        carry = t[i] >> LIMB_BITS;
    }
    normalise(&t[LIMBS..], carry)
}

/// The 28-bit limbs of sum(cols[k] * 2^(28k)) + carry, a value below 2^3080.
pub(crate) fn normalise(cols: &[u64], mut carry: u64) -> Limbs {
    let mut out = [0u32; STORED_LIMBS];
    for (limb, &col) in out.iter_mut().zip(cols) {
        let v = col + carry;
        *limb = v as u32 & MASK;
        carry = v >> LIMB_BITS;
    }
    debug_assert_eq!(carry, 0, "a Montgomery product is below 2^3080");
    out
}
