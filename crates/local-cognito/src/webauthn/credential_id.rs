//! A credential's id as PublicKeyCredential's JSON gives it twice (`id`
//! and `rawId`), with its type.

use cognito_idp::webauthn::PUBLIC_KEY;

use super::authenticator_data::MAX_CREDENTIAL_ID_BYTES;
use super::base64url;
use super::refusal::Refusal;

/// The credential's id, as given: `id` and `rawId` must agree and decode.
pub fn credential_id(id: &str, raw_id: &str, credential_type: &str) -> Result<Vec<u8>, Refusal> {
    if credential_type != PUBLIC_KEY {
        return Err(Refusal::Malformed("type"));
    }
    let decoded = base64url::decode(id, MAX_CREDENTIAL_ID_BYTES, "id")?;
    if decoded.is_empty() || base64url::decode(raw_id, MAX_CREDENTIAL_ID_BYTES, "rawId")? != decoded
    {
        return Err(Refusal::Malformed("rawId"));
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_and_raw_id_must_agree() {
        assert_eq!(credential_id("AQ", "AQ", "public-key"), Ok(vec![1]));
        assert!(credential_id("AQ", "Ag", "public-key").is_err());
        assert!(credential_id("AQ", "AQ", "password").is_err());
        assert!(credential_id("", "", "public-key").is_err());
    }
}
