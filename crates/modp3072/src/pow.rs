//! Constant-time exponentiation. Both methods reduce to [`run`]: digits
//! of 4 bits read through a 16-entry table by scanning every entry, with a
//! fixed number of squarings between digits, so the sequence of
//! multiplications depends on the exponent's length only.
//!
//! * Any base: the table holds base^0..base^15 and the digits are the
//!   exponent's nibbles, 4 squarings apart (a fixed 4-bit window).
//! * The generator: a fixed-base comb (Lim and Lee, CRYPTO '94, with 4
//!   rows). An exponent of 4w bits is cut into 4 blocks of w bits; the table
//!   holds every product of g, g^(2^w), g^(2^2w), g^(2^3w) (the last three
//!   are constants), and digit t takes bit t of each block, 1 squaring
//!   apart: w squarings and w products instead of 4w and w.
//!
//! The SIMD module (crates/srp-simd) implements the same three steps.

#![forbid(unsafe_code)]

use crate::comb_rows::ROWS_64;
use crate::mul::Limbs;
use crate::params::{select, STORED_LIMBS};

/// table[i] = base^i.
pub(crate) fn powers(
    mul: impl Fn(&Limbs, &Limbs) -> Limbs,
    one: &Limbs,
    base: &Limbs,
) -> [Limbs; 16] {
    let mut table = [*one; 16];
    table[1] = *base;
    for i in 2..16 {
        table[i] = mul(&table[i - 1], base);
    }
    table
}

/// table[s] = the product of rows[j] for each bit j set in s.
pub(crate) fn comb_table(
    mul: impl Fn(&Limbs, &Limbs) -> Limbs,
    one: &Limbs,
    rows: &[Limbs; 4],
) -> [Limbs; 16] {
    let mut table = [*one; 16];
    for s in 1..16usize {
        let low = s & s.wrapping_neg();
        table[s] = if low == s {
            rows[low.trailing_zeros() as usize]
        } else {
            mul(&table[s - low], &table[low])
        };
    }
    table
}

/// The comb rows' constants for an exponent of `len` bytes, if there are
/// some: 32 bytes (the client's a, and x).
pub(crate) fn comb_rows(len: usize) -> Option<&'static [[u8; crate::BYTES]; 3]> {
    (len == 32).then_some(&ROWS_64)
}

/// The exponent's nibbles, most significant first.
pub fn window_digits(exp: &[u8]) -> Vec<u8> {
    exp.iter().flat_map(|b| [b >> 4, b & 0xf]).collect()
}

/// The comb's digits for an exponent of 4w bits (w = 2 * exp.len()):
/// digit t (from t = w - 1 down to 0) holds bit t of block j as its bit j.
pub fn comb_digits(exp: &[u8]) -> Vec<u8> {
    let w = 2 * exp.len();
    let bit = |p: usize| (exp[exp.len() - 1 - p / 8] >> (p % 8)) & 1;
    (0..w)
        .rev()
        .map(|t| (0..4).map(|j| bit(j * w + t) << j).sum())
        .collect()
}

/// acc = table[d0]; then for each further digit: `squarings` squarings and
/// one product with table[d]. `one` when there are no digits.
pub(crate) fn run(
    mul: impl Fn(&Limbs, &Limbs) -> Limbs,
    one: &Limbs,
    table: &[Limbs; 16],
    digits: &[u8],
    squarings: usize,
) -> Limbs {
    let Some((first, rest)) = digits.split_first() else {
        return *one;
    };
    let mut acc = lookup(table, *first);
    for &digit in rest {
        for _ in 0..squarings {
            acc = mul(&acc, &acc);
        }
        acc = mul(&acc, &lookup(table, digit));
    }
    acc
}

/// table[index], reading every entry.
fn lookup(table: &[Limbs; 16], index: u8) -> Limbs {
    let mut out = [0; STORED_LIMBS];
    for (i, entry) in table.iter().enumerate() {
        // 1 when i == index, from arithmetic rather than a comparison.
        let diff = (i as u32) ^ (index as u32);
        let hit = core::hint::black_box(diff.wrapping_sub(1) >> 31);
        out = select(hit, entry, &out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comb_digits_take_one_bit_per_block() {
        // 4 bytes: w = 8, blocks are the bytes from the least significant.
        // Block 0 = 0x01 (bit 0), block 1 = 0x80 (bit 7), block 2 = 0xff, block 3 = 0.
        let digits = comb_digits(&[0x00, 0xff, 0x80, 0x01]);
        assert_eq!(digits.len(), 8);
        // t = 7 first: block 1 and block 2 have bit 7.
        assert_eq!(digits[0], 0b0110);
        // t = 6..1: only block 2.
        assert!(digits[1..7].iter().all(|&d| d == 0b0100));
        // t = 0: block 0 and block 2.
        assert_eq!(digits[7], 0b0101);
    }
}
