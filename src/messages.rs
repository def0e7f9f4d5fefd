//! Every sentence the app says: errors in plain language per form (every
//! exception each operation can return has one; anything else shows the
//! service's own message), what a form's input lacks, notices, the password
//! rules, what config.js needs, and the pages' own sentences. Labels,
//! headings and button captions stay in the views they name.

use cognito_idp::client::ClientError;
use cognito_idp::policy::PasswordRule;
use cognito_idp::ErrorCode::*;
use webauthn_json::PasskeyError;

use crate::api::AuthError;
use crate::config::{FirstFactor, Problem, Setting};
use crate::notice::Notice;
use crate::validate::Invalid;

/// The form that failed: the same exception can mean different things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Register,
    Verify,
    Resend,
    SignIn,
    /// Forgot password, step one: the code.
    ForgotPassword,
    /// Forgot password, step two: the code and the new password.
    ResetPassword,
    /// Sign-in's NEW_PASSWORD_REQUIRED step.
    FirstPassword,
    // The account page's forms, which act with the session's access token.
    ChangePassword,
    ChangeEmail,
    /// The new email's code, and "Resend code" for it.
    VerifyEmail,
    SignOutEverywhere,
    DeleteAccount,
    /// Sign-in's code from the authenticator app (SOFTWARE_TOKEN_MFA).
    SignInCode,
    /// Sign-in's code from an email (EMAIL_OTP).
    SignInEmailCode,
    /// The account page's authenticator app: set up, turn on, turn off.
    TwoStep,
    /// The account page's remembered devices: the list, "Forget".
    Devices,
    /// "Sign in with a passkey".
    PasskeySignIn,
    /// The account page's passkeys: the list, "Add a passkey", "Remove".
    Passkeys,
}

impl Form {
    /// A form that acts with the session's access token.
    fn uses_session(self) -> bool {
        matches!(
            self,
            Form::ChangePassword
                | Form::ChangeEmail
                | Form::VerifyEmail
                | Form::SignOutEverywhere
                | Form::DeleteAccount
                | Form::TwoStep
                | Form::Devices
                | Form::Passkeys
        )
    }
}

