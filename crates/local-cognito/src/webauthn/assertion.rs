//! A sign-in's assertion (AuthenticationResponseJSON, WebAuthn Level 2
//! §7.2) of a stored credential: its client data and authenticator data
//! held to what was asked, its signature by the stored key, and its
//! counter.

use cognito_idp::webauthn::AuthenticationResponse;

use super::client_data::{self, Ceremony};
use super::expected::Expected;
use super::refusal::Refusal;
use super::{authenticator_data, base64url, cose, signature};

/// Bounds on what a browser sends, decoded: authenticator data, a
/// signature.
const MAX_AUTHENTICATOR_DATA_BYTES: usize = 4096;
const MAX_SIGNATURE_BYTES: usize = 1024;

/// An assertion of a stored credential (`public_key`, its COSE key;
/// `stored_count`, its counter), checked against what was asked. The new
/// counter, to store.
pub fn verify_assertion(
    expected: &Expected<'_>,
    response: &AuthenticationResponse,
    public_key: &[u8],
    stored_count: u32,
) -> Result<u32, Refusal> {
    let client_data = client_data::read(&response.response.client_data_json)?;
    expected.check_client_data(&client_data, Ceremony::Get)?;
    let auth_data = base64url::decode(
        &response.response.authenticator_data,
        MAX_AUTHENTICATOR_DATA_BYTES,
        "authenticatorData",
    )?;
    let data = authenticator_data::parse(&auth_data)?;
    expected.check_scope(&data.scope)?;
    let signature = base64url::decode(
        &response.response.signature,
        MAX_SIGNATURE_BYTES,
        "signature",
    )?;
    let key = cose::parse(public_key)?;
    let signed = [auth_data.as_slice(), &client_data.hash].concat();
    signature::verify(&key, &signed, &signature)?;
    // §7.2 step 21: a counter that does not go up, when either is in use.
    if (data.sign_count != 0 || stored_count != 0) && data.sign_count <= stored_count {
        return Err(Refusal::CounterNotIncreased);
    }
    Ok(data.sign_count)
}

#[cfg(test)]
mod tests {
    use cognito_idp::webauthn::{AssertionResponse, PUBLIC_KEY};
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::{Signature, SigningKey};
    use sha2::{Digest, Sha256};

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
                client_data_json: base64url::encode(client_data.as_bytes()),
                authenticator_data: base64url::encode(&auth_data),
                signature: base64url::encode(signature.to_der().as_bytes()),
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
}
