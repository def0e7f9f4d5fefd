//! Auth sessions, the `Session` of a challenge that waits for another
//! call: made, looked at and taken, with Cognito's answer to one that is
//! spent, expired, of another client or of another step.

use cognito_idp::types::UserPoolClient;
use cognito_idp::ErrorCode;

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::model::{AuthSession, Pool, SessionChallenge, User};
use crate::validate::{check_len, MAX_USERNAME};

/// How long a session lives, as on Cognito (3 minutes).
pub(super) const SESSION_LIFETIME_SECS: i64 = 180;
/// Random bytes of a session: opaque to the client.
const SESSION_BYTES: usize = 96;

/// A new session of the user's, waiting on `challenge`.
pub(super) fn new_session(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client_id: &str,
    username: &str,
    challenge: SessionChallenge,
) -> ApiResult<String> {
    let session = crate::random::token(SESSION_BYTES);
    ctx.db.put_session(
        &session,
        &AuthSession {
            pool_id: pool.id.clone(),
            client_id: client_id.to_string(),
            username: username.to_string(),
            challenge,
            expires: ctx.now.saturating_add(SESSION_LIFETIME_SECS),
        },
    )?;
    Ok(session)
}

/// A session that is not (or no longer) usable: Cognito says expired, for
/// a spent one too.
pub(super) fn expired() -> ApiError {
    ApiError::new(
        ErrorCode::NotAuthorizedException,
        "Invalid session for the user, session is expired.",
    )
}

/// A request's Session, bounded as Cognito's SessionType.
pub(super) fn session_param(session: Option<&str>) -> ApiResult<&str> {
    let session = session.ok_or_else(|| ApiError::invalid("Missing required parameter Session"))?;
    check_len("Session", session, 20, 2048)?;
    Ok(session)
}

/// What a session must be to be used.
pub(super) struct Expect<'a> {
    pub challenge: SessionChallenge,
    /// The client that answers, where the operation names one.
    pub client: Option<&'a UserPoolClient>,
}

impl Expect<'_> {
    fn admits(&self, session: &AuthSession, now: i64) -> bool {
        session.expires >= now
            && session.challenge == self.challenge
            && self
                .client
                .is_none_or(|client| client.client_id == session.client_id)
    }

    /// The session, left in place (taken once the answer is right).
    pub(super) fn look(&self, ctx: &Ctx<'_>, id: &str) -> ApiResult<AuthSession> {
        ctx.db
            .session(id)?
            .filter(|session| self.admits(session, ctx.now))
            .ok_or_else(expired)
    }

    /// The session, taken: it answers once (an error rolls the taking back).
    pub(super) fn take(&self, ctx: &Ctx<'_>, id: &str) -> ApiResult<AuthSession> {
        ctx.db
            .take_session(id)?
            .filter(|session| self.admits(session, ctx.now))
            .ok_or_else(expired)
    }
}

/// The session's user, who may still sign in; `named` (a challenge's
/// USERNAME, the internal name or an alias) must be that user.
pub(super) fn session_user(
    ctx: &Ctx<'_>,
    pool: &Pool,
    session: &AuthSession,
    named: Option<&str>,
) -> ApiResult<User> {
    if session.pool_id != pool.id {
        return Err(expired());
    }
    let user = ctx
        .db
        .find_user(pool, &session.username)?
        .ok_or_else(expired)?;
    if let Some(name) = named {
        check_len("USERNAME", name, 1, MAX_USERNAME)?;
        if ctx.db.find_user(pool, name)?.map(|u| u.username) != Some(user.username.clone()) {
            return Err(expired());
        }
    }
    crate::credentials::check_can_sign_in(&user, ctx.now)?;
    Ok(user)
}
