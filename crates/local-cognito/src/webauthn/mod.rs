//! WebAuthn Level 2's relying-party checks, for real: a registration's
//! client data, attestation object and credential key (§7.1), and a
//! sign-in's assertion (§7.2). One concern a file: `client_data` (type,
//! challenge, origin), `authenticator_data` (RP ID hash, flags, counter,
//! attested credential data), `attestation` (the object, formats `none`
//! and `packed` self-attestation), `cose` (ES256 and RS256 keys),
//! `signature` (checked with ring), `cbor` (reading the binary items).
//! Nothing here touches the store: the operations give what to expect and
//! act on the outcome.

mod attestation;
mod authenticator_data;
mod cbor;
mod client_data;
mod cose;
mod signature;

use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use cognito_idp::webauthn::{AuthenticationResponse, RegistrationResponse, PUBLIC_KEY};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq as _;

use client_data::Ceremony;

pub use authenticator_data::MAX_CREDENTIAL_ID_BYTES;

/// Bounds on what a browser sends, decoded: client data, an attestation
/// object, authenticator data, a signature.
const MAX_CLIENT_DATA_BYTES: usize = 4096;
const MAX_ATTESTATION_OBJECT_BYTES: usize = 16_384;
const MAX_AUTHENTICATOR_DATA_BYTES: usize = 4096;
const MAX_SIGNATURE_BYTES: usize = 1024;

/// base64url as browsers write it: no padding, though padding is read.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why a credential or an assertion is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not what WebAuthn sends (the part named): base64url, JSON, CBOR,
    /// lengths, ids that disagree.
    Malformed(&'static str),
    /// The client data is of the other ceremony.
    WrongCeremony,
    /// The client data's challenge is not the one given.
    ChallengeMismatch,
    /// The page was not the relying party's.
    OriginNotAllowed,
    /// The credential is scoped to another RP ID.
    RelyingPartyMismatch,
    /// The authenticator did not see the user (the UP flag).
    UserNotPresent,
    /// The pool requires user verification and it was not done (UV).
    UserNotVerified,
    /// A key, algorithm or attestation not taken here (what, named).
    NotSupported(&'static str),
    BadSignature,
    /// The signature counter did not go up: a cloned authenticator, or a
    /// replayed assertion.
    CounterNotIncreased,
}

/// What a ceremony must match: the challenge given (base64url), the
/// pool's RP ID and whether it requires user verification.
pub struct Expected<'a> {
    pub challenge: &'a str,
    pub relying_party_id: &'a str,
    pub user_verification_required: bool,
}

/// A registration that passed: the credential to keep.
#[derive(Debug)]
pub struct NewCredential {
    pub id: Vec<u8>,
    /// The COSE key as the authenticator encoded it.
    pub public_key: Vec<u8>,
    pub sign_count: u32,
}

/// base64url text, decoded, of at most `max` bytes.
pub fn base64url(text: &str, max: usize, what: &'static str) -> Result<Vec<u8>, Refusal> {
    // Four characters carry three bytes: refuse the too long before decoding.
    if text.len() > max.div_ceil(3) * 4 {
        return Err(Refusal::Malformed(what));
    }
    let bytes = BASE64URL
        .decode(text)
        .map_err(|_| Refusal::Malformed(what))?;
    if bytes.len() > max {
        return Err(Refusal::Malformed(what));
    }
    Ok(bytes)
}

/// Bytes as base64url, as WebAuthn's JSON carries them.
pub fn to_base64url(bytes: &[u8]) -> String {
    BASE64URL.encode(bytes)
}

/// The credential's id, as given: `id` and `rawId` must agree and decode.
pub fn credential_id(id: &str, raw_id: &str, credential_type: &str) -> Result<Vec<u8>, Refusal> {
    if credential_type != PUBLIC_KEY {
        return Err(Refusal::Malformed("type"));
    }
    let decoded = base64url(id, MAX_CREDENTIAL_ID_BYTES, "id")?;
    if decoded.is_empty() || base64url(raw_id, MAX_CREDENTIAL_ID_BYTES, "rawId")? != decoded {
        return Err(Refusal::Malformed("rawId"));
    }
    Ok(decoded)
}

