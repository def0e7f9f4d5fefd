//! The one error type of the server, and how it goes on the wire: HTTP 400
//! (or 413, 500) with `{"__type", "message"}` and `x-amzn-ErrorType`.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cognito_idp::{ErrorCode, ServiceError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError(pub ServiceError);

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError(ServiceError::new(code, message))
    }

    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    // The errors several operations share, with Cognito's messages.

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidParameterException, message)
    }

    pub fn missing(field: &str) -> Self {
        Self::invalid(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
            lower_first(field)
        ))
    }

    pub fn too_long(field: &str, max: usize) -> Self {
        Self::invalid(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have length less than or equal to {max}",
            lower_first(field)
        ))
    }

    pub fn wrong_password() -> Self {
        Self::new(
            ErrorCode::NotAuthorizedException,
            "Incorrect username or password.",
        )
    }

    pub fn user_not_found() -> Self {
        Self::new(ErrorCode::UserNotFoundException, "User does not exist.")
    }

    pub fn internal(what: impl std::fmt::Display) -> Self {
        eprintln!("[local-cognito] internal error: {what}");
        Self::new(
            ErrorCode::InternalErrorException,
            "An internal error occurred.",
        )
    }
}

/// Cognito names fields in camelCase in its validation messages.
pub fn lower_first(field: &str) -> String {
    let mut chars = field.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal(format!("database: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self.0.code {
            ErrorCode::InternalErrorException => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::RequestEntityTooLargeException => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        };
        let mut response = (status, self.0.to_body()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            "content-type",
            HeaderValue::from_static(cognito_idp::CONTENT_TYPE),
        );
        headers.insert(
            "x-amzn-errortype",
            HeaderValue::from_static(self.0.code.as_str()),
        );
        response
    }
}
