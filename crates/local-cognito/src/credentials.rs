//! Passwords and the lock on guessing them: a user keeps a salt and an SRP
//! verifier, never the password; wrong passwords in a row lock sign-in, as
//! they do a name with no user that a client hides.

use cognito_idp::ErrorCode;

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::model::{FailureCount, Pool, User};
use crate::store::Db;

/// Failures in a row before sign-in locks, and the longest lock.
const FAILURES_BEFORE_LOCK: i64 = 5;
const FIRST_LOCK_SECS: i64 = 60;
const MAX_LOCK_SECS: i64 = 900;

/// A new salt and verifier for the password, and the verifier's table of
/// powers kept beside it (see `verifiers` for where the arithmetic runs).
pub fn set_password(ctx: &Ctx<'_>, pool: &Pool, user: &mut User, password: &str) -> ApiResult<()> {
    let (verifier, powers) = ctx
        .verifiers
        .new_verifier(&pool.id, &user.username, password)?;
    user.salt = verifier.salt_hex();
    user.verifier = verifier.verifier_hex();
    // A first run's stand-in table would only be rolled back.
    if !ctx.verifiers.noting_only() {
        ctx.db
            .put_verifier_powers(&user.verifier, &powers.to_bytes())?;
    }
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
    check_unlocked(user.locked_until, now)
}

fn check_unlocked(locked_until: i64, now: i64) -> ApiResult<()> {
    if locked_until > now {
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
    let mut count = FailureCount {
        failed_attempts: user.failed_attempts,
        locked_until: user.locked_until,
    };
    count_failure(&mut count, now);
    user.failed_attempts = count.failed_attempts;
    user.locked_until = count.locked_until;
    match db.update_user(pool, user) {
        Ok(()) => error.keeping_writes(),
        Err(e) => e.into(),
    }
}

/// One more failure in a row, and the lock from the fifth on.
fn count_failure(count: &mut FailureCount, now: i64) {
    count.failed_attempts = count.failed_attempts.saturating_add(1);
    if count.failed_attempts >= FAILURES_BEFORE_LOCK {
        let doublings = (count.failed_attempts - FAILURES_BEFORE_LOCK).min(10) as u32;
        let lock = FIRST_LOCK_SECS
            .saturating_mul(2i64.pow(doublings))
            .min(MAX_LOCK_SECS);
        count.locked_until = now.saturating_add(lock);
    }
}

/// A name with no user, where the client hides users, that may try now:
/// not locked by its failures (see `hidden_failed_attempt`).
pub fn check_hidden_can_sign_in(ctx: &Ctx<'_>, pool: &Pool, name: &str) -> ApiResult<()> {
    let key = ctx.server.decoys.holder_key(pool, name);
    let count = ctx.db.hidden_failures(&pool.id, &key)?.unwrap_or_default();
    check_unlocked(count.locked_until, ctx.now)
}

/// Counts a failed sign-in step of a hidden name as `failed_attempt`
/// counts a user's, under the name's decoy key, so that it locks (and
/// writes) as a user does; returns `error`, keeping the count.
pub fn hidden_failed_attempt(ctx: &Ctx<'_>, pool: &Pool, name: &str, error: ApiError) -> ApiError {
    let key = ctx.server.decoys.holder_key(pool, name);
    let counted = ctx.db.hidden_failures(&pool.id, &key).and_then(|count| {
        let mut count = count.unwrap_or_default();
        count_failure(&mut count, ctx.now);
        ctx.db.put_hidden_failures(&pool.id, &key, &count, ctx.now)
    });
    match counted {
        Ok(()) => error.keeping_writes(),
        Err(e) => e.into(),
    }
}

/// The right password: the count of failures starts again.
pub fn clear_failures(user: &mut User) {
    user.failed_attempts = 0;
    user.locked_until = 0;
}
