//! The AVX-512 IFMA kernel, for x86-64 CPUs that have it (Intel since Ice
//! Lake, AMD since Zen 4): 60 digits of 52 bits in eight 512-bit vectors,
//! and `vpmadd52luq`/`vpmadd52huq`, which multiply eight pairs of 52-bit
//! digits at once and add the low or high 52 bits of each product. One
//! Montgomery product is 60 rows of 32 such instructions, where the 64-bit
//! kernel does 4,600 scalar multiplications (Gueron and Krasnov's "almost
//! Montgomery multiplication", as in OpenSSL's and AWS-LC's RSA code).
//!
//! Constant-time as the other kernels: the instructions' timing does not
//! depend on the values, no branch or memory index depends on a value, and
//! the products depend on the exponent's length only; except
//! [`pow_public`], for public exponents, whose products depend on the
//! exponent's bits (never on the base).
//!
//! Every function here that uses the instructions has them in its
//! `#[target_feature]`; [`Ifma::detect`](crate::Ifma::detect) is the one
//! way in, and checks the CPU first.

#![forbid(unsafe_code)]

use core::arch::x86_64::{
    __m512i, _mm512_alignr_epi64, _mm512_and_si512, _mm512_madd52hi_epu64, _mm512_madd52lo_epu64,
    _mm512_mask_add_epi64, _mm512_permutexvar_epi64, _mm512_set1_epi64, _mm512_setzero_si512,
    _mm512_srli_epi64,
};
use std::sync::OnceLock;

use crate::limbs::{be_from_limbs, lookup};
use crate::params::{BYTES, N_BYTES};

/// Digits of 52 bits: 60 x 52 = 3120 bits, so R = 2^3120 > 4N, and
/// products of values below 2N stay below 2N with no subtraction.
const DIGITS: usize = 60;
const DIGIT_BITS: u32 = 52;
const MASK: u64 = (1 << DIGIT_BITS) - 1;

/// Lanes: eight vectors of eight; the top four are always zero.
const LANES: usize = 64;
type Digits = [u64; LANES];

/// N in digits. N = -1 mod 2^52 (it ends in 64 one bits), so a row's
/// Montgomery factor is its lowest digit itself.
const N52: Digits = digits_from_be(&N_BYTES);
const _: () = assert!(N52[0] == MASK);

/// base^exp for a canonical base below N, big-endian; canonical result.
/// A fixed 4-bit window: 4 squarings and one product per nibble.
#[target_feature(enable = "avx512f,avx512ifma")]
pub(crate) fn pow(base: &[u8; BYTES], exp: &[u8]) -> [u8; BYTES] {
    let table = powers(&amm(&digits_from_be(base), r_squared()));
    let mut acc = r_mod_n();
    for (i, digit) in exp.iter().flat_map(|b| [b >> 4, b & 0xf]).enumerate() {
        if i > 0 {
            for _ in 0..4 {
                acc = amm(&acc, &acc);
            }
        }
        acc = amm(&acc, &lookup(&table, digit));
    }
    from_mont(&acc)
}

/// g^exp, by a table of g^(d * 16^i) for exponents of up to
/// [`FIXED_BASE_BYTES`]: one product per nibble and no squaring.
#[target_feature(enable = "avx512f,avx512ifma")]
pub(crate) fn pow_g(exp: &[u8]) -> [u8; BYTES] {
    if exp.len() > FIXED_BASE_BYTES {
        return pow(&two(), exp);
    }
    static TABLE: OnceLock<Vec<[Digits; 16]>> = OnceLock::new();
    let rows = TABLE.get_or_init(|| g_table());
    let mut acc = r_mod_n();
    // Nibbles from the least significant: row i holds 16^i.
    let nibbles = exp.iter().rev().flat_map(|b| [b & 0xf, b >> 4]);
    for (row, digit) in rows.iter().zip(nibbles) {
        acc = amm(&acc, &lookup(row, digit));
    }
    from_mont(&acc)
}

