//! Time-based one-time passwords (RFC 6238) as authenticator apps make
//! them: HMAC-SHA1, 30-second steps, 6 digits, from a base32 secret.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

/// Seconds a code stands for.
pub const STEP_SECS: i64 = 30;
/// 160 bits, RFC 4226's recommendation: 32 base32 characters, as
/// Cognito's SecretCode.
const SECRET_BYTES: usize = 20;
const DIGITS: u32 = 6;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new secret, base32 without padding.
pub fn new_secret() -> String {
    base32(&crate::random::bytes(SECRET_BYTES))
}

/// What a code is, checked against the steps around now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Right for this step, later than the last one accepted.
    Accepted {
        step: i64,
    },
    /// Right, but for a step already accepted (or before it).
    Used,
    Wrong,
}

/// Checks `code` against the secret at the step of `now` and one step on
/// either side (clocks drift), every candidate compared in constant time
/// and all of them compared whatever matches.
pub fn check(secret_base32: &str, code: &str, now: i64, last_step: i64) -> Check {
    let Some(key) = decode_base32(secret_base32) else {
        return Check::Wrong;
    };
    let current = now.div_euclid(STEP_SECS);
    let mut accepted = None;
    let mut used = false;
    for step in current.saturating_sub(1)..=current.saturating_add(1) {
        let Ok(counter) = u64::try_from(step) else {
            continue;
        };
        let expected = format!("{:06}", hotp(&key, counter, DIGITS));
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
            if step > last_step {
                accepted = Some(step);
            } else {
                used = true;
            }
        }
    }
    match (accepted, used) {
        (Some(step), _) => Check::Accepted { step },
        (None, true) => Check::Used,
        (None, false) => Check::Wrong,
    }
}

/// RFC 4226's HOTP: HMAC-SHA1 of the counter, dynamically truncated.
fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC takes a key of any length.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key) else {
        return u32::MAX;
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    binary % 10u32.pow(digits)
}

/// RFC 4648 base32, without padding.
fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The bytes of a base32 secret (as stored, so uppercase, unpadded).
fn decode_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let value = BASE32.iter().position(|&b| b == c)?;
        buffer = (buffer << 5) | value as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, Appendix B: the SHA-1 vectors (8 digits, the ASCII key
    /// "12345678901234567890").
    #[test]
    fn rfc_6238_sha1_vectors() {
        let key = b"12345678901234567890";
        for (time, code) in [
            (59u64, 94_287_082),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            assert_eq!(hotp(key, time / 30, 8), code, "T = {time}");
        }
    }

    #[test]
    fn base32_round_trips_and_secrets_have_cognitos_shape() {
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(
            decode_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap(),
            b"12345678901234567890"
        );
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert!(secret.bytes().all(|b| BASE32.contains(&b)));
        assert_eq!(decode_base32("abc"), None);
    }

    #[test]
    fn one_step_either_side_once_each() {
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let key = decode_base32(secret).unwrap();
        let code = |step: u64| format!("{:06}", hotp(&key, step, DIGITS));
        let now = 1_111_111_111; // step 37037037
        let step = now / 30;
        assert_eq!(
            check(secret, &code(step as u64), now, 0),
            Check::Accepted { step }
        );
        assert_eq!(
            check(secret, &code(step as u64 - 1), now, 0),
            Check::Accepted { step: step - 1 }
        );
        assert_eq!(
            check(secret, &code(step as u64 + 1), now, 0),
            Check::Accepted { step: step + 1 }
        );
        assert_eq!(check(secret, &code(step as u64 + 2), now, 0), Check::Wrong);
        assert_eq!(check(secret, &code(step as u64 - 2), now, 0), Check::Wrong);
        // Accepted once: the same step, or an earlier one, again.
        assert_eq!(check(secret, &code(step as u64), now, step), Check::Used);
        assert_eq!(
            check(secret, &code(step as u64 - 1), now, step),
            Check::Used
        );
        assert_eq!(check(secret, "12345", now, 0), Check::Wrong);
    }
}
