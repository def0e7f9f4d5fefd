//! The two halves agree for any user, password and salt, and only on the
//! right password.
#![cfg(not(target_arch = "wasm32"))]
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use cognito_srp::{
    timestamp, Challenge, Claim, Client, Error, PasswordVerifier, Server, TIMESTAMP_WINDOW_SECS,
};
use proptest::prelude::*;

const POOL: &str = "us-west-2_Pr0pTest";

struct Attempt {
    server: Server,
    challenge_b: String,
    salt: String,
    client: Client,
}

fn attempt(user: &str, password: &str, salt: &[u8], a: &[u8]) -> Attempt {
    let salt_hex: String = salt.iter().map(|b| format!("{b:02x}")).collect();
    let stored = PasswordVerifier::with_salt(POOL, user, password, &salt_hex).unwrap();
    let client = Client::with_secret(a).unwrap();
    let server = Server::start(&stored, &client.srp_a()).unwrap();
    Attempt {
        challenge_b: server.srp_b(),
        salt: stored.salt_hex(),
        server,
        client,
    }
}

fn verify(
    at: &Attempt,
    user: &str,
    password: &str,
    block: &str,
    now: u64,
    server_now: u64,
) -> Result<(), Error> {
    let challenge = Challenge {
        srp_b: &at.challenge_b,
        salt: &at.salt,
        secret_block: block,
        user_id_for_srp: user,
    };
    let answer = at.client.answer(POOL, password, &challenge, now)?;
    let claim = Claim {
        secret_block: block,
        timestamp: &answer.timestamp,
        signature: &answer.signature,
    };
    at.server.verify(POOL, user, &claim, server_now)
}

fn secret_block() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u8>(), 1..64).prop_map(|b| {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(b)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn halves_agree_on_the_right_password(
        user in "[a-zA-Z0-9@._+-]{1,40}|\\PC{1,20}",
        password in "\\PC{1,40}",
        salt in proptest::collection::vec(any::<u8>(), 1..32),
        a in proptest::collection::vec(any::<u8>(), 1..=128),
        block in secret_block(),
        now in 0u64..4_000_000_000,
    ) {
        let at = attempt(&user, &password, &salt, &a);
        prop_assert_eq!(verify(&at, &user, &password, &block, now, now), Ok(()));
    }

    #[test]
    fn any_other_password_is_rejected(
        user in "\\PC{1,20}",
        password in "\\PC{1,40}",
        other in "\\PC{0,40}",
        salt in proptest::collection::vec(any::<u8>(), 1..32),
        a in proptest::collection::vec(any::<u8>(), 1..=128),
        block in secret_block(),
    ) {
        prop_assume!(other != password);
        let at = attempt(&user, &password, &salt, &a);
        prop_assert_eq!(verify(&at, &user, &other, &block, 1_700_000_000, 1_700_000_000), Err(Error::SignatureMismatch));
    }
}

#[test]
fn unicode_is_not_normalised() {
    // "é" precomposed and decomposed are different passwords (docs/srp.md, notation).
    let at = attempt("émile", "caf\u{e9}", b"salt", &[9; 128]);
    assert_eq!(
        verify(&at, "émile", "cafe\u{301}", "AAAA", 0, 0),
        Err(Error::SignatureMismatch)
    );
    assert_eq!(verify(&at, "émile", "caf\u{e9}", "AAAA", 0, 0), Ok(()));
}

#[test]
fn the_claim_is_bound_to_user_block_and_time() {
    let at = attempt("rider", "pw", b"salt", &[5; 128]);
    let now = 1_700_000_000;
    let challenge = Challenge {
        srp_b: &at.challenge_b,
        salt: &at.salt,
        secret_block: "AAECAw==",
        user_id_for_srp: "rider",
    };
    let answer = at.client.answer(POOL, "pw", &challenge, now).unwrap();
    let good = Claim {
        secret_block: "AAECAw==",
        timestamp: &answer.timestamp,
        signature: &answer.signature,
    };
    assert_eq!(at.server.verify(POOL, "rider", &good, now), Ok(()));
    // Another user, a tampered secret block, a signature for another second.
    assert_eq!(
        at.server.verify(POOL, "rider2", &good, now),
        Err(Error::SignatureMismatch)
    );
    let tampered = Claim {
        secret_block: "AAECBA==",
        ..good
    };
    assert_eq!(
        at.server.verify(POOL, "rider", &tampered, now),
        Err(Error::SignatureMismatch)
    );
    let later = timestamp::format(now + 1);
    let moved = Claim {
        timestamp: &later,
        ..good
    };
    assert_eq!(
        at.server.verify(POOL, "rider", &moved, now),
        Err(Error::SignatureMismatch)
    );
    // Stale and future timestamps, both sides of the window.
    let window = TIMESTAMP_WINDOW_SECS;
    assert_eq!(at.server.verify(POOL, "rider", &good, now + window), Ok(()));
    assert_eq!(
        at.server.verify(POOL, "rider", &good, now + window + 1),
        Err(Error::StaleTimestamp)
    );
    assert_eq!(
        at.server.verify(POOL, "rider", &good, now - window - 1),
        Err(Error::StaleTimestamp)
    );
    let garbled = Claim {
        timestamp: "yesterday",
        ..good
    };
    assert_eq!(
        at.server.verify(POOL, "rider", &garbled, now),
        Err(Error::InvalidTimestamp)
    );
}

#[test]
fn a_padded_day_fails_the_signature_not_the_format() {
    // 2023-08-03: a single-digit day. A client that pads it signs "Aug 03".
    let now = 1_691_020_800;
    let at = attempt("rider", "pw", b"salt", &[3; 128]);
    let challenge = Challenge {
        srp_b: &at.challenge_b,
        salt: &at.salt,
        secret_block: "AAAA",
        user_id_for_srp: "rider",
    };
    let answer = at.client.answer(POOL, "pw", &challenge, now).unwrap();
    assert_eq!(answer.timestamp, "Thu Aug 3 00:00:00 UTC 2023");
    let padded = "Thu Aug 03 00:00:00 UTC 2023";
    let claim = Claim {
        secret_block: "AAAA",
        timestamp: padded,
        signature: &answer.signature,
    };
    // The honest signature over the canonical string still verifies...
    assert_eq!(at.server.verify(POOL, "rider", &claim, now), Ok(()));
    // ...but one computed over the padded text does not.
    let forged = forge_signature_over(&at, "pw", padded, now);
    let claim = Claim {
        signature: &forged,
        ..claim
    };
    assert_eq!(
        at.server.verify(POOL, "rider", &claim, now),
        Err(Error::SignatureMismatch)
    );
}

/// A client that signs a non-canonical TIMESTAMP text: HMAC over `text`
/// with the right key. Built from the public transcript.
fn forge_signature_over(at: &Attempt, password: &str, text: &str, _now: u64) -> String {
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    let challenge = Challenge {
        srp_b: &at.challenge_b,
        salt: &at.salt,
        secret_block: "AAAA",
        user_id_for_srp: "rider",
    };
    let t = at.client.transcript(POOL, password, &challenge).unwrap();
    let key: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&t.key_hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(b"Pr0pTest");
    mac.update(b"rider");
    mac.update(&[0, 0, 0]);
    mac.update(text.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}
