//! Users: found by their name or, where email is the username, their email.

use rusqlite::{params, OptionalExtension, Row};

use super::db::{from_json, to_json, Db};
use crate::model::{Pool, User};

const COLUMNS: &str = "pool_id, username, attributes, status, enabled, salt, verifier, \
    password_expires, created, modified, failed_attempts, locked_until, tokens_valid_after";

impl Db<'_> {
    pub fn insert_user(&self, pool: &Pool, user: &User) -> rusqlite::Result<()> {
        self.execute(
            "INSERT INTO users (pool_id, username, username_key, email_key, attributes, status, enabled,
                salt, verifier, password_expires, created, modified)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                user.pool_id,
                user.username,
                pool.username_key(&user.username),
                user.email().map(str::to_lowercase),
                to_json(&user.attributes)?,
                user.status,
                user.enabled,
                user.salt,
                user.verifier,
                user.password_expires,
                user.created,
                user.modified,
            ],
        )?;
        Ok(())
    }

    /// Writes every field of a user back (the username never changes).
    pub fn update_user(&self, pool: &Pool, user: &User) -> rusqlite::Result<()> {
        self.execute(
            "UPDATE users SET email_key = ?3, attributes = ?4, status = ?5, enabled = ?6, salt = ?7,
                verifier = ?8, password_expires = ?9, modified = ?10, failed_attempts = ?11,
                locked_until = ?12, tokens_valid_after = ?13
             WHERE pool_id = ?1 AND username_key = ?2",
            params![
                user.pool_id,
                pool.username_key(&user.username),
                user.email().map(str::to_lowercase),
                to_json(&user.attributes)?,
                user.status,
                user.enabled,
                user.salt,
                user.verifier,
                user.password_expires,
                user.modified,
                user.failed_attempts,
                user.locked_until,
                user.tokens_valid_after,
            ],
        )?;
        Ok(())
    }

    /// A user by username, or by email where email is the username.
    pub fn find_user(&self, pool: &Pool, name: &str) -> rusqlite::Result<Option<User>> {
        let by_name = self
            .query_row(
                &format!("SELECT {COLUMNS} FROM users WHERE pool_id = ?1 AND username_key = ?2"),
                params![pool.id, pool.username_key(name)],
                user_from_row,
            )
            .optional()?;
        if by_name.is_some() || !pool.email_is_username() {
            return Ok(by_name);
        }
        self.user_by_email(pool, name)
    }

    pub fn user_by_email(&self, pool: &Pool, email: &str) -> rusqlite::Result<Option<User>> {
        self.query_row(
            &format!(
                "SELECT {COLUMNS} FROM users WHERE pool_id = ?1 AND email_key = ?2 \
                 ORDER BY created LIMIT 1"
            ),
            params![pool.id, email.to_lowercase()],
            user_from_row,
        )
        .optional()
    }

    pub fn users(&self, pool_id: &str) -> rusqlite::Result<Vec<User>> {
        let mut statement = self.0.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM users WHERE pool_id = ?1 ORDER BY created, username"
        ))?;
        let rows = statement.query_map([pool_id], user_from_row)?;
        rows.collect()
    }

    /// The members of a group, ordered as [`Db::users`] orders a pool's.
    pub fn users_in_group(&self, pool_id: &str, group_name: &str) -> rusqlite::Result<Vec<User>> {
        let mut statement = self.0.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM users WHERE pool_id = ?1 AND username IN
                (SELECT username FROM group_members WHERE pool_id = ?1 AND group_name = ?2)
             ORDER BY created, username"
        ))?;
        let rows = statement.query_map(params![pool_id, group_name], user_from_row)?;
        rows.collect()
    }

    pub fn count_users(&self, pool_id: &str) -> rusqlite::Result<u64> {
        self.query_row(
            "SELECT COUNT(*) FROM users WHERE pool_id = ?1",
            [pool_id],
            |row| row.get(0),
        )
    }

    /// Deletes a user and everything that hangs off it.
    pub fn delete_user(&self, pool: &Pool, user: &User) -> rusqlite::Result<()> {
        self.execute(
            "DELETE FROM users WHERE pool_id = ?1 AND username_key = ?2",
            params![pool.id, pool.username_key(&user.username)],
        )?;
        for table in [
            "codes",
            "challenges",
            "sessions",
            "refresh_tokens",
            "group_members",
            "software_tokens",
            "email_mfa",
            "devices",
            "webauthn_credentials",
            "webauthn_challenges",
        ] {
            self.execute(
                &format!("DELETE FROM {table} WHERE pool_id = ?1 AND username = ?2"),
                params![pool.id, user.username],
            )?;
        }
        Ok(())
    }
}

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        pool_id: row.get(0)?,
        username: row.get(1)?,
        attributes: from_json(2, &row.get::<_, String>(2)?)?,
        status: row.get(3)?,
        enabled: row.get(4)?,
        salt: row.get(5)?,
        verifier: row.get(6)?,
        password_expires: row.get(7)?,
        created: row.get(8)?,
        modified: row.get(9)?,
        failed_attempts: row.get(10)?,
        locked_until: row.get(11)?,
        tokens_valid_after: row.get(12)?,
    })
}
