//! `POST /`: one Cognito operation, named by `X-Amz-Target`; and its CORS
//! preflight.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cognito_idp::Operation;
use serde_json::Value;

use super::cors;
use crate::error::ApiError;
use crate::server::Server;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The operation `X-Amz-Target` names.
pub struct Target(pub Operation);

impl<S: Send + Sync> FromRequestParts<S> for Target {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let target = parts
            .headers
            .get("x-amz-target")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        Operation::from_target(target)
            .map(Target)
            .ok_or_else(|| ApiError::unknown_operation(target))
    }
}

pub async fn call(
    State(server): State<Arc<Server>>,
    target: Result<Target, ApiError>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let mut response = match target {
        Ok(Target(operation)) => answer(&server, operation, body).await,
        Err(error) => {
            tracing::info!(operation = "unknown", outcome = error.code().as_str());
            error.into_response()
        }
    };
    let headers_out = response.headers_mut();
    headers_out.insert("x-amzn-requestid", request_id());
    if let Some(origin) = cors::allowed_origin(&headers, &server.allowed_origins) {
        cors::grant(headers_out, origin);
    }
    response
}

async fn answer(server: &Arc<Server>, operation: Operation, body: Body) -> Response {
    let started = Instant::now();
    let body: Bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(_) => return ApiError::too_large(MAX_BODY_BYTES).into_response(),
    };
    if let Some(recorded) = &server.recorded {
        recorded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((operation.target(), masked(&body)));
    }
    // The permit goes with the operation's thread and is given back there,
    // as soon as the operation ends. The semaphore is never closed, so the
    // error case (no permit, no limit) cannot happen.
    let running = server.running.clone().acquire_owned().await.ok();
    let worker = server.clone();
    let result = tokio::task::spawn_blocking(move || {
        let _running = running;
        crate::ops::serve(&worker, operation, &body)
    })
    .await
    .unwrap_or_else(|e| {
        Err(ApiError::internal(format_args!(
            "the operation panicked: {e}"
        )))
    });
    let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
    match result {
        Ok(json) => {
            tracing::info!(operation = operation.name(), outcome = 200, elapsed_ms);
            ([("content-type", cognito_idp::CONTENT_TYPE)], json).into_response()
        }
        Err(error) => {
            match &error.cause {
                Some(cause) => {
                    tracing::error!(operation = operation.name(), cause = %cause, elapsed_ms)
                }
                None => tracing::info!(
                    operation = operation.name(),
                    outcome = error.code().as_str(),
                    elapsed_ms
                ),
            }
            error.into_response()
        }
    }
}

/// `OPTIONS /`: a browser asking whether its page may call the API.
pub async fn preflight(State(server): State<Arc<Server>>, headers: HeaderMap) -> Response {
    let Some(origin) = cors::allowed_origin(&headers, &server.allowed_origins) else {
        return (
            StatusCode::FORBIDDEN,
            "This origin may not call local-cognito; start it with --allow-origin to allow it.",
        )
            .into_response();
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    cors::grant(response.headers_mut(), origin);
    cors::grant_preflight(response.headers_mut());
    response
}

fn request_id() -> HeaderValue {
    HeaderValue::from_str(&crate::random::uuid()).unwrap_or(HeaderValue::from_static("0"))
}

/// The keys whose values are secrets: masked in the request record.
const SECRET_KEYS: [&str; 10] = [
    "Password",
    "PreviousPassword",
    "ProposedPassword",
    "TemporaryPassword",
    "PASSWORD",
    "NEW_PASSWORD",
    // TOTP codes: one refused (a wrong answer elsewhere, a lost reply)
    // still works for the rest of its 30 seconds.
    "UserCode",
    "SOFTWARE_TOKEN_MFA_CODE",
    // An emailed MFA code: good for the rest of its 3 minutes if the
    // answer fails on anything else.
    "EMAIL_OTP_CODE",
    // A device's verifier (ConfirmDevice): not a password, but what an
    // offline guess at the device's password would start from.
    "PasswordVerifier",
];

/// The body as recorded: secrets masked, so that the record (a test's
/// evidence that the page never sends the password) holds none.
fn masked(body: &[u8]) -> String {
    fn mask(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if SECRET_KEYS.contains(&key.as_str()) && value.is_string() {
                        *value = Value::from("***");
                    } else {
                        mask(value);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(mask),
            _ => {}
        }
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            mask(&mut value);
            value.to_string()
        }
        Err(_) => "(not JSON)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_hold_no_passwords() {
        let recorded = masked(
            br#"{"Username":"u","Password":"Un1corns!","AuthParameters":{"PASSWORD":"Un1corns!","SRP_A":"ab"}}"#,
        );
        assert!(!recorded.contains("Un1corns"), "{recorded}");
        assert!(recorded.contains(r#""SRP_A":"ab""#), "{recorded}");
        assert_eq!(masked(b"Un1corns! not json"), "(not JSON)");
        let recorded = masked(
            br#"{"UserCode":"123456","ChallengeResponses":{"SOFTWARE_TOKEN_MFA_CODE":"654321","EMAIL_OTP_CODE":"987654"}}"#,
        );
        assert!(
            !recorded.contains("123456")
                && !recorded.contains("654321")
                && !recorded.contains("987654"),
            "{recorded}"
        );
    }
}
