//! The conversions in a real browser (Chromium, through
//! wasm-bindgen-test-runner): the service's JSON into the objects
//! `navigator.credentials` takes, and its credentials back into JSON.
#![cfg(target_arch = "wasm32")]
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use js_sys::{ArrayBuffer, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use webauthn_json::{
    assertion_json, creation_options, registration_json, request_options, PasskeyError,
};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const bytes = (...b) => new Uint8Array(b).buffer;
// Shaped as a browser's PublicKeyCredential: fields, and the getters of
// the attestation response, as Chromium has them.
export function registration(withPublicKey) {
  return {
    id: "AQID", rawId: bytes(1, 2, 3), type: "public-key",
    authenticatorAttachment: "platform",
    getClientExtensionResults() { return { credProps: { rk: true } }; },
    response: {
      clientDataJSON: bytes(123, 125), attestationObject: bytes(0xa0),
      getTransports() { return ["internal"]; },
      getPublicKeyAlgorithm() { return -7; },
      getAuthenticatorData() { return bytes(0xfb, 0xff); },
      getPublicKey() { return withPublicKey ? bytes(4, 5) : null; },
    },
  };
}
export function assertion(userHandle) {
  return {
    id: "BwgJ", rawId: bytes(7, 8, 9), type: "public-key",
    authenticatorAttachment: null,
    getClientExtensionResults() { return {}; },
    response: {
      clientDataJSON: bytes(1), authenticatorData: bytes(2), signature: bytes(3),
      userHandle: userHandle ? bytes(0x75) : null,
    },
  };
}
"#)]
extern "C" {
    fn registration(with_public_key: bool) -> JsValue;
    fn assertion(user_handle: bool) -> JsValue;
}

fn at(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        Reflect::get(&v, &(*key).into()).unwrap()
    })
}

fn bytes(value: &JsValue) -> Vec<u8> {
    assert!(
        value.is_instance_of::<ArrayBuffer>(),
        "{value:?} is an ArrayBuffer"
    );
    Uint8Array::new(value).to_vec()
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn creation_options_get_their_binary_fields_as_buffers_and_keep_the_rest() {
    let options = creation_options(
        r#"{"challenge":"AAEC_w","rp":{"id":"localhost","name":"Wild Rydes"},
            "user":{"id":"dXNlcg","name":"rider@example.com","displayName":"rider@example.com"},
            "pubKeyCredParams":[{"type":"public-key","alg":-7}],
            "excludeCredentials":[{"type":"public-key","id":"AQID","transports":["internal"]}],
            "authenticatorSelection":{"residentKey":"required","userVerification":"preferred"}}"#,
    )
    .unwrap();
    assert_eq!(bytes(&at(&options, &["challenge"])), [0, 1, 2, 255]);
    assert_eq!(bytes(&at(&options, &["user", "id"])), b"user");
    let excluded = at(&options, &["excludeCredentials"]);
    assert_eq!(bytes(&at(&excluded, &["0", "id"])), [1, 2, 3]);
    assert_eq!(at(&excluded, &["0", "transports", "0"]), "internal");
    assert_eq!(at(&options, &["rp", "id"]), "localhost");
    assert_eq!(at(&options, &["user", "name"]), "rider@example.com");
    assert_eq!(
        at(&options, &["authenticatorSelection", "residentKey"]),
        "required"
    );
}

#[wasm_bindgen_test]
fn request_options_convert_allowed_credentials_and_leave_an_absent_list_absent() {
    let options = request_options(
        r#"{"challenge":"AAEC","rpId":"localhost","timeout":180000,"userVerification":"preferred",
            "allowCredentials":[{"type":"public-key","id":"BwgJ"},{"type":"public-key","id":"AQ"}]}"#,
    )
    .unwrap();
    assert_eq!(bytes(&at(&options, &["challenge"])), [0, 1, 2]);
    assert_eq!(
        bytes(&at(&options, &["allowCredentials", "0", "id"])),
        [7, 8, 9]
    );
    assert_eq!(bytes(&at(&options, &["allowCredentials", "1", "id"])), [1]);
    assert_eq!(at(&options, &["timeout"]), 180000);
    let bare = request_options(r#"{"challenge":"AAEC","rpId":"localhost"}"#).unwrap();
    assert!(at(&bare, &["allowCredentials"]).is_undefined());
}

