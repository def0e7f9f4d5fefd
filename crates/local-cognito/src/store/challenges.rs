//! SRP challenges of users and devices (by SECRET_BLOCK) and auth sessions (NEW_PASSWORD_REQUIRED,
//! the MFA challenges): each taken once, by one `DELETE … RETURNING`. Both
//! keep their subject as a name and whether it is hidden.

use rusqlite::{params, OptionalExtension};

use super::db::Db;
use crate::model::{AuthSession, SessionSubject, SrpChallenge};

/// A challenge's columns, in the order `challenge` reads them (a macro, so
/// that the queries stay static strings).
macro_rules! challenge_columns {
    () => {
        "pool_id, client_id, username, hidden, srp_a, b, srp_b, expires, device_key"
    };
}

impl Db<'_> {
    pub fn put_challenge(
        &self,
        secret_block: &str,
        challenge: &SrpChallenge,
    ) -> rusqlite::Result<()> {
        let (name, hidden) = stored_subject(&challenge.subject);
        self.execute(
            "INSERT INTO challenges (secret_block, pool_id, client_id, username, hidden, srp_a, b, srp_b, expires, device_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                secret_block,
                challenge.pool_id,
                challenge.client_id,
                name,
                hidden,
                challenge.srp_a,
                challenge.b,
                challenge.srp_b,
                challenge.expires,
                challenge.device_key.as_deref().unwrap_or_default()
            ],
        )?;
        Ok(())
    }

    /// Removes and returns the challenge, if it has not expired: a secret
    /// block answers once.
    pub fn take_challenge(
        &self,
        secret_block: &str,
        now: i64,
    ) -> rusqlite::Result<Option<SrpChallenge>> {
        self.query_row(
            concat!(
                "DELETE FROM challenges WHERE secret_block = ?1 RETURNING ",
                challenge_columns!()
            ),
            [secret_block],
            challenge,
        )
        .optional()
        .map(|taken| taken.filter(|challenge| challenge.expires >= now))
    }

    /// The challenge, left in place (the sign-in's look before its
    /// arithmetic; the write that follows takes it).
    pub fn challenge(
        &self,
        secret_block: &str,
        now: i64,
    ) -> rusqlite::Result<Option<SrpChallenge>> {
        self.query_row(
            concat!(
                "SELECT ",
                challenge_columns!(),
                " FROM challenges WHERE secret_block = ?1"
            ),
            [secret_block],
            challenge,
        )
        .optional()
        .map(|found| found.filter(|challenge| challenge.expires >= now))
    }

    pub fn put_session(&self, session: &str, value: &AuthSession) -> rusqlite::Result<()> {
        let (name, hidden) = stored_subject(&value.subject);
        self.execute(
            "INSERT INTO sessions (session, pool_id, client_id, username, hidden, challenge, expires)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                session,
                value.pool_id,
                value.client_id,
                name,
                hidden,
                value.challenge,
                value.expires
            ],
        )?;
        Ok(())
    }

    pub fn take_session(&self, session: &str) -> rusqlite::Result<Option<AuthSession>> {
        self.query_row(
            "DELETE FROM sessions WHERE session = ?1
                 RETURNING pool_id, client_id, username, hidden, challenge, expires",
            [session],
            auth_session,
        )
        .optional()
    }

    /// The session, left in place: a wrong TOTP code does not spend it.
    pub fn session(&self, session: &str) -> rusqlite::Result<Option<AuthSession>> {
        self.query_row(
            "SELECT pool_id, client_id, username, hidden, challenge, expires
                 FROM sessions WHERE session = ?1",
            [session],
            auth_session,
        )
        .optional()
    }
}

/// A subject as its two columns: the name, and whether it is hidden.
fn stored_subject(subject: &SessionSubject) -> (&str, bool) {
    match subject {
        SessionSubject::User(name) => (name, false),
        SessionSubject::Hidden(name) => (name, true),
    }
}

/// A subject from the columns at `name` and the next (`hidden`).
fn subject(row: &rusqlite::Row<'_>, name: usize) -> rusqlite::Result<SessionSubject> {
    let (name, hidden) = (row.get(name)?, row.get(name + 1)?);
    Ok(if hidden {
        SessionSubject::Hidden(name)
    } else {
        SessionSubject::User(name)
    })
}

fn auth_session(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuthSession> {
    Ok(AuthSession {
        pool_id: row.get(0)?,
        client_id: row.get(1)?,
        subject: subject(row, 2)?,
        challenge: row.get(4)?,
        expires: row.get(5)?,
    })
}

fn challenge(row: &rusqlite::Row<'_>) -> rusqlite::Result<SrpChallenge> {
    Ok(SrpChallenge {
        pool_id: row.get(0)?,
        client_id: row.get(1)?,
        subject: subject(row, 2)?,
        srp_a: row.get(4)?,
        b: row.get(5)?,
        srp_b: row.get(6)?,
        expires: row.get(7)?,
        device_key: Some(row.get::<_, String>(8)?).filter(|key| !key.is_empty()),
    })
}
