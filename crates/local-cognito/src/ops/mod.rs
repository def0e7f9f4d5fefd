//! The operations. Each takes its request type and returns its response
//! type or an [`ApiError`]; `dispatch` does the JSON on both sides. An
//! operation holds the store's lock from start to end, so each one is atomic.

pub mod admin;
mod auth;
mod password;
mod signup;
mod user;

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use cognito_idp::types::{AttributeType, CodeDeliveryDetails, PasswordPolicy, UserPoolClient};
use cognito_idp::{ErrorCode, Operation};
use cognito_srp::PasswordVerifier;
use rand::Rng;
use serde::de::DeserializeOwned;
use serde::Serialize;
use subtle::ConstantTimeEq;

use crate::error::{lower_first, ApiError, ApiResult};
use crate::store::{Pool, Store, User};
use crate::App;

/// Codes last 24 hours, and allow this many wrong tries.
const CODE_LIFETIME_SECS: i64 = 24 * 3600;
const CODE_ATTEMPTS: i64 = 5;
/// Cognito's limits on names and passwords.
const MAX_USERNAME: usize = 128;
const MAX_PASSWORD: usize = 256;
const MAX_ATTRIBUTE_VALUE: usize = 2048;
const MAX_ATTRIBUTES: usize = 50;
const MAX_CODE: usize = 2048;
pub(crate) const MAX_TOKEN: usize = 8192;

pub fn dispatch(app: &App, operation: Operation, body: &[u8]) -> ApiResult<String> {
    use Operation::*;
    match operation {
        SignUp => call(app, body, signup::sign_up),
        ConfirmSignUp => call(app, body, signup::confirm_sign_up),
        ResendConfirmationCode => call(app, body, signup::resend_confirmation_code),
        InitiateAuth => call(app, body, auth::initiate_auth),
        RespondToAuthChallenge => call(app, body, auth::respond_to_auth_challenge),
        ForgotPassword => call(app, body, password::forgot_password),
        ConfirmForgotPassword => call(app, body, password::confirm_forgot_password),
        ChangePassword => call(app, body, password::change_password),
        GetUser => call(app, body, user::get_user),
        UpdateUserAttributes => call(app, body, user::update_user_attributes),
        GetUserAttributeVerificationCode => {
            call(app, body, user::get_user_attribute_verification_code)
        }
        VerifyUserAttribute => call(app, body, user::verify_user_attribute),
        DeleteUser => call(app, body, user::delete_user),
        GlobalSignOut => call(app, body, user::global_sign_out),
        RevokeToken => call(app, body, user::revoke_token),
        CreateUserPool => call(app, body, admin::create_user_pool),
        DescribeUserPool => call(app, body, admin::describe_user_pool),
        ListUserPools => call(app, body, admin::list_user_pools),
        CreateUserPoolClient => call(app, body, admin::create_user_pool_client),
        DescribeUserPoolClient => call(app, body, admin::describe_user_pool_client),
        AdminCreateUser => call(app, body, admin::admin_create_user),
        AdminConfirmSignUp => call(app, body, admin::admin_confirm_sign_up),
        AdminGetUser => call(app, body, admin::admin_get_user),
        AdminDeleteUser => call(app, body, admin::admin_delete_user),
        AdminSetUserPassword => call(app, body, admin::admin_set_user_password),
        ListUsers => call(app, body, admin::list_users),
    }
}

/// JSON in, the operation, JSON out. Malformed JSON is a
/// SerializationException; a missing or mistyped field an
/// InvalidParameterException that names it.
fn call<Req: DeserializeOwned, Resp: Serialize>(
    app: &App,
    body: &[u8],
    operation: fn(&App, Req) -> ApiResult<Resp>,
) -> ApiResult<String> {
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
    let request = serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.inner().to_string();
        if let Some(field) = inner
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            ApiError::missing(field)
        } else {
            ApiError::invalid(format!(
                "1 validation error detected: Value at '{}' failed to satisfy constraint: {inner}",
                lower_first(&e.path().to_string())
            ))
        }
    })?;
    let response = operation(app, request)?;
    serde_json::to_string(&response).map_err(ApiError::internal)
}

pub fn pool_exists(app: &App, pool_id: &str) -> bool {
    matches!(app.store().pool(pool_id), Ok(Some(_)))
}