/// The client data (base64url), decoded and checked against the
/// ceremony and what was asked; its bytes, which the signatures cover.
fn checked_client_data(
    text: &str,
    ceremony: Ceremony,
    expected: &Expected<'_>,
) -> Result<Vec<u8>, Refusal> {
    let client_data = base64url(text, MAX_CLIENT_DATA_BYTES, "clientDataJSON")?;
    client_data::check(
        &client_data,
        ceremony,
        expected.challenge,
        expected.relying_party_id,
    )?;
    Ok(client_data)
}

/// The checks both ceremonies make of the authenticator data.
fn check_authenticator(
    data: &authenticator_data::AuthenticatorData<'_>,
    expected: &Expected<'_>,
) -> Result<(), Refusal> {
    let rp_id_hash = Sha256::digest(expected.relying_party_id.as_bytes());
    if !bool::from(data.rp_id_hash.ct_eq(rp_id_hash.as_slice())) {
        return Err(Refusal::RelyingPartyMismatch);
    }
    if !data.user_present {
        return Err(Refusal::UserNotPresent);
    }
    if expected.user_verification_required && !data.user_verified {
        return Err(Refusal::UserNotVerified);
    }
    Ok(())
}

/// A registration (RegistrationResponseJSON) checked against what was
/// asked: §7.1, attestation `none` or `packed` self-attestation.
pub fn verify_registration(
    expected: &Expected<'_>,
    response: &RegistrationResponse,
) -> Result<NewCredential, Refusal> {
    let id = credential_id(&response.id, &response.raw_id, &response.credential_type)?;
    let client_data = checked_client_data(
        &response.response.client_data_json,
        Ceremony::Create,
        expected,
    )?;
    let object = attestation::parse(&base64url(
        &response.response.attestation_object,
        MAX_ATTESTATION_OBJECT_BYTES,
        "attestationObject",
    )?)?;
    let data = authenticator_data::parse(&object.auth_data)?;
    check_authenticator(&data, expected)?;
    let attested = data
        .attested
        .as_ref()
        .ok_or(Refusal::Malformed("authenticatorData"))?;
    if attested.credential_id != id.as_slice() {
        return Err(Refusal::Malformed("id"));
    }
    let key = cose::parse(attested.public_key)?;
    attestation::verify_statement(&object, &key, &Sha256::digest(&client_data))?;
    Ok(NewCredential {
        id,
        public_key: attested.public_key.to_vec(),
        sign_count: data.sign_count,
    })
}

/// An assertion (AuthenticationResponseJSON) of a stored credential
/// (`public_key`, its COSE key; `stored_count`, its counter), checked
/// against what was asked: §7.2. The new counter, to store.
pub fn verify_assertion(
    expected: &Expected<'_>,
    response: &AuthenticationResponse,
    public_key: &[u8],
    stored_count: u32,
) -> Result<u32, Refusal> {
    let client_data =
        checked_client_data(&response.response.client_data_json, Ceremony::Get, expected)?;
    let auth_data = base64url(
        &response.response.authenticator_data,
        MAX_AUTHENTICATOR_DATA_BYTES,
        "authenticatorData",
    )?;
    let data = authenticator_data::parse(&auth_data)?;
    check_authenticator(&data, expected)?;
    let signature = base64url(
        &response.response.signature,
        MAX_SIGNATURE_BYTES,
        "signature",
    )?;
    let key = cose::parse(public_key)?;
    let signed = [
        auth_data.as_slice(),
        Sha256::digest(&client_data).as_slice(),
    ]
    .concat();
    signature::verify(&key, &signed, &signature)?;
    // §7.2 step 21: a counter that does not go up, when either is in use.
    if (data.sign_count != 0 || stored_count != 0) && data.sign_count <= stored_count {
        return Err(Refusal::CounterNotIncreased);
    }
    Ok(data.sign_count)
}

#[cfg(test)]
mod tests {
    use cognito_idp::webauthn::AssertionResponse;
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::{Signature, SigningKey};

