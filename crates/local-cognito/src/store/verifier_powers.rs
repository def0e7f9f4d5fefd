//! Verifiers' tables of powers (1.5 KB each, as secret as the verifier),
//! kept by the verifier they belong to: a changed password's new verifier
//! has its own, and the old one's goes at the next prune.

use rusqlite::OptionalExtension;

use super::db::Db;

impl Db<'_> {
    pub fn put_verifier_powers(&self, verifier: &str, powers: &[u8]) -> rusqlite::Result<()> {
        self.execute(
            "INSERT OR REPLACE INTO verifier_powers (verifier, powers) VALUES (?1, ?2)",
            rusqlite::params![verifier, powers],
        )?;
        Ok(())
    }

    pub fn verifier_powers(&self, verifier: &str) -> rusqlite::Result<Option<Vec<u8>>> {
        self.query_row(
            "SELECT powers FROM verifier_powers WHERE verifier = ?1",
            [verifier],
            |row| row.get(0),
        )
        .optional()
    }

    /// Users' verifiers that have no table (set before tables were kept),
    /// and `also` if it has none.
    pub fn verifiers_without_powers(&self, also: &str) -> rusqlite::Result<Vec<String>> {
        let mut statement = self.0.prepare_cached(
            "SELECT verifier FROM (SELECT verifier FROM users WHERE verifier <> '' UNION SELECT ?1)
                WHERE verifier NOT IN (SELECT verifier FROM verifier_powers)",
        )?;
        let rows = statement.query_map([also], |row| row.get(0))?;
        rows.collect()
    }
}
