//! The SRP group: RFC 3526 §4's 3072-bit MODP prime, g = 2, and Cognito's k.

use std::sync::OnceLock;

use num_bigint::BigUint;

/// N, RFC 3526 §4 (the same prime as RFC 5054's 3072-bit group).
const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74",
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437",
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05",
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB",
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718",
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33",
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864",
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The generator.
pub(crate) const G: u32 = 2;

/// N in bytes (384) and hex digits (768).
pub(crate) const N_BYTES: usize = 384;

pub(crate) fn n() -> &'static BigUint {
    static N: OnceLock<BigUint> = OnceLock::new();
    N.get_or_init(|| BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("N is hex"))
}

pub(crate) fn g() -> BigUint {
    BigUint::from(G)
}

/// k = H(padHex(N) | padHex(g)) (SPEC §1): 385 + 1 bytes are hashed.
pub(crate) fn k() -> &'static BigUint {
    static K: OnceLock<BigUint> = OnceLock::new();
    K.get_or_init(|| crate::proof::hash_ints(&[n(), &g()]))
}

/// g^e mod N.
pub(crate) fn g_pow(e: &BigUint) -> BigUint {
    g().modpow(e, n())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_is_the_documented_constant() {
        // SPEC §1, and `constants.k_hex` of the vectors.
        assert_eq!(
            k().to_str_radix(16),
            "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
        );
    }

    #[test]
    fn n_has_3072_bits() {
        assert_eq!(n().bits(), 3072);
        assert_eq!(n().to_bytes_be().len(), N_BYTES);
    }
}
