//! Emailed codes, one a user and purpose.

use rusqlite::{params, OptionalExtension};

use super::db::Db;
use crate::model::{Code, CodePurpose};

impl Db<'_> {
    pub fn code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: CodePurpose,
    ) -> rusqlite::Result<Option<Code>> {
        self.query_row(
            "SELECT code, expires, attempts, sends, window_start FROM codes
                 WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3",
            params![pool_id, username, purpose],
            |row| {
                Ok(Code {
                    code: row.get(0)?,
                    expires: row.get(1)?,
                    attempts: row.get(2)?,
                    sends: row.get(3)?,
                    window_start: row.get(4)?,
                })
            },
        )
        .optional()
    }

    /// Stores the code for a user and purpose, replacing the one before
    /// (its counts are the caller's to carry over).
    pub fn put_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: CodePurpose,
        code: &Code,
    ) -> rusqlite::Result<()> {
        self.execute(
            "INSERT OR REPLACE INTO codes (pool_id, username, purpose, code, expires, attempts, sends, window_start)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                pool_id,
                username,
                purpose,
                code.code,
                code.expires,
                code.attempts,
                code.sends,
                code.window_start
            ],
        )?;
        Ok(())
    }

    pub fn count_code_attempt(
        &self,
        pool_id: &str,
        username: &str,
        purpose: CodePurpose,
    ) -> rusqlite::Result<()> {
        self.execute(
            "UPDATE codes SET attempts = attempts + 1 WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3",
            params![pool_id, username, purpose],
        )?;
        Ok(())
    }

    pub fn delete_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: CodePurpose,
    ) -> rusqlite::Result<()> {
        self.execute(
            "DELETE FROM codes WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3",
            params![pool_id, username, purpose],
        )?;
        Ok(())
    }
}