/// base^(2^(64 i)) for i < count, canonical: the rows of
/// [`pow_public`]'s comb (64 squarings and a conversion a row).
#[target_feature(enable = "avx512f,avx512ifma")]
pub(crate) fn comb_rows(base: &[u8; BYTES], count: usize) -> Vec<[u8; BYTES]> {
    let mut x = amm(&digits_from_be(base), r_squared());
    let mut rows = Vec::with_capacity(count);
    for i in 0..count {
        rows.push(from_mont(&x));
        if i + 1 < count {
            for _ in 0..64 {
                x = amm(&x, &x);
            }
        }
    }
    rows
}

/// base^exp for a **public** exponent of at most 32 bytes (the time
/// depends on its bits), from rows[j] = base^(2^(64 j)), j < 4, canonical:
/// the fixed-base comb. Bit b of the exponent's 64-bit chunk j picks row
/// j in column b; the 16 products of subsets of the rows (11 products)
/// then serve every column: 64 squarings and one product a nonzero
/// column, some 140 products against 330 for `pow`.
#[target_feature(enable = "avx512f,avx512ifma")]
pub(crate) fn pow_public(rows: &[[u8; BYTES]], exp: &[u8]) -> [u8; BYTES] {
    assert!(
        rows.len() == 4 && exp.len() <= 32,
        "a comb of four rows, 256 bits"
    );
    // The exponent's four 64-bit chunks, least significant first.
    let mut chunks = [0u64; 4];
    for (i, &byte) in exp.iter().rev().enumerate() {
        chunks[i / 8] |= u64::from(byte) << (8 * (i % 8));
    }
    let rows: Vec<Digits> = rows
        .iter()
        .map(|row| amm(&digits_from_be(row), r_squared()))
        .collect();
    let mut subsets = [r_mod_n(); 16];
    for index in 1..16usize {
        let lowest = index.trailing_zeros() as usize;
        let rest = index & (index - 1);
        subsets[index] = if rest == 0 {
            rows[lowest]
        } else {
            amm(&subsets[rest], &rows[lowest])
        };
    }
    let mut acc: Option<Digits> = None;
    for bit in (0..64).rev() {
        let index = (0..4).fold(0, |index, j| index | (((chunks[j] >> bit) & 1) << j)) as usize;
        acc = match (acc, index) {
            (None, 0) => None,
            (None, _) => Some(subsets[index]),
            (Some(acc), 0) => Some(amm(&acc, &acc)),
            (Some(acc), _) => Some(amm(&amm(&acc, &acc), &subsets[index])),
        };
    }
    from_mont(&acc.unwrap_or(r_mod_n()))
}

/// The longest exponent [`pow_g`] takes from its table (as the 64-bit
/// kernel's): the client's `a`; `b` and `x` have 32 bytes.
const FIXED_BASE_BYTES: usize = 128;

/// Row i: g^(d * 16^i) for d in 0..16, in Montgomery form (2 * 128 rows
/// of 16 values, 2 MB, some 3,900 products: a few milliseconds once).
#[target_feature(enable = "avx512f,avx512ifma")]
fn g_table() -> Vec<[Digits; 16]> {
    let mut base = amm(&digits_from_be(&two()), r_squared());
    (0..2 * FIXED_BASE_BYTES)
        .map(|_| {
            let row = powers(&base);
            base = amm(&row[8], &row[8]);
            row
        })
        .collect()
}

/// table[i] = base^i (base in Montgomery form).
#[target_feature(enable = "avx512f,avx512ifma")]
fn powers(base: &Digits) -> [Digits; 16] {
    let mut table = [r_mod_n(); 16];
    table[1] = *base;
    for i in 2..16 {
        table[i] = amm(&table[i - 1], base);
    }
    table
}

/// The canonical value of a Montgomery residue: x * 1 / R is at most N,
/// and N itself only for x = 0 mod N, whose value is 0.
#[target_feature(enable = "avx512f,avx512ifma")]
fn from_mont(x: &Digits) -> [u8; BYTES] {
    let mut one = [0u64; LANES];
    one[0] = 1;
    let value = amm(x, &one);
    let is_n = value
        .iter()
        .zip(&N52)
        .fold(0, |diff, (v, n)| diff | (v ^ n));
    // All ones when value == N: then 0, else value (constant-time).
    let keep = core::hint::black_box(0u64.wrapping_sub((is_n.wrapping_sub(1) >> 63) ^ 1));
    be_from_digits(&value.map(|d| d & keep))
}

