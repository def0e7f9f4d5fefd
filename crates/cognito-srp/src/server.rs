//! The user pool's half (docs/srp.md §6).

use hmac::Mac;
use modp3072::{Mont, Pow, Powers};

use crate::group::{k_residue, value, NativePow};
use crate::proof::{
    claim_mac, derived_key, private_key, scrambler, Owner, SharedSecret, Transcript,
};
use crate::wire::{
    b64_decode, decode_signature, hex, parse_hex, random_bytes, MAX_PUBLIC_KEY_HEX, MAX_SALT_HEX,
    MAX_SECRET_BLOCK_B64,
};
use crate::{pool_name, timestamp, Error};

/// How far a claim's `TIMESTAMP` may be from the server's clock, either way.
/// AWS does not document its window; users report about five minutes
/// (docs/srp.md §4).
pub const TIMESTAMP_WINDOW_SECS: u64 = 300;

/// Bytes of a fresh salt.
const SALT_BYTES: usize = 16;
/// Bytes of the server's secret `b` (the vectors use 256 bits).
const SECRET_BYTES: usize = 32;

/// What the pool stores instead of a password: the salt and `v = g^x mod N`.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordVerifier {
    /// Minimal big-endian bytes, as all integers here.
    salt: Vec<u8>,
    verifier: Vec<u8>,
}

impl core::fmt::Debug for PasswordVerifier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PasswordVerifier")
            .field("salt", &self.salt_hex())
            .finish_non_exhaustive()
    }
}

impl PasswordVerifier {
    /// A verifier with a fresh random salt. `user_id` is the internal
    /// username, the one later sent as `USER_ID_FOR_SRP`.
    pub fn generate(pool_id: &str, user_id: &str, password: &str) -> Result<Self, Error> {
        let salt = random_bytes(SALT_BYTES)?;
        Self::with_salt(pool_id, user_id, password, &hex(&salt))
    }

    /// A verifier for a given salt (hex).
    pub fn with_salt(
        pool_id: &str,
        user_id: &str,
        password: &str,
        salt_hex: &str,
    ) -> Result<Self, Error> {
        let realm = pool_name(pool_id)?;
        let salt = parse_hex("SALT", salt_hex, MAX_SALT_HEX)?;
        Ok(Self::for_owner(
            Owner {
                realm,
                name: user_id,
            },
            password,
            salt,
        ))
    }

    /// v = g^x mod N for `owner`'s password; `salt` in minimal bytes.
    pub(crate) fn for_owner(owner: Owner<'_>, password: &str, salt: Vec<u8>) -> Self {
        let x = private_key(&salt, owner, password);
        PasswordVerifier {
            verifier: value(&NativePow::default().pow_g(&x)),
            salt,
        }
    }

    /// From minimal bytes, already checked.
    pub(crate) fn from_parts(salt: Vec<u8>, verifier: Vec<u8>) -> Self {
        PasswordVerifier { salt, verifier }
    }

    /// The salt and verifier, minimal big-endian bytes.
    pub(crate) fn salt(&self) -> &[u8] {
        &self.salt
    }

    pub(crate) fn verifier(&self) -> &[u8] {
        &self.verifier
    }

    /// A stored verifier read back.
    pub fn from_hex(salt_hex: &str, verifier_hex: &str) -> Result<Self, Error> {
        Ok(PasswordVerifier {
            salt: parse_hex("SALT", salt_hex, MAX_SALT_HEX)?,
            verifier: parse_hex("verifier", verifier_hex, MAX_PUBLIC_KEY_HEX)?,
        })
    }

    /// `SALT` as sent in the challenge: minimal lowercase hex.
    pub fn salt_hex(&self) -> String {
        hex(&self.salt)
    }

    pub fn verifier_hex(&self) -> String {
        hex(&self.verifier)
    }

    /// v's table ([`Powers`]): with it, the server's v^u costs less than
    /// half (see [`Server::with_verifier_powers`]). As secret as v; some
    /// 0.13 ms to make (IFMA), so made where the verifier is.
    pub fn powers(&self) -> Result<Powers, Error> {
        Ok(NativePow::default().powers(&verifier_residue(self)?))
    }
}

