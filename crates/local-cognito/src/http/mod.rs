//! The HTTP side: the router, the API endpoint, CORS, the well-known
//! documents and the console.

mod api;
mod console;
mod cors;
mod reply;
mod well_known;

use std::sync::Arc;

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
        .with_state(server)
}
