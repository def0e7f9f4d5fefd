//! Auth sessions, the `Session` of a challenge that waits for another
//! call: made, looked at and taken, with Cognito's answer to one that is
//! spent, expired, of another client or of another step.

use cognito_idp::types::UserPoolClient;
use cognito_idp::ErrorCode;

use crate::context::Ctx;
use crate::credentials::{check_can_sign_in, check_hidden_can_sign_in};
use crate::error::{ApiError, ApiResult};
use crate::model::{AuthSession, Pool, SessionChallenge, SessionSubject, User};
use crate::validate::{check_len, MAX_USERNAME};

/// How long a session lives, as on Cognito (3 minutes).
pub(super) const SESSION_LIFETIME_SECS: i64 = 180;
/// Random bytes of a session: opaque to the client.
const SESSION_BYTES: usize = 96;

/// Who is signing in.
pub(super) enum Who {
    User(User),
    /// A name with no user, where the client hides users.
    Hidden(String),
}

/// A new session of the user's (by internal username), waiting on
/// `challenge`.
pub(super) fn new_session(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client_id: &str,
    username: &str,
    challenge: SessionChallenge,
) -> ApiResult<String> {
    put_session(
        ctx,
        pool,
        client_id,
        SessionSubject::User(username.to_string()),
        challenge,
    )
}

/// A new session of `who`'s, waiting on `challenge`: a hidden name's is
/// kept by the name as the pool compares it.
pub(super) fn new_session_of(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client_id: &str,
    who: &Who,
    challenge: SessionChallenge,
) -> ApiResult<String> {
    let subject = match who {
        Who::User(user) => SessionSubject::User(user.username.clone()),
        Who::Hidden(name) => SessionSubject::Hidden(pool.sign_in_key(name)),
    };
    put_session(ctx, pool, client_id, subject, challenge)
}

fn put_session(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client_id: &str,
    subject: SessionSubject,
    challenge: SessionChallenge,
) -> ApiResult<String> {
    let session = crate::random::token(SESSION_BYTES);
    ctx.db.put_session(
        &session,
        &AuthSession {
            pool_id: pool.id.clone(),
            client_id: client_id.to_string(),
            subject,
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
/// USERNAME, the internal name or an alias) must be that user. A hidden
/// name's session has none: expired.
pub(super) fn session_user(
    ctx: &Ctx<'_>,
    pool: &Pool,
    session: &AuthSession,
    named: Option<&str>,
) -> ApiResult<User> {
    match session_who(ctx, pool, session, named)? {
        Who::User(user) => Ok(user),
        Who::Hidden(_) => Err(expired()),
    }
}

/// Who the session is for, who may still sign in; `named`, as in
/// `session_user`, must be them: for a hidden name, the same name as the
/// pool compares it (never looked up, so that the answer does not depend
/// on whether another name has a user).
pub(super) fn session_who(
    ctx: &Ctx<'_>,
    pool: &Pool,
    session: &AuthSession,
    named: Option<&str>,
) -> ApiResult<Who> {
    if session.pool_id != pool.id {
        return Err(expired());
    }
    if let Some(name) = named {
        check_len("USERNAME", name, 1, MAX_USERNAME)?;
    }
    match &session.subject {
        SessionSubject::User(username) => {
            let user = ctx.db.find_user(pool, username)?.ok_or_else(expired)?;
            if let Some(name) = named {
                if ctx.db.find_user(pool, name)?.map(|u| u.username) != Some(user.username.clone())
                {
                    return Err(expired());
                }
            }
            check_can_sign_in(&user, ctx.now)?;
            Ok(Who::User(user))
        }
        SessionSubject::Hidden(key) => {
            // A hidden name's session is only ever answered with its name.
            let Some(name) = named.filter(|name| pool.sign_in_key(name) == *key) else {
                return Err(expired());
            };
            check_hidden_can_sign_in(ctx, pool, name)?;
            Ok(Who::Hidden(name.to_string()))
        }
    }
}
