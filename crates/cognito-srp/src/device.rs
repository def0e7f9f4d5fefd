//! Remembered devices: `ConfirmDevice`'s `DeviceSecretVerifierConfig`, and
//! the `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER` round of a sign-in
//! (docs/srp.md §8), as amazon-cognito-identity-js computes them.
//!
//! The group, the hashes, the key and the claim are a user's; only the
//! salt's owner differs. Where a user's x and claim hash the pool name and
//! `USER_ID_FOR_SRP`, a device's hash its group key and its device key:
//! identity-js builds the device's `AuthenticationHelper` with the group key
//! in the pool name's place and passes the device key as the username, and
//! signs `groupKey | deviceKey | secretBlock | timestamp`. The group key is
//! used whole: unlike a pool id it is not split at `_`.
//!
//! ```
//! use cognito_srp::device::{random_password, Device, DeviceChallenge, DeviceSecretVerifierConfig};
//! use cognito_srp::{Claim, Client, Server};
//!
//! // NewDeviceMetadata of a sign-in; the client keeps the random password.
//! let device = Device { group_key: "-dEvGr0uP", key: "us-east-1_0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5" };
//! let password = random_password().unwrap();
//! let config = DeviceSecretVerifierConfig::generate(device, &password).unwrap();
//!
//! // The pool stores the config, and later challenges the device.
//! let stored = config.verifier().unwrap();
//! let client = Client::new().unwrap();
//! let server = Server::start(&stored, &client.srp_a()).unwrap();
//! let challenge = DeviceChallenge {
//!     srp_b: &server.srp_b(),
//!     salt: &stored.salt_hex(),
//!     secret_block: "c2VjcmV0",
//! };
//! let answer = client.answer_device(device, &password, &challenge, 1_700_000_000).unwrap();
//! let claim = Claim {
//!     secret_block: challenge.secret_block,
//!     timestamp: &answer.timestamp,
//!     signature: &answer.signature,
//! };
//! assert!(server.verify_device(device, &claim, 1_700_000_000).is_ok());
//! ```

use modp3072::{Mont, Pow};

use crate::client::ProofChallenge;
use crate::group::value;
use crate::proof::{Owner, Transcript};
use crate::wire::{b64_decode, b64_encode, minimal, pad_bytes, random_bytes, MAX_SALT_HEX};
use crate::{ChallengeAnswer, Claim, Client, Error, PasswordVerifier, Server};

/// Bytes of a device's random password: identity-js's
/// `generateRandomString`, 40 random bytes sent as base64.
pub const RANDOM_PASSWORD_BYTES: usize = 40;
/// Bytes of a fresh device salt, as identity-js's `generateHashDevice` draws.
const SALT_BYTES: usize = 16;
/// The longest `DeviceSecretVerifierConfig.Salt` read, in base64 characters:
/// the longest salt a challenge may carry (`MAX_SALT_HEX`, 128 bytes) with
/// padHex's sign byte.
pub const MAX_DEVICE_SALT_B64: usize = 4 * (MAX_SALT_HEX / 2 + 1).div_ceil(3);
/// The longest `DeviceSecretVerifierConfig.PasswordVerifier` read, in base64
/// characters: padHex of a value below N, 385 bytes.
pub const MAX_DEVICE_VERIFIER_B64: usize = 4 * (modp3072::BYTES + 1).div_ceil(3);

/// A remembered device, as `NewDeviceMetadata` names it: the owner of the
/// device's salt and verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Device<'a> {
    /// `DeviceGroupKey`: in the hashes where a user's pool name is.
    pub group_key: &'a str,
    /// `DeviceKey`: in the hashes where a user's `USER_ID_FOR_SRP` is.
    pub key: &'a str,
}

impl<'a> Device<'a> {
    fn owner(self) -> Owner<'a> {
        Owner {
            realm: self.group_key,
            name: self.key,
        }
    }
}

/// A fresh device password: [`RANDOM_PASSWORD_BYTES`] random bytes in
/// base64 (56 characters), which the client keeps and never sends.
pub fn random_password() -> Result<String, Error> {
    Ok(b64_encode(&random_bytes(RANDOM_PASSWORD_BYTES)?))
}

/// `ConfirmDevice`'s `DeviceSecretVerifierConfig`: base64 of the padHex
/// bytes of the verifier and of the salt, as identity-js sends them.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceSecretVerifierConfig {
    /// `PasswordVerifier`: base64(padHex(g^x mod N)).
    pub password_verifier: String,
    /// `Salt`: base64(padHex(salt)).
    pub salt: String,
}

impl core::fmt::Debug for DeviceSecretVerifierConfig {
    // As `PasswordVerifier`'s: the verifier is not printed.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DeviceSecretVerifierConfig")
            .field("salt", &self.salt)
            .finish_non_exhaustive()
    }
}

