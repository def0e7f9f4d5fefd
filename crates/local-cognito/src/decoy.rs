//! What a hidden unknown user is answered with (a client with
//! PreventUserExistenceErrors=ENABLED): an SRP challenge that cannot be told
//! from a real one. Its USER_ID_FOR_SRP is a UUID and its salt 16 bytes of
//! minimal hex, as a real user's are, both derived from the server's secret
//! and the name, so that asking twice gives the same; and its verifier is
//! made once, so that the server does the same arithmetic for it as for a
//! real user.

use cognito_srp::PasswordVerifier;

use crate::digest;
use crate::model::Pool;

pub struct Decoys {
    secret: Vec<u8>,
    /// Its table of powers is kept in the store at start-up as a user's
    /// is (`verifiers::backfill_powers`), and read from there as a user's
    /// is: a decoy's v^u costs what a user's does.
    verifier_hex: String,
}

impl Decoys {
    /// From the server's secret; the verifier is that of a random password.
    pub fn new(secret: Vec<u8>) -> Result<Decoys, String> {
        let password = crate::random::token(32);
        let verifier = PasswordVerifier::generate("us-east-1_Decoy", "decoy", &password)
            .map_err(|e| e.to_string())?;
        Ok(Decoys {
            secret,
            verifier_hex: verifier.verifier_hex(),
        })
    }

    /// The USER_ID_FOR_SRP of an unknown `name`: where email is the
    /// username, a UUID (version 4 in form, as a real user's); otherwise
    /// the name as the pool compares it (folded unless case-sensitive), as
    /// most users' names are made.
    pub fn user_id(&self, pool: &Pool, name: &str) -> String {
        if !pool.email_is_username() {
            return pool.username_key(name);
        }
        let mut bytes = self.derive(pool, name, "user");
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let mut id = [0u8; 16];
        id.copy_from_slice(&bytes[..16]);
        uuid::Uuid::from_bytes(id).to_string()
    }

    /// Whether `named`, a PASSWORD_VERIFIER answer's USERNAME, names the
    /// unknown name kept as `key` (`Pool::sign_in_key`): the name, or the
    /// USER_ID_FOR_SRP its challenge gave, as a user's answer may name the
    /// user by an alias or the internal name.
    pub fn is_named(&self, pool: &Pool, key: &str, named: &str) -> bool {
        pool.sign_in_key(named) == key || pool.username_key(named) == self.user_id(pool, key)
    }

    /// The verifier (salt and `v`) a decoy challenge is made from.
    pub fn verifier(&self, pool: &Pool, name: &str) -> Result<PasswordVerifier, String> {
        let salt = digest::hex(&self.derive(pool, name, "salt")[..16]);
        PasswordVerifier::from_hex(&salt, &self.verifier_hex).map_err(|e| e.to_string())
    }

    /// Every decoy's verifier (hex), which its table is kept by.
    pub fn verifier_hex(&self) -> &str {
        &self.verifier_hex
    }

    /// A stable key for an unknown name where a user's internal name
    /// would be (its codes, its failed sign-ins), so that what it does is
    /// counted as a real user's is.
    pub fn holder_key(&self, pool: &Pool, name: &str) -> String {
        format!("decoy:{}", digest::hex(&self.derive(pool, name, "codes")))
    }

    /// The first letter of the domain an unknown name's code seems to be
    /// sent to, where the name is not itself an email: a letter, stable for
    /// the name, as a real user's masked address shows one.
    pub fn domain_initial(&self, pool: &Pool, name: &str) -> char {
        let byte = self.derive(pool, name, "domain")[0];
        char::from(b'a' + byte % 26)
    }

    /// Derived from the name as the pool finds users by it.
    fn derive(&self, pool: &Pool, name: &str, what: &str) -> [u8; 32] {
        digest::keyed(&self.secret, &[what, &pool.id, &pool.sign_in_key(name)])
    }
}