const ALREADY_VERIFIED: &str = "This account is already verified. You can sign in.";

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
        // The access token is no longer taken (revoked, expired, the user
        // disabled or deleted elsewhere).
        (_, _) if form.uses_session() && crate::api::ends_session(error) => {
            "Your session has ended. Please sign in again."
        }
        (NotAuthorizedException, _) if service.message == "User is disabled." => {
            "This account is disabled. Please contact support."
        }
        (NotAuthorizedException, Form::SignIn) if service.message.starts_with("Temporary password has expired") => {
            "Your temporary password has expired. Ask whoever made your account for a new one."
        }
        (NotAuthorizedException, Form::ChangePassword) if service.message.contains("attempts exceeded") => {
            "Too many wrong passwords. Wait a few minutes and try again."
        }
        (NotAuthorizedException, Form::ChangePassword) => "Your current password isn't right.",
        (CodeMismatchException, Form::SignInEmailCode) => {
            "That code isn't right. Enter the code from the latest email we sent."
        }
        (ExpiredCodeException, Form::SignInEmailCode) => {
            "That code has expired. Choose \"Start again\" to sign in and get a new one."
        }
        (NotAuthorizedException, Form::SignInEmailCode) if service.message.contains("session") => {
            "This step took too long. Choose \"Start again\" and sign in once more."
        }
        (NotAuthorizedException, Form::SignInEmailCode) if service.message.contains("attempts exceeded") => {
            "Too many wrong codes. Wait a few minutes and try again."
        }
        (CodeMismatchException, Form::SignInCode) => {
            "That code isn't right. Enter the code your authenticator app shows now."
        }
        (ExpiredCodeException, Form::SignInCode | Form::TwoStep) => {
            "That code was just used. Wait for the next one in your authenticator app."
        }
        (NotAuthorizedException, Form::SignInCode) if service.message.contains("session") => {
            "This step took too long. Choose \"Start again\" and sign in once more."
        }
        (NotAuthorizedException, Form::SignInCode) if service.message.contains("attempts exceeded") => {
            "Too many wrong codes. Wait a few minutes and try again."
        }
        (EnableSoftwareTokenMFAException, _) => {
            "That code isn't right. Check that your phone's clock is right, then enter the code the app shows now."
        }
        (InvalidParameterException, Form::TwoStep) if service.message.contains("SOFTWARE_TOKEN_MFA") => {
            "Set up the authenticator app first: scan the code and enter the code it shows."
        }
        (ResourceNotFoundException, Form::Devices) => "That device was already forgotten.",
        (NotAuthorizedException, Form::PasskeySignIn) if service.message.contains("attempts exceeded") => {
            "Too many failed sign-ins. Wait a few minutes and try again."
        }
        (NotAuthorizedException, Form::PasskeySignIn) => {
            "That passkey wasn't accepted. Try again, or sign in another way."
        }
        (ResourceNotFoundException, Form::Passkeys) => "That passkey was already removed.",
        (WebAuthnChallengeNotFoundException, Form::Passkeys) => {
            "Adding the passkey took too long. Choose \"Add a passkey\" again."
        }
        (WebAuthnChallengeNotFoundException, _) => {
            "This sign-in took too long. Choose \"Sign in with a passkey\" again."
        }
        (WebAuthnOriginNotAllowedException | WebAuthnRelyingPartyMismatchException, _) => {
            "Passkeys are set up for another web address than this one. Please tell us; meanwhile, sign in another way."
        }
        (WebAuthnCredentialNotSupportedException, _) => {
            "This kind of passkey isn't supported here. Try your phone's or computer's own passkeys."
        }
        (WebAuthnConfigurationMissingException | WebAuthnNotEnabledException, _) => {
            "Passkeys aren't turned on for this site."
        }
        (WebAuthnClientMismatchException, _) => {
            "Adding the passkey was started elsewhere. Choose \"Add a passkey\" again."
        }
        (LimitExceededException, Form::Passkeys) => {
            "You have as many passkeys as an account can have. Remove one first."
        }
        (InvalidParameterException, Form::Passkeys) if service.message.contains("already registered") => {
            "That passkey is already on your account."
        }
        (InvalidParameterException, Form::Passkeys | Form::PasskeySignIn) => {
            "The passkey's answer wasn't accepted. Please try again."
        }
        (SoftwareTokenMFANotFoundException, Form::SignInCode) => {
            "Two-step sign-in was turned off for this account meanwhile. Choose \"Start again\"."
        }
        (SoftwareTokenMFANotFoundException, _) => {
            "The set-up has expired. Choose \"Set up authenticator app\" again."
        }
        (NotAuthorizedException, Form::FirstPassword) if service.message.contains("session is expired") => {
            "This step took too long. Sign in again with your temporary password."
        }
        (InvalidParameterException, Form::FirstPassword) if service.message.starts_with("Invalid attributes given") => {
            "Please fill in every field."
        }
        (PasswordResetRequiredException, Form::ChangePassword) => {
            "Your password must be reset first: sign out, then choose \"Forgot your password?\" on the sign-in page."
        }
        (AliasExistsException, Form::VerifyEmail) => {
            "Another account has verified this email in the meantime. Choose a different one."
        }
        (AliasExistsException, _) => "Another account already uses this email.",
        (InternalErrorException, _) => "The sign-in service had a problem. Please try again in a moment.",
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
            ALREADY_VERIFIED
        }
        (ResourceNotFoundException, _) => {
            "This site is not set up right: the user pool or app client named in js/config.js does not exist."
        }
        (InvalidParameterException, Form::Resend) if service.message.contains("already confirmed") => {
            ALREADY_VERIFIED
        }
        (InvalidParameterException, Form::ForgotPassword) if service.message.contains("registered/verified") => {
            "This account has no verified email, so we can't send a reset code. Sign in, or verify the account first."
        }
        (InvalidParameterException, _) if service.message.contains("email") => "Please enter a valid email address.",
        _ => return service.message.clone(),
    };
    text.to_string()
}

