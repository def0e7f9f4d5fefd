//! How integers and bytes travel: hex in, hex out, base64, and padHex.

use base64::Engine as _;
use num_bigint::BigUint;

use crate::Error;

/// The longest `SRP_A` or `SRP_B` accepted: the hex digits of N (768). The
/// libraries never pad, so anything longer is not from an honest peer.
pub const MAX_PUBLIC_KEY_HEX: usize = 2 * crate::group::N_BYTES;
/// The longest `SALT` accepted, in hex digits (a 128-byte salt).
pub const MAX_SALT_HEX: usize = 256;
/// The longest `SECRET_BLOCK` accepted, in base64 characters. Cognito's are
/// about 1.1 KB of text; the vectors go to 1367 bytes (1824 characters).
pub const MAX_SECRET_BLOCK_B64: usize = 8192;
/// A `PASSWORD_CLAIM_SIGNATURE` is 32 bytes: 44 base64 characters.
const SIGNATURE_B64_LEN: usize = 44;

/// Parses a hex integer, case-insensitive, leading zeros allowed, after
/// checking its length.
pub(crate) fn parse_hex(field: &'static str, text: &str, max: usize) -> Result<BigUint, Error> {
    if text.len() > max {
        return Err(Error::TooLong { field, max });
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Malformed { field });
    }
    BigUint::parse_bytes(text.as_bytes(), 16).ok_or(Error::Malformed { field })
}

/// Lowercase hex with no leading zeros, `"0"` for zero: JS `toString(16)`.
pub(crate) fn hex(n: &BigUint) -> String {
    n.to_str_radix(16)
}

/// Standard base64 with padding.
pub(crate) fn b64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(crate) fn b64_decode(field: &'static str, text: &str, max: usize) -> Result<Vec<u8>, Error> {
    if text.len() > max {
        return Err(Error::TooLong { field, max });
    }
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| Error::Malformed { field })
}

pub(crate) fn decode_signature(text: &str) -> Result<Vec<u8>, Error> {
    let field = "PASSWORD_CLAIM_SIGNATURE";
    let bytes = b64_decode(field, text, SIGNATURE_B64_LEN)?;
    if bytes.len() != 32 {
        return Err(Error::Malformed { field });
    }
    Ok(bytes)
}

/// padHex in bytes (SPEC §2): Java's `BigInteger.toByteArray()` of a
/// non-negative integer. The minimal big-endian bytes, with one `0x00` in
/// front when the top bit is set. Never padded to a fixed width.
pub(crate) fn pad_bytes(n: &BigUint) -> Vec<u8> {
    let bytes = n.to_bytes_be(); // [0] for zero
    if bytes[0] & 0x80 != 0 {
        let mut padded = Vec::with_capacity(bytes.len() + 1);
        padded.push(0);
        padded.extend_from_slice(&bytes);
        padded
    } else {
        bytes
    }
}

/// Big-endian random bytes read as an integer.
pub(crate) fn random_int(len: usize) -> Result<BigUint, Error> {
    let mut bytes = vec![0u8; len];
    getrandom::getrandom(&mut bytes).map_err(|_| Error::Random)?;
    Ok(BigUint::from_bytes_be(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pad_hex(n: u64) -> String {
        pad_bytes(&BigUint::from(n))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn pad_hex_matches_java_to_byte_array() {
        // SPEC §2's non-negative examples.
        assert_eq!(pad_hex(236), "00ec");
        assert_eq!(pad_hex(200), "00c8");
        assert_eq!(pad_hex(20), "14");
        assert_eq!(pad_hex(0), "00");
        assert_eq!(pad_hex(0x7fff), "7fff");
        assert_eq!(pad_hex(0x8000), "008000");
        assert_eq!(pad_hex(0x1ff), "01ff");
    }

    #[test]
    fn hex_is_minimal_lowercase() {
        assert_eq!(hex(&BigUint::from(0u8)), "0");
        assert_eq!(hex(&BigUint::from(0xABCu32)), "abc");
    }

    #[test]
    fn parse_hex_bounds_and_rejects() {
        assert_eq!(parse_hex("SALT", "00Ff", 8).unwrap(), BigUint::from(255u32));
        assert_eq!(
            parse_hex("SALT", "123456789", 8),
            Err(Error::TooLong {
                field: "SALT",
                max: 8
            })
        );
        assert_eq!(
            parse_hex("SALT", "", 8),
            Err(Error::Malformed { field: "SALT" })
        );
        assert_eq!(
            parse_hex("SALT", "12g4", 8),
            Err(Error::Malformed { field: "SALT" })
        );
        assert_eq!(
            parse_hex("SALT", "+12", 8),
            Err(Error::Malformed { field: "SALT" })
        );
    }

    #[test]
    fn signature_must_be_32_bytes_of_base64() {
        assert!(decode_signature(&b64_encode(&[7u8; 32])).is_ok());
        assert!(decode_signature(&b64_encode(&[7u8; 31])).is_err());
        assert!(decode_signature("not base64 at all!").is_err());
        assert!(matches!(
            decode_signature(&"A".repeat(1000)),
            Err(Error::TooLong { .. })
        ));
    }
}
