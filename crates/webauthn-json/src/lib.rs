//! Passkeys in the browser, spoken in JSON.
//!
//! Cognito sends a passkey ceremony's options as JSON with every binary
//! field in base64url (StartWebAuthnRegistration's
//! `CredentialCreationOptions`, the `CREDENTIAL_REQUEST_OPTIONS` challenge
//! parameter) and takes the result back the same way
//! (CompleteWebAuthnRegistration's `Credential`, the `CREDENTIAL` answer):
//! the JSON forms of WebAuthn Level 3 (`PublicKeyCredentialCreationOptionsJSON`,
//! `RegistrationResponseJSON` and their sign-in twins). The browser's
//! `navigator.credentials` wants and gives ArrayBuffers. This crate converts
//! both ways, once, for both ceremonies; it does not read the options
//! beyond their binary fields, so it follows the service's JSON as it is.

mod base64url;
mod browser;

pub use browser::{
    assertion_json, create, creation_options, get, registration_json, request_options, supported,
};

/// Why a passkey ceremony gave no credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyError {
    /// The browser has no WebAuthn, or the page is not a secure context.
    Unsupported,
    /// The user cancelled, the prompt timed out, or no authenticator holds
    /// a passkey the options allow: browsers do not tell these apart, on
    /// purpose (`NotAllowedError`).
    NotAllowed,
    /// Registration: this authenticator already holds one of the user's
    /// passkeys (one the options exclude).
    AlreadyRegistered,
    /// The options name a relying party this page's origin may not use.
    WrongSite,
    /// The options are not JSON of the shape WebAuthn needs.
    BadOptions,
    /// The browser failed otherwise, or answered with no credential.
    Failed,
}