// --- lookups ---------------------------------------------------------------

pub(crate) fn pool(db: &Store, pool_id: &str) -> ApiResult<Pool> {
    check_len("UserPoolId", pool_id, 1, 55)?;
    db.pool(pool_id)?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::ResourceNotFoundException,
            format!("User pool {pool_id} does not exist."),
        )
    })
}

pub(crate) fn client_and_pool(db: &Store, client_id: &str) -> ApiResult<(UserPoolClient, Pool)> {
    check_len("ClientId", client_id, 1, 128)?;
    let client = db.client(client_id)?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::ResourceNotFoundException,
            format!("User pool client {client_id} does not exist."),
        )
    })?;
    let pool = pool(db, &client.user_pool_id)?;
    Ok((client, pool))
}

/// The user a client names (username, or email where email is the username).
fn user_for_client(db: &Store, pool: &Pool, username: &str) -> ApiResult<User> {
    check_len("Username", username, 1, MAX_USERNAME)?;
    db.find_user(pool, username)?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::UserNotFoundException,
            "Username/client id combination not found.",
        )
    })
}

/// Like [`user_for_client`], but `None` for an unknown user when the client
/// has PreventUserExistenceErrors=ENABLED: the caller then answers as
/// Cognito does, without saying that the user does not exist.
fn user_unless_hidden(
    db: &Store,
    client: &UserPoolClient,
    pool: &Pool,
    username: &str,
) -> ApiResult<Option<User>> {
    match user_for_client(db, pool, username) {
        Err(e) if e.code() == ErrorCode::UserNotFoundException && hides_users(client) => Ok(None),
        other => other.map(Some),
    }
}

fn hides_users(client: &UserPoolClient) -> bool {
    client.prevent_user_existence_errors == "ENABLED"
}

/// A code's delivery by email, the address masked as Cognito does. With
/// users hidden, it is also what an unknown user is answered: a code
/// "sent" to a simulated destination, the username.
fn email_delivery(address: &str) -> CodeDeliveryDetails {
    CodeDeliveryDetails {
        destination: mask_email(address),
        delivery_medium: "EMAIL".into(),
        attribute_name: "email".into(),
    }
}

/// A wrong code: also the answer for an unknown user when users are hidden.
fn code_mismatch() -> ApiError {
    ApiError::new(
        ErrorCode::CodeMismatchException,
        "Invalid verification code provided, please try again.",
    )
}

/// A new user, not yet stored and without a password: UNCONFIRMED when it
/// signs itself up, FORCE_CHANGE_PASSWORD when an administrator makes it.
/// With email as the username, the internal username is a UUID (also the
/// `sub`) and the email an alias.
fn new_user(
    app: &App,
    db: &Store,
    pool: &Pool,
    requested: &str,
    user_attributes: &[AttributeType],
    admin: bool,
) -> ApiResult<User> {
    check_len("Username", requested, 1, MAX_USERNAME)?;
    if pool.email_is_username() && !is_email(requested) {
        return Err(ApiError::invalid("Username should be an email."));
    }
    let mut attributes = attributes(user_attributes, admin)?;
    let sub = uuid::Uuid::new_v4().to_string();
    let taken = if pool.email_is_username() {
        attributes.insert("email".into(), requested.to_string());
        db.user_by_email(pool, requested)?.is_some()
    } else {
        db.find_user(pool, requested)?.is_some()
    };
    if taken {
        let message = match (admin, pool.email_is_username()) {
            (true, _) => "User account already exists",
            (false, true) => "An account with the given email already exists.",
            (false, false) => "User already exists",
        };
        return Err(ApiError::new(ErrorCode::UsernameExistsException, message));
    }
    let username = if pool.email_is_username() {
        sub.clone()
    } else {
        requested.to_string()
    };
    attributes.insert("sub".into(), sub);
    if attributes.contains_key("email") {
        attributes
            .entry("email_verified".into())
            .or_insert_with(|| "false".into());
    }
    let now = app.now();
    Ok(User {
        pool_id: pool.id.clone(),
        username,
        attributes,
        status: if admin {
            "FORCE_CHANGE_PASSWORD"
        } else {
            "UNCONFIRMED"
        }
        .into(),
        enabled: true,
        salt: String::new(),
        verifier: String::new(),
        password_expires: None,
        created: now,
        modified: now,
        failed_attempts: 0,
        locked_until: 0,
        tokens_valid_after: 0,
    })
}

