//! Reference vectors in the schema of `docs/vectors.md`, and the
//! checks of both halves against them: a user's sign-in here (`set`
//! `main`), a remembered device's in [`device`].

use serde::Deserialize;

pub mod device;

pub use device::{check_device, check_device_with, DeviceVector, DeviceVectorFile};

use crate::{
    timestamp, Challenge, ChallengeAnswer, Claim, Client, Error, PasswordVerifier, Server,
    Transcript,
};

/// A vector file. Fields the checks do not use are ignored.
#[derive(Debug, Deserialize)]
pub struct VectorFile {
    pub schema_version: u32,
    pub vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
pub struct Vector {
    pub id: String,
    pub pool_id: String,
    pub user_id_for_srp: String,
    pub password: String,
    pub salt_hex: String,
    #[serde(flatten)]
    pub round: Round,
}

/// The SRP round a vector records, the same fields for a user's sign-in
/// and a device's: both halves' values, the claim, and the wrong
/// password's signature.
#[derive(Debug, Deserialize)]
#[allow(non_snake_case)] // The schema's own names: `A_hex` and `a_hex` differ.
pub struct Round {
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
    let mut failures = Failures::default();
    let r = &v.round;

    // Client half.
    let challenge = Challenge {
        srp_b: &r.B_hex,
        salt: &v.salt_hex,
        secret_block: &r.secret_block_b64,
        user_id_for_srp: &v.user_id_for_srp,
    };
    client_half(
        &mut failures,
        r,
        pow,
        |client| client.transcript(&v.pool_id, &v.password, &challenge),
        |client| client.answer(&v.pool_id, &v.password, &challenge, r.timestamp_epoch),
    );

    // Server half.
    let verifier =
        match PasswordVerifier::with_salt(&v.pool_id, &v.user_id_for_srp, &v.password, &v.salt_hex)
        {
            Ok(verifier) => verifier,
            Err(e) => {
                failures.expect("server verifier", &e.to_string(), &r.verifier_hex);
                return failures.0;
            }
        };
    failures.expect("server verifier", &verifier.verifier_hex(), &r.verifier_hex);
    server_half(&mut failures, r, &verifier, |server, claim| {
        server.verify(&v.pool_id, &v.user_id_for_srp, claim, r.timestamp_epoch)
    });
    failures.0
}

/// What differs, each as `what: got …, expected …`.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn expect(&mut self, what: &str, got: &str, want: &str) {
        if got != want {
            self.0.push(format!("{what}: got {got}, expected {want}"));
        }
    }
}

/// The client half of a round: `TIMESTAMP`, `A` from `a`, then the values
/// of `transcript` (u, x, S, K) and the claim of `answer`.
fn client_half<P: crate::Pow>(
    failures: &mut Failures,
    r: &Round,
    pow: P,
    transcript: impl FnOnce(&Client<P>) -> Result<Transcript, Error>,
    answer: impl FnOnce(&Client<P>) -> Result<ChallengeAnswer, Error>,
) {
    failures.expect(
        "client TIMESTAMP",
        &timestamp::format(r.timestamp_epoch),
        &r.timestamp,
    );
    let client = match hex_bytes(&r.a_hex).and_then(|a| Client::with_secret_in(pow, &a)) {
        Ok(client) => client,
        Err(e) => return failures.expect("client", &e.to_string(), "a client"),
    };
    failures.expect("client A", &client.srp_a(), &r.A_hex);
    match transcript(&client) {
        Err(e) => failures.expect("client transcript", &e.to_string(), "values"),
        Ok(t) => {
            failures.expect("client u", &t.u_hex, &r.u_hex);
            failures.expect("client x", &t.x_hex, &r.x_hex);
            failures.expect("client S", &t.s_hex, &r.S_hex);
            failures.expect("client K", &t.key_hex, &r.hkdf_key_hex);
        }
    }
    match answer(&client) {
        Err(e) => failures.expect("client answer", &e.to_string(), "an answer"),
        Ok(answer) => {
            failures.expect("client TIMESTAMP", &answer.timestamp, &r.timestamp);
            failures.expect("client signature", &answer.signature, &r.signature_b64);
        }
    }
}

/// The server half of a round, from the stored `verifier`: B, the values
/// (u, S, K), then `verify` accepting the claim and rejecting the wrong
/// password's.
fn server_half(
    failures: &mut Failures,
    r: &Round,
    verifier: &PasswordVerifier,
    verify: impl Fn(&Server, &Claim<'_>) -> Result<(), Error>,
) {
    let server = match Server::with_secret(verifier, &r.A_hex, &r.b_hex) {
        Ok(server) => server,
        Err(e) => return failures.expect("server B", &e.to_string(), &r.B_hex),
    };
    failures.expect("server B", &server.srp_b(), &r.B_hex);
    match server.transcript() {
        Err(e) => failures.expect("server transcript", &e.to_string(), "values"),
        Ok(t) => {
            failures.expect("server u", &t.u_hex, &r.u_hex);
            failures.expect("server S", &t.s_hex, &r.S_hex);
            failures.expect("server K", &t.key_hex, &r.hkdf_key_hex);
        }
    }
    let verdict = |signature: &str| {
        let claim = Claim {
            secret_block: &r.secret_block_b64,
            timestamp: &r.timestamp,
            signature,
        };
        match verify(&server, &claim) {
            Ok(()) => "accepted".to_string(),
            Err(e) => format!("rejected ({e})"),
        }
    };
    failures.expect(
        "server on signature_b64",
        &verdict(&r.signature_b64),
        "accepted",
    );
    let wrong = verdict(&r.negative.signature_b64);
    if wrong != format!("rejected ({})", Error::SignatureMismatch) {
        failures.expect(
            &format!("server on the signature of {:?}", r.negative.wrong_password),
            &wrong,
            "rejected",
        );
    }
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