    use super::*;

    const CHALLENGE: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    /// A P-256 key's COSE form.
    fn cose_key(key: &SigningKey) -> Vec<u8> {
        let point = key.verifying_key().to_encoded_point(false);
        let map = ciborium::Value::Map(vec![
            (1.into(), 2.into()),
            (3.into(), (-7).into()),
            ((-1).into(), 1.into()),
            (
                (-2).into(),
                ciborium::Value::Bytes(point.x().unwrap().to_vec()),
            ),
            (
                (-3).into(),
                ciborium::Value::Bytes(point.y().unwrap().to_vec()),
            ),
        ]);
        let mut bytes = Vec::new();
        ciborium::ser::into_writer(&map, &mut bytes).unwrap();
        bytes
    }

    /// An assertion for localhost, user present, with `count`.
    fn assertion(key: &SigningKey, count: u32) -> AuthenticationResponse {
        let client_data = format!(
            r#"{{"type":"webauthn.get","challenge":"{CHALLENGE}","origin":"http://localhost:8080"}}"#
        );
        let mut auth_data = Sha256::digest(b"localhost").to_vec();
        auth_data.push(0x01);
        auth_data.extend_from_slice(&count.to_be_bytes());
        let signed = [
            auth_data.as_slice(),
            &Sha256::digest(client_data.as_bytes()),
        ]
        .concat();
        let signature: Signature = key.sign(&signed);
        AuthenticationResponse {
            id: "AQ".into(),
            raw_id: "AQ".into(),
            credential_type: PUBLIC_KEY.into(),
            response: AssertionResponse {
                client_data_json: to_base64url(client_data.as_bytes()),
                authenticator_data: to_base64url(&auth_data),
                signature: to_base64url(signature.to_der().as_bytes()),
                user_handle: None,
            },
            client_extension_results: Default::default(),
            authenticator_attachment: None,
        }
    }

    #[test]
    fn assertions_are_signed_by_the_key_and_count_up() {
        let key = SigningKey::random(&mut rand::rngs::OsRng);
        let expected = Expected {
            challenge: CHALLENGE,
            relying_party_id: "localhost",
            user_verification_required: false,
        };
        let public_key = cose_key(&key);
        assert_eq!(
            verify_assertion(&expected, &assertion(&key, 5), &public_key, 4),
            Ok(5)
        );
        // Not above the stored counter; both zero (no counter) passes.
        assert_eq!(
            verify_assertion(&expected, &assertion(&key, 4), &public_key, 4),
            Err(Refusal::CounterNotIncreased)
        );
        assert_eq!(
            verify_assertion(&expected, &assertion(&key, 0), &public_key, 0),
            Ok(0)
        );
        // Another key's signature; the pool requiring verification.
        let other = SigningKey::random(&mut rand::rngs::OsRng);
        assert_eq!(
            verify_assertion(&expected, &assertion(&other, 5), &public_key, 4),
            Err(Refusal::BadSignature)
        );
        let strict = Expected {
            user_verification_required: true,
            ..expected
        };
        assert_eq!(
            verify_assertion(&strict, &assertion(&key, 5), &public_key, 4),
            Err(Refusal::UserNotVerified)
        );
    }

    #[test]
    fn base64url_is_bounded_before_it_is_decoded() {
        assert_eq!(base64url("AQID", 3, "x"), Ok(vec![1, 2, 3]));
        assert_eq!(base64url("AQI=", 3, "x"), Ok(vec![1, 2]));
        assert_eq!(base64url("AQIDBA", 3, "x"), Err(Refusal::Malformed("x")));
        assert_eq!(
            base64url(&"A".repeat(10_000), 3, "x"),
            Err(Refusal::Malformed("x"))
        );
        assert_eq!(base64url("+/==", 3, "x"), Err(Refusal::Malformed("x")));
        assert_eq!(credential_id("AQ", "AQ", "public-key"), Ok(vec![1]));
        assert!(credential_id("AQ", "Ag", "public-key").is_err());
        assert!(credential_id("AQ", "AQ", "password").is_err());
    }
}
