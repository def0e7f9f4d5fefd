//! Making users, and how a user goes on the wire.

use cognito_idp::types::{AttributeType, UserType};
use cognito_idp::ErrorCode;

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::model::{Pool, User, UserStatus};
use crate::pool_schema;
use crate::validate::{attributes, check_len, is_email, MAX_USERNAME};

/// Who makes a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Creator {
    /// SignUp: UNCONFIRMED until the emailed code comes back.
    Themselves,
    /// AdminCreateUser: FORCE_CHANGE_PASSWORD, with a temporary password.
    Administrator,
}

/// A new user, not yet stored and without a password. With email as the
/// username, the internal username is a UUID (also the `sub`) and the
/// email an alias.
pub fn new_user(
    ctx: &Ctx<'_>,
    pool: &Pool,
    requested: &str,
    user_attributes: &[AttributeType],
    creator: Creator,
) -> ApiResult<User> {
    check_len("Username", requested, 1, MAX_USERNAME)?;
    if pool.email_is_username() && !is_email(requested) {
        return Err(ApiError::invalid("Username should be an email."));
    }
    let admin = creator == Creator::Administrator;
    let mut attributes = attributes(user_attributes, admin)?;
    if pool.email_is_username() {
        attributes.insert("email".into(), requested.to_string());
    }
    // An administrator may leave required attributes out, as on Cognito:
    // the user gives them at first sign-in (NEW_PASSWORD_REQUIRED).
    if creator == Creator::Themselves {
        let missing = pool_schema::missing(&pool.settings.schema, |name| {
            attributes.get(name).map(String::as_str)
        });
        if !missing.is_empty() {
            return Err(pool_schema::refuse_sign_up(&missing));
        }
    }
    // Drawn again in an operation's second run (see `verifiers`): the
    // internal username, which the verifier is made for, is this.
    let sub = ctx.verifiers.draw(crate::random::uuid);
    let taken = if pool.email_is_username() {
        ctx.db.user_by_email(pool, requested)?.is_some()
    } else {
        ctx.db.find_user(pool, requested)?.is_some()
    };
    if taken {
        let message = match (creator, pool.email_is_username()) {
            (Creator::Administrator, _) => "User account already exists",
            (Creator::Themselves, true) => "An account with the given email already exists.",
            (Creator::Themselves, false) => "User already exists",
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
    Ok(User {
        pool_id: pool.id.clone(),
        username,
        attributes,
        status: match creator {
            Creator::Themselves => UserStatus::Unconfirmed,
            Creator::Administrator => UserStatus::ForceChangePassword,
        },
        enabled: true,
        salt: String::new(),
        verifier: String::new(),
        password_expires: None,
        created: ctx.now,
        modified: ctx.now,
        failed_attempts: 0,
        locked_until: 0,
        tokens_valid_after: 0,
    })
}

/// Sets `updates` on the user as UpdateUserAttributes does: a new email
/// must be free where it is the username, and is unverified until its
/// code comes back. Returns whether the email changed.
pub fn update_attributes(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &mut User,
    updates: std::collections::BTreeMap<String, String>,
) -> ApiResult<bool> {
    let new_email = updates
        .get("email")
        .filter(|email| Some(email.as_str()) != user.email())
        .cloned();
    if let Some(email) = &new_email {
        let other = ctx
            .db
            .user_by_email(pool, email)?
            .filter(|other| other.username != user.username);
        if pool.email_is_username() && other.is_some() {
            return Err(ApiError::new(
                ErrorCode::AliasExistsException,
                "An account with the given email already exists.",
            ));
        }
    }
    user.attributes.extend(updates);
    if new_email.is_some() {
        user.attributes
            .insert("email_verified".into(), "false".into());
    }
    user.modified = ctx.now;
    Ok(new_email.is_some())
}

/// ConfirmSignUp and AdminConfirmSignUp take only unconfirmed users.
pub fn check_unconfirmed(user: &User) -> ApiResult<()> {
    if user.status == UserStatus::Unconfirmed {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::NotAuthorizedException,
        format!(
            "User cannot be confirmed. Current status is {}",
            user.status.as_str()
        ),
    ))
}

/// A user's attributes on the wire: `sub` first, then by name.
pub fn attribute_list(user: &User) -> Vec<AttributeType> {
    let mut list = vec![AttributeType::new("sub", user.sub())];
    list.extend(
        user.attributes
            .iter()
            .filter(|(k, _)| *k != "sub")
            .map(|(k, v)| AttributeType::new(k, v)),
    );
    list
}

pub fn user_type(user: &User) -> UserType {
    UserType {
        username: user.username.clone(),
        attributes: attribute_list(user),
        user_create_date: user.created as f64,
        user_last_modified_date: user.modified as f64,
        enabled: user.enabled,
        user_status: user.status.as_str().to_string(),
    }
}
