//! `/<poolId>/.well-known/jwks.json` and `openid-configuration`, as
//! Cognito serves them at its issuer URL.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::reply;
use crate::server::Server;

/// Whether the pool exists.
async fn pool_exists(server: &Arc<Server>, pool_id: String) -> Result<bool, Response> {
    reply::read(server, move |db| {
        db.pool(&pool_id).map(|pool| pool.is_some())
    })
    .await
}

/// Public documents, as Cognito serves them: any page may read them (a
/// token verifier in a browser fetches the keys).
fn public(document: serde_json::Value) -> Response {
    ([("access-control-allow-origin", "*")], Json(document)).into_response()
}

pub async fn jwks(State(server): State<Arc<Server>>, Path(pool_id): Path<String>) -> Response {
    match pool_exists(&server, pool_id).await {
        Ok(true) => public(server.keys.jwks()),
        Ok(false) => reply::not_found().await,
        Err(response) => response,
    }
}

pub async fn openid_configuration(
    State(server): State<Arc<Server>>,
    Path(pool_id): Path<String>,
) -> Response {
    match pool_exists(&server, pool_id.clone()).await {
        Ok(true) => {}
        Ok(false) => return reply::not_found().await,
        Err(response) => return response,
    }
    public(json!({
        "issuer": server.issuer(&pool_id),
        "jwks_uri": format!("{}/{pool_id}/.well-known/jwks.json", server.origin),
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "token"],
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "subject_types_supported": ["public"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }))
}
