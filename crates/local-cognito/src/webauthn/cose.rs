//! A credential's public key as COSE (RFC 9052/9053) encodes it: EC2
//! P-256 for ES256 (alg -7), RSA for RS256 (alg -257). Any other key is
//! not taken.

use cognito_idp::webauthn::{ES256, RS256};

use super::{cbor, Refusal};

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
/// RS256 keys of 2048 to 8192 bits, as ring verifies them.
const RSA_MODULUS_BYTES: (usize, usize) = (256, 1024);
const MAX_RSA_EXPONENT_BYTES: usize = 8;

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
            Ok(PublicKey::Es256 { point })
        }
        (Some(KTY_RSA), Some(RS256)) => {
            let (Some(n), Some(e)) = (bytes_at(RSA_N), bytes_at(RSA_E)) else {
                return Err(Refusal::Malformed("credentialPublicKey"));
            };
            let (n, e) = (without_leading_zeros(&n), without_leading_zeros(&e));
            if !(RSA_MODULUS_BYTES.0..=RSA_MODULUS_BYTES.1).contains(&n.len())
                || e.is_empty()
                || e.len() > MAX_RSA_EXPONENT_BYTES
            {
                return Err(Refusal::NotSupported("an RSA key of this size"));
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

    #[test]
    fn es256_and_rs256_keys_are_read() {
        let ec = encode(vec![
            (KTY, KTY_EC2.into()),
            (ALG, ES256.into()),
            (EC2_CRV, CRV_P256.into()),
            (EC2_X, Value::Bytes(vec![1; 32])),
            (EC2_Y, Value::Bytes(vec![2; 32])),
        ]);
        let key = parse(&ec).unwrap();
        assert_eq!(key.algorithm(), ES256);
        let PublicKey::Es256 { point } = key else {
            panic!()
        };
        assert_eq!((point.len(), point[0], point[64]), (65, 4, 2));
        let rsa = encode(vec![
            (KTY, KTY_RSA.into()),
            (ALG, RS256.into()),
            (RSA_N, Value::Bytes([vec![0], vec![0xc5; 256]].concat())),
            (RSA_E, Value::Bytes(vec![1, 0, 1])),
        ]);
        assert_eq!(
            parse(&rsa).unwrap(),
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
        let small_rsa = encode(vec![
            (KTY, KTY_RSA.into()),
            (ALG, RS256.into()),
            (RSA_N, Value::Bytes(vec![0xc5; 128])),
            (RSA_E, Value::Bytes(vec![1, 0, 1])),
        ]);
        assert!(matches!(parse(&small_rsa), Err(Refusal::NotSupported(_))));
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
