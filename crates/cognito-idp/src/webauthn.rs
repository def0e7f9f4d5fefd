//! The WebAuthn documents Cognito's passkey operations carry, as JSON
//! (WebAuthn Level 3's `*JSON` dictionaries): what StartWebAuthnRegistration
//! gives the browser ([`CredentialCreationOptions`]), what
//! CompleteWebAuthnRegistration takes back ([`RegistrationResponse`]), and
//! the sign-in's pair: the WEB_AUTHN challenge's `CREDENTIAL_REQUEST_OPTIONS`
//! ([`CredentialRequestOptions`]) and its answer's `CREDENTIAL`
//! ([`AuthenticationResponse`]). Binary values are base64url strings;
//! field names are WebAuthn's (camelCase); optional fields are left out
//! when absent; fields not named here are ignored.

use serde::{Deserialize, Serialize};

/// `PublicKeyCredentialType`: the only one there is.
pub const PUBLIC_KEY: &str = "public-key";

/// COSE algorithm ids (RFC 9053): ECDSA P-256 with SHA-256.
pub const ES256: i64 = -7;
/// COSE algorithm ids: RSASSA-PKCS1-v1_5 with SHA-256.
pub const RS256: i64 = -257;

/// PublicKeyCredentialCreationOptionsJSON: the options of
/// `navigator.credentials.create()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialCreationOptions {
    pub challenge: String,
    pub rp: RelyingParty,
    pub user: UserEntity,
    pub pub_key_cred_params: Vec<CredentialParameters>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    #[serde(default)]
    pub exclude_credentials: Vec<CredentialDescriptor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_selection: Option<AuthenticatorSelection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<String>,
}

/// PublicKeyCredentialRpEntity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelyingParty {
    pub id: String,
    pub name: String,
}

/// PublicKeyCredentialUserEntityJSON: `id` is the user handle an
/// authenticator gives back at sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserEntity {
    pub id: String,
    pub name: String,
    pub display_name: String,
}

/// PublicKeyCredentialParameters: a key type the relying party takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialParameters {
    #[serde(rename = "type")]
    pub credential_type: String,
    pub alg: i64,
}

/// PublicKeyCredentialDescriptorJSON: a credential, by its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialDescriptor {
    #[serde(rename = "type")]
    pub credential_type: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transports: Option<Vec<String>>,
}

/// AuthenticatorSelectionCriteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticatorSelection {
    pub resident_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_resident_key: Option<bool>,
    pub user_verification: String,
}

/// PublicKeyCredentialRequestOptionsJSON: the options of
/// `navigator.credentials.get()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialRequestOptions {
    pub challenge: String,
    pub rp_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    #[serde(default)]
    pub allow_credentials: Vec<CredentialDescriptor>,
    pub user_verification: String,
}

/// A PublicKeyCredential as JSON, with the response of its ceremony:
/// [`RegistrationResponse`] or [`AuthenticationResponse`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyCredential<Response> {
    pub id: String,
    pub raw_id: String,
    #[serde(rename = "type")]
    pub credential_type: String,
    pub response: Response,
    #[serde(default)]
    pub client_extension_results: ClientExtensionResults,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<String>,
}

/// AuthenticationExtensionsClientOutputsJSON, of the one extension a
/// passkey reports unasked: whether it is discoverable (credProps). Others
/// are left out: the service reads none. (Typed, not a JSON value, so that
/// the app's wasm carries no general JSON number code.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientExtensionResults {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cred_props: Option<CredentialProperties>,
}

/// CredentialPropertiesOutput: `rk`, whether the credential is a
/// discoverable (resident) one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialProperties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rk: Option<bool>,
}

/// RegistrationResponseJSON: the new credential, from
/// `navigator.credentials.create()`.
pub type RegistrationResponse = PublicKeyCredential<AttestationResponse>;

/// AuthenticatorAttestationResponseJSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttestationResponse {
    #[serde(rename = "clientDataJSON")]
    pub client_data_json: String,
    pub attestation_object: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transports: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_algorithm: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_data: Option<String>,
}

/// AuthenticationResponseJSON: an assertion, from
/// `navigator.credentials.get()`.
pub type AuthenticationResponse = PublicKeyCredential<AssertionResponse>;

/// AuthenticatorAssertionResponseJSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssertionResponse {
    #[serde(rename = "clientDataJSON")]
    pub client_data_json: String,
    pub authenticator_data: String,
    pub signature: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_handle: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_responses_read_as_browsers_write_them() {
        // As Amplify's serializePkcWithAttestationToJson writes one, with a
        // field this crate does not know.
        let text = r#"{"type":"public-key","id":"AQI","rawId":"AQI",
            "clientExtensionResults":{"credProps":{"rk":true}},
            "authenticatorAttachment":"platform","future":1,
            "response":{"clientDataJSON":"e30","attestationObject":"oA",
                "transports":["internal","hybrid"],"publicKeyAlgorithm":-7,
                "authenticatorData":"AA","publicKey":"MA"}}"#;
        let read: RegistrationResponse = serde_json::from_str(text).unwrap();
        assert_eq!(read.credential_type, PUBLIC_KEY);
        assert_eq!(read.response.client_data_json, "e30");
        assert_eq!(read.response.public_key_algorithm, Some(ES256));
        assert_eq!(read.authenticator_attachment.as_deref(), Some("platform"));
        assert_eq!(
            read.client_extension_results.cred_props,
            Some(CredentialProperties { rk: Some(true) })
        );
        let written = serde_json::to_value(&read).unwrap();
        assert_eq!(written["response"]["clientDataJSON"], "e30");
        assert!(written.get("future").is_none());
    }

    #[test]
    fn absent_options_are_left_out() {
        let options = CredentialRequestOptions {
            challenge: "AA".into(),
            rp_id: "localhost".into(),
            timeout: None,
            allow_credentials: vec![CredentialDescriptor {
                credential_type: PUBLIC_KEY.into(),
                id: "AQI".into(),
                transports: None,
            }],
            user_verification: "preferred".into(),
        };
        let written = serde_json::to_value(&options).unwrap();
        assert_eq!(
            written,
            serde_json::json!({"challenge": "AA", "rpId": "localhost",
                "allowCredentials": [{"type": "public-key", "id": "AQI"}],
                "userVerification": "preferred"})
        );
        // An assertion without a user handle (a non-discoverable credential).
        let read: AuthenticationResponse = serde_json::from_str(
            r#"{"id":"AQI","rawId":"AQI","type":"public-key","response":
                {"clientDataJSON":"e30","authenticatorData":"AA","signature":"MA"}}"#,
        )
        .unwrap();
        assert_eq!(read.response.user_handle, None);
        assert_eq!(read.client_extension_results, Default::default());
    }
}
