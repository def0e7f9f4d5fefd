//! The SRP group: RFC 3526 §4's 3072-bit MODP prime (in modp3072), g = 2,
//! and Cognito's k.

use std::sync::OnceLock;

use modp3072::{Mont, N_BYTES};

/// The generator.
const G: u8 = 2;

/// k = H(padHex(N) | padHex(g)) (docs/srp.md §1): 385 + 1 bytes are hashed.
pub(crate) fn k() -> &'static [u8; 32] {
    static K: OnceLock<[u8; 32]> = OnceLock::new();
    K.get_or_init(|| crate::proof::hash_ints(&[&N_BYTES, &[G]]))
}

/// k as a residue.
pub(crate) fn k_residue() -> Mont {
    Mont::from_be_bytes(k()).unwrap_or_else(|| unreachable!("k has 32 bytes"))
}

/// The exponentiation the pool's half uses unless told otherwise: natively
/// the fastest kernel the CPU runs (AVX-512 IFMA, else 64-bit limbs), in
/// wasm the portable code (wasm has no 64 x 64 -> 128 multiply).
#[cfg(not(target_arch = "wasm32"))]
pub type NativePow = modp3072::Native;
#[cfg(target_arch = "wasm32")]
pub type NativePow = modp3072::Scalar;

/// A residue's canonical value as minimal big-endian bytes.
pub(crate) fn value(x: &Mont) -> Vec<u8> {
    crate::wire::minimal(&x.to_be_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::hex;

    #[test]
    fn k_is_the_documented_constant() {
        // docs/srp.md §1, and `constants.k_hex` of the vectors.
        assert_eq!(
            hex(k()),
            "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
        );
    }

    #[test]
    fn n_has_3072_bits() {
        assert_eq!(N_BYTES.len(), 384);
        assert!(N_BYTES[0] & 0x80 != 0);
    }
}
