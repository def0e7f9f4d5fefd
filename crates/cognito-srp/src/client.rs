//! The browser's half (docs/srp.md §3).

use modp3072::{Mont, Pow, Scalar};

use crate::exponent::add_product;
use crate::group::{k_residue, value};
use crate::proof::{
    claim_mac, derived_key, private_key, scrambler, Owner, SharedSecret, Transcript,
};
use crate::wire::{
    b64_decode, b64_encode, hex, parse_hex, random_bytes, MAX_PUBLIC_KEY_HEX, MAX_SALT_HEX,
    MAX_SECRET_BLOCK_B64,
};
use crate::{pool_name, timestamp, Error};

/// Bytes of the client's secret `a` as drawn: 32, 256 bits, where
/// amazon-cognito-identity-js draws 128. NIST SP 800-56A Rev. 3 draws the
/// private key of a safe-prime group (§5.6.1.1.3, §5.6.1.1.4) with N bits,
/// 2s <= N <= len(q), s the group's security strength: 128 for this group
/// (MODP-3072, Appendix D), so N = 256 is enough; RFC 5054 §2.5.4 asks
/// for at least 256 bits. Finding a 256-bit a from A takes some 2^128
/// steps (Pollard's kangaroo), no fewer than the group's own strength.
/// It halves the squarings of S's power; the server sees A only.
const SECRET_BYTES: usize = 32;

/// The longest `a` [`Client::with_secret`] takes: 128 bytes, the length
/// amazon-cognito-identity-js draws (the reference vectors' a).
const MAX_SECRET_BYTES: usize = 128;

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
/// Draw a new one for every attempt. `P` does the exponentiations: the
/// portable [`Scalar`] code, or a faster one (the app's wasm SIMD module).
pub struct Client<P = Scalar> {
    /// a, big-endian, at its drawn length (which the timing may show; the
    /// value it does not).
    secret: Vec<u8>,
    /// A, minimal big-endian bytes.
    public: Vec<u8>,
    pow: P,
}

impl<P> core::fmt::Debug for Client<P> {
    // `a` is a secret: never print it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client")
            .field("srp_a", &hex(&self.public))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Draws `a` (32 random bytes, not all zero) and computes `A`, with the
    /// portable code.
    pub fn new() -> Result<Self, Error> {
        Self::new_in(Scalar)
    }

    /// Uses a given `a` (big-endian bytes, at most 128: the reference
    /// vectors' are amazon-cognito-identity-js's). For tests and vectors.
    pub fn with_secret(a: &[u8]) -> Result<Self, Error> {
        Self::with_secret_in(Scalar, a)
    }
}

impl<P: Pow> Client<P> {
    /// [`Client::new`] with the exponentiation `pow`.
    pub fn new_in(pow: P) -> Result<Self, Error> {
        loop {
            // Uniform in [1, 2^256 - 1], SP 800-56A Rev. 3 §5.6.1.1.4's
            // range for N = 256: a zero draw is drawn again. The branch
            // tells only that a rejected draw was zero.
            let secret = random_bytes(SECRET_BYTES)?;
            if secret.iter().fold(0, |any, &byte| any | byte) == 0 {
                continue;
            }
            // A mod N = 0 cannot happen for a < N's order, but the check is
            // cheap and the spec asks for it.
            if let Some(public) = public_key(&pow, &secret) {
                return Ok(Client {
                    secret,
                    public,
                    pow,
                });
            }
        }
    }

    /// [`Client::with_secret`] with the exponentiation `pow`.
    pub fn with_secret_in(pow: P, a: &[u8]) -> Result<Self, Error> {
        if a.len() > MAX_SECRET_BYTES {
            return Err(Error::TooLong {
                field: "a",
                max: 2 * MAX_SECRET_BYTES,
            });
        }
        // At least 32 bytes, as drawn: the exponentiations' time depends on
        // the length only, and 32 bytes take the fixed-base comb. A longer
        // a (the vectors' 128 bytes) keeps its length.
        let mut secret = vec![0u8; SECRET_BYTES.saturating_sub(a.len())];
        secret.extend_from_slice(a);
        let public = public_key(&pow, &secret).ok_or(Error::ZeroClientKey)?;
        Ok(Client {
            secret,
            public,
            pow,
        })
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
        let owner = user(pool_id, challenge)?;
        self.answer_as(owner, password, &challenge.proof(), unix_seconds)
    }