#[wasm_bindgen_test]
fn options_that_are_not_webauthn_json_are_refused_not_thrown() {
    for bad in [
        "",
        "not json",
        "[]",
        "\"text\"",
        r#"{"rpId":"localhost"}"#,
        r#"{"challenge":"+/+/"}"#,
        r#"{"challenge":17}"#,
        r#"{"challenge":"AAEC","allowCredentials":{"id":"AQ"}}"#,
        r#"{"challenge":"AAEC","allowCredentials":[{"type":"public-key"}]}"#,
    ] {
        assert_eq!(
            request_options(bad).err(),
            Some(PasskeyError::BadOptions),
            "{bad}"
        );
    }
    // Registration needs the user's id too.
    let no_user = r#"{"challenge":"AAEC","rp":{"name":"Wild Rydes"}}"#;
    assert_eq!(
        creation_options(no_user).err(),
        Some(PasskeyError::BadOptions)
    );
}

#[wasm_bindgen_test]
fn a_new_credential_becomes_registration_response_json() {
    let text = registration_json(&registration(true)).unwrap();
    let out = json(&text);
    assert_eq!(at(&out, &["id"]), "AQID");
    assert_eq!(at(&out, &["rawId"]), "AQID");
    assert_eq!(at(&out, &["type"]), "public-key");
    assert_eq!(at(&out, &["authenticatorAttachment"]), "platform");
    assert_eq!(
        at(&out, &["clientExtensionResults", "credProps", "rk"]),
        true
    );
    assert_eq!(at(&out, &["response", "clientDataJSON"]), "e30");
    assert_eq!(at(&out, &["response", "attestationObject"]), "oA");
    assert_eq!(at(&out, &["response", "transports", "0"]), "internal");
    assert_eq!(at(&out, &["response", "publicKeyAlgorithm"]), -7);
    assert_eq!(at(&out, &["response", "authenticatorData"]), "-_8");
    assert_eq!(at(&out, &["response", "publicKey"]), "BAU");
    // A key the browser cannot express (getPublicKey() null) is left out.
    let out = json(&registration_json(&registration(false)).unwrap());
    assert!(at(&out, &["response", "publicKey"]).is_undefined());
}

#[wasm_bindgen_test]
fn an_assertion_becomes_authentication_response_json() {
    let out = json(&assertion_json(&assertion(true)).unwrap());
    assert_eq!(at(&out, &["id"]), "BwgJ");
    assert_eq!(at(&out, &["rawId"]), "BwgJ");
    assert_eq!(at(&out, &["response", "clientDataJSON"]), "AQ");
    assert_eq!(at(&out, &["response", "authenticatorData"]), "Ag");
    assert_eq!(at(&out, &["response", "signature"]), "Aw");
    assert_eq!(at(&out, &["response", "userHandle"]), "dQ");
    // A null user handle and a null attachment are left out, not "null".
    let out = json(&assertion_json(&assertion(false)).unwrap());
    assert!(at(&out, &["response", "userHandle"]).is_undefined());
    assert!(at(&out, &["authenticatorAttachment"]).is_undefined());
    // Something that is not a credential is refused.
    assert_eq!(
        assertion_json(&JsValue::NULL).err(),
        Some(PasskeyError::Failed)
    );
}

#[wasm_bindgen_test]
fn chromium_on_a_loopback_address_has_passkeys() {
    assert!(webauthn_json::supported());
}

#[wasm_bindgen_test]
async fn a_relying_party_of_another_site_is_refused_by_the_browser() {
    // The test page is on 127.0.0.1: Chromium itself refuses the RP ID
    // before any authenticator is asked.
    let options = r#"{"challenge":"AAECAwQFBgcICQoLDA0ODw","rpId":"example.com","timeout":1000}"#;
    assert_eq!(
        webauthn_json::get(options).await.err(),
        Some(PasskeyError::WrongSite)
    );
}
