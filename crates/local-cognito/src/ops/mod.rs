//! The operations: a `Serve` for each of `cognito_idp`'s operation types
//! (most through a `Handler`, one transaction), one file an area. [`serve`]
//! reads a request, runs it and writes the response; its dispatch is made
//! from the operation table, so an operation without one does not compile.

mod admin;
mod admin_auth;
mod auth;
mod device_auth;
mod devices;
mod groups;
mod mfa;
mod mfa_challenge;
mod mfa_config;
mod page;
mod passkey_auth;
mod passkeys;
mod password;
mod pools;
mod refresh;
mod session;
mod signup;
mod user;
mod user_auth;

use cognito_idp::{op, ErrorCode, Operation};
use serde::de::DeserializeOwned;

use crate::context::Serve;
use crate::error::{lower_first, ApiError, ApiResult};
use crate::server::Server;

pub use pools::{create_default_pool, default_ids, DEFAULT_POOL};

macro_rules! dispatch {
    ($($method:ident => $name:ident($request:ident) -> $response:ident;)*) => {
        /// One request of `operation`: its JSON body in, the response's out.
        pub fn serve(server: &Server, operation: Operation, body: &[u8]) -> ApiResult<String> {
            match operation {
                $(Operation::$name => run::<op::$name>(server, body),)*
            }
        }
    };
}

cognito_idp::for_each_operation!(dispatch);

fn run<O: Serve>(server: &Server, body: &[u8]) -> ApiResult<String> {
    let request: O::Request = parse(body)?;
    let response = O::serve(server, request)?;
    serde_json::to_string(&response).map_err(ApiError::internal)
}

/// Malformed JSON is a SerializationException; a missing or mistyped field
/// an InvalidParameterException that names it.
fn parse<T: DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| {
        ApiError::new(
            ErrorCode::SerializationException,
            "The request body is not valid JSON.",
        )
    })?;
    if !value.is_object() {
        return Err(ApiError::new(
            ErrorCode::SerializationException,
            "Start of structure or map found where not expected.",
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.inner().to_string();
        match inner
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            Some(field) => ApiError::missing(field),
            None => ApiError::invalid(format!(
                "1 validation error detected: Value at '{}' failed to satisfy constraint: {inner}",
                lower_first(&e.path().to_string())
            )),
        }
    })
}
