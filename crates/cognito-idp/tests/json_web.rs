//! The wire types through the browser's codec (the `fetch` transport's in
//! wasm32), in headless Chromium: requests written as serde_json writes
//! them, nulls and maps included; answers read through `JSON.parse`, and
//! every shape the types do not take refused; documents written and read
//! as the JSON values they are.
#![cfg(all(target_arch = "wasm32", feature = "fetch"))]
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use cognito_idp::json::{self, Document};
use cognito_idp::types::{
    AuthResponse, CompleteWebAuthnRegistrationRequest, GetUserResponse, InitiateAuthRequest,
    SignUpRequest, StartWebAuthnRegistrationResponse,
};
use cognito_idp::webauthn::CredentialCreationOptions;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_request_is_written_as_serde_json_writes_it() {
    let request = InitiateAuthRequest {
        auth_flow: "USER_SRP_AUTH".into(),
        client_id: "client".into(),
        auth_parameters: BTreeMap::from([
            ("DEVICE_KEY".to_string(), None),
            ("SRP_A".to_string(), Some("ab12".to_string())),
        ]),
        client_metadata: None,
    };
    assert_eq!(
        json::to_string(&request),
        r#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"client","AuthParameters":{"DEVICE_KEY":null,"SRP_A":"ab12"}}"#
    );
}

#[wasm_bindgen_test]
fn a_response_is_read_and_a_wrong_one_refused() {
    let text = r#"{"AuthenticationResult":{"AccessToken":"a","ExpiresIn":3600,"IdToken":"i","RefreshToken":"r","TokenType":"Bearer"},"ChallengeParameters":{},"Unknown":1}"#;
    let response: AuthResponse = json::from_str(text).expect("a valid response");
    let tokens = response.authentication_result.expect("tokens");
    assert_eq!((tokens.expires_in, tokens.id_token.as_str()), (3600, "i"));
    assert_eq!(
        json::from_str::<AuthResponse>(r#"{"AuthenticationResult":{"ExpiresIn":"soon"}}"#),
        None
    );
    assert_eq!(json::from_str::<AuthResponse>("<html>"), None);
}

#[wasm_bindgen_test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let request = SignUpRequest {
        client_id: "c".into(),
        username: "quote\" backslash\\ tab\t nul\u{0} bell\u{7} é 密 😀".into(),
        password: "x".into(),
        user_attributes: vec![],
        client_metadata: None,
    };
    assert_eq!(
        json::to_string(&request),
        r#"{"ClientId":"c","Username":"quote\" backslash\\ tab\t nul\u0000 bell\u0007 é 密 😀","Password":"x"}"#
    );
}

#[wasm_bindgen_test]
fn answers_of_every_shape_are_read_or_refused() {
    let user: GetUserResponse = json::from_str(
        r#"{"Username":"u","UserAttributes":[{"Name":"email","Value":"é@x"},{"Name":"sub","Value":"1"}]}"#,
    )
    .expect("a valid answer");
    assert_eq!(user.user_attributes.len(), 2);
    assert_eq!(user.user_attributes[0].value, "é@x");
    // A null where an Option is, and absent fields with defaults.
    let bare: AuthResponse =
        json::from_str(r#"{"ChallengeName":null,"AuthenticationResult":null}"#).expect("nulls");
    assert_eq!(bare, AuthResponse::default());
    let expiring = |n: &str| {
        json::from_str::<AuthResponse>(&format!(
            r#"{{"AuthenticationResult":{{"AccessToken":"a","ExpiresIn":{n},"IdToken":"i","TokenType":"Bearer"}}}}"#
        ))
        .map(|r| r.authentication_result.map(|t| t.expires_in))
    };
    assert_eq!(expiring("3600"), Some(Some(3600)));
    // Integers: fractions, negatives, values past the type and strings are refused.
    for expires in ["1.5", "-1", "1e300", "\"3600\"", "true", "null", "[3600]"] {
        assert_eq!(expiring(expires), None, "{expires}");
    }
    // The largest safe integer is read; 2^53 is also what 2^53 + 1 parses
    // to, so it is refused rather than read as a different number.
    assert_eq!(expiring("9007199254740991"), Some(Some((1 << 53) - 1)));
    assert_eq!(expiring("9007199254740992"), None);
    assert_eq!(expiring("9007199254740993"), None);
    // A map of strings takes no other values; a string is not an object.
    assert_eq!(
        json::from_str::<AuthResponse>(r#"{"ChallengeParameters":{"SALT":1}}"#),
        None
    );
    assert_eq!(json::from_str::<AuthResponse>(r#""tokens""#), None);
    assert_eq!(
        json::from_str::<GetUserResponse>(r#"{"Username":"u"}"#),
        None
    );
}

#[wasm_bindgen_test]
fn a_document_is_written_as_the_json_it_holds() {
    // As webauthn-json's JSON.stringify writes a credential.
    let text = r#"{"id":"AQI","rawId":"AQI","type":"public-key","response":{"clientDataJSON":"e30","attestationObject":"oA","transports":["internal"]},"clientExtensionResults":{"credProps":{"rk":true}},"future":[1.5,null,"\"é"]}"#;
    let request = CompleteWebAuthnRegistrationRequest {
        access_token: "a".into(),
        credential: Document::from_text(text.into()).expect("JSON"),
    };
    assert_eq!(
        json::to_string(&request),
        format!(r#"{{"AccessToken":"a","Credential":{text}}}"#)
    );
    // Only one whole JSON value is a document: nothing else is written raw.
    for text in [
        "",
        "{",
        r#"{"a":1}}"#,
        r#"{"a":1},"b":{"c":2}"#,
        "1 2",
        "{a:1}",
        "'a'",
    ] {
        assert_eq!(
            Document::<CredentialCreationOptions>::from_text(text.into()),
            None,
            "{text}"
        );
    }
}

#[wasm_bindgen_test]
fn a_document_is_read_as_the_json_it_holds() {
    let options = r#"{"challenge":"AA","rp":{"id":"localhost","name":"localhost"},"user":{"id":"dQ","name":"u","displayName":"u"},"pubKeyCredParams":[{"type":"public-key","alg":-7}],"timeout":300000,"excludeCredentials":[],"hints":["client-device"]}"#;
    let started: StartWebAuthnRegistrationResponse = json::from_str(&format!(
        r#"{{"CredentialCreationOptions": {options}, "Other": 1}}"#
    ))
    .expect("an answer with a document");
    let document = started.credential_creation_options;
    // JSON.stringify's text of the value as it came, fields the shape does
    // not name included.
    assert_eq!(document.text(), options);
    let read = document.read().expect("creation options");
    assert_eq!(
        (read.challenge.as_str(), read.timeout),
        ("AA", Some(300_000))
    );
    // Written in the browser and read back, the same options.
    let again = Document::of(&read).expect("JSON");
    assert_eq!(again.read(), Some(read));
    // A document of another shape is read as one, and holds no options.
    for value in [
        r#""{\"challenge\":\"AA\"}""#,
        "null",
        "[1,2.5]",
        r#"{"challenge":1}"#,
    ] {
        let started: StartWebAuthnRegistrationResponse =
            json::from_str(&format!(r#"{{"CredentialCreationOptions":{value}}}"#))
                .expect("a document");
        assert_eq!(started.credential_creation_options.text(), value);
        assert_eq!(started.credential_creation_options.read(), None, "{value}");
    }
    assert_eq!(
        json::from_str::<StartWebAuthnRegistrationResponse>("{}"),
        None
    );
}