    /// The intermediate values of [`Client::answer`], for reference vectors.
    pub fn transcript(
        &self,
        pool_id: &str,
        password: &str,
        challenge: &Challenge<'_>,
    ) -> Result<Transcript, Error> {
        let owner = user(pool_id, challenge)?;
        Ok(self
            .derive(owner, password, &challenge.proof())?
            .transcript())
    }

    /// The claim for `owner`'s password: a user's or a device's.
    pub(crate) fn answer_as(
        &self,
        owner: Owner<'_>,
        password: &str,
        challenge: &ProofChallenge<'_>,
        unix_seconds: u64,
    ) -> Result<ChallengeAnswer, Error> {
        let key = self.derive(owner, password, challenge)?.key;
        let secret_block =
            b64_decode("SECRET_BLOCK", challenge.secret_block, MAX_SECRET_BLOCK_B64)?;
        let timestamp = timestamp::format(unix_seconds);
        let mac = claim_mac(&key, owner, &secret_block, &timestamp);
        Ok(ChallengeAnswer {
            signature: b64_encode(&hmac::Mac::finalize(mac).into_bytes()),
            timestamp,
        })
    }

    pub(crate) fn derive(
        &self,
        owner: Owner<'_>,
        password: &str,
        challenge: &ProofChallenge<'_>,
    ) -> Result<SharedSecret, Error> {
        let b_pub = parse_hex("SRP_B", challenge.srp_b, MAX_PUBLIC_KEY_HEX)?;
        let salt = parse_hex("SALT", challenge.salt, MAX_SALT_HEX)?;
        // At most 768 hex digits: always 384 bytes or fewer.
        let b_residue = Mont::from_be_bytes(&b_pub).ok_or(Error::Malformed { field: "SRP_B" })?;
        if b_residue.is_zero() {
            return Err(Error::ZeroServerKey);
        }
        let u = scrambler(&self.public, &b_pub)?;
        let x = private_key(&salt, owner, password);
        // S = (B - k * g^x)^(a + u * x) mod N; both exponents are secrets.
        let base = b_residue.sub(&k_residue().mul(&self.pow.pow_g(&x)));
        let s = value(&self.pow.pow(&base, &add_product(&self.secret, &u, &x)));
        let key = derived_key(&u, &s);
        Ok(SharedSecret {
            u,
            x: Some(x),
            s,
            key,
        })
    }
}

/// The parts of a `PASSWORD_VERIFIER` or `DEVICE_PASSWORD_VERIFIER`
/// challenge that the proof uses, whoever its owner.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProofChallenge<'a> {
    pub srp_b: &'a str,
    pub salt: &'a str,
    pub secret_block: &'a str,
}

impl<'a> Challenge<'a> {
    fn proof(&self) -> ProofChallenge<'a> {
        ProofChallenge {
            srp_b: self.srp_b,
            salt: self.salt,
            secret_block: self.secret_block,
        }
    }
}

/// A user as the owner of the salt: the pool name (checked first) and
/// `USER_ID_FOR_SRP`.
fn user<'a>(pool_id: &'a str, challenge: &Challenge<'a>) -> Result<Owner<'a>, Error> {
    Ok(Owner {
        realm: pool_name(pool_id)?,
        name: challenge.user_id_for_srp,
    })
}

/// A = g^a mod N as minimal bytes; `None` when it is 0.
fn public_key(pow: &impl Pow, a: &[u8]) -> Option<Vec<u8>> {
    let public = pow.pow_g(a);
    (!public.is_zero()).then(|| value(&public))
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
        let n_hex = hex(&modp3072::N_BYTES);
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
    fn draws_a_of_256_bits() {
        // 32 bytes, so S's exponent a + u*x has 65 (u*x has up to 64).
        let client = Client::new().unwrap();
        assert_eq!(client.secret.len(), 32);
        assert!(client.secret.iter().any(|&b| b != 0));
        assert_eq!(
            add_product(&client.secret, &[0xff; 32], &[0xff; 32]).len(),
            65
        );
    }

    #[test]
    fn takes_a_given_a_of_up_to_128_bytes() {
        // Short ones are padded to the drawn length; the value is kept.
        let one = Client::with_secret(&[1]).unwrap();
        assert_eq!(one.secret.len(), 32);
        assert_eq!(one.srp_a(), "2");
        let long = Client::with_secret(&[7; 128]).unwrap();
        assert_eq!(long.secret.len(), 128);
        assert_eq!(
            Client::with_secret(&[7; 129]).unwrap_err(),
            Error::TooLong {
                field: "a",
                max: 256
            }
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
