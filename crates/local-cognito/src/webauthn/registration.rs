//! A registration (RegistrationResponseJSON, WebAuthn Level 2 §7.1), in
//! two steps. `read_registration` decodes it whole and checks what the
//! credential says of itself (ids that agree, its COSE key, the
//! attestation and its signature): it needs nothing from the store, so an
//! operation does it before its transaction, with no lock held.
//! `Registration::check` then holds it to what was asked.

use cognito_idp::webauthn::RegistrationResponse;

use super::authenticator_data::{self, Scope};
use super::client_data::{self, Ceremony, ClientData};
use super::credential_id::credential_id;
use super::expected::Expected;
use super::refusal::Refusal;
use super::{attestation, base64url, cose};

/// A bound on the attestation object, decoded.
const MAX_ATTESTATION_OBJECT_BYTES: usize = 16_384;

/// A credential read whole, its attestation checked, not yet held to a
/// challenge or a relying party.
#[derive(Debug)]
pub struct Registration {
    id: Vec<u8>,
    client_data: ClientData,
    scope: Scope,
    public_key: Vec<u8>,
    sign_count: u32,
}

/// A registration that passed: the credential to keep.
#[derive(Debug)]
pub struct NewCredential {
    pub id: Vec<u8>,
    /// The COSE key as the authenticator encoded it.
    pub public_key: Vec<u8>,
    pub sign_count: u32,
}

/// Reads a registration: attestation `none` or `packed` self-attestation.
pub fn read_registration(response: &RegistrationResponse) -> Result<Registration, Refusal> {
    let id = credential_id(&response.id, &response.raw_id, &response.credential_type)?;
    let client_data = client_data::read(&response.response.client_data_json)?;
    let object = attestation::parse(&base64url::decode(
        &response.response.attestation_object,
        MAX_ATTESTATION_OBJECT_BYTES,
        "attestationObject",
    )?)?;
    let data = authenticator_data::parse(&object.auth_data)?;
    let attested = data
        .attested
        .as_ref()
        .ok_or(Refusal::Malformed("authenticatorData"))?;
    if attested.credential_id != id.as_slice() {
        return Err(Refusal::Malformed("id"));
    }
    let key = cose::parse(attested.public_key)?;
    attestation::verify_statement(&object, &key, &client_data.hash)?;
    Ok(Registration {
        id,
        public_key: attested.public_key.to_vec(),
        scope: data.scope.clone(),
        sign_count: data.sign_count,
        client_data,
    })
}

impl Registration {
    /// The credential, if it answers what was asked.
    pub fn check(self, expected: &Expected<'_>) -> Result<NewCredential, Refusal> {
        expected.check_client_data(&self.client_data, Ceremony::Create)?;
        expected.check_scope(&self.scope)?;
        Ok(NewCredential {
            id: self.id,
            public_key: self.public_key,
            sign_count: self.sign_count,
        })
    }
}
