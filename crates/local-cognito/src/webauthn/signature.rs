//! An authenticator's signature checked with aws-lc-rs (ring's API): ES256 (ECDSA P-256,
//! SHA-256, DER-encoded as WebAuthn sends it) and RS256 (PKCS#1 v1.5,
//! SHA-256).

use aws_lc_rs::signature::{
    RsaPublicKeyComponents, UnparsedPublicKey, ECDSA_P256_SHA256_ASN1, RSA_PKCS1_2048_8192_SHA256,
};

use super::cose::PublicKey;
use super::refusal::Refusal;

/// Checks `signature` over `message` (authenticator data followed by the
/// client data's hash).
pub fn verify(key: &PublicKey, message: &[u8], signature: &[u8]) -> Result<(), Refusal> {
    let verified = match key {
        PublicKey::Es256 { point } => {
            UnparsedPublicKey::new(&ECDSA_P256_SHA256_ASN1, point).verify(message, signature)
        }
        PublicKey::Rs256 { n, e } => {
            RsaPublicKeyComponents { n, e }.verify(&RSA_PKCS1_2048_8192_SHA256, message, signature)
        }
    };
    verified.map_err(|_| Refusal::BadSignature)
}
