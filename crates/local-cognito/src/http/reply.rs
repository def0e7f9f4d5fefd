//! The plain answers that are not the API's.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

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
