//! Codes by email, and the outbox: a code is made, stored and "sent" (kept
//! in the outbox, and logged without the code); checked with its tries
//! counted. The counts of
//! wrong tries and of codes sent survive a new code until their window ends,
//! so asking again gives no new guesses.

use cognito_idp::types::CodeDeliveryDetails;
use cognito_idp::ErrorCode;
use subtle::ConstantTimeEq;

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::model::{Code, CodePurpose, Pool, User, CODE_WINDOW_SECS};
use crate::validate::{check_len, is_email, MAX_CODE};

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
    if ctx.verifiers.noting_only() {
        // A first run, rolled back: nothing is sent.
        return Ok(());
    }
    tracing::info!(
        to = email.to,
        subject = email.subject,
        "email: {}",
        email.logged
    );
    Ok(())
}

/// An email's body as the log shows it: the code left in the outbox (it
/// may sign in, or reset a password, on its own).
fn without_code(body: &str, code: &str) -> String {
    body.replace(code, "(in the outbox)")
}

/// `a***@e***`, as Cognito shows where a code went.
pub fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

/// A code's delivery by email, the address masked.
pub fn email_delivery(address: &str) -> CodeDeliveryDetails {
    CodeDeliveryDetails {
        destination: mask_email(address),
        delivery_medium: "EMAIL".into(),
        attribute_name: "email".into(),
    }
}

/// Whose codes: a user's, or a name a client hides (no such user), whose
/// codes are counted, stored and checked the same way but never sent, so
/// that the counts do not tell the two apart.
pub enum Holder<'a> {
    User(&'a User),
    Hidden {
        /// Its key in the codes table (from `decoy`).
        key: String,
        /// The name asked for: the simulated destination.
        name: &'a str,
    },
}

impl<'a> Holder<'a> {
    /// The codes of `name`, which has no user in a pool whose client hides
    /// that.
    pub fn hidden(ctx: &Ctx<'_>, pool: &Pool, name: &'a str) -> Holder<'a> {
        Holder::Hidden {
            key: ctx.server.decoys.holder_key(pool, name),
            name,
        }
    }

    fn key(&self) -> &str {
        match self {
            Holder::User(user) => &user.username,
            Holder::Hidden { key, .. } => key,
        }
    }
}

/// What a hidden name is answered with: a code "sent" to a simulated
/// destination, masked as an address is. The name where it is an email;
/// otherwise its first letter at a domain whose initial comes from the
/// name, so that it reads as a real user's masked address.
fn hidden_delivery(ctx: &Ctx<'_>, pool: &Pool, name: &str) -> CodeDeliveryDetails {
    if is_email(name) {
        return email_delivery(name);
    }
    let domain = ctx.server.decoys.domain_initial(pool, name);
    email_delivery(&format!("{name}@{domain}"))
}

/// The counts a new code of `key`'s for `purpose` carries (its code and
/// expiry are the caller's): those of the window, or a new window; refused
/// when too many were sent, or tried wrong, in it.
fn next_in_window(ctx: &Ctx<'_>, pool: &Pool, key: &str, purpose: CodePurpose) -> ApiResult<Code> {
    let (attempts, sends, window_start) = match ctx.db.code(&pool.id, key, purpose)? {
        Some(old) if ctx.now.saturating_sub(old.window_start) < CODE_WINDOW_SECS => {
            (old.attempts, old.sends, old.window_start)
        }
        _ => (0, 0, ctx.now),
    };
    if sends >= MAX_SENDS || attempts >= MAX_ATTEMPTS {
        return Err(ApiError::limit_exceeded());
    }
    Ok(Code {
        code: String::new(),
        expires: 0,
        attempts,
        sends: sends + 1,
        window_start,
    })
}

