//! The handle the queries hang on (each table area's file adds its own),
//! and how values kept as JSON text are read and written.

use rusqlite::Connection;

/// The queries, on the connection of one transaction.
#[derive(Clone, Copy)]
pub struct Db<'a>(pub(super) &'a Connection);

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
