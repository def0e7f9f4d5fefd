//! The values both halves derive (docs/srp.md §3.5-3.10): u, x, the HKDF key
//! and the claim signature.

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::wire::{hex, pad_bytes};
use crate::Error;

type HmacSha256 = Hmac<Sha256>;

/// The HKDF info string, docs/srp.md §3.8 (amazon-cognito-identity-js's `info`).
const DERIVED_KEY_INFO: &[u8] = b"Caldera Derived Key";

/// H(padHex(a) | padHex(b) | ...), integers given as big-endian bytes.
pub(crate) fn hash_ints(ints: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for n in ints {
        hasher.update(pad_bytes(n));
    }
    hasher.finalize().into()
}

/// u = H(padHex(A) | padHex(B)); zero is refused (docs/srp.md §3.5).
pub(crate) fn scrambler(a_pub: &[u8], b_pub: &[u8]) -> Result<[u8; 32], Error> {
    let u = hash_ints(&[a_pub, b_pub]);
    if u == [0; 32] {
        return Err(Error::ZeroScrambler);
    }
    Ok(u)
}

/// Whose salt and verifier these are: the two strings hashed before the
/// password in x and before the secret block in the claim. A user is the
/// pool name and `USER_ID_FOR_SRP`; a remembered device is its group key
/// and device key (amazon-cognito-identity-js builds its helper with the
/// group key where a user's has the pool name, see `crate::device`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owner<'a> {
    /// The pool name, or the device group key.
    pub realm: &'a str,
    /// `USER_ID_FOR_SRP`, or the device key.
    pub name: &'a str,
}

/// x = H(padHex(salt) | H(realm | name | ":" | password)) (docs/srp.md §3.6).
/// The strings are hashed as UTF-8 with no normalisation.
pub(crate) fn private_key(salt: &[u8], owner: Owner<'_>, password: &str) -> [u8; 32] {
    let inner = Sha256::new()
        .chain_update(owner.realm)
        .chain_update(owner.name)
        .chain_update(":")
        .chain_update(password)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad_bytes(salt))
        .chain_update(inner)
        .finalize();
    outer.into()
}

/// K: the first 16 bytes of HKDF-SHA256 with salt padHex(u) and key padHex(S).
pub(crate) fn derived_key(u: &[u8], s: &[u8]) -> [u8; 16] {
    let hkdf = Hkdf::<Sha256>::new(Some(&pad_bytes(u)), &pad_bytes(s));
    let mut key = [0u8; 16];
    // 16 bytes is always a valid HKDF-SHA256 length. (No `expect`: its error
    // formatting would be linked into the browser's wasm.)
    if hkdf.expand(DERIVED_KEY_INFO, &mut key).is_err() {
        unreachable!("HKDF-SHA256 gives 16 bytes");
    }
    key
}

/// The claim MAC, HMAC-SHA256(K, realm | name | secretBlock | timestamp),
/// ready to finalize or verify.
pub(crate) fn claim_mac(
    key: &[u8; 16],
    owner: Owner<'_>,
    secret_block: &[u8],
    timestamp: &str,
) -> HmacSha256 {
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        unreachable!("HMAC takes any key length");
    };
    mac.update(owner.realm.as_bytes());
    mac.update(owner.name.as_bytes());
    mac.update(secret_block);
    mac.update(timestamp.as_bytes());
    mac
}

/// The intermediate values of one sign-in, as lowercase minimal hex, for
/// checking against reference vectors. Not needed to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub u_hex: String,
    pub x_hex: String,
    pub s_hex: String,
    /// The 16-byte HKDF key, as 32 hex digits.
    pub key_hex: String,
}

/// What both halves derive for one sign-in: u, x (the client's), S and K.
/// Kept as numbers; hex only when a [`Transcript`] is asked for.
pub(crate) struct SharedSecret {
    pub u: [u8; 32],
    pub x: Option<[u8; 32]>,
    /// S, minimal big-endian bytes.
    pub s: Vec<u8>,
    pub key: [u8; 16],
}

impl SharedSecret {
    pub(crate) fn transcript(&self) -> Transcript {
        Transcript {
            u_hex: hex(&self.u),
            x_hex: self.x.as_ref().map(|x| hex(x)).unwrap_or_default(),
            s_hex: hex(&self.s),
            key_hex: self.key.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}