/// Makes a code for `purpose`, emails it, and says where it went; refused
/// when too many were sent, or tried wrong, in the window.
pub fn send_code(
    ctx: &Ctx<'_>,
    pool: &Pool,
    holder: &Holder<'_>,
    purpose: CodePurpose,
) -> ApiResult<CodeDeliveryDetails> {
    // Where the code goes (nowhere for a hidden name), and what the answer
    // names as its destination.
    let (email, destination) = match holder {
        Holder::User(user) => {
            let email = user.email().ok_or_else(|| {
                ApiError::invalid("Cannot send a code: the user has no registered email.")
            })?;
            (Some(email), email_delivery(email))
        }
        Holder::Hidden { name, .. } => (None, hidden_delivery(ctx, pool, name)),
    };
    let key = holder.key();
    let code = Code {
        code: crate::random::code(),
        expires: ctx.now.saturating_add(CODE_LIFETIME_SECS),
        ..next_in_window(ctx, pool, key, purpose)?
    };
    ctx.db.put_code(&pool.id, key, purpose, &code)?;
    if let Some(email) = email {
        let (subject, body) = match purpose {
            CodePurpose::ForgotPassword => (
                "Your password reset code",
                format!("Your password reset code is {}.", code.code),
            ),
            CodePurpose::SignUp | CodePurpose::VerifyEmail => (
                "Your verification code",
                format!("Your verification code is {}.", code.code),
            ),
            // Sent by `send_mfa_code`, never here.
            CodePurpose::EmailMfa => (
                DEFAULT_MFA_SUBJECT,
                DEFAULT_MFA_MESSAGE.replace(CODE_PLACEHOLDER, &code.code),
            ),
        };
        send(
            ctx,
            &Email {
                pool_id: &pool.id,
                to: email,
                subject,
                body: &body,
                logged: &without_code(&body, &code.code),
            },
        )?;
    }
    Ok(destination)
}

/// An email MFA code lives as long as the sign-in session that asks for
/// it (Cognito's 3 minutes).
const MFA_CODE_LIFETIME_SECS: i64 = 180;
/// Where EmailMfaConfiguration's Message puts the code.
pub const CODE_PLACEHOLDER: &str = "{####}";
/// The email MFA message and subject of a pool that names none (Cognito's
/// defaults are not documented: these are local-cognito's).
const DEFAULT_MFA_MESSAGE: &str = "Your authentication code is {####}.";
const DEFAULT_MFA_SUBJECT: &str = "Your authentication code";

/// Emails `user` a new sign-in code (EMAIL_OTP), in the pool's
/// EmailMfaConfiguration template, replacing any earlier one, and says
/// where it went. Not limited as the other codes are: each takes a right
/// password, and wrong codes count toward the password's lock.
pub fn send_mfa_code(ctx: &Ctx<'_>, pool: &Pool, user: &User) -> ApiResult<CodeDeliveryDetails> {
    let fresh = Code {
        code: String::new(),
        expires: 0,
        attempts: 0,
        sends: 1,
        window_start: ctx.now,
    };
    email_sign_in_code(ctx, pool, &Holder::User(user), fresh)
}

/// Emails a sign-in code (EMAIL_OTP) as the first factor of choice-based
/// sign-in, where no password came before it: so its sends are counted in
/// the window as other codes' are, and a name alone cannot flood an inbox.
/// A hidden name's are counted the same way, and never sent.
pub fn send_sign_in_code(
    ctx: &Ctx<'_>,
    pool: &Pool,
    holder: &Holder<'_>,
) -> ApiResult<CodeDeliveryDetails> {
    let counts = next_in_window(ctx, pool, holder.key(), CodePurpose::EmailMfa)?;
    email_sign_in_code(ctx, pool, holder, counts)
}

