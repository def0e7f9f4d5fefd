//! A credential's public key as COSE (RFC 9052/9053) encodes it: EC2
//! P-256 for ES256 (alg -7), RSA for RS256 (alg -257). Any other key is
//! not taken, nor one that the verifier (aws-lc-rs) could never verify a
//! signature with (a point off the curve, an RSA key it refuses): kept, it would be
//! offered at sign-in and every attempt with it would fail.

use cognito_idp::webauthn::{ES256, RS256};

use super::cbor;
use super::refusal::Refusal;

/// COSE labels and values.
const KTY: i64 = 1;
const ALG: i64 = 3;
const KTY_EC2: i64 = 2;
const KTY_RSA: i64 = 3;
const EC2_CRV: i64 = -1;
const EC2_X: i64 = -2;
const EC2_Y: i64 = -3;
const CRV_P256: i64 = 1;
const RSA_N: i64 = -1;
const RSA_E: i64 = -2;
/// RS256 moduli of 2048 to 8192 bits (RSA_PKCS1_2048_8192_SHA256 counts
/// the modulus's bits exactly), and the exponents AWS-LC takes: odd, from
/// 3 to 2^33 - 1 (33 bits at most).
const RSA_MODULUS_BITS: (usize, usize) = (2048, 8192);
const RSA_EXPONENT_RANGE: (u64, u64) = (3, (1 << 33) - 1);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// The uncompressed point, 0x04 || x || y.
    Es256 { point: Vec<u8> },
    /// Big-endian modulus and exponent, without leading zeros.
    Rs256 { n: Vec<u8>, e: Vec<u8> },
}

impl PublicKey {
    /// The COSE algorithm its signatures are made with.
    pub fn algorithm(&self) -> i64 {
        match self {
            PublicKey::Es256 { .. } => ES256,
            PublicKey::Rs256 { .. } => RS256,
        }
    }
}

/// Reads a COSE key, whole.
pub fn parse(bytes: &[u8]) -> Result<PublicKey, Refusal> {
    let entries = cbor::map(
        cbor::read_all(bytes, "credentialPublicKey")?,
        "credentialPublicKey",
    )?;
    let label = |label| cbor::by_label(&entries, label);
    let number = |at| label(at).and_then(cbor::integer);
    let bytes_at = |at| label(at).and_then(|value| value.as_bytes().cloned());
    match (number(KTY), number(ALG)) {
        (Some(KTY_EC2), Some(ES256)) => {
            let (Some(x), Some(y)) = (bytes_at(EC2_X), bytes_at(EC2_Y)) else {
                return Err(Refusal::Malformed("credentialPublicKey"));
            };
            if number(EC2_CRV) != Some(CRV_P256) {
                return Err(Refusal::NotSupported("an ES256 key not on P-256"));
            }
            if x.len() != 32 || y.len() != 32 {
                return Err(Refusal::Malformed("credentialPublicKey"));
            }
            let mut point = Vec::with_capacity(65);
            point.push(0x04);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            if p256::PublicKey::from_sec1_bytes(&point).is_err() {
                return Err(Refusal::NotSupported("an ES256 key not on the P-256 curve"));
            }
            Ok(PublicKey::Es256 { point })
        }
        (Some(KTY_RSA), Some(RS256)) => {
            let (Some(n), Some(e)) = (bytes_at(RSA_N), bytes_at(RSA_E)) else {
                return Err(Refusal::Malformed("credentialPublicKey"));
            };
            let (n, e) = (without_leading_zeros(&n), without_leading_zeros(&e));
            let bits = n
                .first()
                .map_or(0, |top| 8 * n.len() - top.leading_zeros() as usize);
            if !(RSA_MODULUS_BITS.0..=RSA_MODULUS_BITS.1).contains(&bits) {
                return Err(Refusal::NotSupported("an RSA key of this size"));
            }
            // An even modulus is no product of two odd primes.
            if n.last().is_some_and(|low| low & 1 == 0) {
                return Err(Refusal::NotSupported("an RSA key with an even modulus"));
            }
            let exponent = (e.len() <= 8)
                .then(|| {
                    e.iter()
                        .fold(0u64, |value, &byte| value << 8 | u64::from(byte))
                })
                .filter(|&value| {
                    value % 2 == 1 && (RSA_EXPONENT_RANGE.0..=RSA_EXPONENT_RANGE.1).contains(&value)
                });
            if exponent.is_none() {
                return Err(Refusal::NotSupported("an RSA key with this exponent"));
            }
            Ok(PublicKey::Rs256 {
                n: n.to_vec(),
                e: e.to_vec(),
            })
        }
        _ => Err(Refusal::NotSupported("this key type or algorithm")),
    }
}

