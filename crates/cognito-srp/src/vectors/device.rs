//! The device-SRP vectors (`vectors/device-srp-vectors.json`, `set`
//! `device`; docs/vectors.md), and the checks of both halves and of
//! `ConfirmDevice`'s config against them.

use serde::Deserialize;

use super::{hex_bytes, Negative};
use crate::device::{Device, DeviceChallenge, DeviceSecretVerifierConfig};
use crate::wire::{hex, parse_hex};
use crate::{timestamp, Claim, Client, Error, Server, MAX_SALT_HEX};

/// A device vector file. Fields the checks do not use are ignored.
#[derive(Debug, Deserialize)]
pub struct DeviceVectorFile {
    pub schema_version: u32,
    pub set: String,
    pub vectors: Vec<DeviceVector>,
}

#[derive(Debug, Deserialize)]
#[allow(non_snake_case)] // The schema's own names: `A_hex` and `a_hex` differ.
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
    pub verifier_hex: String,
    pub b_hex: String,
    pub B_hex: String,
    pub a_hex: String,
    pub A_hex: String,
    pub x_hex: String,
    pub u_hex: String,
    pub S_hex: String,
    pub hkdf_key_hex: String,
    pub secret_block_b64: String,
    pub timestamp_epoch: u64,
    pub timestamp: String,
    pub signature_b64: String,
    pub negative: Negative,
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
    let mut failures = Vec::new();
    let mut expect = |what: &str, got: &str, want: &str| {
        if got != want {
            failures.push(format!("{what}: got {got}, expected {want}"));
        }
    };
    let device = v.device();

    // ConfirmDevice, the client's side.
    match hex_bytes(&v.drawn_salt_hex)
        .and_then(|salt| DeviceSecretVerifierConfig::with_salt(device, &v.random_password, &salt))
    {
        Err(e) => expect("config", &e.to_string(), "a config"),
        Ok(config) => {
            expect("config Salt", &config.salt, &v.config_salt_b64);
            expect(
                "config PasswordVerifier",
                &config.password_verifier,
                &v.config_verifier_b64,
            );
        }
    }

    // Client half.
    let challenge = DeviceChallenge {
        srp_b: &v.B_hex,
        salt: &v.salt_hex,
        secret_block: &v.secret_block_b64,
    };
    expect(
        "client TIMESTAMP",
        &timestamp::format(v.timestamp_epoch),
        &v.timestamp,
    );
    match hex_bytes(&v.a_hex).and_then(|a| Client::with_secret_in(pow, &a)) {
        Err(e) => expect("client", &e.to_string(), "a client"),
        Ok(client) => {
            expect("client A", &client.srp_a(), &v.A_hex);
            match client.device_transcript(device, &v.random_password, &challenge) {
                Err(e) => expect("client transcript", &e.to_string(), "values"),
                Ok(t) => {
                    expect("client u", &t.u_hex, &v.u_hex);
                    expect("client x", &t.x_hex, &v.x_hex);
                    expect("client S", &t.s_hex, &v.S_hex);
                    expect("client K", &t.key_hex, &v.hkdf_key_hex);
                }
            }
            match client.answer_device(device, &v.random_password, &challenge, v.timestamp_epoch) {
                Err(e) => expect("client answer", &e.to_string(), "an answer"),
                Ok(answer) => {
                    expect("client TIMESTAMP", &answer.timestamp, &v.timestamp);
                    expect("client signature", &answer.signature, &v.signature_b64);
                }
            }
        }
    }

    // Server half: ConfirmDevice's config read back, then the challenge.
    let config = DeviceSecretVerifierConfig {
        password_verifier: v.config_verifier_b64.clone(),
        salt: v.config_salt_b64.clone(),
    };
    let stored = match config.verifier() {
        Ok(stored) => stored,
        Err(e) => {
            expect("server verifier", &e.to_string(), &v.verifier_hex);
            return failures;
        }
    };
    expect("server verifier", &stored.verifier_hex(), &v.verifier_hex);
    // SALT keeps padHex's leading zeros; the stored salt is an integer.
    let sent_salt = parse_hex("SALT", &v.salt_hex, MAX_SALT_HEX).map(|s| hex(&s));
    expect(
        "server salt",
        &stored.salt_hex(),
        &sent_salt.unwrap_or_else(|e| e.to_string()),
    );
    let server = match Server::with_secret(&stored, &v.A_hex, &v.b_hex) {
        Ok(server) => server,
        Err(e) => {
            expect("server B", &e.to_string(), &v.B_hex);
            return failures;
        }
    };
    expect("server B", &server.srp_b(), &v.B_hex);
    match server.transcript() {
        Err(e) => expect("server transcript", &e.to_string(), "values"),
        Ok(t) => {
            expect("server u", &t.u_hex, &v.u_hex);
            expect("server S", &t.s_hex, &v.S_hex);
            expect("server K", &t.key_hex, &v.hkdf_key_hex);
        }
    }
    let verdict = |signature: &str| {
        let claim = Claim {
            secret_block: &v.secret_block_b64,
            timestamp: &v.timestamp,
            signature,
        };
        match server.verify_device(device, &claim, v.timestamp_epoch) {
            Ok(()) => "accepted".to_string(),
            Err(e) => format!("rejected ({e})"),
        }
    };
    expect(
        "server on signature_b64",
        &verdict(&v.signature_b64),
        "accepted",
    );
    let wrong = verdict(&v.negative.signature_b64);
    if wrong != format!("rejected ({})", Error::SignatureMismatch) {
        expect(
            &format!("server on the signature of {:?}", v.negative.wrong_password),
            &wrong,
            "rejected",
        );
    }
    failures
}
