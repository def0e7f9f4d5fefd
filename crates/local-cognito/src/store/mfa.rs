//! Users' TOTP software tokens, by internal username.

use rusqlite::{params, OptionalExtension};

use super::db::Db;
use crate::model::SoftwareToken;

impl Db<'_> {
    pub fn software_token(
        &self,
        pool_id: &str,
        username: &str,
    ) -> rusqlite::Result<Option<SoftwareToken>> {
        self.0
            .query_row(
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
        self.0.execute(
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