/// Why a sign-in (`form`: its first step, or the new password) gave no
/// session.
pub fn sign_in_failed(form: Form, error: &AuthError) -> String {
    match error {
        AuthError::Service(e) => explain(form, e),
        AuthError::Challenge(name) => format!(
            "This account needs a step this site does not offer yet ({name}). Please contact support."
        ),
        AuthError::Srp(why) => format!("Sign-in failed: {why}. Please try again."),
        AuthError::Tokens => {
            "The sign-in service sent tokens this site cannot read. Please try again.".into()
        }
        AuthError::Passkey(why) => passkey_problem(*why, false).into(),
        AuthError::Unavailable(FirstFactor::Passkey) => {
            "This account has no passkey yet. Sign in another way, then add one on your account page.".into()
        }
        AuthError::Unavailable(FirstFactor::EmailCode) => {
            "This account can't get sign-in codes by email. Sign in with your password.".into()
        }
    }
}

/// Why the browser gave no passkey: when signing in, or when `adding` one.
pub fn passkey_problem(why: PasskeyError, adding: bool) -> &'static str {
    match (why, adding) {
        (PasskeyError::Unsupported, _) => "This browser can't use passkeys here. Sign in another way.",
        (PasskeyError::NotAllowed, false) => {
            "No passkey was used: the request was cancelled or timed out, or this device has no passkey for this account. Try again, or sign in another way."
        }
        (PasskeyError::NotAllowed, true) => {
            "No passkey was added: the request was cancelled or timed out."
        }
        (PasskeyError::AlreadyRegistered, _) => "This device already has a passkey for your account.",
        (PasskeyError::WrongSite, _) => {
            "Passkeys are set up for another web address than this one. Sign in another way, and tell us please."
        }
        (PasskeyError::BadOptions | PasskeyError::Failed, _) => {
            "The passkey couldn't be used. Please try again."
        }
    }
}

pub fn invalid(problem: Invalid) -> &'static str {
    match problem {
        Invalid::Email => "Please enter your email address.",
        Invalid::RegisteredEmail => "Please enter the email you registered with.",
        Invalid::EmailForCode => "Enter your email first, so we know where to send the code.",
        Invalid::NoPassword => "Please enter your password.",
        Invalid::PasswordRules => "This password doesn't meet all the rules listed under it.",
        Invalid::PasswordsDiffer => "The two passwords don't match.",
        Invalid::CodeFormat => "The code is the 6 digits in the email we sent.",
        Invalid::NoCurrentPassword => "Please enter your current password.",
        Invalid::SameEmail => "This is already your email.",
        Invalid::MissingAttribute => "Please fill in every field.",
        Invalid::AppCodeFormat => "Enter the 6 digits your authenticator app shows.",
        Invalid::EmailFirst => "Enter your email first, then choose how to sign in.",
        Invalid::SignInCodeFormat => "Enter the code from the email we sent: digits only.",
    }
}

pub fn notice(notice: Notice) -> &'static str {
    match notice {
        Notice::EmailVerified => "Your email is verified. Sign in to start riding.",
        Notice::SignedOut => "You're signed out.",
        Notice::SessionEnded => "Your session ended. Please sign in again.",
        Notice::SignInFirst => "Please sign in to see that page.",
        Notice::PasswordReset => "Your password is reset. Sign in with your new password.",
        Notice::SignedOutEverywhere => "You're signed out on every device.",
        Notice::AccountDeleted => "Your account is deleted. Thank you for riding with us.",
        Notice::NotVerifiedYet => {
            "Your account isn't verified yet. Enter the code we emailed you, or ask for a new one."
        }
    }
}

pub fn code_sent(destination: &str) -> String {
    format!("We sent a new code to {destination}.")
}

pub fn reset_code_sent(destination: &str) -> String {
    format!("We sent a code to {destination}. Enter it below with your new password.")
}

pub const FIRST_PASSWORD_EXPLAINED: &str =
    "Your account was made with a temporary password. Choose your own to finish signing in.";
pub const PASSWORD_CHANGED: &str = "Your password is changed.";
pub const TWO_STEP_EXPLAINED: &str =
    "Add a code from an authenticator app on your phone to every sign-in.";
pub const TWO_STEP_IS_ON: &str =
    "Two-step sign-in is on: signing in asks for a code from your authenticator app.";
pub const TWO_STEP_ON: &str = "Two-step sign-in is on.";
pub const TWO_STEP_OFF: &str = "Two-step sign-in is off.";
pub const SCAN_EXPLAINED: &str =
    "Scan this code with your authenticator app, then enter the 6-digit code it shows.";
