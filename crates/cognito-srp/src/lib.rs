//! Amazon Cognito's Secure Remote Password flow (`USER_SRP_AUTH`), both halves.
//!
//! This crate is only the math of the repository's `docs/srp.md`: no I/O and
//! no clock. The caller sends the requests and passes the current time in.
//!
//! * [`Client`]: what the browser does. It draws `a`, gives `SRP_A`, and answers
//!   a `PASSWORD_VERIFIER` challenge with `TIMESTAMP` and
//!   `PASSWORD_CLAIM_SIGNATURE`.
//! * [`PasswordVerifier`] and [`Server`]: what the user pool does. It keeps a
//!   salt and a verifier instead of the password, answers `SRP_A` with `SRP_B`,
//!   and checks the claimed signature in constant time.
//! * [`timestamp`]: the `TIMESTAMP` format (`Thu Aug 3 00:00:00 UTC 2023`).
//! * [`device`]: remembered devices, the same proof with the device group
//!   key and device key where a user's has the pool name and user id:
//!   `ConfirmDevice`'s verifier config and `DEVICE_PASSWORD_VERIFIER`.
//!
//! ```
//! use cognito_srp::{Challenge, Claim, Client, PasswordVerifier, Server};
//!
//! let pool = "us-east-1_AbCdEf123";
//! let stored = PasswordVerifier::generate(pool, "alice", "correct horse").unwrap();
//!
//! let client = Client::new().unwrap();
//! let server = Server::start(&stored, &client.srp_a()).unwrap();
//! let challenge = Challenge {
//!     srp_b: &server.srp_b(),
//!     salt: &stored.salt_hex(),
//!     secret_block: "c2VjcmV0",
//!     user_id_for_srp: "alice",
//! };
//! let answer = client.answer(pool, "correct horse", &challenge, 1_700_000_000).unwrap();
//! let claim = Claim {
//!     secret_block: challenge.secret_block,
//!     timestamp: &answer.timestamp,
//!     signature: &answer.signature,
//! };
//! assert!(server.verify(pool, "alice", &claim, 1_700_000_000).is_ok());
//! ```

mod client;
pub mod device;
mod error;
mod exponent;
mod group;
mod proof;
mod server;
pub mod timestamp;
#[cfg(feature = "vectors")]
pub mod vectors;
mod wire;

pub use client::{Challenge, ChallengeAnswer, Client};
pub use error::Error;
pub use group::NativePow;
pub use modp3072::{Mont, Pow, Powers, Scalar};
pub use proof::Transcript;
pub use server::{Claim, Ephemeral, PasswordVerifier, Server, TIMESTAMP_WINDOW_SECS};
pub use wire::{MAX_PUBLIC_KEY_HEX, MAX_SALT_HEX, MAX_SECRET_BLOCK_B64};

/// The pool name used in the hashes: the part of the pool id after the first
/// `_` and before any second one, as the JS library's `split('_')[1]`.
pub fn pool_name(pool_id: &str) -> Result<&str, Error> {
    match pool_id.split('_').nth(1) {
        Some(name) if !name.is_empty() => Ok(name),
        _ => Err(Error::InvalidPoolId),
    }
}
