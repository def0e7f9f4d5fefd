//! The wire types through the browser's JSON (the `fetch` transport's
//! codec in wasm32), in headless Chromium: the same text as serde_json
//! writes natively, nulls and maps included.
#![cfg(all(target_arch = "wasm32", feature = "fetch"))]

use std::collections::BTreeMap;

use cognito_idp::json;
use cognito_idp::types::{AuthResponse, InitiateAuthRequest};
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