/// The claim of a `RespondToAuthChallenge` (`ChallengeResponses`).
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    /// `PASSWORD_CLAIM_SECRET_BLOCK`, base64.
    pub secret_block: &'a str,
    /// `TIMESTAMP`.
    pub timestamp: &'a str,
    /// `PASSWORD_CLAIM_SIGNATURE`, base64.
    pub signature: &'a str,
}

/// The server's secret `b` and `g^b`: the costly half of `B`, which needs
/// no stored state, so a server can draw it before it looks anything up.
pub struct Ephemeral {
    /// b, big-endian, at its drawn length.
    secret: Vec<u8>,
    g_b: Mont,
}

impl core::fmt::Debug for Ephemeral {
    // `b` is a secret: never print it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Ephemeral(..)")
    }
}

impl Ephemeral {
    /// Draws `b` (32 random bytes) and computes `g^b` with `pow`.
    pub fn draw(pow: &impl Pow) -> Result<Self, Error> {
        let secret = random_bytes(SECRET_BYTES)?;
        Ok(Ephemeral {
            g_b: pow.pow_g(&secret),
            secret,
        })
    }
}

/// One challenge: the client's `A`, the secret `b` and `B = k*v + g^b mod N`.
/// Its state must be used once: drop it after [`Server::verify`]. `P` does
/// the exponentiations ([`NativePow`] unless a caller brings another).
pub struct Server<P = NativePow> {
    verifier: Mont,
    /// v's table, when the caller has it: v^u from it.
    verifier_powers: Option<Powers>,
    /// A mod N.
    client_public: Mont,
    /// b, big-endian.
    secret: Vec<u8>,
    /// B, minimal bytes.
    public: Vec<u8>,
    pow: P,
}

impl<P> core::fmt::Debug for Server<P> {
    // `b` is a secret: never print it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Server")
            .field("srp_b", &hex(&self.public))
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Checks the client's `SRP_A` (length first, then `A mod N != 0`) and
    /// draws `b`.
    pub fn start(verifier: &PasswordVerifier, srp_a: &str) -> Result<Self, Error> {
        Self::start_in(NativePow::default(), verifier, srp_a)
    }

    /// A challenge with a given `b` (hex): for reference vectors, and to
    /// rebuild a stored challenge.
    pub fn with_secret(
        verifier: &PasswordVerifier,
        srp_a: &str,
        b_hex: &str,
    ) -> Result<Self, Error> {
        Self::with_secret_in(NativePow::default(), verifier, srp_a, b_hex)
    }
}

impl<P: Pow> Server<P> {
    /// [`Server::start`] with the exponentiation `pow`.
    pub fn start_in(pow: P, verifier: &PasswordVerifier, srp_a: &str) -> Result<Self, Error> {
        let client_public = client_public(srp_a)?;
        let verifier = verifier_residue(verifier)?;
        loop {
            let ephemeral = Ephemeral::draw(&pow)?;
            // B mod N = 0: draw b again (docs/srp.md §6).
            if let Some(public) = public_key(&verifier, &ephemeral.g_b) {
                return Ok(Server {
                    verifier,
                    verifier_powers: None,
                    client_public,
                    secret: ephemeral.secret,
                    public: value(&public),
                    pow,
                });
            }
        }
    }

    /// A challenge from an [`Ephemeral`] drawn earlier: one product and a
    /// sum. `Ok(None)` in the negligible case that `B mod N` is 0, when the
    /// caller draws again.
    pub fn from_ephemeral(
        pow: P,
        verifier: &PasswordVerifier,
        srp_a: &str,
        ephemeral: Ephemeral,
    ) -> Result<Option<Self>, Error> {
        let client_public = client_public(srp_a)?;
        let verifier = verifier_residue(verifier)?;
        Ok(Self::from_parts(pow, verifier, client_public, ephemeral))
    }

    /// [`Server::with_secret`] with the exponentiation `pow`.
    pub fn with_secret_in(
        pow: P,
        verifier: &PasswordVerifier,
        srp_a: &str,
        b_hex: &str,
    ) -> Result<Self, Error> {
        let client_public = client_public(srp_a)?;
        let verifier = verifier_residue(verifier)?;
        let secret = stored_secret(b_hex)?;
        let ephemeral = Ephemeral {
            g_b: pow.pow_g(&secret),
            secret,
        };
        Self::from_parts(pow, verifier, client_public, ephemeral).ok_or(Error::ZeroServerKey)
    }