/// A new EMAIL_OTP code with `counts`, replacing the holder's earlier one,
/// emailed in the pool's EmailMfaConfiguration template (to a user only);
/// where it went, or for a hidden name, where it seems to have gone.
fn email_sign_in_code(
    ctx: &Ctx<'_>,
    pool: &Pool,
    holder: &Holder<'_>,
    counts: Code,
) -> ApiResult<CodeDeliveryDetails> {
    let code = Code {
        code: crate::random::code(),
        expires: ctx.now.saturating_add(MFA_CODE_LIFETIME_SECS),
        ..counts
    };
    ctx.db
        .put_code(&pool.id, holder.key(), CodePurpose::EmailMfa, &code)?;
    let user = match holder {
        Holder::User(user) => user,
        Holder::Hidden { name, .. } => return Ok(hidden_delivery(ctx, pool, name)),
    };
    // No email: the error rolls the stored code back.
    let email = user.email().ok_or_else(|| {
        ApiError::invalid("Cannot send a code: the user has no registered email.")
    })?;
    let config = pool.email_mfa.as_ref();
    let template = config
        .and_then(|c| c.message.as_deref())
        .unwrap_or(DEFAULT_MFA_MESSAGE);
    let subject = config
        .and_then(|c| c.subject.as_deref())
        .unwrap_or(DEFAULT_MFA_SUBJECT);
    let body = template.replace(CODE_PLACEHOLDER, &code.code);
    send(
        ctx,
        &Email {
            pool_id: &pool.id,
            to: email,
            subject,
            body: &body,
            logged: &without_code(&body, &code.code),
        },
    )?;
    Ok(email_delivery(email))
}

/// What an EMAIL_OTP answer's code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaCheck {
    /// The user's current code, in time: now spent.
    Right,
    Wrong,
    /// No code (spent, or never sent), or past its time.
    Expired,
}

/// Checks an EMAIL_OTP code (in constant time); the right one is spent.
/// A wrong one counts a try, as other codes' do (so that a new code gives
/// no new guesses in the window), and the caller counts it toward the
/// lock too. A hidden name's code is checked the same way and is never
/// right.
pub fn check_mfa_code(
    ctx: &Ctx<'_>,
    pool: &Pool,
    holder: &Holder<'_>,
    given: &str,
) -> ApiResult<MfaCheck> {
    let key = holder.key();
    let Some(code) = ctx.db.code(&pool.id, key, CodePurpose::EmailMfa)? else {
        return Ok(MfaCheck::Expired);
    };
    if ctx.now > code.expires {
        return Ok(MfaCheck::Expired);
    }
    let right = bool::from(given.as_bytes().ct_eq(code.code.as_bytes()));
    if !right || matches!(holder, Holder::Hidden { .. }) {
        ctx.db
            .count_code_attempt(&pool.id, key, CodePurpose::EmailMfa)?;
        return Ok(MfaCheck::Wrong);
    }
    ctx.db.delete_code(&pool.id, key, CodePurpose::EmailMfa)?;
    Ok(MfaCheck::Right)
}

/// Checks a code, given in the request's `field`: its form first, then
/// tries, expiry, and the digits (in constant time). A wrong code counts a
/// try, and the count outlives the error; the right one is spent. Where
/// the client hides users, no code at all reads as a wrong one, as it does
/// for a name with no user.
pub fn check_code(
    ctx: &Ctx<'_>,
    pool: &Pool,
    holder: &Holder<'_>,
    purpose: CodePurpose,
    (field, given): (&str, &str),
    hides_users: bool,
) -> ApiResult<()> {
    check_len(field, given, 1, MAX_CODE)?;
    let expired = || {
        ApiError::new(
            ErrorCode::ExpiredCodeException,
            "Invalid code provided, please request a code again.",
        )
    };
    let key = holder.key();
    let Some(code) = ctx.db.code(&pool.id, key, purpose)? else {
        return Err(if hides_users {
            ApiError::code_mismatch()
        } else {
            expired()
        });
    };
    if code.attempts >= MAX_ATTEMPTS {
        return Err(ApiError::limit_exceeded());
    }
    if ctx.now > code.expires {
        return Err(expired());
    }
    let right = bool::from(given.as_bytes().ct_eq(code.code.as_bytes()));
    if !right || matches!(holder, Holder::Hidden { .. }) {
        ctx.db.count_code_attempt(&pool.id, key, purpose)?;
        return Err(ApiError::code_mismatch().keeping_writes());
    }
    ctx.db.delete_code(&pool.id, key, purpose)?;
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
