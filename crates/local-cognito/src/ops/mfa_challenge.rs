//! The second step of sign-in: after the right password, a TOTP code
//! (SOFTWARE_TOKEN_MFA) from a user whose software token is on, or, in a
//! pool with MFA ON, setting one up (MFA_SETUP) for a user who has none.
//! A wrong code counts toward the same lock as a wrong password and leaves
//! the session for another try; a right one spends it.

use std::collections::BTreeMap;

use cognito_idp::types::{AuthResponse, RespondToAuthChallengeRequest, UserPoolClient};
use cognito_idp::ErrorCode;

use super::auth::Answer;
use super::device_auth;
use super::session::{expired, new_session, session_param, session_user, Expect};
use crate::context::Ctx;
use crate::credentials::failed_attempt;
use crate::error::{ApiError, ApiResult};
use crate::model::{MfaConfiguration, Pool, SessionChallenge, User, UserStatus};
use crate::totp::{self, Check};
use crate::validate::{param, MAX_CODE, MAX_USERNAME};

/// The only MFA type served here, as MFAS_CAN_SETUP lists it.
const CAN_SET_UP: &str = r#"["SOFTWARE_TOKEN_MFA"]"#;

/// The challenge a confirmed user's MFA calls for once the password is
/// right; `None`: tokens.
pub(super) fn after_password(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    user: &User,
) -> ApiResult<Option<AuthResponse>> {
    if !pool.asks_for_totp() {
        return Ok(None);
    }
    let token = ctx
        .db
        .software_token(&pool.id, &user.username)?
        .unwrap_or_default();
    // With MFA ON, a verified token is used even if never turned on.
    let has_factor =
        token.enabled() || (token.secret.is_some() && pool.mfa() == MfaConfiguration::On);
    let (challenge, parameters) = if has_factor {
        (
            SessionChallenge::SoftwareTokenMfa,
            ("USER_ID_FOR_SRP", user.username.clone()),
        )
    } else if pool.mfa() == MfaConfiguration::On {
        (
            SessionChallenge::MfaSetup,
            ("MFAS_CAN_SETUP", CAN_SET_UP.to_string()),
        )
    } else {
        return Ok(None);
    };
    let session = new_session(ctx, pool, &client.client_id, &user.username, challenge)?;
    Ok(Some(AuthResponse {
        challenge_name: Some(challenge.as_str().into()),
        session: Some(session),
        challenge_parameters: BTreeMap::from([(parameters.0.into(), parameters.1)]),
        authentication_result: None,
    }))
}

/// RespondToAuthChallenge SOFTWARE_TOKEN_MFA: USERNAME and
/// SOFTWARE_TOKEN_MFA_CODE with the challenge's Session.
pub(super) fn software_token_mfa(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &RespondToAuthChallengeRequest,
) -> ApiResult<Answer> {
    let session_id = session_param(req.session.as_deref())?;
    let responses = &req.challenge_responses;
    let username = param(responses, "USERNAME", MAX_USERNAME)?;
    let code = param(responses, "SOFTWARE_TOKEN_MFA_CODE", MAX_CODE)?;
    let expect = Expect {
        challenge: SessionChallenge::SoftwareTokenMfa,
        client: Some(client),
    };
    let session = expect.look(ctx, session_id)?;
    let mut user = session_user(ctx, pool, &session, Some(username))?;
    let mut token = ctx
        .db
        .software_token(&pool.id, &user.username)?
        .unwrap_or_default();
    let Some(secret) = token.secret.clone() else {
        // Turned off since the challenge: answered as Cognito does a
        // user without a token.
        return Err(ApiError::new(
            ErrorCode::SoftwareTokenMFANotFoundException,
            "Software Token MFA does not exist for the user.",
        ));
    };
    match totp::check(&secret, code, ctx.now, token.last_step) {
        Check::Accepted { step } => {
            token.last_step = step;
            ctx.db
                .put_software_token(&pool.id, &user.username, &token)?;
            expect.take(ctx, session_id)?;
            complete(ctx, pool, client, user, req)
        }
        Check::Used => Err(used_once()),
        Check::Wrong => Err(failed_attempt(
            ctx.db,
            pool,
            &mut user,
            ctx.now,
            ApiError::new(
                ErrorCode::CodeMismatchException,
                "Invalid code received for user",
            ),
        )),
    }
}

/// RespondToAuthChallenge MFA_SETUP, with the Session VerifySoftwareToken
/// returned: the token is the user's now, so tokens.
pub(super) fn mfa_setup(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &RespondToAuthChallengeRequest,
) -> ApiResult<Answer> {
    let session_id = session_param(req.session.as_deref())?;
    let username = param(&req.challenge_responses, "USERNAME", MAX_USERNAME)?;
    let session = Expect {
        challenge: SessionChallenge::MfaSetupVerified,
        client: Some(client),
    }
    .take(ctx, session_id)?;
    let user = session_user(ctx, pool, &session, Some(username))?;
    complete(ctx, pool, client, user, req)
}

/// A code right but already used (the same 30 seconds, or earlier).
pub(super) fn used_once() -> ApiError {
    ApiError::new(
        ErrorCode::ExpiredCodeException,
        "Your software token has already been used once.",
    )
}

/// Both steps passed: the tokens (the failures forgotten), or, for a
/// remembered device the answer names (DEVICE_KEY, as identity-js sends
/// it), its round first. A user reset by an administrator meanwhile has no
/// way in by this session.
fn complete(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    user: User,
    req: &RespondToAuthChallengeRequest,
) -> ApiResult<Answer> {
    if user.status != UserStatus::Confirmed {
        return Err(expired());
    }
    let device = device_auth::presented(
        ctx,
        pool,
        &user,
        device_auth::device_key_param(&req.challenge_responses)?,
    )?;
    device_auth::finish(ctx, pool, client, user, device)
}
