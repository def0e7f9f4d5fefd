//! What a ceremony must match (the challenge given, the pool's RP ID,
//! whether it requires user verification), and the checks both
//! ceremonies make against it.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq as _;

use super::authenticator_data::Scope;
use super::client_data::{Ceremony, ClientData};
use super::refusal::Refusal;

/// What a ceremony must match: the challenge given (base64url), the
/// pool's RP ID and whether it requires user verification.
pub struct Expected<'a> {
    pub challenge: &'a str,
    pub relying_party_id: &'a str,
    pub user_verification_required: bool,
}

impl Expected<'_> {
    /// The client data: of `ceremony`, over the challenge given, from a
    /// page of the relying party.
    pub(super) fn check_client_data(
        &self,
        data: &ClientData,
        ceremony: Ceremony,
    ) -> Result<(), Refusal> {
        data.check(ceremony, self.challenge, self.relying_party_id)
    }

    /// The authenticator data's scope: the RP ID's hash, the user present,
    /// and verified where the pool requires it.
    pub(super) fn check_scope(&self, scope: &Scope) -> Result<(), Refusal> {
        let rp_id_hash = Sha256::digest(self.relying_party_id.as_bytes());
        if !bool::from(scope.rp_id_hash.ct_eq(rp_id_hash.as_slice())) {
            return Err(Refusal::RelyingPartyMismatch);
        }
        if !scope.user_present {
            return Err(Refusal::UserNotPresent);
        }
        if self.user_verification_required && !scope.user_verified {
            return Err(Refusal::UserNotVerified);
        }
        Ok(())
    }
}
