//! The RS256 signing keys: made once and kept in the store, so tokens
//! issued before a restart still verify after it.
//!
//! `rsa` makes a key once and checks signatures (public operations);
//! signing, the private operation, is AWS-LC's (aws-lc-rs, ring's API):
//! blinded and constant-time, its CRT result checked against fault
//! attacks (the `rsa` crate's private operation leaks timing,
//! RUSTSEC-2023-0071). It is 1.8x faster than ring here, where the CPU
//! has AVX-512 IFMA, which AWS-LC's RSA uses and ring's does not
//! (`cargo xtask bench server`).

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::Verifier;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::store::Db;

const KEY_BITS: usize = 2048;

pub struct Key {
    pub kid: String,
    signing: RsaKeyPair,
    verifying: VerifyingKey<Sha256>,
    jwk: Value,
}

/// The keys; the first one signs.
pub struct Keys {
    keys: Vec<Key>,
    /// What the signing asks for (PKCS#1 v1.5 padding uses none of it).
    random: SystemRandom,
}

impl Keys {
    pub fn load_or_create(db: Db<'_>, now: i64) -> Result<Keys, String> {
        let mut keys = Vec::new();
        for (kid, pem) in db.keys().map_err(|e| e.to_string())? {
            let private =
                RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|e| format!("key {kid}: {e}"))?;
            keys.push(Key::new(kid, private)?);
        }
        if keys.is_empty() {
            let private =
                RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS).map_err(|e| e.to_string())?;
            let public_der = private
                .to_public_key()
                .to_public_key_der()
                .map_err(|e| e.to_string())?;
            let kid = STANDARD.encode(Sha256::digest(public_der.as_bytes()));
            let pem = private
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| e.to_string())?;
            db.add_key(&kid, &pem, now).map_err(|e| e.to_string())?;
            keys.push(Key::new(kid, private)?);
        }
        Ok(Keys {
            keys,
            random: SystemRandom::new(),
        })
    }

    /// A compact JWS (RS256) of the claims, with the signing key's `kid`.
    /// It fails only when the signer's fault check does (a miscomputed
    /// signature, never sent).
    pub fn sign(&self, claims: &Value) -> Result<String, aws_lc_rs::error::Unspecified> {
        let key = &self.keys[0];
        let header = json!({ "kid": key.kid, "alg": "RS256" });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0; key.signing.public_modulus_len()];
        key.signing.sign(
            &RSA_PKCS1_SHA256,
            &self.random,
            signing_input.as_bytes(),
            &mut signature,
        )?;
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }

    /// The claims of a token one of the keys signed; None for anything else.
    pub fn verify(&self, token: &str) -> Option<Value> {
        let mut parts = token.split('.');
        let (header, claims, signature) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
        if header["alg"] != "RS256" {
            return None;
        }
        let key = self.keys.iter().find(|k| header["kid"] == k.kid.as_str())?;
        let signature =
            Signature::try_from(URL_SAFE_NO_PAD.decode(signature).ok()?.as_slice()).ok()?;
        let signing_input = &token[..header_and_claims_len(token)?];
        key.verifying
            .verify(signing_input.as_bytes(), &signature)
            .ok()?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).ok()?).ok()
    }

    /// `{"keys": [...]}` as `/.well-known/jwks.json` serves it.
    pub fn jwks(&self) -> Value {
        json!({ "keys": self.keys.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>() })
    }
}

fn header_and_claims_len(token: &str) -> Option<usize> {
    token.rfind('.')
}

impl Key {
    fn new(kid: String, private: RsaPrivateKey) -> Result<Key, String> {
        let der = private.to_pkcs8_der().map_err(|e| e.to_string())?;
        let signing = RsaKeyPair::from_pkcs8(der.as_bytes())
            .map_err(|e| format!("key {kid}: the signer refuses it: {e}"))?;
        let public = private.to_public_key();
        let jwk = json!({
            "alg": "RS256",
            "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
            "kid": kid,
            "kty": "RSA",
            "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
            "use": "sig",
        });
        Ok(Key {
            verifying: VerifyingKey::new(public),
            signing,
            kid,
            jwk,
        })
    }
}
