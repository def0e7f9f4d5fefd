//! InitiateAuth and RespondToAuthChallenge: SRP (PASSWORD_VERIFIER), plain
//! passwords where the client allows them, refresh tokens, and the
//! NEW_PASSWORD_REQUIRED challenge of users an administrator created.

use std::collections::BTreeMap;

use cognito_idp::op;
use cognito_idp::types::{
    AttributeType, AuthResponse, InitiateAuthRequest, RespondToAuthChallengeRequest, UserPoolClient,
};
use cognito_idp::ErrorCode;
use cognito_srp::{Claim, PasswordVerifier, Server};

use crate::codes::{send_code, Holder};
use crate::context::{Ctx, Handler};
use crate::credentials::{
    check_can_sign_in, clear_failures, password_matches, set_password, wrong_password,
};
use crate::error::{ApiError, ApiResult};
use crate::model::{
    hides_users, AuthSession, CodePurpose, Pool, SessionChallenge, SrpChallenge, User, UserStatus,
};
use crate::tokens;
use crate::users::update_attributes;
use crate::validate::{
    attributes, check_len, check_password, param, MAX_PASSWORD, MAX_TOKEN, MAX_USERNAME,
};

/// How long a challenge (SECRET_BLOCK) or a NEW_PASSWORD_REQUIRED session lives.
const CHALLENGE_LIFETIME_SECS: i64 = 300;
const SESSION_LIFETIME_SECS: i64 = 180;
/// Bytes of a SECRET_BLOCK: opaque to the client, a random key to the state here.
const SECRET_BLOCK_BYTES: usize = 96;

impl Handler for op::InitiateAuth {
    fn handle(ctx: &Ctx<'_>, req: InitiateAuthRequest) -> ApiResult<AuthResponse> {
        let (client, pool) = ctx.client_and_pool(&req.client_id)?;
        let params = &req.auth_parameters;
        let allowed = |name: &str| {
            client
                .explicit_auth_flows
                .iter()
                .any(|f| f == &format!("ALLOW_{name}") || f == name)
        };
        match req.auth_flow.as_str() {
            "USER_SRP_AUTH" => {
                if !allowed("USER_SRP_AUTH") {
                    return Err(ApiError::invalid(
                        "USER_SRP_AUTH flow not enabled for this client",
                    ));
                }
                let username = param(params, "USERNAME", MAX_USERNAME)?;
                let srp_a = param(params, "SRP_A", cognito_srp::MAX_PUBLIC_KEY_HEX)?;
                start_srp(ctx, &pool, &client, username, srp_a)
            }
            "USER_PASSWORD_AUTH" => {
                if !allowed("USER_PASSWORD_AUTH") {
                    return Err(ApiError::invalid(
                        "USER_PASSWORD_AUTH flow not enabled for this client",
                    ));
                }
                user_password(ctx, &pool, &client, params)
            }
            "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => {
                if !allowed("REFRESH_TOKEN_AUTH") && !client.explicit_auth_flows.is_empty() {
                    return Err(ApiError::invalid(
                        "REFRESH_TOKEN_AUTH flow not enabled for this client",
                    ));
                }
                refresh_auth(ctx, &pool, &client, params)
            }
            other => Err(ApiError::invalid(format!(
                "1 validation error detected: Value '{other}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, USER_PASSWORD_AUTH]"
            ))),
        }
    }
}

/// Whether the client allows a flow (`ALLOW_` + its name, or the legacy name).
pub(super) fn allows(client: &UserPoolClient, name: &str) -> bool {
    client
        .explicit_auth_flows
        .iter()
        .any(|f| f == &format!("ALLOW_{name}") || f == name)
}

