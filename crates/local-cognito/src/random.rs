//! Every random value the server makes, from the operating system's
//! generator: codes, opaque tokens, ids, passwords.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use rand::seq::SliceRandom;
use rand::{Rng, RngCore};

pub fn bytes(len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// A 6-digit code, as Cognito emails.
pub fn code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000))
}

/// An opaque token of `len` random bytes, base64url (refresh tokens,
/// sessions).
pub fn token(len: usize) -> String {
    URL_SAFE_NO_PAD.encode(bytes(len))
}

/// `len` random bytes in standard base64 (an SRP SECRET_BLOCK).
pub fn base64(len: usize) -> String {
    STANDARD.encode(bytes(len))
}

/// `len` characters drawn from `alphabet` (ids, temporary passwords).
pub fn chars(len: usize, alphabet: &[u8]) -> String {
    let mut rng = rand::rngs::OsRng;
    (0..len)
        .filter_map(|_| alphabet.choose(&mut rng).map(|&c| char::from(c)))
        .collect()
}

pub fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(code().len(), 6);
        assert!(code().bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(token(96).len(), 128);
        assert_eq!(chars(26, b"ab").len(), 26);
        assert_ne!(token(16), token(16));
    }
}
