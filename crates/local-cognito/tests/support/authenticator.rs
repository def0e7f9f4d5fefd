//! A software authenticator for the passkey tests: a P-256 (ES256) or RSA
//! (RS256) key of its own, real attestation objects (format `none`, or
//! `packed` self-attestation) and real assertions, with knobs to make them
//! wrong in one way at a time (the origin, the RP ID hashed, the flags,
//! the counter, the key it says it has).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ciborium::Value as Cbor;
use p256::ecdsa::SigningKey;
use rsa::pkcs1v15;
use rsa::signature::{SignatureEncoding as _, Signer as _};
use rsa::traits::PublicKeyParts as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
const ATTESTED: u8 = 0x40;

pub enum Key {
    Es256(SigningKey),
    Rs256(Box<rsa::RsaPrivateKey>),
}

pub struct Authenticator {
    pub key: Key,
    pub credential_id: Vec<u8>,
    pub counter: u32,
    /// The page's origin written into the client data.
    pub origin: String,
    /// The RP ID whose hash goes into the authenticator data; `None`: the
    /// one the options name.
    pub rp_id_hashed: Option<String>,
    pub user_present: bool,
    pub user_verified: bool,
    /// Registrations sign a `packed` self-attestation instead of `none`.
    pub packed: bool,
    /// Its signatures have a bit flipped.
    pub tampered: bool,
    pub attachment: &'static str,
    /// A COSE key its registrations give in place of its own.
    pub cose_key_sent: Option<Vec<u8>>,
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn cbor(value: &Cbor) -> Vec<u8> {
    let mut bytes = Vec::new();
    ciborium::ser::into_writer(value, &mut bytes).unwrap();
    bytes
}

impl Authenticator {
    fn with(key: Key) -> Authenticator {
        Authenticator {
            key,
            credential_id: rand::random::<[u8; 16]>().to_vec(),
            counter: 0,
            origin: "http://localhost:8080".into(),
            rp_id_hashed: None,
            user_present: true,
            user_verified: true,
            packed: false,
            tampered: false,
            attachment: "platform",
            cose_key_sent: None,
        }
    }

    pub fn es256() -> Authenticator {
        Self::with(Key::Es256(SigningKey::random(&mut rand::rngs::OsRng)))
    }

    pub fn rs256() -> Authenticator {
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        Self::with(Key::Rs256(Box::new(key)))
    }

    pub fn id(&self) -> String {
        b64(&self.credential_id)
    }

    fn algorithm(&self) -> i64 {
        match self.key {
            Key::Es256(_) => -7,
            Key::Rs256(_) => -257,
        }
    }

    /// The COSE public key.
    pub fn cose_key(&self) -> Vec<u8> {
        let entries: Vec<(i64, Cbor)> = match &self.key {
            Key::Es256(key) => {
                let point = key.verifying_key().to_encoded_point(false);
                vec![
                    (1, 2.into()),
                    (3, (-7).into()),
                    (-1, 1.into()),
                    (-2, Cbor::Bytes(point.x().unwrap().to_vec())),
                    (-3, Cbor::Bytes(point.y().unwrap().to_vec())),
                ]
            }
            Key::Rs256(key) => vec![
                (1, 3.into()),
                (3, (-257).into()),
                (-1, Cbor::Bytes(key.n().to_bytes_be())),
                (-2, Cbor::Bytes(key.e().to_bytes_be())),
            ],
        };
        cbor(&Cbor::Map(
            entries.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        ))
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        let mut signature = self.sign_truly(message);
        if self.tampered {
            let last = signature.len() - 1;
            signature[last] ^= 1;
        }
        signature
    }

    fn sign_truly(&self, message: &[u8]) -> Vec<u8> {
        match &self.key {
            Key::Es256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_der().as_bytes().to_vec()
            }
            Key::Rs256(key) => pkcs1v15::SigningKey::<Sha256>::new((**key).clone())
                .sign(message)
                .to_vec(),
        }
    }

    fn authenticator_data(&self, rp_id: &str, attested: bool) -> Vec<u8> {
        let hashed = self.rp_id_hashed.as_deref().unwrap_or(rp_id);
        let mut data = Sha256::digest(hashed.as_bytes()).to_vec();
        let mut flags = 0;
        if self.user_present {
            flags |= USER_PRESENT;
        }
        if self.user_verified {
            flags |= USER_VERIFIED;
        }
        if attested {
            flags |= ATTESTED;
        }
        data.push(flags);
        data.extend_from_slice(&self.counter.to_be_bytes());
        if attested {
            data.extend_from_slice(&[0u8; 16]);
            data.extend_from_slice(&(self.credential_id.len() as u16).to_be_bytes());
            data.extend_from_slice(&self.credential_id);
            data.extend_from_slice(self.cose_key_sent.as_ref().unwrap_or(&self.cose_key()));
        }
        data
    }

    fn client_data(&self, kind: &str, challenge: &str) -> Vec<u8> {
        json!({"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": false})
            .to_string()
            .into_bytes()
    }

    /// What `navigator.credentials.create()` gives for these options, as
    /// RegistrationResponseJSON.
    pub fn register(&self, options: &Value) -> Value {
        let rp_id = options["rp"]["id"].as_str().unwrap();
        let client_data =
            self.client_data("webauthn.create", options["challenge"].as_str().unwrap());
        let auth_data = self.authenticator_data(rp_id, true);
        let statement = if self.packed {
            let signed = [auth_data.as_slice(), &Sha256::digest(&client_data)].concat();
            Cbor::Map(vec![
                ("alg".into(), self.algorithm().into()),
                ("sig".into(), Cbor::Bytes(self.sign(&signed))),
            ])
        } else {
            Cbor::Map(vec![])
        };
        let object = cbor(&Cbor::Map(vec![
            (
                "fmt".into(),
                (if self.packed { "packed" } else { "none" }).into(),
            ),
            ("attStmt".into(), statement),
            ("authData".into(), Cbor::Bytes(auth_data.clone())),
        ]));
        json!({"id": self.id(), "rawId": self.id(), "type": "public-key",
            "clientExtensionResults": {}, "authenticatorAttachment": self.attachment,
            "response": {"clientDataJSON": b64(&client_data), "attestationObject": b64(&object),
                "transports": ["internal", "hybrid"], "publicKeyAlgorithm": self.algorithm(),
                "authenticatorData": b64(&auth_data)}})
    }

    /// What `navigator.credentials.get()` gives for these options, as
    /// AuthenticationResponseJSON; the counter goes up first.
    pub fn assert(&mut self, options: &Value, user_handle: &str) -> Value {
        self.counter += 1;
        let rp_id = options["rpId"].as_str().unwrap();
        let client_data = self.client_data("webauthn.get", options["challenge"].as_str().unwrap());
        let auth_data = self.authenticator_data(rp_id, false);
        let signed = [auth_data.as_slice(), &Sha256::digest(&client_data)].concat();
        json!({"id": self.id(), "rawId": self.id(), "type": "public-key",
            "clientExtensionResults": {}, "authenticatorAttachment": self.attachment,
            "response": {"clientDataJSON": b64(&client_data), "authenticatorData": b64(&auth_data),
                "signature": b64(&self.sign(&signed)), "userHandle": user_handle}})
    }
}
