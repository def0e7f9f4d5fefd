//! The one error type of the server, and how it goes on the wire: HTTP 400
//! (or 413, 500) with `{"__type", "message"}` and `x-amzn-ErrorType`.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cognito_idp::{ErrorCode, ServiceError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// What the caller is told.
    pub service: ServiceError,
    /// The operation's writes stand although it failed: it counted a wrong
    /// password or code, which must survive the error.
    pub keeps_writes: bool,
    /// For an internal error, what went wrong: logged, never sent.
    pub cause: Option<String>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            service: ServiceError::new(code, message),
            keeps_writes: false,
            cause: None,
        }
    }

    pub fn code(&self) -> ErrorCode {
        self.service.code
    }

    pub fn message(&self) -> &str {
        &self.service.message
    }

    /// The same error, with the operation's writes kept (see `keeps_writes`).
    pub fn keeping_writes(mut self) -> Self {
        self.keeps_writes = true;
        self
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

    /// A number outside the range Cognito allows for it.
    pub fn out_of_range(field: &str, min: i64, max: i64) -> Self {
        Self::invalid(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have value between {min} and {max}",
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

    /// A wrong code; also the answer for an unknown user when users are
    /// hidden.
    pub fn code_mismatch() -> Self {
        Self::new(
            ErrorCode::CodeMismatchException,
            "Invalid verification code provided, please try again.",
        )
    }

    pub fn limit_exceeded() -> Self {
        Self::new(
            ErrorCode::LimitExceededException,
            "Attempt limit exceeded, please try after some time.",
        )
    }

    /// An `X-Amz-Target` that names no operation (shown bounded: the header
    /// is the caller's).
    pub fn unknown_operation(target: &str) -> Self {
        let shown: String = target.chars().take(100).collect();
        Self::new(
            ErrorCode::UnknownOperationException,
            format!("Unknown operation {shown:?}."),
        )
    }

    pub fn too_large(max_bytes: usize) -> Self {
        Self::new(
            ErrorCode::RequestEntityTooLargeException,
            format!("The request body is larger than {max_bytes} bytes."),
        )
    }

    /// Something that is not the caller's fault; `cause` goes to the log.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError {
            cause: Some(cause.to_string()),
            ..Self::new(
                ErrorCode::InternalErrorException,
                "An internal error occurred.",
            )
        }
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
        ApiError::internal(format_args!("database: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self.code() {
            ErrorCode::InternalErrorException => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::RequestEntityTooLargeException => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        };
        let mut response = (status, self.service.to_body()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            "content-type",
            HeaderValue::from_static(cognito_idp::CONTENT_TYPE),
        );
        headers.insert(
            "x-amzn-errortype",
            HeaderValue::from_static(self.code().as_str()),
        );
        response
    }
}
