//! What the kernels share: reading a table without a secret index, and
//! big-endian bytes from limbs of any width.

#![forbid(unsafe_code)]

use crate::params::BYTES;

/// table[index], reading every entry: no branch or memory index depends
/// on `index`. (The native kernels' tables.)
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn lookup<const L: usize>(table: &[[u64; L]; 16], index: u8) -> [u64; L] {
    let mut out = [0u64; L];
    for (i, entry) in table.iter().enumerate() {
        // All ones when i == index, from arithmetic rather than a comparison.
        let hit = ((i as u64) ^ u64::from(index)).wrapping_sub(1) >> 63;
        let mask = core::hint::black_box(0u64.wrapping_sub(hit));
        for (o, e) in out.iter_mut().zip(entry) {
            *o |= e & mask;
        }
    }
    out
}

/// 384 big-endian bytes of the low 3072 bits of a value in limbs of
/// `bits` bits each, least significant first.
pub(crate) fn be_from_limbs<T: Copy + Into<u64>>(limbs: &[T], bits: usize) -> [u8; BYTES] {
    let mut out = [0u8; BYTES];
    for (i, byte) in out.iter_mut().rev().enumerate() {
        let bit = 8 * i;
        let (limb, shift) = (bit / bits, bit % bits);
        let mut v = limbs[limb].into() >> shift;
        if shift + 8 > bits {
            v |= limbs[limb + 1].into() << (bits - shift);
        }
        *byte = v as u8;
    }
    out
}
