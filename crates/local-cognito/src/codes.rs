//! Codes by email, and the outbox: a code is made, stored and "sent" (kept
//! in the outbox and logged); checked with its tries counted. The counts of
//! wrong tries and of codes sent survive a new code until their window ends,
//! so asking again gives no new guesses.

use cognito_idp::types::CodeDeliveryDetails;
use cognito_idp::ErrorCode;
use subtle::ConstantTimeEq;

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::model::{Code, CodePurpose, Pool, User, CODE_WINDOW_SECS};
use crate::validate::{check_len, MAX_CODE};

/// A code lives a day.
const CODE_LIFETIME_SECS: i64 = 24 * 3600;
/// In a window: wrong tries, and codes sent, before LimitExceededException.
const MAX_ATTEMPTS: i64 = 5;
const MAX_SENDS: i64 = 5;

/// An email to put in the outbox.
pub struct Email<'a> {
    pub pool_id: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// What the log shows of the body (a temporary password stays out).
    pub logged: &'a str,
}

/// Puts the email in the outbox and logs it.
pub fn send(ctx: &Ctx<'_>, email: &Email<'_>) -> ApiResult<()> {
    ctx.db
        .add_message(email.pool_id, email.to, email.subject, email.body, ctx.now)?;
    tracing::info!(
        to = email.to,
        subject = email.subject,
        "email: {}",
        email.logged
    );
    Ok(())
}

/// `a***@e***`, as Cognito shows where a code went.
pub fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

/// A code's delivery by email, the address masked. With users hidden, it
/// is also what an unknown user is answered: a code "sent" to a simulated
/// destination, the username.
pub fn email_delivery(address: &str) -> CodeDeliveryDetails {
    CodeDeliveryDetails {
        destination: mask_email(address),
        delivery_medium: "EMAIL".into(),
        attribute_name: "email".into(),
    }
}

/// Makes a code for `purpose`, emails it, and says where it went; refused
/// when too many were sent, or tried wrong, in the window.
pub fn send_code(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    purpose: CodePurpose,
) -> ApiResult<CodeDeliveryDetails> {
    let email = user.email().ok_or_else(|| {
        ApiError::invalid("Cannot send a code: the user has no registered email.")
    })?;
    let (attempts, sends, window_start) = match ctx.db.code(&pool.id, &user.username, purpose)? {
        Some(old) if ctx.now.saturating_sub(old.window_start) < CODE_WINDOW_SECS => {
            (old.attempts, old.sends, old.window_start)
        }
        _ => (0, 0, ctx.now),
    };
    if sends >= MAX_SENDS || attempts >= MAX_ATTEMPTS {
        return Err(ApiError::limit_exceeded());
    }
    let code = Code {
        code: crate::random::code(),
        expires: ctx.now.saturating_add(CODE_LIFETIME_SECS),
        attempts,
        sends: sends + 1,
        window_start,
    };
    ctx.db.put_code(&pool.id, &user.username, purpose, &code)?;
    let (subject, body) = match purpose {
        CodePurpose::ForgotPassword => (
            "Your password reset code",
            format!("Your password reset code is {}.", code.code),
        ),
        CodePurpose::SignUp | CodePurpose::VerifyEmail => (
            "Your verification code",
            format!("Your verification code is {}.", code.code),
        ),
    };
    send(
        ctx,
        &Email {
            pool_id: &pool.id,
            to: email,
            subject,
            body: &body,
            logged: &body,
        },
    )?;
    Ok(email_delivery(email))
}

/// Checks a code, given in the request's `field`: tries first, then
/// expiry, then the digits (in constant time). A wrong code counts a try,
/// and the count outlives the error; the right one is spent.
pub fn check_code(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    purpose: CodePurpose,
    field: &str,
    given: &str,
) -> ApiResult<()> {
    check_len(field, given, 1, MAX_CODE)?;
    let expired = || {
        ApiError::new(
            ErrorCode::ExpiredCodeException,
            "Invalid code provided, please request a code again.",
        )
    };
    let code = ctx
        .db
        .code(&pool.id, &user.username, purpose)?
        .ok_or_else(expired)?;
    if code.attempts >= MAX_ATTEMPTS {
        return Err(ApiError::limit_exceeded());
    }
    if ctx.now > code.expires {
        return Err(expired());
    }
    if !bool::from(given.as_bytes().ct_eq(code.code.as_bytes())) {
        ctx.db
            .count_code_attempt(&pool.id, &user.username, purpose)?;
        return Err(ApiError::code_mismatch().keeping_writes());
    }
    ctx.db.delete_code(&pool.id, &user.username, purpose)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_email("rider@example.com"), "r***@e***");
        assert_eq!(mask_email("nobody"), "n***@***");
    }
}
