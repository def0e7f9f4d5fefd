//! The client data (clientDataJSON) a browser signs over: the ceremony's
//! type, the challenge the relying party gave, and the page's origin,
//! which must be the relying party's (WebAuthn Level 2, §7.1 steps 7-9 and
//! §7.2 steps 11-13).

use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq as _;

use super::base64url;
use super::refusal::Refusal;

/// A bound on the client data, decoded.
const MAX_CLIENT_DATA_BYTES: usize = 4096;
/// A challenge's bounds as carried: 16 to 64 bytes (WebAuthn asks at
/// least 16; this server gives 32).
const MAX_CHALLENGE_BYTES: usize = 64;

/// The two ceremonies, as clientDataJSON's `type` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ceremony {
    Create,
    Get,
}

impl Ceremony {
    fn type_name(self) -> &'static str {
        match self {
            Ceremony::Create => "webauthn.create",
            Ceremony::Get => "webauthn.get",
        }
    }
}

#[derive(Deserialize)]
struct ClientDataJson {
    #[serde(rename = "type")]
    ceremony: String,
    challenge: String,
    origin: String,
    #[serde(default, rename = "crossOrigin")]
    cross_origin: bool,
}

/// The client data, read: its challenge decoded, and the SHA-256 of its
/// bytes, which the authenticator's signatures cover.
#[derive(Debug)]
pub struct ClientData {
    ceremony: String,
    challenge: Vec<u8>,
    origin: String,
    cross_origin: bool,
    pub hash: [u8; 32],
}

/// Reads the client data as the credential carries it (base64url), before
/// anything is asked of it.
pub fn read(text: &str) -> Result<ClientData, Refusal> {
    parse(&base64url::decode(
        text,
        MAX_CLIENT_DATA_BYTES,
        "clientDataJSON",
    )?)
}

/// Reads the client data's JSON.
fn parse(json: &[u8]) -> Result<ClientData, Refusal> {
    let data: ClientDataJson =
        serde_json::from_slice(json).map_err(|_| Refusal::Malformed("clientDataJSON"))?;
    Ok(ClientData {
        hash: Sha256::digest(json).into(),
        challenge: base64url::decode(&data.challenge, MAX_CHALLENGE_BYTES, "challenge")?,
        ceremony: data.ceremony,
        origin: data.origin,
        cross_origin: data.cross_origin,
    })
}

impl ClientData {
    /// Checks it against the ceremony, the challenge given (base64url;
    /// compared in constant time) and the relying party.
    pub fn check(
        &self,
        ceremony: Ceremony,
        challenge: &str,
        relying_party_id: &str,
    ) -> Result<(), Refusal> {
        if self.ceremony != ceremony.type_name() {
            return Err(Refusal::WrongCeremony);
        }
        let given = base64url::decode(challenge, MAX_CHALLENGE_BYTES, "challenge")?;
        if !bool::from(given.ct_eq(&self.challenge)) {
            return Err(Refusal::ChallengeMismatch);
        }
        // A page of another site framing the relying party's: not served.
        if self.cross_origin || !origin_allowed(&self.origin, relying_party_id) {
            return Err(Refusal::OriginNotAllowed);
        }
        Ok(())
    }
}

/// Whether a page at `origin` may use the relying party's passkeys: its
/// host is the RP ID or a subdomain of it, over https, or over http when
/// the host is `localhost` (a browser's secure context on this machine).
pub fn origin_allowed(origin: &str, relying_party_id: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    // An origin is a scheme, a host and a port: nothing else.
    if authority.is_empty() || authority.contains(['/', '?', '#', '@', '[', ']']) {
        return false;
    }
    let host = match authority.split_once(':') {
        Some((host, port)) => {
            let port_ok =
                !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
            if !port_ok {
                return false;
            }
            host
        }
        None => authority,
    };
    let host = host.to_ascii_lowercase();
    let relying_party_id = relying_party_id.to_ascii_lowercase();
    let within = host == relying_party_id
        || host
            .strip_suffix(relying_party_id.as_str())
            .is_some_and(|prefix| prefix.len() > 1 && prefix.ends_with('.'));
    match scheme {
        "https" => within,
        "http" => within && host == "localhost",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_of_the_relying_party_and_its_subdomains() {
        assert!(origin_allowed("https://example.com", "example.com"));
        assert!(origin_allowed(
            "https://login.Example.com:8443",
            "example.com"
        ));
        assert!(origin_allowed("http://localhost:8080", "localhost"));
        assert!(origin_allowed("https://localhost", "localhost"));
        // Plain http beyond this machine, another site, a look-alike.
        assert!(!origin_allowed("http://example.com", "example.com"));
        assert!(!origin_allowed("https://evil.com", "example.com"));
        assert!(!origin_allowed("https://notexample.com", "example.com"));
        assert!(!origin_allowed(
            "https://example.com.evil.com",
            "example.com"
        ));
        assert!(!origin_allowed("https://.example.com", "example.com"));
        // Not origins.
        assert!(!origin_allowed("https://example.com/page", "example.com"));
        assert!(!origin_allowed("https://user@example.com", "example.com"));
        assert!(!origin_allowed("https://example.com:", "example.com"));
        assert!(!origin_allowed("https://example.com:99999x", "example.com"));
        assert!(!origin_allowed("ftp://example.com", "example.com"));
        assert!(!origin_allowed("example.com", "example.com"));
        assert!(!origin_allowed("http://127.0.0.1:8080", "localhost"));
    }

    fn check(json: &[u8], ceremony: Ceremony, challenge: &str) -> Result<(), Refusal> {
        parse(json)?.check(ceremony, challenge, "localhost")
    }

    #[test]
    fn type_challenge_and_origin_are_checked() {
        let json = |kind: &str, challenge: &str, origin: &str| {
            format!(
                r#"{{"type":"{kind}","challenge":"{challenge}","origin":"{origin}","crossOrigin":false}}"#
            )
        };
        let challenge = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
        let good = json("webauthn.get", challenge, "http://localhost:8080");
        assert_eq!(check(good.as_bytes(), Ceremony::Get, challenge), Ok(()));
        assert_eq!(
            check(good.as_bytes(), Ceremony::Create, challenge),
            Err(Refusal::WrongCeremony)
        );
        let other = "AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
        assert_eq!(
            check(good.as_bytes(), Ceremony::Get, other),
            Err(Refusal::ChallengeMismatch)
        );
        let elsewhere = json("webauthn.get", challenge, "https://evil.com");
        assert_eq!(
            check(elsewhere.as_bytes(), Ceremony::Get, challenge),
            Err(Refusal::OriginNotAllowed)
        );
        assert!(parse(b"{").is_err());
    }
}