/// ConfirmSignUp and AdminConfirmSignUp take only unconfirmed users.
fn check_unconfirmed(user: &User) -> ApiResult<()> {
    if user.status == "UNCONFIRMED" {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::NotAuthorizedException,
        format!(
            "User cannot be confirmed. Current status is {}",
            user.status
        ),
    ))
}

// --- validation ------------------------------------------------------------

pub(crate) fn check_len(field: &str, value: &str, min: usize, max: usize) -> ApiResult<()> {
    let len = value.chars().count();
    if len > max {
        return Err(ApiError::too_long(field, max));
    }
    if len < min {
        return Err(ApiError::invalid(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have length greater than or equal to {min}",
            lower_first(field)
        )));
    }
    Ok(())
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

/// Cognito's password policy check, with its messages.
pub(crate) fn check_password(policy: &PasswordPolicy, password: &str) -> ApiResult<()> {
    check_len("Password", password, 1, MAX_PASSWORD)?;
    if let Some(rule) = policy.first_unmet(password) {
        return Err(ApiError::new(
            ErrorCode::InvalidPasswordException,
            format!(
                "Password did not conform with policy: {}",
                rule.cognito_reason()
            ),
        ));
    }
    if password.starts_with(' ') || password.ends_with(' ') {
        return Err(ApiError::invalid(
            "Password must not start or end with a space.",
        ));
    }
    Ok(())
}

/// The attributes a user may write: standard ones and `custom:*`; never
/// `sub`, and `email_verified` only where `admin` is true.
fn attributes(list: &[AttributeType], admin: bool) -> ApiResult<BTreeMap<String, String>> {
    const STANDARD: [&str; 17] = [
        "address",
        "birthdate",
        "email",
        "family_name",
        "gender",
        "given_name",
        "locale",
        "middle_name",
        "name",
        "nickname",
        "phone_number",
        "picture",
        "preferred_username",
        "profile",
        "updated_at",
        "website",
        "zoneinfo",
    ];
    if list.len() > MAX_ATTRIBUTES {
        return Err(ApiError::invalid(format!(
            "A user can have at most {MAX_ATTRIBUTES} attributes."
        )));
    }
    let mut map = BTreeMap::new();
    for attribute in list {
        let name = attribute.name.as_str();
        check_len("UserAttributes.Name", name, 1, 32)?;
        check_len(
            "UserAttributes.Value",
            &attribute.value,
            0,
            MAX_ATTRIBUTE_VALUE,
        )?;
        let writable = STANDARD.contains(&name)
            || (name.starts_with("custom:") && name.len() > 7)
            || (admin && name == "email_verified");
        if name == "sub" {
            return Err(ApiError::invalid(
                "Cannot modify the non-mutable attribute sub",
            ));
        }
        if !writable {
            return Err(ApiError::invalid(format!(
                "Attribute does not exist in the schema: {name}"
            )));
        }
        if name == "email" && !is_email(&attribute.value) {
            return Err(ApiError::invalid("Invalid email address format."));
        }
        map.insert(name.to_string(), attribute.value.clone());
    }
    Ok(map)
}

/// A user's attributes on the wire: `sub` first, then by name.
fn attribute_list(user: &User) -> Vec<AttributeType> {
    let mut list = vec![AttributeType::new("sub", user.sub())];
    list.extend(
        user.attributes
            .iter()
            .filter(|(k, _)| *k != "sub")
            .map(|(k, v)| AttributeType::new(k, v)),
    );
    list
}

// --- passwords ---------------------------------------------------------------

fn set_password(pool: &Pool, user: &mut User, password: &str) -> ApiResult<()> {
    let verifier = PasswordVerifier::generate(&pool.id, &user.username, password)
        .map_err(ApiError::internal)?;
    user.salt = verifier.salt_hex();
    user.verifier = verifier.verifier_hex();
    Ok(())
}

/// Whether `password` is the user's, by recomputing the verifier with the
/// stored salt; compared in constant time.
fn password_matches(pool: &Pool, user: &User, password: &str) -> bool {
    match PasswordVerifier::with_salt(&pool.id, &user.username, password, &user.salt) {
        Ok(candidate) => bool::from(
            candidate
                .verifier_hex()
                .as_bytes()
                .ct_eq(user.verifier.as_bytes()),
        ),
        Err(_) => false,
    }
}