pub const KEY_INSTEAD: &str = "Or enter this key in the app: ";
pub const NO_DEVICES: &str =
    "No device is remembered. Tick \"Remember this device\" when you next enter a code from your authenticator app, and that device will not be asked for one again.";
pub const THIS_BROWSER: &str = "(this browser)";
pub const DEVICE_FORGOTTEN: &str =
    "The device is forgotten: its next sign-in asks for a code again.";
/// Sign-in by an emailed code (EMAIL_OTP as the first factor).
pub fn sign_in_code_sent(destination: &str) -> String {
    format!("We emailed a sign-in code to {destination}. Enter it below to sign in.")
}

pub const OTHER_WAYS: &str = "Or sign in without your password:";
pub const PASSKEYS_EXPLAINED: &str =
    "Sign in with your fingerprint, face or screen lock instead of your password.";
pub const NO_PASSKEYS: &str = "You have no passkeys yet.";
pub const PASSKEY_ADDED: &str = "Passkey added. Next time, choose \"Sign in with a passkey\".";
pub const PASSKEY_REMOVED: &str = "The passkey is removed.";
pub const NO_PASSKEYS_HERE: &str =
    "This browser can't make passkeys here. Open this page in a browser that can to add one.";

/// When a passkey was added: "(added 30 Nov 2026)", the month from 0.
pub fn added_on(day: u32, month: u32, year: u32) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.get(month as usize).copied().unwrap_or_default();
    format!("(added {day} {month} {year})")
}

/// Sign-in's code step when the code went by email (EMAIL_OTP).
pub fn email_code_step(destination: &str) -> String {
    format!("Two-step sign-in is on for this account. We emailed a 6-digit code to {destination}: enter it below.")
}

pub const SETUP_NOT_STARTED: &str =
    "The set-up did not start. Choose \"Start again\" and sign in once more.";
pub const SETUP_REQUIRED: &str =
    "This site asks for two-step sign-in. Set up an authenticator app on your phone to finish signing in.";
pub const CODE_STEP_EXPLAINED: &str =
    "Two-step sign-in is on for this account. Enter the 6-digit code your authenticator app shows.";
pub const EMAIL_VERIFIED_NOW: &str = "Your new email is verified. Sign in with it from now on.";
pub const ACCOUNT_EXPLAINED: &str = ": your password, your email, and your devices.";
pub const EVERYWHERE_EXPLAINED: &str =
    "Signs you out on every device and browser, this one included.";
pub const DELETE_WARNING: &str =
    "This deletes your account and everything in it. It cannot be undone.";

/// A new code for the new email ("Resend code").
pub fn email_code_sent(destination: &str) -> String {
    format!("We sent a code to {destination}. Enter it below to verify your new email.")
}

/// The email changed; a pool that verifies email sent it a code.
pub fn email_changed(address: &str, code_sent: bool) -> String {
    if code_sent {
        email_code_sent(address)
    } else {
        format!(
            "Your email is now {address}. Choose \"Resend code\" to get a code that verifies it."
        )
    }
}

/// Whether the account's email is verified, as the page says it.
pub fn email_status(verified: bool) -> &'static str {
    if verified {
        " (verified)"
    } else {
        " (not verified yet: enter the code we sent to it)"
    }
}

pub const RESET_EXPLAINED: &str =
    "Enter the email you registered with, and we'll send you a code to set a new password.";
pub const FORGOT_PASSWORD: &str = "Forgot your password?";
pub const REMEMBERED: &str = "Remembered it? ";

/// A password rule, as the list under a password field shows it.
pub fn rule(rule: PasswordRule) -> String {
    match rule {
        PasswordRule::MinimumLength(n) => format!("At least {n} characters"),
        PasswordRule::Lowercase => "A lowercase letter".into(),
        PasswordRule::Uppercase => "An uppercase letter".into(),
        PasswordRule::Numbers => "A number".into(),
        PasswordRule::Symbols => "A symbol, such as ! or @".into(),
    }
}

