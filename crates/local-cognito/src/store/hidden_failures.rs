//! The failed sign-ins of names with no user that a client hides, by their
//! decoy key: counted and locked as a user's are (see `credentials`).

use rusqlite::{params, OptionalExtension};

use super::db::Db;
use crate::model::FailureCount;

impl Db<'_> {
    pub fn hidden_failures(
        &self,
        pool_id: &str,
        holder: &str,
    ) -> rusqlite::Result<Option<FailureCount>> {
        self.query_row(
            "SELECT failed_attempts, locked_until FROM hidden_failures
                 WHERE pool_id = ?1 AND holder = ?2",
            params![pool_id, holder],
            |row| {
                Ok(FailureCount {
                    failed_attempts: row.get(0)?,
                    locked_until: row.get(1)?,
                })
            },
        )
        .optional()
    }

    pub fn put_hidden_failures(
        &self,
        pool_id: &str,
        holder: &str,
        count: &FailureCount,
        now: i64,
    ) -> rusqlite::Result<()> {
        self.execute(
            "INSERT OR REPLACE INTO hidden_failures (pool_id, holder, failed_attempts, locked_until, last_failure)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                pool_id,
                holder,
                count.failed_attempts,
                count.locked_until,
                now
            ],
        )?;
        Ok(())
    }
}
