//! Refresh tokens, by the hash of the token.

use rusqlite::{params, OptionalExtension};

use super::db::Db;
use crate::model::RefreshToken;

impl Db<'_> {
    pub fn put_refresh_token(&self, hash: &str, token: &RefreshToken) -> rusqlite::Result<()> {
        self.0.execute(
            "INSERT INTO refresh_tokens (hash, pool_id, client_id, username, origin_jti, auth_time, expires, revoked)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
            params![
                hash,
                token.pool_id,
                token.client_id,
                token.username,
                token.origin_jti,
                token.auth_time,
                token.expires
            ],
        )?;
        Ok(())
    }

    pub fn refresh_token(&self, hash: &str) -> rusqlite::Result<Option<RefreshToken>> {
        self.0
            .query_row(
                "SELECT pool_id, client_id, username, origin_jti, auth_time, expires, revoked
                 FROM refresh_tokens WHERE hash = ?1",
                [hash],
                |row| {
                    Ok(RefreshToken {
                        pool_id: row.get(0)?,
                        client_id: row.get(1)?,
                        username: row.get(2)?,
                        origin_jti: row.get(3)?,
                        auth_time: row.get(4)?,
                        expires: row.get(5)?,
                        revoked: row.get(6)?,
                    })
                },
            )
            .optional()
    }

    /// Whether the sign-in `origin_jti` began with has been revoked. Every
    /// sign-in stores its refresh token, so one that is gone (pruned, or its
    /// user deleted) counts as revoked.
    pub fn origin_revoked(&self, origin_jti: &str) -> rusqlite::Result<bool> {
        Ok(self
            .0
            .query_row(
                "SELECT revoked FROM refresh_tokens WHERE origin_jti = ?1",
                [origin_jti],
                |row| row.get::<_, bool>(0),
            )
            .optional()?
            .unwrap_or(true))
    }

    pub fn revoke_refresh_token(&self, hash: &str) -> rusqlite::Result<()> {
        self.0.execute(
            "UPDATE refresh_tokens SET revoked = 1 WHERE hash = ?1",
            [hash],
        )?;
        Ok(())
    }

    pub fn revoke_user_tokens(&self, pool_id: &str, username: &str) -> rusqlite::Result<()> {
        self.0.execute(
            "UPDATE refresh_tokens SET revoked = 1 WHERE pool_id = ?1 AND username = ?2",
            params![pool_id, username],
        )?;
        Ok(())
    }
}
