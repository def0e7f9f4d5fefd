//! The plain answers that are not the API's, and the reads they are made
//! from.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::server::Server;
use crate::store::Db;

pub async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// A failure of the server's own (the database): logged, and a plain 500.
pub fn failure(cause: String) -> Response {
    tracing::error!(cause = %cause, "internal error");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "An internal error occurred.",
    )
        .into_response()
}

/// Reads the store in a blocking task (SQLite is not async); a failure is
/// the plain 500.
pub async fn read<T: Send + 'static>(
    server: &Arc<Server>,
    work: impl FnOnce(Db<'_>) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, Response> {
    let server = server.clone();
    match tokio::task::spawn_blocking(move || server.store.read(work)).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(failure(e.to_string())),
        Err(e) => Err(failure(e.to_string())),
    }
}
