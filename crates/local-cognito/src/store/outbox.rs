//! The emails the server would have sent.

use rusqlite::params;

use super::db::Db;
use crate::model::Message;

impl Db<'_> {
    pub fn add_message(
        &self,
        pool_id: &str,
        to: &str,
        subject: &str,
        body: &str,
        now: i64,
    ) -> rusqlite::Result<()> {
        self.execute(
            "INSERT INTO messages (pool_id, recipient, subject, body, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![pool_id, to, subject, body, now],
        )?;
        Ok(())
    }

    /// Messages, newest last; only those to `to` (case-insensitive) when given.
    pub fn messages(&self, to: Option<&str>) -> rusqlite::Result<Vec<Message>> {
        let mut statement = self.0.prepare_cached(
            "SELECT id, pool_id, recipient, subject, body, created FROM messages
             WHERE ?1 IS NULL OR lower(recipient) = lower(?1) ORDER BY id",
        )?;
        let rows = statement.query_map([to], |row| {
            Ok(Message {
                id: row.get(0)?,
                pool_id: row.get(1)?,
                to: row.get(2)?,
                subject: row.get(3)?,
                body: row.get(4)?,
                created: row.get(5)?,
            })
        })?;
        rows.collect()
    }
}
