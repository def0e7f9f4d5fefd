//! Hashes as hex, and the keyed hash the server's stable decoys come from.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Lowercase hex, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `data`, as hex (how refresh tokens are stored).
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// HMAC-SHA-256 of `parts` (each length-prefixed, so that no two lists
/// give the same input) under the server's secret `key`.
pub fn keyed(key: &[u8], parts: &[&str]) -> [u8; 32] {
    // HMAC takes keys of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part.as_bytes());
    }
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(keyed(b"k", &["ab", "c"]), keyed(b"k", &["a", "bc"]));
        assert_ne!(keyed(b"k", &["a"]), keyed(b"l", &["a"]));
    }
}