// --- codes and messages ----------------------------------------------------------

pub(crate) fn random_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000))
}

pub(crate) fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rngs::OsRng.fill(buffer.as_mut_slice());
    URL_SAFE_NO_PAD.encode(buffer)
}

/// `a***@e***`, as Cognito shows where a code went.
fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

/// Puts a message in the outbox and prints it.
pub(crate) fn send_email(
    app: &App,
    db: &Store,
    pool_id: &str,
    to: &str,
    subject: &str,
    body: &str,
    printed: &str,
) -> ApiResult<()> {
    db.add_message(pool_id, to, subject, body, app.now())?;
    app.log(format_args!("email to {to}: {subject}: {printed}"));
    Ok(())
}

/// Makes a code for `purpose`, emails it, and says where it went.
fn send_code(
    app: &App,
    db: &Store,
    pool: &Pool,
    user: &User,
    purpose: &str,
) -> ApiResult<CodeDeliveryDetails> {
    let email = user.email().ok_or_else(|| {
        ApiError::invalid("Cannot send a code: the user has no registered email.")
    })?;
    let code = random_code();
    db.put_code(
        &pool.id,
        &user.username,
        purpose,
        &code,
        app.now() + CODE_LIFETIME_SECS,
    )?;
    let (subject, body) = match purpose {
        "forgot" => (
            "Your password reset code",
            format!("Your password reset code is {code}."),
        ),
        _ => (
            "Your verification code",
            format!("Your verification code is {code}."),
        ),
    };
    send_email(app, db, &pool.id, email, subject, &body, &body)?;
    Ok(email_delivery(email))
}

/// Checks a code, given in the request's `field`: attempts first, then
/// expiry, then the digits (in constant time). A wrong code counts an
/// attempt.
fn check_code(
    app: &App,
    db: &Store,
    pool: &Pool,
    user: &User,
    purpose: &str,
    (field, given): (&str, &str),
) -> ApiResult<()> {
    check_len(field, given, 1, MAX_CODE)?;
    let Some(code) = db.code(&pool.id, &user.username, purpose)? else {
        return Err(ApiError::new(
            ErrorCode::ExpiredCodeException,
            "Invalid code provided, please request a code again.",
        ));
    };
    if code.attempts >= CODE_ATTEMPTS {
        return Err(ApiError::new(
            ErrorCode::LimitExceededException,
            "Attempt limit exceeded, please try after some time.",
        ));
    }
    if app.now() > code.expires {
        return Err(ApiError::new(
            ErrorCode::ExpiredCodeException,
            "Invalid code provided, please request a code again.",
        ));
    }
    if !bool::from(given.as_bytes().ct_eq(code.code.as_bytes())) {
        db.count_code_attempt(&pool.id, &user.username, purpose)?;
        return Err(code_mismatch());
    }
    db.delete_code(&pool.id, &user.username, purpose)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_messages_are_cognitos() {
        let policy = PasswordPolicy::default();
        let message = |p: &str| check_password(&policy, p).err().map(|e| e.0.message);
        assert_eq!(
            message("Aa1!"),
            Some("Password did not conform with policy: Password not long enough".into())
        );
        assert_eq!(
            message("AAAAAAA1!"),
            Some(
                "Password did not conform with policy: Password must have lowercase characters"
                    .into()
            )
        );
        assert_eq!(
            message("aaaaaaa1!"),
            Some(
                "Password did not conform with policy: Password must have uppercase characters"
                    .into()
            )
        );
        assert_eq!(
            message("aaaaaaaA!"),
            Some(
                "Password did not conform with policy: Password must have numeric characters"
                    .into()
            )
        );
        assert_eq!(
            message("aaaaaaaA1"),
            Some(
                "Password did not conform with policy: Password must have symbol characters".into()
            )
        );
        assert_eq!(message("aaaaaaaA1!"), None);
    }

    #[test]
    fn emails_and_masks() {
        assert!(is_email("rider@example.com"));
        assert!(!is_email("rider"));
        assert!(!is_email("rider@localhost"));
        assert!(!is_email("a b@example.com"));
        assert_eq!(mask_email("rider@example.com"), "r***@e***");
        assert_eq!(random_code().len(), 6);
    }
}