/// a*b/R mod N, below 2N for a and b below 2N, in full 52-bit digits.
///
/// Row i adds a[i]*b and m*N, m being the row's lowest digit (which makes
/// it 0 mod 2^52), then moves every lane down one: each product's low 52
/// bits are added before the move, its high 52 bits after it (they belong
/// one digit up). Lanes collect at most 240 terms below 2^52: no overflow.
#[target_feature(enable = "avx512f,avx512ifma")]
fn amm(a: &Digits, b: &Digits) -> Digits {
    let b: [__m512i; 8] = bytemuck::cast(*b);
    let n: [__m512i; 8] = bytemuck::cast(N52);
    let zero = _mm512_setzero_si512();
    let mask = _mm512_set1_epi64(MASK as i64);
    let mut acc = [zero; 8];
    for &ai in &a[..DIGITS] {
        let ai = _mm512_set1_epi64(ai as i64);
        for (acc, &b) in acc.iter_mut().zip(&b) {
            *acc = _mm512_madd52lo_epu64(*acc, ai, b);
        }
        // The lowest lane, in every lane (its index 0 is a zero vector).
        let m = _mm512_and_si512(_mm512_permutexvar_epi64(zero, acc[0]), mask);
        for (acc, &n) in acc.iter_mut().zip(&n) {
            *acc = _mm512_madd52lo_epu64(*acc, m, n);
        }
        let carry = _mm512_srli_epi64::<52>(_mm512_permutexvar_epi64(zero, acc[0]));
        for k in 0..7 {
            acc[k] = _mm512_alignr_epi64::<1>(acc[k + 1], acc[k]);
        }
        acc[7] = _mm512_alignr_epi64::<1>(zero, acc[7]);
        acc[0] = _mm512_mask_add_epi64(acc[0], 1, acc[0], carry);
        for (acc, &b) in acc.iter_mut().zip(&b) {
            *acc = _mm512_madd52hi_epu64(*acc, ai, b);
        }
        for (acc, &n) in acc.iter_mut().zip(&n) {
            *acc = _mm512_madd52hi_epu64(*acc, m, n);
        }
    }
    normalise(bytemuck::cast(acc))
}

/// Full 52-bit digits of a sum of lanes below 2^64 (the value is below
/// 2^3120, so nothing carries out of the top digit).
fn normalise(mut lanes: Digits) -> Digits {
    let mut carry = 0u64;
    for lane in &mut lanes[..DIGITS] {
        let v = *lane + carry;
        *lane = v & MASK;
        carry = v >> DIGIT_BITS;
    }
    debug_assert_eq!(carry, 0);
    lanes
}

/// R^2 mod N (2^6240 mod N), from the 64-bit kernel, once per process.
fn r_squared() -> &'static Digits {
    static R2: OnceLock<Digits> = OnceLock::new();
    R2.get_or_init(|| digits_from_be(&crate::native64::pow(&two(), &6240u16.to_be_bytes())))
}

/// R mod N (2^3120 mod N): the Montgomery form of 1.
fn r_mod_n() -> Digits {
    static ONE: OnceLock<Digits> = OnceLock::new();
    *ONE.get_or_init(|| digits_from_be(&crate::native64::pow(&two(), &3120u16.to_be_bytes())))
}

fn two() -> [u8; BYTES] {
    let mut two = [0u8; BYTES];
    two[BYTES - 1] = 2;
    two
}

/// 52-bit digits of at most 384 big-endian bytes.
const fn digits_from_be(bytes: &[u8]) -> Digits {
    let mut digits = [0u64; LANES];
    let mut i = 0; // bit index of byte i from the least significant end
    while i < bytes.len() {
        let byte = bytes[bytes.len() - 1 - i] as u64;
        let bit = 8 * i;
        let (digit, shift) = (bit / DIGIT_BITS as usize, bit % DIGIT_BITS as usize);
        digits[digit] |= (byte << shift) & MASK;
        if shift + 8 > DIGIT_BITS as usize {
            digits[digit + 1] |= byte >> (DIGIT_BITS as usize - shift);
        }
        i += 1;
    }
    digits
}

/// 384 big-endian bytes of a value below 2^3072 in full digits.
fn be_from_digits(digits: &Digits) -> [u8; BYTES] {
    be_from_limbs(digits, DIGIT_BITS as usize)
}
