use core::fmt;

use serde::{Deserialize, Serialize};

/// The exceptions, each name written once: the enum, its list and its text.
macro_rules! error_codes {
    ($($code:ident),* $(,)?) => {
        /// The exception names Cognito returns, as `__type` and `x-amzn-ErrorType`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode { $($code),* }

        impl ErrorCode {
            const ALL: &'static [ErrorCode] = &[$(ErrorCode::$code),*];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$code => stringify!($code)),* }
            }
        }
    };
}

error_codes!(
    AliasExistsException,
    CodeDeliveryFailureException,
    CodeMismatchException,
    EnableSoftwareTokenMFAException,
    ExpiredCodeException,
    FeatureUnavailableInTierException,
    GroupExistsException,
    InternalErrorException,
    InvalidParameterException,
    InvalidPasswordException,
    LimitExceededException,
    NotAuthorizedException,
    PasswordResetRequiredException,
    RefreshTokenReuseException,
    RequestEntityTooLargeException,
    ResourceNotFoundException,
    SerializationException,
    SoftwareTokenMFANotFoundException,
    TooManyRequestsException,
    UnknownOperationException,
    UnsupportedTokenTypeException,
    UserNotConfirmedException,
    UserNotFoundException,
    UsernameExistsException,
    WebAuthnChallengeNotFoundException,
    WebAuthnClientMismatchException,
    WebAuthnConfigurationMissingException,
    WebAuthnCredentialNotSupportedException,
    WebAuthnNotEnabledException,
    WebAuthnOriginNotAllowedException,
    WebAuthnRelyingPartyMismatchException,
);

impl ErrorCode {
    /// Reads a `__type` or `x-amzn-ErrorType` value: a `namespace#` prefix
    /// and a `:url` suffix are dropped, as the official clients do.
    pub fn parse(text: &str) -> Option<ErrorCode> {
        let name = text.rsplit('#').next()?.split(':').next()?.trim();
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == name)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error the service returned: HTTP 400 with `{"__type", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub code: ErrorCode,
    pub message: String,
}

impl ServiceError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ServiceError {
            code,
            message: message.into(),
        }
    }

    /// The JSON body.
    pub fn to_body(&self) -> String {
        serde_json::to_string(&ErrorBody {
            kind: self.code.as_str().to_string(),
            message: self.message.clone(),
        })
        .expect("strings serialise")
    }

    /// Reads a body; None when it is not a known error.
    pub fn from_body(body: &str) -> Option<ServiceError> {
        let body: ErrorBody = crate::json::from_str(body)?;
        Some(ServiceError {
            code: ErrorCode::parse(&body.kind)?,
            message: body.message,
        })
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ServiceError {}

#[derive(Serialize, Deserialize)]
struct ErrorBody {
    #[serde(rename = "__type")]
    kind: String,
    #[serde(alias = "Message")]
    message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_with_prefixes_and_suffixes() {
        for &code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(
            ErrorCode::parse("com.amazonaws#NotAuthorizedException"),
            Some(ErrorCode::NotAuthorizedException)
        );
        assert_eq!(
            ErrorCode::parse("UserNotFoundException:http://internal.amazon.com/"),
            Some(ErrorCode::UserNotFoundException)
        );
        assert_eq!(ErrorCode::parse("NoSuchThing"), None);
    }

    #[test]
    fn bodies_round_trip() {
        let error = ServiceError::new(
            ErrorCode::CodeMismatchException,
            "Invalid verification code provided, please try again.",
        );
        assert_eq!(ServiceError::from_body(&error.to_body()), Some(error));
    }
}