/// A plain password: InitiateAuth's USER_PASSWORD_AUTH and
/// AdminInitiateAuth's ADMIN_USER_PASSWORD_AUTH, once the flow is allowed.
pub(super) fn user_password(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    params: &BTreeMap<String, Option<String>>,
) -> ApiResult<AuthResponse> {
    let username = param(params, "USERNAME", MAX_USERNAME)?;
    let password = param(params, "PASSWORD", MAX_PASSWORD)?;
    let Some(mut user) = ctx.db.find_user(pool, username)? else {
        if !hides_users(client) {
            return Err(ApiError::user_not_found());
        }
        // The work of checking a password, then the answer to a
        // wrong one, as for a real user.
        if let Ok(decoy) = ctx.server.decoys.verifier(pool, username) {
            let _ = PasswordVerifier::with_salt(&pool.id, username, password, &decoy.salt_hex());
        }
        return Err(ApiError::wrong_password());
    };
    check_can_sign_in(&user, ctx.now)?;
    if !password_matches(pool, &user, password) {
        return Err(wrong_password(ctx.db, pool, &mut user, ctx.now));
    }
    signed_in(ctx, pool, client, user)
}

/// REFRESH_TOKEN_AUTH (InitiateAuth and AdminInitiateAuth), once the flow
/// is allowed. A client that rotates refresh tokens takes them only through
/// GetTokensFromRefreshToken.
pub(super) fn refresh_auth(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    params: &BTreeMap<String, Option<String>>,
) -> ApiResult<AuthResponse> {
    if client
        .refresh_token_rotation
        .as_ref()
        .is_some_and(|r| r.enabled())
    {
        return Err(ApiError::invalid(
            "REFRESH_TOKEN_AUTH flow not enabled for this client",
        ));
    }
    let token = param(params, "REFRESH_TOKEN", MAX_TOKEN)?;
    let result = tokens::refresh(ctx, pool, client, token)?;
    Ok(AuthResponse {
        authentication_result: Some(result),
        ..AuthResponse::default()
    })
}

/// The PASSWORD_VERIFIER challenge: B from the user's verifier, or, for an
/// unknown user a client hides, from a decoy that does the same work and
/// looks the same (see `decoy`).
pub(super) fn start_srp(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    username: &str,
    srp_a: &str,
) -> ApiResult<AuthResponse> {
    let (user_id, verifier) = match ctx.db.find_user(pool, username)? {
        Some(user) => {
            check_can_sign_in(&user, ctx.now)?;
            let verifier = PasswordVerifier::from_hex(&user.salt, &user.verifier)
                .map_err(ApiError::internal)?;
            (Some(user.username), verifier)
        }
        None if hides_users(client) => (
            None,
            ctx.server
                .decoys
                .verifier(pool, username)
                .map_err(ApiError::internal)?,
        ),
        None => return Err(ApiError::user_not_found()),
    };
    let server =
        Server::start(&verifier, srp_a).map_err(|e| ApiError::invalid(format!("SRP_A: {e}")))?;
    let secret_block = crate::random::base64(SECRET_BLOCK_BYTES);
    ctx.db.put_challenge(
        &secret_block,
        &SrpChallenge {
            pool_id: pool.id.clone(),
            client_id: client.client_id.clone(),
            username: user_id.clone().unwrap_or_default(),
            srp_a: srp_a.to_string(),
            b: server.secret_hex(),
            expires: ctx.now.saturating_add(CHALLENGE_LIFETIME_SECS),
        },
    )?;
    let user_id = user_id.unwrap_or_else(|| ctx.server.decoys.user_id(pool, username));
    Ok(AuthResponse {
        challenge_name: Some("PASSWORD_VERIFIER".into()),
        challenge_parameters: BTreeMap::from([
            ("SALT".into(), verifier.salt_hex()),
            ("SECRET_BLOCK".into(), secret_block),
            ("SRP_B".into(), server.srp_b()),
            ("USERNAME".into(), user_id.clone()),
            ("USER_ID_FOR_SRP".into(), user_id),
        ]),
        ..AuthResponse::default()
    })
}

