//! base64url without padding (RFC 4648 §5), WebAuthn's text form of bytes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The bytes of base64url text; padding is tolerated, as some servers send
/// it. None for anything else that is not base64url.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length_and_uses_the_url_alphabet() {
        let bytes: Vec<u8> = (0..=255).rev().collect();
        for len in 0..40 {
            let text = encode(&bytes[..len]);
            assert!(!text.contains(['+', '/', '=']), "{text}");
            assert_eq!(decode(&text).as_deref(), Some(&bytes[..len]));
        }
        // RFC 4648's alphabet at its two URL-safe places.
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn tolerates_padding_and_refuses_other_alphabets_and_junk() {
        assert_eq!(decode("-_8=").as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(decode("+/8"), None);
        assert_eq!(decode("a b"), None);
        assert_eq!(decode("A"), None);
    }
}
