//! The ceremonies through `navigator.credentials`, and the conversions on
//! each side of them (public so that they are tested in a browser on their
//! own: a real authenticator needs a person or DevTools).

use js_sys::{Array, ArrayBuffer, Function, Object, Promise, Reflect, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::{base64url, PasskeyError};

/// Whether this browser can use passkeys here: WebAuthn exists and the
/// page is a secure context (https, or http on localhost).
pub fn supported() -> bool {
    let global = js_sys::global();
    field(&global, "isSecureContext").as_bool() == Some(true)
        && field(&global, "PublicKeyCredential").is_function()
        && field(&field(&global, "navigator"), "credentials").is_object()
}

/// Registration: a new passkey for the options' JSON; the
/// `RegistrationResponseJSON` text for the service.
pub async fn create(options: &str) -> Result<String, PasskeyError> {
    let credential = ceremony("create", creation_options(options)?).await?;
    registration_json(&credential)
}

/// Sign-in: an assertion for the options' JSON; the
/// `AuthenticationResponseJSON` text for the service.
pub async fn get(options: &str) -> Result<String, PasskeyError> {
    let credential = ceremony("get", request_options(options)?).await?;
    assertion_json(&credential)
}

/// `navigator.credentials[method]({ publicKey })`, its refusal named.
async fn ceremony(method: &str, public_key: JsValue) -> Result<JsValue, PasskeyError> {
    if !supported() {
        return Err(PasskeyError::Unsupported);
    }
    let container = field(&field(&js_sys::global(), "navigator"), "credentials");
    let call = field(&container, method)
        .dyn_into::<Function>()
        .map_err(|_| PasskeyError::Unsupported)?;
    let options = Object::new();
    put(&options, "publicKey", &public_key);
    let pending = call.call1(&container, &options).map_err(refusal)?;
    let credential = JsFuture::from(Promise::resolve(&pending))
        .await
        .map_err(refusal)?;
    if credential.is_object() {
        Ok(credential)
    } else {
        Err(PasskeyError::Failed)
    }
}

/// What a DOMException of a ceremony means to the user.
fn refusal(error: JsValue) -> PasskeyError {
    match field(&error, "name").as_string().as_deref() {
        Some("NotAllowedError" | "AbortError") => PasskeyError::NotAllowed,
        Some("InvalidStateError") => PasskeyError::AlreadyRegistered,
        Some("SecurityError") => PasskeyError::WrongSite,
        Some("NotSupportedError") => PasskeyError::Unsupported,
        Some("TypeError") => PasskeyError::BadOptions,
        _ => PasskeyError::Failed,
    }
}

/// `PublicKeyCredentialCreationOptions` from their JSON: the challenge,
/// the user's id and each excluded credential's id as ArrayBuffers.
pub fn creation_options(json: &str) -> Result<JsValue, PasskeyError> {
    let options = parse(json)?;
    to_buffer(&options, "challenge")?;
    to_buffer(&field(&options, "user"), "id")?;
    descriptors(&options, "excludeCredentials")?;
    Ok(options)
}

/// `PublicKeyCredentialRequestOptions` from their JSON: the challenge and
/// each allowed credential's id as ArrayBuffers.
pub fn request_options(json: &str) -> Result<JsValue, PasskeyError> {
    let options = parse(json)?;
    to_buffer(&options, "challenge")?;
    descriptors(&options, "allowCredentials")?;
    Ok(options)
}

/// A new credential (`create`'s) as `RegistrationResponseJSON` text. The
/// getters of Level 2 browsers' attestation response are used where they
/// exist, as WebAuthn's own `toJSON()` does.
pub fn registration_json(credential: &JsValue) -> Result<String, PasskeyError> {
    let response = field(credential, "response");
    let out = Object::new();
    copy_binary(&response, &out, "clientDataJSON")?;
    copy_binary(&response, &out, "attestationObject")?;
    if let Some(transports) = call(&response, "getTransports") {
        put(&out, "transports", &transports);
    }
    if let Some(algorithm) = call(&response, "getPublicKeyAlgorithm") {
        put(&out, "publicKeyAlgorithm", &algorithm);
    }
    for (getter, key) in [
        ("getAuthenticatorData", "authenticatorData"),
        ("getPublicKey", "publicKey"),
    ] {
        if let Some(bytes) = call(&response, getter).and_then(|b| text_of(&b)) {
            put(&out, key, &bytes.into());
        }
    }
    credential_json(credential, out)
}

/// An assertion (`get`'s) as `AuthenticationResponseJSON` text.
pub fn assertion_json(credential: &JsValue) -> Result<String, PasskeyError> {
    let response = field(credential, "response");
    let out = Object::new();
    copy_binary(&response, &out, "clientDataJSON")?;
    copy_binary(&response, &out, "authenticatorData")?;
    copy_binary(&response, &out, "signature")?;
    // Null for credentials that are not discoverable: left out.
    if let Some(handle) = text_of(&field(&response, "userHandle")) {
        put(&out, "userHandle", &handle.into());
    }
    credential_json(credential, out)
}

/// The fields both results share, around their `response`.
fn credential_json(credential: &JsValue, response: Object) -> Result<String, PasskeyError> {
    let out = Object::new();
    let id = field(credential, "id");
    if id.as_string().is_none() {
        return Err(PasskeyError::Failed);
    }
    put(&out, "id", &id);
    copy_binary(credential, &out, "rawId")?;
    put(&out, "type", &field(credential, "type"));
    put(&out, "response", &response);
    let extensions =
        call(credential, "getClientExtensionResults").unwrap_or_else(|| Object::new().into());
    put(&out, "clientExtensionResults", &extensions);
    let attachment = field(credential, "authenticatorAttachment");
    if attachment.as_string().is_some() {
        put(&out, "authenticatorAttachment", &attachment);
    }
    JSON::stringify(&out)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or(PasskeyError::Failed)
}

fn parse(json: &str) -> Result<JsValue, PasskeyError> {
    JSON::parse(json)
        .ok()
        .filter(JsValue::is_object)
        .ok_or(PasskeyError::BadOptions)
}

/// A list of credential descriptors, each `id` made an ArrayBuffer; an
/// absent list stays absent.
fn descriptors(options: &JsValue, key: &str) -> Result<(), PasskeyError> {
    let list = field(options, key);
    if list.is_undefined() || list.is_null() {
        return Ok(());
    }
    if !Array::is_array(&list) {
        return Err(PasskeyError::BadOptions);
    }
    Array::from(&list)
        .iter()
        .try_for_each(|descriptor| to_buffer(&descriptor, "id"))
}

/// `object[key]`, base64url text, replaced by its bytes in an ArrayBuffer.
fn to_buffer(object: &JsValue, key: &str) -> Result<(), PasskeyError> {
    let bytes = field(object, key)
        .as_string()
        .and_then(|text| base64url::decode(&text))
        .ok_or(PasskeyError::BadOptions)?;
    put(object, key, &Uint8Array::from(&bytes[..]).buffer().into());
    Ok(())
}

/// `from[key]`, an ArrayBuffer, as base64url text in `to[key]`.
fn copy_binary(from: &JsValue, to: &Object, key: &str) -> Result<(), PasskeyError> {
    let text = text_of(&field(from, key)).ok_or(PasskeyError::Failed)?;
    put(to, key, &text.into());
    Ok(())
}

/// An ArrayBuffer's bytes as base64url; None for anything else (null).
fn text_of(value: &JsValue) -> Option<String> {
    value
        .dyn_ref::<ArrayBuffer>()
        .map(|buffer| base64url::encode(&Uint8Array::new(buffer).to_vec()))
}

/// `object.method()`, if the object has that method.
fn call(object: &JsValue, method: &str) -> Option<JsValue> {
    field(object, method)
        .dyn_into::<Function>()
        .ok()?
        .call0(object)
        .ok()
}

fn field(object: &JsValue, key: &str) -> JsValue {
    if object.is_object() {
        Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn put(object: &JsValue, key: &str, value: &JsValue) {
    // Only fails on frozen objects and proxies, which these are not.
    let _ = Reflect::set(object, &key.into(), value);
}