/// What to do about a problem of config.js.
pub fn config_problem(problem: &Problem) -> String {
    let wanted = |setting| match setting {
        Setting::UserPoolId => "your user pool's id (for example us-east-1_AbCdEf123)",
        Setting::ClientId => "your app client's id",
        Setting::Region => "your user pool's region (for example us-east-1)",
    };
    match problem {
        Problem::NotInBrowser => "This page must run in a browser.".into(),
        Problem::Missing(setting) => format!(
            "cognito.{} is missing: set it to {}.",
            setting.key(),
            wanted(*setting)
        ),
        Problem::Placeholder(setting) => format!(
            "cognito.{} still has the template's placeholder: set it to {}.",
            setting.key(),
            wanted(*setting)
        ),
        Problem::NotAPoolId(value) => format!(
            "cognito.userPoolId \"{value}\" is not a user pool id (region_id, for example us-east-1_AbCdEf123)."
        ),
        Problem::NotAnEndpoint(value) => {
            format!("cognito.endpoint \"{value}\" must be an http(s) URL, or left out for AWS.")
        }
    }
}

// The pages' own sentences.

pub const TAGLINE: &str = "Never get stuck in traffic again.";
/// The home page's three uses, each a heading and a sentence.
pub const USES: [(&str, &str); 3] = [
    (
        "Daily commute",
        "A unicorn picks you up at your door and flies you over the jams, on time, every day.",
    ),
    (
        "Errands",
        "Groceries, parcels, the dry cleaning: your unicorn waits while you run in.",
    ),
    (
        "Road trips",
        "Weekends away without a single toll booth. Unicorns know the scenic route.",
    ),
];
pub const NO_SUCH_PAGE: &str = "There is no such page on Wild Rydes.";
pub const SETUP_NEEDED: &str =
    "Sign-up and sign-in need the Cognito user pool named in js/config.js. Please fix:";
pub const SETUP_LOCALLY: &str =
    "For local development, cargo xtask dev serves a config.js that points at local-cognito.";
