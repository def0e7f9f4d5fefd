//! Users' MFA: TOTP software tokens and the choice of email MFA, by
//! internal username.

use rusqlite::{params, OptionalExtension};

use super::db::Db;
use crate::model::{MfaPreference, SoftwareToken};

impl Db<'_> {
    pub fn software_token(
        &self,
        pool_id: &str,
        username: &str,
    ) -> rusqlite::Result<Option<SoftwareToken>> {
        self.query_row(
            "SELECT pending, secret, preference, last_step FROM software_tokens
                 WHERE pool_id = ?1 AND username = ?2",
            params![pool_id, username],
            |row| {
                Ok(SoftwareToken {
                    pending: row.get(0)?,
                    secret: row.get(1)?,
                    preference: row.get(2)?,
                    last_step: row.get(3)?,
                })
            },
        )
        .optional()
    }

    pub fn put_software_token(
        &self,
        pool_id: &str,
        username: &str,
        token: &SoftwareToken,
    ) -> rusqlite::Result<()> {
        self.execute(
            "INSERT INTO software_tokens (pool_id, username, pending, secret, preference, last_step)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (pool_id, username) DO UPDATE SET pending = ?3, secret = ?4,
                preference = ?5, last_step = ?6",
            params![
                pool_id,
                username,
                token.pending,
                token.secret,
                token.preference,
                token.last_step
            ],
        )?;
        Ok(())
    }
}

impl Db<'_> {
    /// The user's choice of email MFA; off when never made.
    pub fn email_mfa(&self, pool_id: &str, username: &str) -> rusqlite::Result<MfaPreference> {
        Ok(self
            .query_row(
                "SELECT preference FROM email_mfa WHERE pool_id = ?1 AND username = ?2",
                params![pool_id, username],
                |row| row.get(0),
            )
            .optional()?
            .unwrap_or(MfaPreference::Off))
    }

    pub fn put_email_mfa(
        &self,
        pool_id: &str,
        username: &str,
        preference: MfaPreference,
    ) -> rusqlite::Result<()> {
        self.execute(
            "INSERT INTO email_mfa (pool_id, username, preference) VALUES (?1, ?2, ?3)
             ON CONFLICT (pool_id, username) DO UPDATE SET preference = ?3",
            params![pool_id, username, preference],
        )?;
        Ok(())
    }
}
