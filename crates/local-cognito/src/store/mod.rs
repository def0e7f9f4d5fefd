//! Everything the server keeps, in SQLite: pools, clients, users (salt and
//! verifier, never a password), groups and their members, codes, SRP
//! challenges, auth sessions, hidden names' failed sign-ins, TOTP software tokens, devices, passkeys and their challenges, refresh tokens (hashed), verifiers' tables of powers, the outbox, the
//! signing keys and the server's secret. One module a table area; every
//! query is parameterised.
//!
//! Each operation writes in one `BEGIN IMMEDIATE` transaction
//! ([`Store::transaction`]): a crash leaves it applied whole or not at all.
//! Reads of their own ([`Store::read`]) are never committed: a write made
//! in one is dropped.

mod challenges;
mod codes;
mod db;
mod devices;
mod groups;
mod hidden_failures;
mod keys;
mod mfa;
mod outbox;
mod passkeys;
mod pools;
mod prune;

mod schema;
mod tokens;
mod users;
mod verifier_powers;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, TransactionBehavior};

use crate::error::ApiResult;

pub use db::Db;

/// The database's file in the data directory.
pub const DATABASE_FILE: &str = "local-cognito.sqlite3";

pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// The database file in `dir`, made readable by its owner only.
    pub fn open(dir: &Path) -> Result<Store, String> {
        let path = dir.join(DATABASE_FILE);
        private_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let conn = Connection::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| e.to_string())?;
        // A commit is in the log when it returns, so a crash of the process
        // loses nothing committed; only a power cut can lose the last
        // commits (never part of one). FULL would wait for the disk on
        // every commit, under the lock every operation takes.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| e.to_string())?;
        Self::init(conn)
    }

    pub fn in_memory() -> Result<Store, String> {
        Self::init(Connection::open_in_memory().map_err(|e| e.to_string())?)
    }

    fn init(conn: Connection) -> Result<Store, String> {
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| e.to_string())?;
        // Wait for a lock rather than fail (two servers on one directory).
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| e.to_string())?;
        conn.set_prepared_statement_cache_capacity(db::STATEMENT_CACHE);
        schema::migrate(&conn).map_err(|e| format!("the database's schema: {e}"))?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while the lock was held leaves SQLite consistent (its
        // transaction rolled back): go on.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction, committed when it
    /// succeeds or fails with an error that keeps its writes (a counted
    /// attempt), and rolled back otherwise.
    pub fn transaction<T>(&self, work: impl FnOnce(Db<'_>) -> ApiResult<T>) -> ApiResult<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let result = work(Db(&tx));
        match &result {
            Ok(_) => tx.commit()?,
            Err(e) if e.keeps_writes => tx.commit()?,
            Err(_) => tx.rollback()?,
        }
        result
    }
}

impl Store {
    /// Reads, in one transaction of its own that is never committed (the
    /// console, the well-known documents, the sign-in's first look).
    pub fn read<T, E: From<rusqlite::Error>>(
        &self,
        work: impl FnOnce(Db<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        work(Db(&tx))
    }

    /// Removes what has expired (see `prune`).
    pub fn prune(&self, now: i64, decoy_verifier: &str) -> ApiResult<prune::Pruned> {
        self.transaction(|db| Ok(db.prune(now, decoy_verifier)?))
    }
}

/// Creates `path` with mode 0600, or closes it (and SQLite's journal
/// files beside it) if an older local-cognito left it readable by others.
/// SQLite gives new journal files the database's mode.
#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if !path.exists() {
        return std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map(drop);
    }
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        if Path::new(&file).exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_file(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