impl DeviceSecretVerifierConfig {
    /// The client's config for `device`, with a fresh 16-byte salt.
    pub fn generate(device: Device<'_>, random_password: &str) -> Result<Self, Error> {
        Self::with_salt(device, random_password, &random_bytes(SALT_BYTES)?)
    }

    /// The config for a given salt, as drawn (big-endian bytes, at most
    /// 128): read as an integer, so leading zero bytes drop out, as they
    /// do in identity-js's `padHex(new BigInteger(hexRandom, 16))`.
    pub fn with_salt(
        device: Device<'_>,
        random_password: &str,
        salt: &[u8],
    ) -> Result<Self, Error> {
        let salt = minimal(salt);
        if salt.len() > MAX_SALT_HEX / 2 {
            return Err(Error::TooLong {
                field: "salt",
                max: MAX_SALT_HEX / 2,
            });
        }
        let verifier = PasswordVerifier::for_owner(device.owner(), random_password, salt.to_vec());
        Ok(Self::from_verifier(&verifier))
    }

    /// A stored verifier in the config's form.
    pub fn from_verifier(verifier: &PasswordVerifier) -> Self {
        DeviceSecretVerifierConfig {
            password_verifier: b64_encode(&pad_bytes(verifier.verifier())),
            salt: b64_encode(&pad_bytes(verifier.salt())),
        }
    }

    /// The pool's side of `ConfirmDevice`: the config read and checked,
    /// lengths first. A verifier that is 0 or not below N is refused: no
    /// password gives it, and with v ≡ 0 every claim's S is 0, which needs
    /// no password.
    pub fn verifier(&self) -> Result<PasswordVerifier, Error> {
        let salt = read_b64("Salt", &self.salt, MAX_DEVICE_SALT_B64)?;
        if salt.len() > MAX_SALT_HEX / 2 {
            return Err(Error::TooLong {
                field: "Salt",
                max: MAX_DEVICE_SALT_B64,
            });
        }
        let field = "PasswordVerifier";
        let verifier = read_b64(field, &self.password_verifier, MAX_DEVICE_VERIFIER_B64)?;
        // At most 387 bytes by the length check; more than 384 is above N.
        let residue = Mont::from_be_bytes(&verifier).ok_or(Error::Malformed { field })?;
        // Not below N when reduction changed it; 0 when nothing is left.
        if residue.is_zero() || value(&residue) != verifier {
            return Err(Error::Malformed { field });
        }
        Ok(PasswordVerifier::from_parts(salt, verifier))
    }
}

/// Base64 of a non-empty integer, as minimal bytes.
fn read_b64(field: &'static str, text: &str, max: usize) -> Result<Vec<u8>, Error> {
    let bytes = b64_decode(field, text, max)?;
    if bytes.is_empty() {
        return Err(Error::Malformed { field });
    }
    Ok(minimal(&bytes).to_vec())
}

/// The `ChallengeParameters` of a `DEVICE_PASSWORD_VERIFIER` challenge, as
/// received (its `USERNAME` and `DEVICE_KEY` are only echoed back).
#[derive(Debug, Clone, Copy)]
pub struct DeviceChallenge<'a> {
    /// `SRP_B`, hex.
    pub srp_b: &'a str,
    /// `SALT`, hex (read as an integer).
    pub salt: &'a str,
    /// `SECRET_BLOCK`, base64, echoed back and signed decoded.
    pub secret_block: &'a str,
}

impl<'a> DeviceChallenge<'a> {
    fn proof(&self) -> ProofChallenge<'a> {
        ProofChallenge {
            srp_b: self.srp_b,
            salt: self.salt,
            secret_block: self.secret_block,
        }
    }
}

impl<P: Pow> Client<P> {
    /// Answers a `DEVICE_PASSWORD_VERIFIER` challenge at `unix_seconds`
    /// with the device's random password: `TIMESTAMP` and
    /// `PASSWORD_CLAIM_SIGNATURE`. `self` is the client whose `SRP_A` went
    /// with `DEVICE_SRP_AUTH` (a new one, not the user's).
    pub fn answer_device(
        &self,
        device: Device<'_>,
        random_password: &str,
        challenge: &DeviceChallenge<'_>,
        unix_seconds: u64,
    ) -> Result<ChallengeAnswer, Error> {
        self.answer_as(
            device.owner(),
            random_password,
            &challenge.proof(),
            unix_seconds,
        )
    }

    /// The intermediate values of [`Client::answer_device`], for reference
    /// vectors.
    pub fn device_transcript(
        &self,
        device: Device<'_>,
        random_password: &str,
        challenge: &DeviceChallenge<'_>,
    ) -> Result<Transcript, Error> {
        Ok(self
            .derive(device.owner(), random_password, &challenge.proof())?
            .transcript())
    }
}

