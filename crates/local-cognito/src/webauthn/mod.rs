//! WebAuthn Level 2's relying-party checks, for real: a registration's
//! client data, attestation object and credential key (§7.1), and a
//! sign-in's assertion (§7.2). One concern a file: `registration` and
//! `assertion` (the two ceremonies), `expected` (what a ceremony must
//! match, and the checks both make), `client_data` (type, challenge,
//! origin), `authenticator_data` (RP ID hash, flags, counter, attested
//! credential data), `attestation` (the object, formats `none` and
//! `packed` self-attestation), `cose` (ES256 and RS256 keys), `signature`
//! (checked with aws-lc-rs), `cbor` (reading the binary items), `base64url`,
//! `credential_id` and `refusal` (why a check fails). This file only
//! names what the operations use. Nothing here touches the store: the
//! operations give what to expect and act on the outcome.

mod assertion;
mod attestation;
mod authenticator_data;
mod base64url;
mod cbor;
mod client_data;
mod cose;
mod credential_id;
mod expected;
mod refusal;
mod registration;
mod signature;

pub use assertion::verify_assertion;
pub use authenticator_data::MAX_CREDENTIAL_ID_BYTES;
pub use base64url::encode as to_base64url;
pub use credential_id::credential_id;
pub use expected::Expected;
pub use refusal::Refusal;
pub use registration::{read_registration, Registration};
