//! The authenticator data (WebAuthn Level 2, §6.1): the hash of the RP ID
//! the credential is scoped to, the flags (user present, user verified,
//! attested credential data, extensions), the signature counter and, at
//! registration, the attested credential data: the credential id and its
//! COSE public key (after the AAGUID, which is not acted on).

use super::cbor;
use super::refusal::Refusal;

/// Bytes before the attested credential data: rpIdHash, flags, signCount.
const FIXED_BYTES: usize = 37;
/// WebAuthn's bound on a credential id.
pub const MAX_CREDENTIAL_ID_BYTES: usize = 1023;

const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
const ATTESTED_CREDENTIAL_DATA: u8 = 0x40;
const EXTENSION_DATA: u8 = 0x80;

#[derive(Debug)]
pub struct AuthenticatorData<'a> {
    pub scope: Scope,
    pub sign_count: u32,
    /// Present at registration only.
    pub attested: Option<AttestedCredential<'a>>,
}

/// What is checked against the relying party: the hash of the RP ID the
/// credential is scoped to, and whether the authenticator saw the user
/// and verified them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub rp_id_hash: [u8; 32],
    pub user_present: bool,
    pub user_verified: bool,
}

#[derive(Debug)]
pub struct AttestedCredential<'a> {
    pub credential_id: &'a [u8],
    /// The COSE key, as the authenticator encoded it.
    pub public_key: &'a [u8],
}

/// Reads authenticator data whole: whatever its flags announce must be
/// there, and nothing after it.
pub fn parse(bytes: &[u8]) -> Result<AuthenticatorData<'_>, Refusal> {
    let malformed = Refusal::Malformed("authenticatorData");
    if bytes.len() < FIXED_BYTES {
        return Err(malformed);
    }
    let (fixed, mut rest) = bytes.split_at(FIXED_BYTES);
    let flags = fixed[32];
    let sign_count = u32::from_be_bytes([fixed[33], fixed[34], fixed[35], fixed[36]]);
    let attested = if flags & ATTESTED_CREDENTIAL_DATA != 0 {
        if rest.len() < 18 {
            return Err(malformed);
        }
        // The AAGUID (which make of authenticator) is not acted on.
        let after = &rest[16..];
        let id_len = usize::from(u16::from_be_bytes([after[0], after[1]]));
        let after = &after[2..];
        if id_len == 0 || id_len > MAX_CREDENTIAL_ID_BYTES || after.len() < id_len {
            return Err(malformed);
        }
        let (credential_id, mut key_and_more) = after.split_at(id_len);
        let before = key_and_more;
        cbor::read_one(&mut key_and_more, "credentialPublicKey")?;
        let public_key = &before[..before.len() - key_and_more.len()];
        rest = key_and_more;
        Some(AttestedCredential {
            credential_id,
            public_key,
        })
    } else {
        None
    };
    if flags & EXTENSION_DATA != 0 {
        // Read to check its shape; no extension is acted on.
        cbor::map(cbor::read_one(&mut rest, "extensions")?, "extensions")?;
    }
    if !rest.is_empty() {
        return Err(malformed);
    }
    let mut rp_id_hash = [0u8; 32];
    rp_id_hash.copy_from_slice(&fixed[..32]);
    Ok(AuthenticatorData {
        scope: Scope {
            rp_id_hash,
            user_present: flags & USER_PRESENT != 0,
            user_verified: flags & USER_VERIFIED != 0,
        },
        sign_count,
        attested,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(flags: u8, count: u32) -> Vec<u8> {
        let mut bytes = vec![7u8; 32];
        bytes.push(flags);
        bytes.extend_from_slice(&count.to_be_bytes());
        bytes
    }

    #[test]
    fn an_assertions_data_reads_its_flags_and_counter() {
        let data = fixed(USER_PRESENT | USER_VERIFIED, 9);
        let read = parse(&data).unwrap();
        assert_eq!(
            read.scope,
            Scope {
                rp_id_hash: [7u8; 32],
                user_present: true,
                user_verified: true
            }
        );
        assert_eq!(read.sign_count, 9);
        assert!(read.attested.is_none());
        assert!(parse(&data[..36]).is_err());
        // Bytes its flags do not announce.
        let mut longer = data.clone();
        longer.push(0);
        assert!(parse(&longer).is_err());
        // Extensions announced: one map, {} here.
        let mut extended = fixed(USER_PRESENT | EXTENSION_DATA, 1);
        extended.push(0xa0);
        assert!(parse(&extended).is_ok());
        extended.pop();
        assert!(parse(&extended).is_err());
    }

    #[test]
    fn attested_credential_data_gives_the_id_and_the_key_bytes() {
        let mut data = fixed(USER_PRESENT | ATTESTED_CREDENTIAL_DATA, 0);
        data.extend_from_slice(&[1u8; 16]);
        data.extend_from_slice(&[0, 3, 0xaa, 0xbb, 0xcc]);
        data.extend_from_slice(&[0xa1, 0x01, 0x02]); // {1: 2}
        let read = parse(&data).unwrap();
        let attested = read.attested.unwrap();
        assert_eq!(attested.credential_id, &[0xaa, 0xbb, 0xcc]);
        assert_eq!(attested.public_key, &[0xa1, 0x01, 0x02]);
        // An id longer than what follows.
        data[54] = 200;
        assert!(parse(&data).is_err());
    }
}
