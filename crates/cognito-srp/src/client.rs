//! The browser's half (SPEC §3).

use num_bigint::BigUint;
use num_traits::Zero;

use crate::group::{g_pow, k, n};
use crate::proof::{claim_mac, derived_key, private_key, scrambler, SharedSecret, Transcript};
use crate::wire::{
    b64_decode, b64_encode, hex, parse_hex, random_int, MAX_PUBLIC_KEY_HEX, MAX_SALT_HEX,
    MAX_SECRET_BLOCK_B64,
};
use crate::{pool_name, timestamp, Error};

/// Bytes of the client's secret `a`: 128, as amazon-cognito-identity-js draws.
const SECRET_BYTES: usize = 128;

/// The `ChallengeParameters` of a `PASSWORD_VERIFIER` challenge, as received.
#[derive(Debug, Clone, Copy)]
pub struct Challenge<'a> {
    /// `SRP_B`, hex.
    pub srp_b: &'a str,
    /// `SALT`, hex (read as an integer: case and leading zeros do not matter).
    pub salt: &'a str,
    /// `SECRET_BLOCK`, base64, echoed back and signed decoded.
    pub secret_block: &'a str,
    /// `USER_ID_FOR_SRP`: the pool's internal username, used in x and the signature.
    pub user_id_for_srp: &'a str,
}

/// What goes into `ChallengeResponses` besides the echoed names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeAnswer {
    /// `TIMESTAMP`.
    pub timestamp: String,
    /// `PASSWORD_CLAIM_SIGNATURE`, base64.
    pub signature: String,
}

/// One sign-in attempt: the secret `a` and the public `A = g^a mod N`.
/// Draw a new one for every attempt.
pub struct Client {
    secret: BigUint,
    public: BigUint,
}

impl core::fmt::Debug for Client {
    // `a` is a secret: never print it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client")
            .field("srp_a", &self.srp_a())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Draws `a` (128 random bytes) and computes `A`.
    pub fn new() -> Result<Self, Error> {
        loop {
            // A mod N = 0 cannot happen for a < N's order, but the check is
            // cheap and the spec asks for it.
            match Self::with_secret(&random_int(SECRET_BYTES)?.to_bytes_be()) {
                Err(Error::ZeroClientKey) => continue,
                other => return other,
            }
        }
    }

    /// Uses a given `a` (big-endian bytes). For tests and reference vectors.
    pub fn with_secret(a: &[u8]) -> Result<Self, Error> {
        let secret = BigUint::from_bytes_be(a);
        let public = g_pow(&secret);
        if public.is_zero() {
            return Err(Error::ZeroClientKey);
        }
        Ok(Client { secret, public })
    }

    /// `SRP_A`: lowercase hex, not padded.
    pub fn srp_a(&self) -> String {
        hex(&self.public)
    }

    /// Answers the challenge at `unix_seconds` (the client's clock, UTC).
    pub fn answer(
        &self,
        pool_id: &str,
        password: &str,
        challenge: &Challenge<'_>,
        unix_seconds: u64,
    ) -> Result<ChallengeAnswer, Error> {
        let key = self.derive(pool_id, password, challenge)?.key;
        let secret_block =
            b64_decode("SECRET_BLOCK", challenge.secret_block, MAX_SECRET_BLOCK_B64)?;
        let timestamp = timestamp::format(unix_seconds);
        let mac = claim_mac(
            &key,
            pool_name(pool_id)?,
            challenge.user_id_for_srp,
            &secret_block,
            &timestamp,
        );
        Ok(ChallengeAnswer {
            signature: b64_encode(&hmac::Mac::finalize(mac).into_bytes()),
            timestamp,
        })
    }

    /// The intermediate values of [`Client::answer`], for reference vectors.
    pub fn transcript(
        &self,
        pool_id: &str,
        password: &str,
        challenge: &Challenge<'_>,
    ) -> Result<Transcript, Error> {
        Ok(self.derive(pool_id, password, challenge)?.transcript())
    }

    fn derive(
        &self,
        pool_id: &str,
        password: &str,
        challenge: &Challenge<'_>,
    ) -> Result<SharedSecret, Error> {
        let pool_name = pool_name(pool_id)?;
        let b_pub = parse_hex("SRP_B", challenge.srp_b, MAX_PUBLIC_KEY_HEX)?;
        let salt = parse_hex("SALT", challenge.salt, MAX_SALT_HEX)?;
        let n = n();
        if (&b_pub % n).is_zero() {
            return Err(Error::ZeroServerKey);
        }
        let u = scrambler(&self.public, &b_pub)?;
        let x = private_key(&salt, pool_name, challenge.user_id_for_srp, password);
        // S = (B - k * g^x)^(a + u * x) mod N, with the base brought into [0, N).
        let kgx = (k() * g_pow(&x)) % n;
        let base = ((&b_pub % n) + n - kgx) % n;
        let exponent = &self.secret + &u * &x;
        let s = base.modpow(&exponent, n);
        let key = derived_key(&u, &s);
        Ok(SharedSecret {
            u,
            x: Some(x),
            s,
            key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(srp_b: &str) -> Challenge<'_> {
        Challenge {
            srp_b,
            salt: "abcdef",
            secret_block: "c2VjcmV0",
            user_id_for_srp: "alice",
        }
    }

    #[test]
    fn refuses_a_server_key_that_is_a_multiple_of_n() {
        let client = Client::with_secret(&[7; 128]).unwrap();
        let n_hex = hex(n());
        for b in ["0", "000", n_hex.as_str()] {
            assert_eq!(
                client.answer("us-east-1_Pool", "pw", &challenge(b), 0),
                Err(Error::ZeroServerKey),
                "B = {b}"
            );
        }
    }

    #[test]
    fn refuses_malformed_or_oversized_challenges() {
        let client = Client::with_secret(&[7; 128]).unwrap();
        let long = "1".repeat(MAX_PUBLIC_KEY_HEX + 1);
        assert_eq!(
            client.answer("us-east-1_Pool", "pw", &challenge(&long), 0),
            Err(Error::TooLong {
                field: "SRP_B",
                max: MAX_PUBLIC_KEY_HEX
            })
        );
        assert_eq!(
            client.answer("us-east-1_Pool", "pw", &challenge("xyz"), 0),
            Err(Error::Malformed { field: "SRP_B" })
        );
        let bad_block = Challenge {
            secret_block: "***",
            ..challenge("1234")
        };
        assert_eq!(
            client.answer("us-east-1_Pool", "pw", &bad_block, 0),
            Err(Error::Malformed {
                field: "SECRET_BLOCK"
            })
        );
        assert_eq!(
            client.answer("nounderscore", "pw", &challenge("1234"), 0),
            Err(Error::InvalidPoolId)
        );
    }

    #[test]
    fn fresh_clients_differ_and_hide_their_secret() {
        let one = Client::new().unwrap();
        let two = Client::new().unwrap();
        assert_ne!(one.srp_a(), two.srp_a());
        let printed = format!("{one:?}");
        assert!(printed.contains(&one.srp_a()));
        assert!(!printed.contains(&hex(&one.secret)));
    }
}
