//! The Amazon Cognito Identity Provider API (AWS JSON 1.1), as much of it as
//! the Wild Rydes app and `local-cognito` use: the operations, their request
//! and response bodies, and the service's errors. Defined once, here.
//!
//! Every call is `POST /` with `Content-Type: application/x-amz-json-1.1` and
//! `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`.

#[cfg(feature = "client")]
pub mod client;
mod error;
pub mod json;
mod operation;
pub mod policy;
pub mod types;
pub mod webauthn;

pub use error::{ErrorCode, ServiceError};
pub use operation::{op, Op, Operation};

/// The `Content-Type` of requests and responses.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// The prefix of `X-Amz-Target`.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
