//! The token signing keys, and the server's secret (the key of its
//! decoys): made once, kept, so that they outlive a restart.

use rusqlite::{params, OptionalExtension};

use super::db::Db;

impl Db<'_> {
    pub fn keys(&self) -> rusqlite::Result<Vec<(String, String)>> {
        let mut statement = self
            .0
            .prepare_cached("SELECT kid, private_pem FROM keys ORDER BY created")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect()
    }

    pub fn add_key(&self, kid: &str, private_pem: &str, now: i64) -> rusqlite::Result<()> {
        self.execute(
            "INSERT INTO keys (kid, private_pem, created) VALUES (?1, ?2, ?3)",
            params![kid, private_pem, now],
        )?;
        Ok(())
    }

    /// The secret called `name`, made by `make` the first time.
    pub fn secret(&self, name: &str, make: impl FnOnce() -> Vec<u8>) -> rusqlite::Result<Vec<u8>> {
        if let Some(value) = self
            .query_row("SELECT value FROM secrets WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()?
        {
            return Ok(value);
        }
        let value = make();
        self.execute(
            "INSERT INTO secrets (name, value) VALUES (?1, ?2)",
            params![name, value],
        )?;
        Ok(value)
    }
}
