//! The handle the queries hang on (each table area's file adds its own),
//! and how values kept as JSON text are read and written.

use rusqlite::{Connection, Params, Row};

/// The queries, on the connection of one transaction.
#[derive(Clone, Copy)]
pub struct Db<'a>(pub(super) &'a Connection);

/// Every statement is prepared once per connection and kept: parsing
/// each again cost about 0.1 ms a sign-in (`cargo xtask bench server`).
/// Room for all of them.
pub(super) const STATEMENT_CACHE: usize = 128;

impl Db<'_> {
    /// Runs a statement from the connection's cache.
    pub(super) fn execute<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.0.prepare_cached(sql)?.execute(params)
    }

    /// The first row of a query from the connection's cache.
    pub(super) fn query_row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        row: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.0.prepare_cached(sql)?.query_row(params, row)
    }
}

/// A value kept as JSON text; unreadable text is an error, never a default.
pub(super) fn from_json<T: serde::de::DeserializeOwned>(
    column: usize,
    text: &str,
) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}