impl Handler for op::RespondToAuthChallenge {
    fn handle(ctx: &Ctx<'_>, req: RespondToAuthChallengeRequest) -> ApiResult<AuthResponse> {
        let (client, pool) = ctx.client_and_pool(&req.client_id)?;
        match req.challenge_name.as_str() {
            "PASSWORD_VERIFIER" => password_verifier(ctx, &pool, &client, &req.challenge_responses),
            "NEW_PASSWORD_REQUIRED" => new_password(ctx, &pool, &client, &req),
            other => Err(ApiError::invalid(format!(
                "Challenge {other} is not supported by local-cognito."
            ))),
        }
    }
}

pub(super) fn password_verifier(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    responses: &BTreeMap<String, Option<String>>,
) -> ApiResult<AuthResponse> {
    let username = param(responses, "USERNAME", MAX_USERNAME)?;
    let secret_block = param(
        responses,
        "PASSWORD_CLAIM_SECRET_BLOCK",
        cognito_srp::MAX_SECRET_BLOCK_B64,
    )?;
    let timestamp = param(responses, "TIMESTAMP", 64)?;
    let signature = param(responses, "PASSWORD_CLAIM_SIGNATURE", 128)?;
    // Taken, so a secret block answers once, whatever happens next (the
    // taking is kept even when the answer is an error).
    let challenge = ctx
        .db
        .take_challenge(secret_block, ctx.now)?
        .ok_or_else(|| ApiError::wrong_password().keeping_writes())?;
    let claim = Claim {
        secret_block,
        timestamp,
        signature,
    };
    if challenge.client_id != client.client_id {
        return Err(ApiError::wrong_password().keeping_writes());
    }
    // The user the challenge was for; none for a decoy (a hidden unknown
    // user), whose claim is checked the same way against the decoy's
    // verifier and can only fail.
    let user = match challenge.username.as_str() {
        "" => None,
        name => {
            let user = ctx
                .db
                .find_user(pool, name)?
                .ok_or_else(|| ApiError::wrong_password().keeping_writes())?;
            // USERNAME may be the internal name or an alias of the same user.
            if ctx.db.find_user(pool, username)?.map(|u| u.username) != Some(user.username.clone())
            {
                return Err(ApiError::wrong_password().keeping_writes());
            }
            check_can_sign_in(&user, ctx.now).map_err(ApiError::keeping_writes)?;
            Some(user)
        }
    };
    let (verifier, user_id) = match &user {
        Some(user) => (
            PasswordVerifier::from_hex(&user.salt, &user.verifier).map_err(ApiError::internal)?,
            user.username.as_str(),
        ),
        None => (
            ctx.server
                .decoys
                .verifier(pool, username)
                .map_err(ApiError::internal)?,
            username,
        ),
    };
    let server = Server::with_secret(&verifier, &challenge.srp_a, &challenge.b)
        .map_err(ApiError::internal)?;
    let verified = server.verify(&pool.id, user_id, &claim, ctx.now.max(0) as u64);
    match (verified, user) {
        (Ok(()), Some(user)) => signed_in(ctx, pool, client, user),
        // A clock off or a malformed TIMESTAMP is not a wrong password: it
        // does not count toward the lock (and reads the same for a decoy).
        (
            Err(e @ (cognito_srp::Error::InvalidTimestamp | cognito_srp::Error::StaleTimestamp)),
            _,
        ) => Err(stale_or_invalid(e).keeping_writes()),
        (_, Some(mut user)) => Err(wrong_password(ctx.db, pool, &mut user, ctx.now)),
        (_, None) => Err(ApiError::wrong_password().keeping_writes()),
    }
}

/// A TIMESTAMP the server cannot take: malformed says so; too far from the
/// server's clock reads as Cognito answers it, a failed sign-in.
fn stale_or_invalid(error: cognito_srp::Error) -> ApiError {
    match error {
        cognito_srp::Error::InvalidTimestamp => ApiError::invalid(error.to_string()),
        _ => ApiError::wrong_password(),
    }
}