fn without_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use ciborium::Value;

    use super::*;

    fn encode(entries: Vec<(i64, Value)>) -> Vec<u8> {
        let map = Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Value::from(k), v))
                .collect(),
        );
        let mut bytes = Vec::new();
        ciborium::ser::into_writer(&map, &mut bytes).unwrap();
        bytes
    }

    /// An EC2 key of these coordinates.
    fn ec2(x: Vec<u8>, y: Vec<u8>) -> Vec<u8> {
        encode(vec![
            (KTY, KTY_EC2.into()),
            (ALG, ES256.into()),
            (EC2_CRV, CRV_P256.into()),
            (EC2_X, Value::Bytes(x)),
            (EC2_Y, Value::Bytes(y)),
        ])
    }

    /// An RSA key of this modulus and exponent.
    fn rsa(n: Vec<u8>, e: Vec<u8>) -> Vec<u8> {
        encode(vec![
            (KTY, KTY_RSA.into()),
            (ALG, RS256.into()),
            (RSA_N, Value::Bytes(n)),
            (RSA_E, Value::Bytes(e)),
        ])
    }

    #[test]
    fn es256_and_rs256_keys_are_read() {
        let real = p256::SecretKey::random(&mut rand::rngs::OsRng)
            .public_key()
            .to_sec1_bytes();
        let key = parse(&ec2(real[1..33].to_vec(), real[33..].to_vec())).unwrap();
        assert_eq!(key.algorithm(), ES256);
        assert_eq!(
            key,
            PublicKey::Es256 {
                point: real.to_vec()
            }
        );
        assert_eq!(
            parse(&rsa([vec![0], vec![0xc5; 256]].concat(), vec![1, 0, 1])).unwrap(),
            PublicKey::Rs256 {
                n: vec![0xc5; 256],
                e: vec![1, 0, 1]
            }
        );
    }

    #[test]
    fn other_keys_are_refused() {
        let p384 = encode(vec![
            (KTY, KTY_EC2.into()),
            (ALG, ES256.into()),
            (EC2_CRV, 2.into()),
            (EC2_X, Value::Bytes(vec![1; 32])),
            (EC2_Y, Value::Bytes(vec![2; 32])),
        ]);
        assert!(matches!(parse(&p384), Err(Refusal::NotSupported(_))));
        let eddsa = encode(vec![(KTY, 1.into()), (ALG, (-8).into())]);
        assert!(matches!(parse(&eddsa), Err(Refusal::NotSupported(_))));
        let not_supported = |key: Vec<u8>| matches!(parse(&key), Err(Refusal::NotSupported(_)));
        // A point off the curve, and the point at x = y = 0.
        assert!(not_supported(ec2(vec![1; 32], vec![2; 32])));
        assert!(not_supported(ec2(vec![0; 32], vec![0; 32])));
        // RSA keys the verifier would refuse: 1024 bits, 255 bytes, 256
        // bytes of 2047 bits, 8200 bits, an even modulus; exponents 1,
        // even, above 2^33 - 1, none.
        let n = vec![0xc5; 256];
        assert!(not_supported(rsa(vec![0xc5; 128], vec![1, 0, 1])));
        assert!(not_supported(rsa(vec![0xc5; 255], vec![1, 0, 1])));
        assert!(not_supported(rsa(
            [vec![0x45], vec![0xc5; 255]].concat(),
            vec![1, 0, 1]
        )));
        assert!(not_supported(rsa(vec![0xc5; 1025], vec![1, 0, 1])));
        assert!(not_supported(rsa(
            [vec![0xc5; 255], vec![0xc4]].concat(),
            vec![1, 0, 1]
        )));
        for e in [vec![1], vec![1, 0, 0], vec![2, 0, 0, 0, 1], vec![0], vec![]] {
            assert!(not_supported(rsa(n.clone(), e.clone())), "{e:?}");
        }
        assert!(parse(&rsa(n.clone(), vec![3])).is_ok());
        assert!(parse(&rsa(n, vec![1, 0xff, 0xff, 0xff, 0xff])).is_ok());
        let short_x = encode(vec![
            (KTY, KTY_EC2.into()),
            (ALG, ES256.into()),
            (EC2_CRV, CRV_P256.into()),
            (EC2_X, Value::Bytes(vec![1; 31])),
            (EC2_Y, Value::Bytes(vec![2; 32])),
        ]);
        assert!(matches!(parse(&short_x), Err(Refusal::Malformed(_))));
    }
}