pub const ALREADY_REGISTERED: &str = "Already registered? ";
pub const NEW_HERE: &str = "New here? ";
pub const SIGNED_IN_AS: &str = "Signed in as ";
pub const SESSION_LASTS_UNTIL: &str = "Your session lasts until ";
pub const SESSION_RENEWS: &str = ", and renews itself while this page is open.";
pub const SESSION_RENEWING: &str = " (renewing it now…)";

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_idp::{ErrorCode, ServiceError};

    #[test]
    fn config_problems_say_what_to_fill_in() {
        assert_eq!(
            config_problem(&Problem::Placeholder(Setting::UserPoolId)),
            "cognito.userPoolId still has the template's placeholder: set it to your user pool's id (for example us-east-1_AbCdEf123)."
        );
        assert_eq!(
            config_problem(&Problem::Missing(Setting::ClientId)),
            "cognito.userPoolClientId is missing: set it to your app client's id."
        );
    }

    #[test]
    fn a_sign_in_failure_is_said_plainly() {
        assert_eq!(
            sign_in_failed(
                Form::SignIn,
                &AuthError::Service(ClientError::Network("x".into()))
            ),
            "We couldn't reach the sign-in service. Check your connection and try again."
        );
        assert!(
            sign_in_failed(Form::SignIn, &AuthError::Challenge("SMS_MFA".into()))
                .contains("(SMS_MFA)")
        );
    }

    #[test]
    fn a_passkey_the_browser_did_not_give_is_said_plainly() {
        use crate::config::FirstFactor;
        let failed = |e| sign_in_failed(Form::PasskeySignIn, &e);
        assert!(failed(AuthError::Passkey(PasskeyError::NotAllowed))
            .starts_with("No passkey was used: the request was cancelled"));
        assert!(failed(AuthError::Unavailable(FirstFactor::Passkey))
            .starts_with("This account has no passkey yet."));
        assert!(
            failed(AuthError::Passkey(PasskeyError::Unsupported)).contains("can't use passkeys")
        );
        // Adding one says what did not happen.
        assert_eq!(
            passkey_problem(PasskeyError::NotAllowed, true),
            "No passkey was added: the request was cancelled or timed out."
        );
        assert!(passkey_problem(PasskeyError::AlreadyRegistered, true)
            .contains("already has a passkey"));
        assert_eq!(added_on(30, 10, 2026), "(added 30 Nov 2026)");
    }

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
        assert_eq!(explain(Form::Verify, &confirmed), ALREADY_VERIFIED);
        assert_eq!(
            explain(
                Form::Register,
                &ClientError::Network("Failed to fetch".into())
            ),
            "We couldn't reach the sign-in service. Check your connection and try again."
        );
        assert_eq!(
            explain(Form::Register, &service(InvalidParameterException, "Boom.")),
            "Boom."
        );
    }

    /// Every exception that Cognito's API reference lists for the
    /// operation behind each form (those a browser can meet) has a
    /// sentence of the app's own, with the message local-cognito sends.
    #[test]
    fn every_exception_of_each_form_has_a_sentence() {
        let common = [
            (InternalErrorException, "Internal error."),
            (TooManyRequestsException, "Too many requests."),
            (
                ResourceNotFoundException,
                "User pool client x does not exist.",
            ),
        ];
        let session_over = [
            (NotAuthorizedException, "Access Token has expired"),
            (NotAuthorizedException, "Access Token has been revoked"),
            (NotAuthorizedException, "User is disabled."),
            (UserNotFoundException, "User does not exist."),
        ];
        let table: [(Form, &[(ErrorCode, &str)]); 18] = [
            (Form::Passkeys, &[
                (WebAuthnChallengeNotFoundException, "The WebAuthn challenge was not found or has expired."),
                (WebAuthnOriginNotAllowedException, "The origin of the credential is not allowed for the user pool's relying party."),
                (WebAuthnRelyingPartyMismatchException, "The credential's relying party does not match the user pool's relying party ID."),
                (WebAuthnCredentialNotSupportedException, "The credential is not supported: attestation format tpm."),
                (WebAuthnConfigurationMissingException, "The user pool does not have a relying party ID configured for WebAuthn."),
                (WebAuthnNotEnabledException, "Passkeys are not enabled for this user pool."),
                (WebAuthnClientMismatchException, "The access token is for a different client than the one that started the registration."),
                (LimitExceededException, "A user can register at most 20 passkeys."),
                (InvalidParameterException, "The credential is already registered."),
                (InvalidParameterException, "Invalid credential: clientDataJSON.type."),
                (ResourceNotFoundException, "Credential not found."),
            ]),
            (Form::PasskeySignIn, &[
                (NotAuthorizedException, "The passkey could not be verified."),
                (NotAuthorizedException, "Password attempts exceeded"),
                (WebAuthnChallengeNotFoundException, "The WebAuthn challenge was not found or has expired."),
                (WebAuthnOriginNotAllowedException, "The origin of the credential is not allowed for the user pool's relying party."),
                (WebAuthnRelyingPartyMismatchException, "The credential's relying party does not match the user pool's relying party ID."),
                (WebAuthnCredentialNotSupportedException, "The user pool requires user verification, and the credential did not verify the user."),
                (InvalidParameterException, "Invalid CREDENTIAL: not an AuthenticationResponseJSON."),
                (UserNotConfirmedException, "User is not confirmed."),
            ]),
            (Form::SignInEmailCode, &[
                (CodeMismatchException, "Invalid code received for user"),
                (ExpiredCodeException, "Invalid code provided, please request a code again."),
                (NotAuthorizedException, "Invalid session for the user, session is expired."),
                (NotAuthorizedException, "Password attempts exceeded"),
            ]),
            (Form::Devices, &[
                (ResourceNotFoundException, "Device does not exist."),
            ]),
            (Form::SignInCode, &[
                (CodeMismatchException, "Invalid code received for user"),
                (ExpiredCodeException, "Your software token has already been used once."),
                (NotAuthorizedException, "Invalid session for the user, session is expired."),
                (NotAuthorizedException, "Password attempts exceeded"),
            ]),
            (Form::TwoStep, &[
                (ExpiredCodeException, "Your software token has already been used once."),
                (EnableSoftwareTokenMFAException, "Code mismatch and fail enable Software Token MFA"),
                (SoftwareTokenMFANotFoundException, "Software Token MFA does not exist for the user."),
                (InvalidParameterException, "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA"),
            ]),
            (Form::SignIn, &[
                (NotAuthorizedException, "Incorrect username or password."),
                (NotAuthorizedException, "User is disabled."),
                (NotAuthorizedException, "Temporary password has expired and must be reset by an administrator."),
                (NotAuthorizedException, "Password attempts exceeded"),
                (UserNotFoundException, "User does not exist."),
                (UserNotConfirmedException, "User is not confirmed."),
                (PasswordResetRequiredException, "Password reset required for the user"),
            ]),
            (Form::FirstPassword, &[
                (InvalidPasswordException, "Password does not conform to policy: Password not long enough"),
                (NotAuthorizedException, "Invalid session for the user, session is expired."),
                (NotAuthorizedException, "User is disabled."),
                (InvalidParameterException, "Invalid attributes given, name is missing"),
                (AliasExistsException, "An account with the given email already exists."),
                (InvalidParameterException, "Invalid email address format."),
            ]),
            (Form::ForgotPassword, &[
                (UserNotFoundException, "Username/client id combination not found."),
                (LimitExceededException, "Attempt limit exceeded, please try after some time."),
                (CodeDeliveryFailureException, "Unable to deliver the code."),
                (InvalidParameterException, "Cannot reset password for the user as there is no registered/verified email or phone_number"),
                (NotAuthorizedException, "User is disabled."),
            ]),
            (Form::ResetPassword, &[
                (CodeMismatchException, "Invalid verification code provided, please try again."),
                (ExpiredCodeException, "Invalid code provided, please request a code again."),
                (InvalidPasswordException, "Password does not conform to policy: Password not long enough"),
                (LimitExceededException, "Attempt limit exceeded, please try after some time."),
                (UserNotFoundException, "Username/client id combination not found."),
            ]),
            (Form::ChangePassword, &[
                (NotAuthorizedException, "Incorrect username or password."),
                (NotAuthorizedException, "Password attempts exceeded"),
                (InvalidPasswordException, "Password does not conform to policy: Password must have uppercase characters"),
                (LimitExceededException, "Attempt limit exceeded, please try after some time."),
                (PasswordResetRequiredException, "Password reset required for the user"),
            ]),
            (Form::ChangeEmail, &[
                (AliasExistsException, "An account with the given email already exists."),
                (InvalidParameterException, "Invalid email address format."),
                (CodeDeliveryFailureException, "Unable to deliver the code."),
                (LimitExceededException, "Attempt limit exceeded, please try after some time."),
            ]),
            (Form::VerifyEmail, &[
                (CodeMismatchException, "Invalid verification code provided, please try again."),
                (ExpiredCodeException, "Invalid code provided, please request a code again."),
                (AliasExistsException, "An account with the given email already exists."),
                (LimitExceededException, "Attempt limit exceeded, please try after some time."),
                (CodeDeliveryFailureException, "Unable to deliver the code."),
            ]),
            (Form::SignOutEverywhere, &[]),
            (Form::DeleteAccount, &[]),
            (Form::Verify, &[
                (CodeMismatchException, "Invalid verification code provided, please try again."),
                (ExpiredCodeException, "Invalid code provided, please request a code again."),
                (NotAuthorizedException, "User cannot be confirmed. Current status is CONFIRMED"),
                (LimitExceededException, "Attempt limit exceeded, please try after some time."),
                (UserNotFoundException, "Username/client id combination not found."),
            ]),
            (Form::Resend, &[
                (InvalidParameterException, "User is already confirmed."),
                (CodeDeliveryFailureException, "Unable to deliver the code."),
                (LimitExceededException, "Attempt limit exceeded, please try after some time."),
                (UserNotFoundException, "Username/client id combination not found."),
            ]),
            (Form::Register, &[
                (UsernameExistsException, "An account with the given email already exists."),
                (InvalidPasswordException, "Password did not conform with policy"),
                (CodeDeliveryFailureException, "Unable to deliver the code."),
            ]),
        ];
        for (form, own) in table {
            let session = if form.uses_session() {
                &session_over[..]
            } else {
                &[]
            };
            for (code, message) in own.iter().chain(&common).chain(session) {
                let said = explain(form, &service(*code, message));
                assert_ne!(
                    said, *message,
                    "{form:?} has no sentence for {code} ({message})"
                );
                // Session-ending ones say so, and nothing else says that.
                let ended = said.contains("session has ended");
                let expected = form.uses_session() && session_over.contains(&(*code, *message));
                assert_eq!(ended, expected, "{form:?}, {code} ({message}): {said}");
            }
        }
        let wrong_current = service(NotAuthorizedException, "Incorrect username or password.");
        assert_eq!(
            explain(Form::ChangePassword, &wrong_current),
            "Your current password isn't right."
        );
    }
}