/// NEW_PASSWORD_REQUIRED: everything is checked before the session is
/// spent (an error rolls the taking back), so the user can try again.
pub(super) fn new_password(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &RespondToAuthChallengeRequest,
) -> ApiResult<AuthResponse> {
    let responses = &req.challenge_responses;
    let session_id = req
        .session
        .as_deref()
        .ok_or_else(|| ApiError::missing("Session"))?;
    check_len("Session", session_id, 20, 2048)?;
    let new_password = param(responses, "NEW_PASSWORD", MAX_PASSWORD)?;
    let expired = || {
        ApiError::new(
            ErrorCode::NotAuthorizedException,
            "Invalid session for the user, session is expired.",
        )
    };
    let session = ctx.db.take_session(session_id)?.ok_or_else(expired)?;
    if session.expires < ctx.now
        || session.client_id != client.client_id
        || session.challenge != SessionChallenge::NewPasswordRequired
    {
        return Err(expired());
    }
    let mut user = ctx
        .db
        .find_user(pool, &session.username)?
        .ok_or_else(expired)?;
    check_password(&pool.settings.policies.password_policy, new_password)?;
    let updates: Vec<AttributeType> = responses
        .iter()
        .filter_map(|(k, v)| {
            Some(AttributeType::new(
                k.strip_prefix("userAttributes.")?,
                v.as_deref()?,
            ))
        })
        .collect();
    // As UpdateUserAttributes: a taken email is refused, a new one is
    // unverified and, where the pool verifies email, gets its code.
    let email_changed = update_attributes(ctx, pool, &mut user, attributes(&updates, false)?)?;
    set_password(pool, &mut user, new_password)?;
    user.status = UserStatus::Confirmed;
    user.password_expires = None;
    user.modified = ctx.now;
    ctx.db.update_user(pool, &user)?;
    if email_changed && pool.auto_verifies_email() {
        send_code(ctx, pool, &Holder::User(&user), CodePurpose::VerifyEmail)?;
    }
    signed_in(ctx, pool, client, user)
}

/// The password was right: the failures are forgotten, then tokens, or the
/// challenge or error the user's status calls for.
pub(super) fn signed_in(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    mut user: User,
) -> ApiResult<AuthResponse> {
    if user.failed_attempts != 0 {
        clear_failures(&mut user);
        ctx.db.update_user(pool, &user)?;
    }
    match user.status {
        UserStatus::Unconfirmed => Err(ApiError::new(
            ErrorCode::UserNotConfirmedException,
            "User is not confirmed.",
        )
        .keeping_writes()),
        UserStatus::ResetRequired => Err(ApiError::new(
            ErrorCode::PasswordResetRequiredException,
            "Password reset required for the user",
        )
        .keeping_writes()),
        UserStatus::ForceChangePassword => {
            if user.password_expires.is_some_and(|at| at < ctx.now) {
                return Err(ApiError::new(
                    ErrorCode::NotAuthorizedException,
                    "Temporary password has expired and must be reset by an administrator.",
                )
                .keeping_writes());
            }
            let session = crate::random::token(96);
            ctx.db.put_session(
                &session,
                &AuthSession {
                    pool_id: pool.id.clone(),
                    client_id: client.client_id.clone(),
                    username: user.username.clone(),
                    challenge: SessionChallenge::NewPasswordRequired,
                    expires: ctx.now.saturating_add(SESSION_LIFETIME_SECS),
                },
            )?;
            let visible: BTreeMap<&String, &String> = user
                .attributes
                .iter()
                .filter(|(k, _)| *k != "sub" && *k != "email_verified")
                .collect();
            Ok(AuthResponse {
                challenge_name: Some(SessionChallenge::NewPasswordRequired.as_str().into()),
                session: Some(session),
                challenge_parameters: BTreeMap::from([
                    ("USER_ID_FOR_SRP".into(), user.username.clone()),
                    ("requiredAttributes".into(), "[]".into()),
                    (
                        "userAttributes".into(),
                        serde_json::to_string(&visible).map_err(ApiError::internal)?,
                    ),
                ]),
                authentication_result: None,
            })
        }
        UserStatus::Confirmed => Ok(AuthResponse {
            authentication_result: Some(tokens::sign_in(ctx, pool, client, &user)?),
            ..AuthResponse::default()
        }),
    }
}
