//! Reference vectors in the schema of `docs/vectors.md`, and the
//! checks of both halves against them: a user's sign-in here (`set`
//! `main`), a remembered device's in [`device`].

use serde::Deserialize;

pub mod device;

pub use device::{check_device, check_device_with, DeviceVector, DeviceVectorFile};

use crate::{timestamp, Challenge, Claim, Client, Error, PasswordVerifier, Server};

/// A vector file. Fields the checks do not use are ignored.
#[derive(Debug, Deserialize)]
pub struct VectorFile {
    pub schema_version: u32,
    pub vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
#[allow(non_snake_case)] // The schema's own names: `A_hex` and `a_hex` differ.
pub struct Vector {
    pub id: String,
    pub pool_id: String,
    pub user_id_for_srp: String,
    pub password: String,
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

#[derive(Debug, Deserialize)]
pub struct Negative {
    pub wrong_password: String,
    pub signature_b64: String,
}

impl VectorFile {
    pub fn parse(json: &str) -> Result<Self, String> {
        let file: VectorFile =
            serde_json::from_str(json).map_err(|e| format!("not a vector file: {e}"))?;
        if file.schema_version != 1 {
            return Err(format!(
                "schema_version {} (expected 1)",
                file.schema_version
            ));
        }
        Ok(file)
    }
}

/// Checks the client half (A, u, x, S, K, TIMESTAMP, signature) and the server
/// half (verifier, B, u, S, K, accepting the signature, rejecting the wrong
/// password's) on one vector. Returns what differs, empty when all agree.
pub fn check(v: &Vector) -> Vec<String> {
    check_with(v, crate::Scalar)
}

/// [`check`], with the client's exponentiations done by `pow`.
pub fn check_with<P: crate::Pow>(v: &Vector, pow: P) -> Vec<String> {
    let mut failures = Vec::new();
    let mut expect = |what: &str, got: &str, want: &str| {
        if got != want {
            failures.push(format!("{what}: got {got}, expected {want}"));
        }
    };

    // Client half.
    let challenge = Challenge {
        srp_b: &v.B_hex,
        salt: &v.salt_hex,
        secret_block: &v.secret_block_b64,
        user_id_for_srp: &v.user_id_for_srp,
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
            match client.transcript(&v.pool_id, &v.password, &challenge) {
                Err(e) => expect("client transcript", &e.to_string(), "values"),
                Ok(t) => {
                    expect("client u", &t.u_hex, &v.u_hex);
                    expect("client x", &t.x_hex, &v.x_hex);
                    expect("client S", &t.s_hex, &v.S_hex);
                    expect("client K", &t.key_hex, &v.hkdf_key_hex);
                }
            }
            match client.answer(&v.pool_id, &v.password, &challenge, v.timestamp_epoch) {
                Err(e) => expect("client answer", &e.to_string(), "an answer"),
                Ok(answer) => {
                    expect("client TIMESTAMP", &answer.timestamp, &v.timestamp);
                    expect("client signature", &answer.signature, &v.signature_b64);
                }
            }
        }
    }

    // Server half.
    let verifier =
        match PasswordVerifier::with_salt(&v.pool_id, &v.user_id_for_srp, &v.password, &v.salt_hex)
        {
            Ok(verifier) => verifier,
            Err(e) => {
                expect("server verifier", &e.to_string(), &v.verifier_hex);
                return failures;
            }
        };
    expect("server verifier", &verifier.verifier_hex(), &v.verifier_hex);
    let server = match Server::with_secret(&verifier, &v.A_hex, &v.b_hex) {
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
        match server.verify(&v.pool_id, &v.user_id_for_srp, &claim, v.timestamp_epoch) {
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

/// Either vector file, told apart by its `set`, checked whole: each
/// vector's id with what differs (empty when all agree). For the
/// `check_vectors` example.
pub fn check_file(json: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    #[derive(Deserialize)]
    struct Header {
        set: String,
    }
    let header: Header =
        serde_json::from_str(json).map_err(|e| format!("not a vector file: {e}"))?;
    match header.set.as_str() {
        "main" => Ok(VectorFile::parse(json)?
            .vectors
            .iter()
            .map(|v| (v.id.clone(), check(v)))
            .collect()),
        "device" => Ok(DeviceVectorFile::parse(json)?
            .vectors
            .iter()
            .map(|v| (v.id.clone(), check_device(v)))
            .collect()),
        other => Err(format!("set {other:?} (expected \"main\" or \"device\")")),
    }
}

fn hex_bytes(text: &str) -> Result<Vec<u8>, Error> {
    crate::wire::parse_hex("a", text, crate::MAX_PUBLIC_KEY_HEX)
}
