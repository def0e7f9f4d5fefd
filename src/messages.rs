//! Errors in plain language, per form. Every exception each operation can
//! return has a sentence; anything else shows the service's own message.

use cognito_idp::client::ClientError;
use cognito_idp::ErrorCode::*;

/// The form that failed: the same exception can mean different things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Register,
    Verify,
    Resend,
    SignIn,
}

pub fn explain(form: Form, error: &ClientError) -> String {
    let service = match error {
        ClientError::Network(_) => {
            return "We couldn't reach the sign-in service. Check your connection and try again.".into()
        }
        ClientError::Unexpected { status, .. } => {
            return format!("The sign-in service gave an answer we didn't expect (HTTP {status}). Please try again.")
        }
        ClientError::Service(service) => service,
    };
    let text = match (service.code, form) {
        (UsernameExistsException, _) => "An account with this email already exists. Sign in, or verify it if you haven't yet.",
        (InvalidPasswordException, _) => "This password doesn't meet the rules listed under the password field.",
        // With user existence errors prevented, a mistyped email also gives
        // this, so the message points at both.
        (CodeMismatchException, _) => "That code isn't right. Check the email address above and the latest email from us, then try again.",
        (ExpiredCodeException, _) => "This code has expired or was replaced. Choose \"Resend code\" to get a new one.",
        (LimitExceededException | TooManyRequestsException, _) => "Too many attempts. Please wait a few minutes and try again.",
        (CodeDeliveryFailureException, _) => "We couldn't send the code. Please try again later.",
        (UserNotFoundException, Form::SignIn) => "There is no account with this email. Register first.",
        (UserNotFoundException, _) => "There is no account with this email.",
        (UserNotConfirmedException, _) => "This account isn't verified yet. Enter the code we emailed you.",
        (PasswordResetRequiredException, _) => "You need to reset your password before you can sign in.",
        (NotAuthorizedException, Form::SignIn) if service.message.contains("attempts exceeded") => {
            "Too many failed sign-ins. Wait a few minutes and try again."
        }
        (NotAuthorizedException, Form::SignIn) => "Incorrect email or password.",
        (NotAuthorizedException, Form::Verify | Form::Resend) if service.message.contains("CONFIRMED") => {
            "This account is already verified. You can sign in."
        }
        (ResourceNotFoundException, _) => {
            "This site is not set up right: the user pool or app client named in js/config.js does not exist."
        }
        (InvalidParameterException, Form::Resend) if service.message.contains("already confirmed") => {
            "This account is already verified. You can sign in."
        }
        (InvalidParameterException, _) if service.message.contains("email") => "Please enter a valid email address.",
        _ => return service.message.clone(),
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_idp::{ErrorCode, ServiceError};

    fn service(code: ErrorCode, message: &str) -> ClientError {
        ClientError::Service(ServiceError::new(code, message))
    }

    #[test]
    fn the_same_exception_reads_differently_per_form() {
        let locked = service(NotAuthorizedException, "Password attempts exceeded");
        assert_eq!(
            explain(Form::SignIn, &locked),
            "Too many failed sign-ins. Wait a few minutes and try again."
        );
        let wrong = service(NotAuthorizedException, "Incorrect username or password.");
        assert_eq!(
            explain(Form::SignIn, &wrong),
            "Incorrect email or password."
        );
        let confirmed = service(
            NotAuthorizedException,
            "User cannot be confirmed. Current status is CONFIRMED",
        );
        assert_eq!(
            explain(Form::Verify, &confirmed),
            "This account is already verified. You can sign in."
        );
        assert_eq!(
            explain(
                Form::Register,
                &ClientError::Network("Failed to fetch".into())
            ),
            "We couldn't reach the sign-in service. Check your connection and try again."
        );
        assert_eq!(
            explain(Form::Register, &service(InternalErrorException, "Boom.")),
            "Boom."
        );
    }
}
