//! Refresh tokens, by the hash of the token. A sign-in (`origin_jti`) has
//! one, or, where its client rotates them, one current and the ones it
//! replaced; revoking any revokes the sign-in.

use rusqlite::{params, OptionalExtension};

use super::db::Db;
use crate::model::RefreshToken;

impl Db<'_> {
    pub fn put_refresh_token(&self, hash: &str, token: &RefreshToken) -> rusqlite::Result<()> {
        self.execute(
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
        self.query_row(
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
            .query_row(
                "SELECT MAX(revoked) FROM refresh_tokens WHERE origin_jti = ?1",
                [origin_jti],
                |row| row.get::<_, Option<bool>>(0),
            )?
            .unwrap_or(true))
    }

    /// Revokes the sign-in of a refresh token: every token rotation gave it.
    pub fn revoke_refresh_token(&self, hash: &str) -> rusqlite::Result<()> {
        self.execute(
            "UPDATE refresh_tokens SET revoked = 1
             WHERE origin_jti = (SELECT origin_jti FROM refresh_tokens WHERE hash = ?1)",
            [hash],
        )?;
        Ok(())
    }

    /// When a rotated refresh token stops working; None for a sign-in's
    /// current token (or an unknown one).
    pub fn retired_until(&self, hash: &str) -> rusqlite::Result<Option<i64>> {
        Ok(self
            .query_row(
                "SELECT retired_until FROM refresh_tokens WHERE hash = ?1",
                [hash],
                |row| row.get::<_, Option<i64>>(0),
            )
            .optional()?
            .flatten())
    }

    /// Rotation: the sign-in's current token (and any other not yet
    /// retired) works until `until` only; `new_hash` becomes its current
    /// token, with the sign-in's user, times and expiry.
    pub fn rotate_refresh_token(
        &self,
        origin_jti: &str,
        until: i64,
        new_hash: &str,
        token: &RefreshToken,
    ) -> rusqlite::Result<()> {
        self.execute(
            "UPDATE refresh_tokens SET retired_until = ?2
             WHERE origin_jti = ?1 AND retired_until IS NULL",
            params![origin_jti, until],
        )?;
        self.put_refresh_token(new_hash, token)
    }

    pub fn revoke_user_tokens(&self, pool_id: &str, username: &str) -> rusqlite::Result<()> {
        self.execute(
            "UPDATE refresh_tokens SET revoked = 1 WHERE pool_id = ?1 AND username = ?2",
            params![pool_id, username],
        )?;
        Ok(())
    }
}
