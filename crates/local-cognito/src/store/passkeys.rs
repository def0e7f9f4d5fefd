//! Users' passkeys, by pool and credential id (unique in its pool; whose
//! it is, the caller checks against the row's username), and the WebAuthn
//! challenges waiting for their answers: a registration's one a user, a
//! sign-in's one a session; each taken once by one `DELETE … RETURNING`.

use rusqlite::{params, OptionalExtension, Row};

use super::db::{from_json, to_json, Db};
use crate::model::{Passkey, PasskeyCeremony, PasskeyChallenge};

/// A passkey's columns, in the order `passkey_from_row` reads them (a
/// macro, so that the queries stay static strings).
macro_rules! passkey_columns {
    () => {
        "pool_id, username, credential_id, public_key, sign_count, transports, attachment, relying_party_id, friendly_name, created"
    };
}

impl Db<'_> {
    pub fn insert_passkey(&self, passkey: &Passkey) -> rusqlite::Result<()> {
        self.execute(
            concat!(
                "INSERT INTO webauthn_credentials (",
                passkey_columns!(),
                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ),
            params![
                passkey.pool_id,
                passkey.username,
                passkey.credential_id,
                passkey.public_key,
                passkey.sign_count,
                to_json(&passkey.transports)?,
                passkey.attachment,
                passkey.relying_party_id,
                passkey.friendly_name,
                passkey.created
            ],
        )?;
        Ok(())
    }

    pub fn passkey(&self, pool_id: &str, credential_id: &str) -> rusqlite::Result<Option<Passkey>> {
        self.query_row(
            concat!(
                "SELECT ",
                passkey_columns!(),
                " FROM webauthn_credentials WHERE pool_id = ?1 AND credential_id = ?2"
            ),
            params![pool_id, credential_id],
            passkey_from_row,
        )
        .optional()
    }

    /// A user's passkeys, oldest first.
    pub fn passkeys(&self, pool_id: &str, username: &str) -> rusqlite::Result<Vec<Passkey>> {
        let mut statement = self.0.prepare_cached(concat!(
            "SELECT ",
            passkey_columns!(),
            " FROM webauthn_credentials WHERE pool_id = ?1 AND username = ?2
             ORDER BY created, rowid"
        ))?;
        let rows = statement.query_map(params![pool_id, username], passkey_from_row)?;
        rows.collect()
    }

    /// The counter a sign-in's assertion reported.
    pub fn set_passkey_sign_count(
        &self,
        pool_id: &str,
        credential_id: &str,
        sign_count: u32,
    ) -> rusqlite::Result<()> {
        self.execute(
            "UPDATE webauthn_credentials SET sign_count = ?3 WHERE pool_id = ?1 AND credential_id = ?2",
            params![pool_id, credential_id, sign_count],
        )?;
        Ok(())
    }

    pub fn delete_passkey(&self, pool_id: &str, credential_id: &str) -> rusqlite::Result<()> {
        self.execute(
            "DELETE FROM webauthn_credentials WHERE pool_id = ?1 AND credential_id = ?2",
            params![pool_id, credential_id],
        )?;
        Ok(())
    }

    /// Puts a user's registration challenge in place of any earlier one.
    pub fn put_registration_challenge(&self, value: &PasskeyChallenge) -> rusqlite::Result<()> {
        self.execute(
            "DELETE FROM webauthn_challenges WHERE pool_id = ?1 AND username = ?2 AND ceremony = ?3",
            params![value.pool_id, value.username, PasskeyCeremony::Registration],
        )?;
        self.insert_passkey_challenge(value, PasskeyCeremony::Registration, None)
    }

    /// Keeps a sign-in's challenge with the session it is given with.
    pub fn put_sign_in_challenge(
        &self,
        session_id: &str,
        value: &PasskeyChallenge,
    ) -> rusqlite::Result<()> {
        self.insert_passkey_challenge(value, PasskeyCeremony::SignIn, Some(session_id))
    }

    fn insert_passkey_challenge(
        &self,
        value: &PasskeyChallenge,
        ceremony: PasskeyCeremony,
        session_id: Option<&str>,
    ) -> rusqlite::Result<()> {
        self.execute(
            "INSERT INTO webauthn_challenges (challenge, pool_id, client_id, username, ceremony, session_id, expires)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                value.challenge,
                value.pool_id,
                value.client_id,
                value.username,
                ceremony,
                session_id,
                value.expires
            ],
        )?;
        Ok(())
    }

    /// Removes and returns the user's registration challenge, if it has
    /// not expired: a challenge answers once.
    pub fn take_registration_challenge(
        &self,
        pool_id: &str,
        username: &str,
        now: i64,
    ) -> rusqlite::Result<Option<PasskeyChallenge>> {
        self.take_passkey_challenge(
            "DELETE FROM webauthn_challenges WHERE pool_id = ?1 AND username = ?2 AND ceremony = ?3
             RETURNING challenge, pool_id, client_id, username, expires",
            params![pool_id, username, PasskeyCeremony::Registration],
            now,
        )
    }

    /// Removes and returns the challenge kept with a sign-in's session, if
    /// it has not expired.
    pub fn take_sign_in_challenge(
        &self,
        session_id: &str,
        now: i64,
    ) -> rusqlite::Result<Option<PasskeyChallenge>> {
        self.take_passkey_challenge(
            "DELETE FROM webauthn_challenges WHERE session_id = ?1 AND ceremony = ?2
             RETURNING challenge, pool_id, client_id, username, expires",
            params![session_id, PasskeyCeremony::SignIn],
            now,
        )
    }

    fn take_passkey_challenge(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        now: i64,
    ) -> rusqlite::Result<Option<PasskeyChallenge>> {
        self.query_row(sql, params, |row| {
            Ok(PasskeyChallenge {
                challenge: row.get(0)?,
                pool_id: row.get(1)?,
                client_id: row.get(2)?,
                username: row.get(3)?,
                expires: row.get(4)?,
            })
        })
        .optional()
        .map(|taken| taken.filter(|challenge| challenge.expires >= now))
    }
}

fn passkey_from_row(row: &Row<'_>) -> rusqlite::Result<Passkey> {
    Ok(Passkey {
        pool_id: row.get(0)?,
        username: row.get(1)?,
        credential_id: row.get(2)?,
        public_key: row.get(3)?,
        sign_count: row.get(4)?,
        transports: from_json(5, &row.get::<_, String>(5)?)?,
        attachment: row.get(6)?,
        relying_party_id: row.get(7)?,
        friendly_name: row.get(8)?,
        created: row.get(9)?,
    })
}
