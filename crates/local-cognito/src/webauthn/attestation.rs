//! The attestation object of a registration (WebAuthn Level 2, §6.5): its
//! format, its statement and the authenticator data. Format `none` is
//! taken (what browsers send for `attestation: "none"`), and `packed`
//! self-attestation (signed by the new credential's own key); a statement
//! with a certificate chain, or any other format, is not.

use ciborium::Value;

use super::cose::PublicKey;
use super::refusal::Refusal;
use super::{cbor, signature};

pub struct AttestationObject {
    pub format: String,
    pub statement: Vec<(Value, Value)>,
    pub auth_data: Vec<u8>,
}

/// Reads an attestation object, whole.
pub fn parse(bytes: &[u8]) -> Result<AttestationObject, Refusal> {
    let malformed = Refusal::Malformed("attestationObject");
    let entries = cbor::map(
        cbor::read_all(bytes, "attestationObject")?,
        "attestationObject",
    )?;
    let format = cbor::by_text(&entries, "fmt")
        .and_then(Value::as_text)
        .ok_or(malformed)?
        .to_string();
    let statement = cbor::by_text(&entries, "attStmt")
        .cloned()
        .ok_or(malformed)
        .and_then(|value| cbor::map(value, "attStmt"))?;
    let auth_data = cbor::by_text(&entries, "authData")
        .and_then(Value::as_bytes)
        .ok_or(malformed)?
        .clone();
    Ok(AttestationObject {
        format,
        statement,
        auth_data,
    })
}

/// Checks the statement: `none` is empty; `packed` without `x5c` is the
/// credential's own signature over the authenticator data and the client
/// data's hash, with the credential's algorithm.
pub fn verify_statement(
    object: &AttestationObject,
    key: &PublicKey,
    client_data_hash: &[u8],
) -> Result<(), Refusal> {
    match object.format.as_str() {
        "none" if object.statement.is_empty() => Ok(()),
        "none" => Err(Refusal::Malformed("attStmt")),
        "packed" => {
            if cbor::by_text(&object.statement, "x5c").is_some() {
                return Err(Refusal::NotSupported("attestation with a certificate"));
            }
            let alg = cbor::by_text(&object.statement, "alg").and_then(cbor::integer);
            let sig = cbor::by_text(&object.statement, "sig").and_then(Value::as_bytes);
            let (Some(alg), Some(sig)) = (alg, sig) else {
                return Err(Refusal::Malformed("attStmt"));
            };
            if alg != key.algorithm() {
                return Err(Refusal::Malformed("attStmt"));
            }
            let signed = [object.auth_data.as_slice(), client_data_hash].concat();
            signature::verify(key, &signed, sig)
        }
        _ => Err(Refusal::NotSupported("this attestation format")),
    }
}
