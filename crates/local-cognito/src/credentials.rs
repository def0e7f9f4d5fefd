//! Passwords and the lock on guessing them: a user keeps a salt and an SRP
//! verifier, never the password; wrong passwords in a row lock sign-in.

use cognito_idp::ErrorCode;

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::model::{Pool, User};
use crate::store::Db;

/// Failures in a row before sign-in locks, and the longest lock.
const FAILURES_BEFORE_LOCK: i64 = 5;
const FIRST_LOCK_SECS: i64 = 60;
const MAX_LOCK_SECS: i64 = 900;

/// A new salt and verifier for the password (see `verifiers` for where
/// the arithmetic runs).
pub fn set_password(ctx: &Ctx<'_>, pool: &Pool, user: &mut User, password: &str) -> ApiResult<()> {
    let verifier = ctx
        .verifiers
        .new_verifier(&pool.id, &user.username, password)?;
    user.salt = verifier.salt_hex();
    user.verifier = verifier.verifier_hex();
    Ok(())
}

/// Whether `password` is the user's, by remaking the verifier with the
/// stored salt; compared in constant time.
pub fn password_matches(ctx: &Ctx<'_>, pool: &Pool, user: &User, password: &str) -> bool {
    ctx.verifiers.matches(
        &pool.id,
        &user.username,
        password,
        &user.salt,
        &user.verifier,
    )
}

/// A user who may try a password now: enabled, and not locked.
pub fn check_can_sign_in(user: &User, now: i64) -> ApiResult<()> {
    if !user.enabled {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "User is disabled.",
        ));
    }
    if user.locked_until > now {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "Password attempts exceeded",
        ));
    }
    Ok(())
}

/// Counts a wrong password, and returns the error to answer with, which
/// keeps the count: from the fifth in a row, sign-in locks for a minute,
/// doubling with each further failure up to 15 minutes.
pub fn wrong_password(db: Db<'_>, pool: &Pool, user: &mut User, now: i64) -> ApiError {
    failed_attempt(db, pool, user, now, ApiError::wrong_password())
}

/// Counts a failed sign-in step (a wrong password, or a wrong TOTP code:
/// one count, so that a known password does not open endless guesses at
/// codes), and returns `error`, keeping the count.
pub fn failed_attempt(
    db: Db<'_>,
    pool: &Pool,
    user: &mut User,
    now: i64,
    error: ApiError,
) -> ApiError {
    user.failed_attempts = user.failed_attempts.saturating_add(1);
    if user.failed_attempts >= FAILURES_BEFORE_LOCK {
        let doublings = (user.failed_attempts - FAILURES_BEFORE_LOCK).min(10) as u32;
        let lock = FIRST_LOCK_SECS
            .saturating_mul(2i64.pow(doublings))
            .min(MAX_LOCK_SECS);
        user.locked_until = now.saturating_add(lock);
    }
    match db.update_user(pool, user) {
        Ok(()) => error.keeping_writes(),
        Err(e) => e.into(),
    }
}

/// The right password: the count of failures starts again.
pub fn clear_failures(user: &mut User) {
    user.failed_attempts = 0;
    user.locked_until = 0;
}