    /// A stored challenge whose `B` was kept beside `b`: nothing is
    /// computed again.
    pub fn resume_in(
        pow: P,
        verifier: &PasswordVerifier,
        srp_a: &str,
        b_hex: &str,
        srp_b: &str,
    ) -> Result<Self, Error> {
        Ok(Server {
            verifier: verifier_residue(verifier)?,
            verifier_powers: None,
            client_public: client_public(srp_a)?,
            secret: stored_secret(b_hex)?,
            public: crate::wire::minimal(&parse_hex("SRP_B", srp_b, MAX_PUBLIC_KEY_HEX)?).to_vec(),
            pow,
        })
    }

    /// B = k*v + g^b mod N; `None` when it is 0.
    fn from_parts(
        pow: P,
        verifier: Mont,
        client_public: Mont,
        ephemeral: Ephemeral,
    ) -> Option<Self> {
        let public = public_key(&verifier, &ephemeral.g_b)?;
        Some(Server {
            verifier,
            verifier_powers: None,
            client_public,
            secret: ephemeral.secret,
            public: value(&public),
            pow,
        })
    }

    /// v^u from v's table ([`PasswordVerifier::powers`]) rather than by a
    /// power: about 0.13 ms less for the answer with IFMA. A table that is
    /// not this verifier's is set aside (v^u is then raised as without).
    pub fn with_verifier_powers(mut self, powers: Powers) -> Self {
        let ours = powers.base_bytes()[..]
            .iter()
            .zip(&self.verifier.to_be_bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0;
        if ours {
            self.verifier_powers = Some(powers);
        }
        self
    }

    /// `SRP_B`: minimal lowercase hex.
    pub fn srp_b(&self) -> String {
        hex(&self.public)
    }

    /// `b` in hex, to keep the challenge in storage. A secret.
    pub fn secret_hex(&self) -> String {
        hex(&self.secret)
    }

    /// Checks the claim for `user_id` (the internal username, as in
    /// `USER_ID_FOR_SRP`) at `now_unix` (the server's clock). The timestamp is
    /// parsed, checked against [`TIMESTAMP_WINDOW_SECS`] and re-formatted
    /// canonically before it is signed, so a padded day or a wrong weekday
    /// fails as it does on AWS. The signatures are compared in constant time.
    pub fn verify(
        &self,
        pool_id: &str,
        user_id: &str,
        claim: &Claim<'_>,
        now_unix: u64,
    ) -> Result<(), Error> {
        let owner = Owner {
            realm: pool_name(pool_id)?,
            name: user_id,
        };
        self.verify_as(owner, claim, now_unix)
    }

    /// [`Server::verify`] for `owner`: a user or a device.
    pub(crate) fn verify_as(
        &self,
        owner: Owner<'_>,
        claim: &Claim<'_>,
        now_unix: u64,
    ) -> Result<(), Error> {
        let signature = decode_signature(claim.signature)?;
        let secret_block = b64_decode(
            "PASSWORD_CLAIM_SECRET_BLOCK",
            claim.secret_block,
            MAX_SECRET_BLOCK_B64,
        )?;
        let when = timestamp::parse(claim.timestamp)?;
        if when.abs_diff(now_unix) > TIMESTAMP_WINDOW_SECS {
            return Err(Error::StaleTimestamp);
        }
        let key = self.derive()?.key;
        claim_mac(&key, owner, &secret_block, &timestamp::format(when))
            .verify_slice(&signature)
            .map_err(|_| Error::SignatureMismatch)
    }

    /// The intermediate values (u, S and K; x is the client's), for reference vectors.
    pub fn transcript(&self) -> Result<Transcript, Error> {
        Ok(self.derive()?.transcript())
    }

    /// S = (A * v^u)^b mod N, and K from it.
    fn derive(&self) -> Result<SharedSecret, Error> {
        let u = scrambler(&value(&self.client_public), &self.public)?;
        // u is public (a hash of A and B), so v^u may take the table.
        let v_u = match &self.verifier_powers {
            Some(powers) => self.pow.pow_public(powers, &u),
            None => self.pow.pow(&self.verifier, &u),
        };
        let base = self.client_public.mul(&v_u);
        let s = value(&self.pow.pow(&base, &self.secret));
        let key = derived_key(&u, &s);
        Ok(SharedSecret { u, x: None, s, key })
    }
}

/// B = k*v + g^b mod N; `None` when it is 0.
fn public_key(verifier: &Mont, g_b: &Mont) -> Option<Mont> {
    let public = k_residue().mul(verifier).add(g_b);
    (!public.is_zero()).then_some(public)
}

/// The stored verifier as a residue (at most 768 hex digits, so at most
/// 384 bytes).
fn verifier_residue(verifier: &PasswordVerifier) -> Result<Mont, Error> {
    Mont::from_be_bytes(&verifier.verifier).ok_or(Error::Malformed { field: "verifier" })
}

/// A stored `b`, back at its drawn length (hex loses leading zeros).
fn stored_secret(b_hex: &str) -> Result<Vec<u8>, Error> {
    let mut secret = parse_hex("b", b_hex, MAX_PUBLIC_KEY_HEX)?;
    if secret.len() < SECRET_BYTES {
        secret.splice(0..0, core::iter::repeat_n(0, SECRET_BYTES - secret.len()));
    }
    Ok(secret)
}

/// `SRP_A` read and checked, length first: A mod N, refused when it is 0.
fn client_public(srp_a: &str) -> Result<Mont, Error> {
    let bytes = parse_hex("SRP_A", srp_a, MAX_PUBLIC_KEY_HEX)?;
    let residue = Mont::from_be_bytes(&bytes).ok_or(Error::Malformed { field: "SRP_A" })?;
    if residue.is_zero() {
        return Err(Error::ZeroClientKey);
    }
    Ok(residue)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier() -> PasswordVerifier {
        PasswordVerifier::with_salt("us-east-1_Pool", "alice", "pw", "abcdef").unwrap()
    }

    #[test]
    fn refuses_a_client_key_that_is_a_multiple_of_n() {
        let n_hex = hex(&modp3072::N_BYTES);
        for a in ["0", "0000", n_hex.as_str()] {
            assert_eq!(
                Server::start(&verifier(), a).unwrap_err(),
                Error::ZeroClientKey,
                "A = {a}"
            );
        }
    }

    #[test]
    fn refuses_an_oversized_client_key_before_any_arithmetic() {
        let long = "f".repeat(1 << 20);
        assert_eq!(
            Server::start(&verifier(), &long).unwrap_err(),
            Error::TooLong {
                field: "SRP_A",
                max: MAX_PUBLIC_KEY_HEX
            }
        );
    }

    #[test]
    fn stored_verifier_round_trips() {
        let v = verifier();
        assert_eq!(
            PasswordVerifier::from_hex(&v.salt_hex(), &v.verifier_hex()).unwrap(),
            v
        );
        assert!(!format!("{v:?}").contains(&v.verifier_hex()));
    }

    /// A challenge drawn ahead (`Ephemeral`), rebuilt from its b, or
    /// resumed with its B kept: the same B, and each takes the claim; with
    /// either kernel.
    #[test]
    fn every_way_to_a_challenge_agrees() {
        use crate::{Challenge, Client};
        let pool = "us-east-1_Pool";
        let stored = PasswordVerifier::generate(pool, "alice", "pw").unwrap();
        let client = Client::new().unwrap();
        let ephemeral = Ephemeral::draw(&modp3072::Scalar).unwrap();
        let drawn = Server::from_ephemeral(modp3072::Scalar, &stored, &client.srp_a(), ephemeral)
            .unwrap()
            .unwrap();
        let b = drawn.secret_hex();
        let rebuilt = Server::with_secret(&stored, &client.srp_a(), &b).unwrap();
        let resumed = Server::resume_in(
            NativePow::default(),
            &stored,
            &client.srp_a(),
            &b,
            &drawn.srp_b(),
        )
        .unwrap();
        assert_eq!(rebuilt.srp_b(), drawn.srp_b());
        let answer = client
            .answer(
                pool,
                "pw",
                &Challenge {
                    srp_b: &drawn.srp_b(),
                    salt: &stored.salt_hex(),
                    secret_block: "c2VjcmV0",
                    user_id_for_srp: "alice",
                },
                1_700_000_000,
            )
            .unwrap();
        let claim = Claim {
            secret_block: "c2VjcmV0",
            timestamp: &answer.timestamp,
            signature: &answer.signature,
        };
        assert_eq!(drawn.verify(pool, "alice", &claim, 1_700_000_000), Ok(()));
        assert_eq!(rebuilt.verify(pool, "alice", &claim, 1_700_000_000), Ok(()));
        assert_eq!(resumed.verify(pool, "alice", &claim, 1_700_000_000), Ok(()));
        let other = PasswordVerifier::generate(pool, "alice", "not pw").unwrap();
        let wrong = Server::resume_in(
            NativePow::default(),
            &other,
            &client.srp_a(),
            &b,
            &drawn.srp_b(),
        )
        .unwrap();
        assert_eq!(
            wrong.verify(pool, "alice", &claim, 1_700_000_000),
            Err(Error::SignatureMismatch)
        );
    }

    /// With v's table the same claims pass and fail as without; another
    /// verifier's table is set aside rather than used.
    #[test]
    fn the_verifiers_powers_give_the_same_answers() {
        use crate::{Challenge, Client};
        let pool = "us-east-1_Pool";
        let stored = PasswordVerifier::generate(pool, "alice", "pw").unwrap();
        let other = PasswordVerifier::generate(pool, "alice", "not pw").unwrap();
        let client = Client::new().unwrap();
        let server = Server::start(&stored, &client.srp_a()).unwrap();
        let (b, srp_b) = (server.secret_hex(), server.srp_b());
        let resumed = |verifier: &PasswordVerifier| {
            Server::resume_in(NativePow::default(), verifier, &client.srp_a(), &b, &srp_b).unwrap()
        };
        let claim_for = |password: &str| {
            client
                .answer(
                    pool,
                    password,
                    &Challenge {
                        srp_b: &srp_b,
                        salt: &stored.salt_hex(),
                        secret_block: "c2VjcmV0",
                        user_id_for_srp: "alice",
                    },
                    1_700_000_000,
                )
                .unwrap()
        };
        let (right, wrong) = (claim_for("pw"), claim_for("not pw"));
        for (answer, expected) in [(&right, Ok(())), (&wrong, Err(Error::SignatureMismatch))] {
            let claim = Claim {
                secret_block: "c2VjcmV0",
                timestamp: &answer.timestamp,
                signature: &answer.signature,
            };
            for powers in [stored.powers().unwrap(), other.powers().unwrap()] {
                let with = resumed(&stored).with_verifier_powers(powers);
                assert_eq!(with.verify(pool, "alice", &claim, 1_700_000_000), expected);
            }
            // Where the kernel takes v^u from the table (IFMA; the others
            // raise v itself), one whose rows are wrong but for the first
            // (v) makes the right claim fail.
            if modp3072::Ifma::detect().is_some() {
                let mut bytes = stored.powers().unwrap().to_bytes();
                for entry in bytes.chunks_exact_mut(modp3072::BYTES).skip(1) {
                    entry[7] ^= 1;
                }
                let corrupt = Powers::from_bytes(&bytes).unwrap();
                let with = resumed(&stored).with_verifier_powers(corrupt);
                assert_eq!(
                    with.verify(pool, "alice", &claim, 1_700_000_000),
                    Err(Error::SignatureMismatch)
                );
            }
            assert_eq!(
                resumed(&stored).transcript().unwrap().s_hex,
                resumed(&stored)
                    .with_verifier_powers(stored.powers().unwrap())
                    .transcript()
                    .unwrap()
                    .s_hex
            );
        }
    }

    #[test]
    fn fresh_salts_differ() {
        let one = PasswordVerifier::generate("us-east-1_Pool", "alice", "pw").unwrap();
        let two = PasswordVerifier::generate("us-east-1_Pool", "alice", "pw").unwrap();
        assert_ne!(one.salt_hex(), two.salt_hex());
        assert_ne!(one.verifier_hex(), two.verifier_hex());
    }
}
