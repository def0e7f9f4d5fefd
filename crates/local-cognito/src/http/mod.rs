//! The HTTP side: the router, the API endpoint, CORS, the well-known
//! documents and the console.

mod api;
mod console;
mod cors;
mod well_known;

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::server::Server;

pub use api::MAX_BODY_BYTES;

pub fn router(server: Arc<Server>) -> Router {
    Router::new()
        .route(
            "/",
            post(api::call)
                .options(api::preflight)
                .get(console::home_redirect),
        )
        .route("/{pool_id}/.well-known/jwks.json", get(well_known::jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(well_known::openid_configuration),
        )
        .route("/_local/", get(console::page))
        .route("/_local/console.css", get(console::stylesheet))
        .route("/_local/messages", get(console::messages))
        .route("/_local/confirm", post(console::confirm))
        .route("/_local/clock", post(console::clock))
        .route("/_local/requests", get(console::requests))
        .fallback(not_found)
        .with_state(server)
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// A failure of the server's own (the database): logged, and a plain 500.
fn failure(cause: String) -> Response {
    tracing::error!(cause = %cause, "internal error");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "An internal error occurred.",
    )
        .into_response()
}
