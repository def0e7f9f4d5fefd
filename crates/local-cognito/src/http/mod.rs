//! The HTTP side: the router, the API endpoint, CORS, the well-known
//! documents and the console.

mod api;
mod console;
mod cors;
mod reply;
mod well_known;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
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
        .fallback(reply::not_found)
        .layer(axum::middleware::from_fn_with_state(
            server.clone(),
            this_machine_only,
        ))
        .with_state(server)
}

/// A server on a loopback address answers requests sent to this machine's
/// names only. A web page whose own name was made to point at 127.0.0.1
/// (DNS rebinding) would otherwise be "same-origin" with it, and could read
/// the outbox and call admin operations.
async fn this_machine_only(
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    request: Request,
    next: Next,
) -> Response {
    let host = headers
        .get("host")
        .and_then(|host| host.to_str().ok())
        .unwrap_or_default();
    if server.loopback_only && !cors::is_loopback(&format!("http://{host}")) {
        return (
            StatusCode::FORBIDDEN,
            "local-cognito answers requests to 127.0.0.1, localhost and [::1] only.",
        )
            .into_response();
    }
    next.run(request).await
}
