//! How integers and bytes travel: hex in, hex out, base64, and padHex.

use base64::Engine as _;

use crate::Error;

/// The longest `SRP_A` or `SRP_B` accepted: the hex digits of N (768). The
/// libraries never pad, so anything longer is not from an honest peer.
pub const MAX_PUBLIC_KEY_HEX: usize = 2 * modp3072::BYTES;
/// The longest `SALT` accepted, in hex digits (a 128-byte salt).
pub const MAX_SALT_HEX: usize = 256;
/// The longest `SECRET_BLOCK` accepted, in base64 characters. Cognito's are
/// about 1.1 KB of text; the vectors go to 1367 bytes (1824 characters).
pub const MAX_SECRET_BLOCK_B64: usize = 8192;
/// A `PASSWORD_CLAIM_SIGNATURE` is 32 bytes: 44 base64 characters.
const SIGNATURE_B64_LEN: usize = 44;

/// Parses a hex integer, case-insensitive, leading zeros allowed, after
/// checking its length. Gives its minimal big-endian bytes (none for 0).
pub(crate) fn parse_hex(field: &'static str, text: &str, max: usize) -> Result<Vec<u8>, Error> {
    if text.len() > max {
        return Err(Error::TooLong { field, max });
    }
    if text.is_empty() {
        return Err(Error::Malformed { field });
    }
    let digit = |c: u8| (c as char).to_digit(16).ok_or(Error::Malformed { field });
    // An odd count gets an implicit leading zero nibble.
    let mut bytes = Vec::with_capacity(text.len() / 2 + 1);
    let (head, tail) = text.as_bytes().split_at(text.len() % 2);
    if let [c] = head {
        bytes.push(digit(*c)? as u8);
    }
    for pair in tail.chunks_exact(2) {
        bytes.push((digit(pair[0])? << 4 | digit(pair[1])?) as u8);
    }
    Ok(minimal(&bytes).to_vec())
}

/// The bytes without leading zeros (empty for 0).
pub(crate) fn minimal(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// Lowercase hex with no leading zeros, `"0"` for zero: JS `toString(16)`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(2 * bytes.len());
    for b in minimal(bytes) {
        text.push(DIGITS[(b >> 4) as usize] as char);
        text.push(DIGITS[(b & 15) as usize] as char);
    }
    match text.strip_prefix('0') {
        Some(rest) => rest.to_string(),
        None if text.is_empty() => "0".to_string(),
        None => text,
    }
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

/// padHex in bytes (docs/srp.md §2): Java's `BigInteger.toByteArray()` of a
/// non-negative integer. The minimal big-endian bytes, with one `0x00` in
/// front when the top bit is set (and `[0]` for zero). Never padded to a
/// fixed width.
pub(crate) fn pad_bytes(bytes: &[u8]) -> Vec<u8> {
    let bytes = minimal(bytes);
    let mut padded = Vec::with_capacity(bytes.len() + 1);
    if bytes.first().is_none_or(|b| b & 0x80 != 0) {
        padded.push(0);
    }
    padded.extend_from_slice(bytes);
    padded
}

/// Random bytes from the system (Web Crypto in a browser).
pub(crate) fn random_bytes(len: usize) -> Result<Vec<u8>, Error> {
    let mut bytes = vec![0u8; len];
    getrandom::getrandom(&mut bytes).map_err(|_| Error::Random)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pad_hex(n: u64) -> String {
        pad_bytes(&n.to_be_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn pad_hex_matches_java_to_byte_array() {
        // docs/srp.md §2's non-negative examples.
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
        assert_eq!(hex(&[]), "0");
        assert_eq!(hex(&[0, 0]), "0");
        assert_eq!(hex(&[0x0a, 0xbc]), "abc");
        assert_eq!(hex(&[0, 0x10]), "10");
    }

    #[test]
    fn parse_hex_bounds_and_rejects() {
        assert_eq!(parse_hex("SALT", "00Ff", 8).unwrap(), [255]);
        assert_eq!(parse_hex("SALT", "abc", 8).unwrap(), [0x0a, 0xbc]);
        assert!(parse_hex("SALT", "000", 8).unwrap().is_empty());
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