impl<P: Pow> Server<P> {
    /// Checks a `DEVICE_PASSWORD_VERIFIER` claim for `device` at `now_unix`,
    /// as [`Server::verify`] checks a user's. The server was started from
    /// the device's verifier ([`DeviceSecretVerifierConfig::verifier`]).
    pub fn verify_device(
        &self,
        device: Device<'_>,
        claim: &Claim<'_>,
        now_unix: u64,
    ) -> Result<(), Error> {
        self.verify_as(device.owner(), claim, now_unix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::hex;

    const DEVICE: Device<'static> = Device {
        group_key: "-grp_with_underscores",
        key: "eu-west-1_5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
    };
    const PASSWORD: &str = "c2VlZGVkIGRldmljZSBwYXNzd29yZCBvZiBmb3J0eSBieXRlcy4uLg==";
    const NOW: u64 = 1_750_000_000;

    fn config() -> DeviceSecretVerifierConfig {
        DeviceSecretVerifierConfig::with_salt(DEVICE, PASSWORD, &[0x9a; 16]).unwrap()
    }

    fn signs_in(password: &str, device: Device<'_>) -> Result<(), Error> {
        let stored = config().verifier()?;
        let client = Client::new()?;
        let server = Server::start(&stored, &client.srp_a())?;
        let challenge = DeviceChallenge {
            srp_b: &server.srp_b(),
            salt: &stored.salt_hex(),
            secret_block: "AAECAw==",
        };
        let answer = client.answer_device(device, password, &challenge, NOW)?;
        let claim = Claim {
            secret_block: "AAECAw==",
            timestamp: &answer.timestamp,
            signature: &answer.signature,
        };
        server.verify_device(DEVICE, &claim, NOW)
    }

    #[test]
    fn only_the_right_password_and_device_sign_in() {
        assert_eq!(signs_in(PASSWORD, DEVICE), Ok(()));
        assert_eq!(
            signs_in("not the password", DEVICE),
            Err(Error::SignatureMismatch)
        );
        let other = Device {
            key: "eu-west-1_00000000-4b5a-4978-8695-a4b3c2d1e0f9",
            ..DEVICE
        };
        assert_eq!(signs_in(PASSWORD, other), Err(Error::SignatureMismatch));
    }

    #[test]
    fn a_device_is_not_a_user_of_a_pool_named_by_its_group_key() {
        // The group key is hashed whole; a pool id would be cut at `_`.
        let user = PasswordVerifier::with_salt(
            &format!("x_{}", DEVICE.group_key),
            DEVICE.key,
            PASSWORD,
            "9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a",
        )
        .unwrap();
        assert_ne!(DeviceSecretVerifierConfig::from_verifier(&user), config());
    }

    #[test]
    fn the_config_is_padded_as_identity_js_sends_it() {
        let config = config();
        let salt = base64_bytes(&config.salt);
        // A top bit set: padHex's 00 in front of the 16 bytes.
        assert_eq!(salt.len(), 17);
        assert_eq!(salt[..2], [0, 0x9a]);
        let verifier = base64_bytes(&config.password_verifier);
        assert!(verifier.len() <= 385);
        assert_eq!(verifier[0] & 0x80, 0);
        // Leading zero bytes of the drawn salt drop out.
        let mut short = [0x9a; 16];
        short[0] = 0;
        short[1] = 0x05;
        let config = DeviceSecretVerifierConfig::with_salt(DEVICE, PASSWORD, &short).unwrap();
        assert_eq!(base64_bytes(&config.salt).len(), 15);
        let stored = config.verifier().unwrap();
        assert_eq!(DeviceSecretVerifierConfig::from_verifier(&stored), config);
        assert!(!format!("{config:?}").contains(&config.password_verifier));
    }

    #[test]
    fn random_passwords_are_40_bytes_and_differ() {
        let one = random_password().unwrap();
        assert_eq!(one.len(), 56);
        assert_eq!(base64_bytes(&one).len(), RANDOM_PASSWORD_BYTES);
        assert_ne!(one, random_password().unwrap());
        let a = DeviceSecretVerifierConfig::generate(DEVICE, &one).unwrap();
        let b = DeviceSecretVerifierConfig::generate(DEVICE, &one).unwrap();
        assert_ne!(a.salt, b.salt);
    }

    #[test]
    fn refuses_hostile_configs() {
        let good = config();
        let with = |salt: &str, verifier: &str| {
            DeviceSecretVerifierConfig {
                salt: salt.to_string(),
                password_verifier: verifier.to_string(),
            }
            .verifier()
        };
        let malformed = |field| Err(Error::Malformed { field });
        assert_eq!(with("***", &good.password_verifier), malformed("Salt"));
        assert_eq!(with("", &good.password_verifier), malformed("Salt"));
        assert_eq!(
            with(&good.salt, "not base64!"),
            malformed("PasswordVerifier")
        );
        // Non-canonical base64: trailing bits set.
        assert_eq!(with(&good.salt, "AB=="), malformed("PasswordVerifier"));
        let n = b64_encode(&pad_bytes(&modp3072::N_BYTES));
        let two_n_minus_one = b64_encode(&[0xff; 384]);
        for v in [
            b64_encode(&[0]),
            b64_encode(&[0, 0, 0]),
            n,
            two_n_minus_one,
            b64_encode(&[1; 386]),
        ] {
            assert_eq!(with(&good.salt, &v), malformed("PasswordVerifier"), "{v}");
        }
        let long = "A".repeat(MAX_DEVICE_VERIFIER_B64 + 4);
        assert_eq!(
            with(&good.salt, &long),
            Err(Error::TooLong {
                field: "PasswordVerifier",
                max: MAX_DEVICE_VERIFIER_B64
            })
        );
        assert_eq!(
            with(&"A".repeat(1 << 20), &good.password_verifier),
            Err(Error::TooLong {
                field: "Salt",
                max: MAX_DEVICE_SALT_B64
            })
        );
        // 129 bytes of salt fit the base64 bound but not a challenge's SALT.
        assert_eq!(
            with(&b64_encode(&[0x11; 129]), &good.password_verifier),
            Err(Error::TooLong {
                field: "Salt",
                max: MAX_DEVICE_SALT_B64
            })
        );
        assert_eq!(
            DeviceSecretVerifierConfig::with_salt(DEVICE, PASSWORD, &[1; 129]),
            Err(Error::TooLong {
                field: "salt",
                max: MAX_SALT_HEX / 2
            })
        );
        // The largest honest values are read.
        let top = b64_encode(&pad_bytes(&value(
            &Mont::from_be_bytes(&[0xff; 384]).unwrap(),
        )));
        assert!(with(&b64_encode(&[0xff; 128]), &top).is_ok());
    }

    #[test]
    fn refuses_hostile_challenges() {
        let client = Client::with_secret(&[7; 128]).unwrap();
        let n_hex = hex(&modp3072::N_BYTES);
        let answer = |srp_b: &str, salt: &str, block: &str| {
            client.answer_device(
                DEVICE,
                PASSWORD,
                &DeviceChallenge {
                    srp_b,
                    salt,
                    secret_block: block,
                },
                NOW,
            )
        };
        for b in ["0", "000", n_hex.as_str()] {
            assert_eq!(answer(b, "ab", "AAAA"), Err(Error::ZeroServerKey), "{b}");
        }
        assert_eq!(
            answer(&"1".repeat(769), "ab", "AAAA"),
            Err(Error::TooLong {
                field: "SRP_B",
                max: crate::MAX_PUBLIC_KEY_HEX
            })
        );
        assert_eq!(
            answer("1234", &"1".repeat(MAX_SALT_HEX + 1), "AAAA"),
            Err(Error::TooLong {
                field: "SALT",
                max: MAX_SALT_HEX
            })
        );
        assert_eq!(
            answer("1234", "xyz", "AAAA"),
            Err(Error::Malformed { field: "SALT" })
        );
        assert_eq!(
            answer("1234", "ab", "***"),
            Err(Error::Malformed {
                field: "SECRET_BLOCK"
            })
        );
    }

    #[test]
    fn the_server_refuses_hostile_claims() {
        let stored = config().verifier().unwrap();
        let client = Client::with_secret(&[7; 128]).unwrap();
        let server = Server::start(&stored, &client.srp_a()).unwrap();
        let verdict = |block: &str, timestamp: &str, signature: &str| {
            server.verify_device(
                DEVICE,
                &Claim {
                    secret_block: block,
                    timestamp,
                    signature,
                },
                NOW,
            )
        };
        let now = crate::timestamp::format(NOW);
        let signature = b64_encode(&[0; 32]);
        assert_eq!(
            verdict("AAAA", &now, "AAAA"),
            Err(Error::Malformed {
                field: "PASSWORD_CLAIM_SIGNATURE"
            })
        );
        assert_eq!(
            verdict("*", &now, &signature),
            Err(Error::Malformed {
                field: "PASSWORD_CLAIM_SECRET_BLOCK"
            })
        );
        assert_eq!(
            verdict("AAAA", "yesterday", &signature),
            Err(Error::InvalidTimestamp)
        );
        assert_eq!(
            verdict("AAAA", &crate::timestamp::format(NOW - 3600), &signature),
            Err(Error::StaleTimestamp)
        );
        assert_eq!(
            verdict("AAAA", &now, &signature),
            Err(Error::SignatureMismatch)
        );
    }

    fn base64_bytes(text: &str) -> Vec<u8> {
        b64_decode("test", text, usize::MAX).unwrap()
    }
}
