//! The device-SRP vectors (`vectors/device-srp-vectors.json`, `set`
//! `device`; docs/vectors.md), and the checks of both halves and of
//! `ConfirmDevice`'s config against them.

use serde::Deserialize;

use super::{client_half, hex_bytes, server_half, Failures, Round};
use crate::device::{Device, DeviceChallenge, DeviceSecretVerifierConfig};
use crate::wire::{hex, parse_hex};
use crate::MAX_SALT_HEX;

/// A device vector file. Fields the checks do not use are ignored.
#[derive(Debug, Deserialize)]
pub struct DeviceVectorFile {
    pub schema_version: u32,
    pub set: String,
    pub vectors: Vec<DeviceVector>,
}

#[derive(Debug, Deserialize)]
pub struct DeviceVector {
    pub id: String,
    pub device_group_key: String,
    pub device_key: String,
    pub random_password: String,
    /// The 16 salt bytes the library drew, leading zeros kept.
    pub drawn_salt_hex: String,
    pub config_salt_b64: String,
    pub config_verifier_b64: String,
    /// `SALT` as the challenge sent it: the hex of the config's salt bytes.
    pub salt_hex: String,
    #[serde(flatten)]
    pub round: Round,
}

impl DeviceVectorFile {
    pub fn parse(json: &str) -> Result<Self, String> {
        let file: DeviceVectorFile =
            serde_json::from_str(json).map_err(|e| format!("not a device vector file: {e}"))?;
        if file.schema_version != 1 || file.set != "device" {
            return Err(format!(
                "schema_version {}, set {:?} (expected 1, \"device\")",
                file.schema_version, file.set
            ));
        }
        Ok(file)
    }
}

impl DeviceVector {
    fn device(&self) -> Device<'_> {
        Device {
            group_key: &self.device_group_key,
            key: &self.device_key,
        }
    }
}

/// Checks `ConfirmDevice`'s config (made from the drawn salt, and read back
/// by the pool), the client half (A, u, x, S, K, TIMESTAMP, signature) and
/// the server half (B, u, S, K, accepting the signature, rejecting the wrong
/// password's) on one vector. Returns what differs, empty when all agree.
pub fn check_device(v: &DeviceVector) -> Vec<String> {
    check_device_with(v, crate::Scalar)
}

/// [`check_device`], with the client's exponentiations done by `pow`.
pub fn check_device_with<P: crate::Pow>(v: &DeviceVector, pow: P) -> Vec<String> {
    let mut failures = Failures::default();
    let r = &v.round;
    let device = v.device();

    // ConfirmDevice, the client's side.
    match hex_bytes(&v.drawn_salt_hex)
        .and_then(|salt| DeviceSecretVerifierConfig::with_salt(device, &v.random_password, &salt))
    {
        Err(e) => failures.expect("config", &e.to_string(), "a config"),
        Ok(config) => {
            failures.expect("config Salt", &config.salt, &v.config_salt_b64);
            failures.expect(
                "config PasswordVerifier",
                &config.password_verifier,
                &v.config_verifier_b64,
            );
        }
    }

    // Client half.
    let challenge = DeviceChallenge {
        srp_b: &r.B_hex,
        salt: &v.salt_hex,
        secret_block: &r.secret_block_b64,
    };
    client_half(
        &mut failures,
        r,
        pow,
        |client| client.device_transcript(device, &v.random_password, &challenge),
        |client| client.answer_device(device, &v.random_password, &challenge, r.timestamp_epoch),
    );

    // Server half: ConfirmDevice's config read back, then the challenge.
    let config = DeviceSecretVerifierConfig {
        password_verifier: v.config_verifier_b64.clone(),
        salt: v.config_salt_b64.clone(),
    };
    let stored = match config.verifier() {
        Ok(stored) => stored,
        Err(e) => {
            failures.expect("server verifier", &e.to_string(), &r.verifier_hex);
            return failures.0;
        }
    };
    failures.expect("server verifier", &stored.verifier_hex(), &r.verifier_hex);
    // SALT keeps padHex's leading zeros; the stored salt is an integer.
    let sent_salt = parse_hex("SALT", &v.salt_hex, MAX_SALT_HEX).map(|s| hex(&s));
    failures.expect(
        "server salt",
        &stored.salt_hex(),
        &sent_salt.unwrap_or_else(|e| e.to_string()),
    );
    server_half(&mut failures, r, &stored, |server, claim| {
        server.verify_device(device, claim, r.timestamp_epoch)
    });
    failures.0
}
