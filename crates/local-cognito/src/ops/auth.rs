//! InitiateAuth and RespondToAuthChallenge: SRP (PASSWORD_VERIFIER), plain
//! passwords where the client allows them, refresh tokens, and the
//! NEW_PASSWORD_REQUIRED challenge of users an administrator created (the
//! MFA challenges that may follow a right password: `mfa_challenge`; a
//! remembered device's round: `device_auth`; choice-based sign-in,
//! USER_AUTH and SELECT_CHALLENGE: `user_auth`).
//!
//! The SRP steps keep the store's lock off their arithmetic: InitiateAuth
//! draws b and g^b before its transaction; the answer reads the challenge,
//! checks the claim with no lock held, then takes the challenge and acts on
//! the result in one write transaction. Tokens are signed after the commit.

use std::collections::BTreeMap;

use cognito_idp::op;
use cognito_idp::types::{
    AttributeType, AuthResponse, InitiateAuthRequest, RespondToAuthChallengeRequest, UserPoolClient,
};
use cognito_idp::ErrorCode;
use cognito_srp::{Claim, Ephemeral, NativePow, PasswordVerifier, Powers, Server};

use super::device_auth::{self, device_key_param};
use super::mfa_challenge;
use super::passkey_auth;
use super::session::{new_session, Who};
use super::user_auth;
use crate::codes::{send_code, Holder};
use crate::context::{Ctx, Serve};
use crate::credentials::{
    check_can_sign_in, check_hidden_can_sign_in, clear_failures, hidden_failed_attempt,
    password_matches, set_password, wrong_password,
};
use crate::error::{ApiError, ApiResult};
use crate::model::{
    hides_users, CodePurpose, Pool, SessionChallenge, SessionSubject, SrpChallenge, User,
    UserStatus,
};
use crate::pool_schema;
use crate::server::Server as State;
use crate::tokens;
use crate::users::update_attributes;
use crate::validate::{
    attributes, check_len, check_password, param, MAX_PASSWORD, MAX_TOKEN, MAX_USERNAME,
};

/// How long a challenge (SECRET_BLOCK) lives.
pub(super) const CHALLENGE_LIFETIME_SECS: i64 = 300;
/// Bytes of a SECRET_BLOCK: opaque to the client, a random key to the state here.
pub(super) const SECRET_BLOCK_BYTES: usize = 96;

/// An answer decided in the transaction: a challenge, or tokens that are
/// signed after it commits.
pub(super) enum Answer {
    Challenge(AuthResponse),
    Tokens(tokens::Unsigned),
}

impl Answer {
    pub(super) fn finish(self, state: &State) -> ApiResult<AuthResponse> {
        Ok(match self {
            Answer::Challenge(response) => response,
            Answer::Tokens(unsigned) => AuthResponse {
                authentication_result: Some(unsigned.sign(&state.keys)?),
                ..AuthResponse::default()
            },
        })
    }
}

impl Serve for op::InitiateAuth {
    fn serve(state: &State, req: InitiateAuthRequest) -> ApiResult<AuthResponse> {
        let flow = AuthFlow::parse(&req.auth_flow)?;
        run_flow(state, flow, &req.auth_parameters, |ctx, ephemeral| {
            initiate(ctx, &req, flow, ephemeral)
        })
    }
}

/// A sign-in flow of InitiateAuth or AdminInitiateAuth (its
/// AuthParameters, `params`, say what it computes), run as `run_step`
/// runs it; its tokens signed after the commit.
pub(super) fn run_flow(
    state: &State,
    flow: AuthFlow,
    params: &BTreeMap<String, Option<String>>,
    initiate: impl Fn(&Ctx<'_>, Option<Ephemeral>) -> ApiResult<Answer>,
) -> ApiResult<AuthResponse> {
    run_step(state, state.now(), flow.arithmetic(params), initiate)?.finish(state)
}

/// What a sign-in step computes that must hold no lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arithmetic {
    Nothing,
    /// SRP's b and g^b (the PASSWORD_VERIFIER challenge's B).
    SrpEphemeral,
    /// A plain password's verifier (see `verifiers`).
    PasswordCheck,
}

/// A sign-in step in one write transaction, its arithmetic outside the
/// store's lock: b and g^b drawn before the transaction, a password's
/// check in two runs (see `verifiers`).
pub(super) fn run_step(
    state: &State,
    now: i64,
    arithmetic: Arithmetic,
    step: impl Fn(&Ctx<'_>, Option<Ephemeral>) -> ApiResult<Answer>,
) -> ApiResult<Answer> {
    match arithmetic {
        Arithmetic::Nothing => Ctx::write(state, now, |ctx| step(ctx, None)),
        Arithmetic::SrpEphemeral => {
            let ephemeral = Ephemeral::draw(&NativePow::default()).map_err(ApiError::internal)?;
            Ctx::write(state, now, |ctx| step(ctx, Some(ephemeral)))
        }
        Arithmetic::PasswordCheck => Ctx::write_twice(state, now, |ctx| step(ctx, None)),
    }
}

/// The sign-in flows (Cognito's AuthFlowType), by what they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AuthFlow {
    UserSrp,
    RefreshToken,
    UserPassword,
    AdminUserPassword,
    /// Choice-based sign-in (see `user_auth`).
    UserAuth,
    /// CUSTOM_AUTH: Cognito's, not served here.
    NotServed(&'static str),
}

impl AuthFlow {
    /// What the flow computes, given its AuthParameters.
    fn arithmetic(self, params: &BTreeMap<String, Option<String>>) -> Arithmetic {
        match self {
            AuthFlow::UserSrp => Arithmetic::SrpEphemeral,
            AuthFlow::UserPassword | AuthFlow::AdminUserPassword => Arithmetic::PasswordCheck,
            AuthFlow::UserAuth => user_auth::arithmetic(params, user_auth::PREFERRED),
            AuthFlow::RefreshToken | AuthFlow::NotServed(_) => Arithmetic::Nothing,
        }
    }

    /// A flow by Cognito's name (or an older alias of it); any other name
    /// is the validation error Cognito gives, its enum listed.
    pub(super) fn parse(name: &str) -> ApiResult<AuthFlow> {
        Ok(match name {
            "USER_SRP_AUTH" => AuthFlow::UserSrp,
            "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => AuthFlow::RefreshToken,
            "USER_PASSWORD_AUTH" => AuthFlow::UserPassword,
            "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => AuthFlow::AdminUserPassword,
            "CUSTOM_AUTH" => AuthFlow::NotServed("CUSTOM_AUTH"),
            "USER_AUTH" => AuthFlow::UserAuth,
            other => {
                return Err(ApiError::invalid(format!(
                    "1 validation error detected: Value '{other}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]"
                )))
            }
        })
    }
}

/// The answer to a flow the operation does not take.
pub(super) fn flow_not_taken(flow: AuthFlow) -> ApiError {
    match flow {
        AuthFlow::NotServed(name) => {
            ApiError::invalid(format!("{name} is not supported by local-cognito."))
        }
        // The other operation's flow: an administrator's in InitiateAuth,
        // the public password flow in AdminInitiateAuth.
        _ => ApiError::invalid("Initiate Auth method not supported."),
    }
}

fn initiate(
    ctx: &Ctx<'_>,
    req: &InitiateAuthRequest,
    flow: AuthFlow,
    ephemeral: Option<Ephemeral>,
) -> ApiResult<Answer> {
    let (client, pool) = ctx.client_and_pool(&req.client_id)?;
    let params = &req.auth_parameters;
    match flow {
        AuthFlow::UserSrp => srp_flow(ctx, &pool, &client, params, ephemeral),
        AuthFlow::UserPassword => {
            require_flow(&client, "USER_PASSWORD_AUTH")?;
            user_password(ctx, &pool, &client, params)
        }
        AuthFlow::RefreshToken => refresh_auth(ctx, &pool, &client, params),
        AuthFlow::UserAuth => user_auth::initiate(ctx, &pool, &client, params, ephemeral),
        AuthFlow::AdminUserPassword | AuthFlow::NotServed(_) => Err(flow_not_taken(flow)),
    }
}

/// USER_SRP_AUTH (InitiateAuth and AdminInitiateAuth), where the client
/// allows it: the PASSWORD_VERIFIER challenge.
pub(super) fn srp_flow(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    params: &BTreeMap<String, Option<String>>,
    ephemeral: Option<Ephemeral>,
) -> ApiResult<Answer> {
    require_flow(client, "USER_SRP_AUTH")?;
    let username = param(params, "USERNAME", MAX_USERNAME)?;
    let srp_a = param(params, "SRP_A", cognito_srp::MAX_PUBLIC_KEY_HEX)?;
    start_srp(ctx, pool, client, username, srp_a, ephemeral)
}

/// The client allows the flow `name`, or Cognito's refusal.
pub(super) fn require_flow(client: &UserPoolClient, name: &str) -> ApiResult<()> {
    if allows(client, name) {
        Ok(())
    } else {
        Err(flow_not_enabled(name))
    }
}

fn flow_not_enabled(name: &str) -> ApiError {
    ApiError::invalid(format!("{name} flow not enabled for this client"))
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
) -> ApiResult<Answer> {
    let username = param(params, "USERNAME", MAX_USERNAME)?;
    let password = param(params, "PASSWORD", MAX_PASSWORD)?;
    let Some(mut user) = ctx.db.find_user(pool, username)? else {
        if !hides_users(client) {
            return Err(ApiError::user_not_found());
        }
        check_hidden_can_sign_in(ctx, pool, username)?;
        // The work of checking a password, then the answer to a wrong
        // one, counted toward the lock, as for a real user.
        if let Ok(decoy) = ctx.server.decoys.verifier(pool, username) {
            let _ = ctx.verifiers.matches(
                &pool.id,
                username,
                password,
                &decoy.salt_hex(),
                &decoy.verifier_hex(),
            );
        }
        return Err(hidden_failed_attempt(
            ctx,
            pool,
            username,
            ApiError::wrong_password(),
        ));
    };
    check_can_sign_in(&user, ctx.now)?;
    if !password_matches(ctx, pool, &user, password) {
        return Err(wrong_password(ctx.db, pool, &mut user, ctx.now));
    }
    signed_in(ctx, pool, client, user, device_key_param(params)?)
}

/// REFRESH_TOKEN_AUTH (InitiateAuth and AdminInitiateAuth), once the flow
/// is allowed. A client that rotates refresh tokens takes them only through
/// GetTokensFromRefreshToken.
pub(super) fn refresh_auth(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    params: &BTreeMap<String, Option<String>>,
) -> ApiResult<Answer> {
    // A client stored before default flows were filled in lists none.
    if !allows(client, "REFRESH_TOKEN_AUTH") && !client.explicit_auth_flows.is_empty() {
        return Err(flow_not_enabled("REFRESH_TOKEN_AUTH"));
    }
    if client
        .refresh_token_rotation
        .as_ref()
        .is_some_and(|r| r.enabled())
    {
        return Err(flow_not_enabled("REFRESH_TOKEN_AUTH"));
    }
    let token = param(params, "REFRESH_TOKEN", MAX_TOKEN)?;
    tokens::refresh(ctx, pool, client, token).map(Answer::Tokens)
}

/// The PASSWORD_VERIFIER challenge: B from the user's verifier, or, for an
/// unknown user a client hides, from a decoy that does the same work and
/// looks the same (see `decoy`), kept by the name so that its answer
/// counts toward the name's lock.
pub(super) fn start_srp(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    username: &str,
    srp_a: &str,
    ephemeral: Option<Ephemeral>,
) -> ApiResult<Answer> {
    let (subject, verifier) = match ctx.db.find_user(pool, username)? {
        Some(user) => {
            check_can_sign_in(&user, ctx.now)?;
            let verifier = PasswordVerifier::from_hex(&user.salt, &user.verifier)
                .map_err(ApiError::internal)?;
            (SessionSubject::User(user.username), verifier)
        }
        None if hides_users(client) => {
            check_hidden_can_sign_in(ctx, pool, username)?;
            (
                SessionSubject::Hidden(pool.sign_in_key(username)),
                ctx.server
                    .decoys
                    .verifier(pool, username)
                    .map_err(ApiError::internal)?,
            )
        }
        None => return Err(ApiError::user_not_found()),
    };
    let bad_a = |e: cognito_srp::Error| ApiError::invalid(format!("SRP_A: {e}"));
    let pow = NativePow::default();
    let drawn = match ephemeral {
        Some(ephemeral) => {
            Server::from_ephemeral(pow, &verifier, srp_a, ephemeral).map_err(bad_a)?
        }
        None => None,
    };
    // B mod N = 0 (never seen; possible in theory): draw again.
    let server = match drawn {
        Some(server) => server,
        None => Server::start_in(pow, &verifier, srp_a).map_err(bad_a)?,
    };
    let user_id = match &subject {
        SessionSubject::User(name) => name.clone(),
        SessionSubject::Hidden(key) => ctx.server.decoys.user_id(pool, key),
    };
    let secret_block = crate::random::base64(SECRET_BLOCK_BYTES);
    ctx.db.put_challenge(
        &secret_block,
        &SrpChallenge {
            pool_id: pool.id.clone(),
            client_id: client.client_id.clone(),
            subject,
            srp_a: srp_a.to_string(),
            b: server.secret_hex(),
            srp_b: server.srp_b(),
            device_key: None,
            expires: ctx.now.saturating_add(CHALLENGE_LIFETIME_SECS),
        },
    )?;
    Ok(Answer::Challenge(AuthResponse {
        challenge_name: Some("PASSWORD_VERIFIER".into()),
        challenge_parameters: BTreeMap::from([
            ("SALT".into(), verifier.salt_hex()),
            ("SECRET_BLOCK".into(), secret_block),
            ("SRP_B".into(), server.srp_b()),
            ("USERNAME".into(), user_id.clone()),
            ("USER_ID_FOR_SRP".into(), user_id),
        ]),
        ..AuthResponse::default()
    }))
}

impl Serve for op::RespondToAuthChallenge {
    fn serve(state: &State, req: RespondToAuthChallengeRequest) -> ApiResult<AuthResponse> {
        respond(state, &req, None)
    }
}

/// The client and pool a request names. An administrator's request names
/// the pool (`admin_pool`) too, and the client must be of it.
pub(super) fn client_and_pool(
    ctx: &Ctx<'_>,
    client_id: &str,
    admin_pool: Option<&str>,
) -> ApiResult<(UserPoolClient, Pool)> {
    match admin_pool {
        Some(pool_id) => {
            let pool = ctx.pool(pool_id)?;
            Ok((ctx.client_of(&pool, client_id)?, pool))
        }
        None => ctx.client_and_pool(client_id),
    }
}

/// RespondToAuthChallenge, and AdminRespondToAuthChallenge with its pool.
pub(super) fn respond(
    state: &State,
    req: &RespondToAuthChallengeRequest,
    admin_pool: Option<&str>,
) -> ApiResult<AuthResponse> {
    let now = state.now();
    // The MFA steps: one write, their client and pool read in it.
    let mfa_step = |answer: fn(
        &Ctx<'_>,
        &Pool,
        &UserPoolClient,
        &RespondToAuthChallengeRequest,
    ) -> ApiResult<Answer>| {
        Ctx::write(state, now, |ctx| {
            let (client, pool) = client_and_pool(ctx, &req.client_id, admin_pool)?;
            answer(ctx, &pool, &client, req)
        })
    };
    let answer = match req.challenge_name.as_str() {
        "PASSWORD_VERIFIER" => {
            let look = Ctx::read(state, now, |ctx| look_up_claim(ctx, req, admin_pool))?;
            // The arithmetic, with no lock held.
            let verdict = look.map(|look| look.check(now)).transpose()?;
            Ctx::write(state, now, |ctx| {
                password_verifier(ctx, req, admin_pool, verdict)
            })?
        }
        // It sets a password: twice (see `verifiers`).
        "NEW_PASSWORD_REQUIRED" => Ctx::write_twice(state, now, |ctx| {
            let (client, pool) = client_and_pool(ctx, &req.client_id, admin_pool)?;
            new_password(ctx, &pool, &client, req)
        })?,
        "SOFTWARE_TOKEN_MFA" => mfa_step(mfa_challenge::software_token_mfa)?,
        "EMAIL_OTP" => mfa_step(mfa_challenge::email_otp)?,
        "DEVICE_SRP_AUTH" => {
            let ephemeral = device_auth::draw()?;
            Ctx::write(state, now, |ctx| {
                let (client, pool) = client_and_pool(ctx, &req.client_id, admin_pool)?;
                device_auth::device_srp_auth(ctx, &pool, &client, req, ephemeral)
            })?
        }
        "DEVICE_PASSWORD_VERIFIER" => {
            let look = Ctx::read(state, now, |ctx| {
                let (client, pool) = client_and_pool(ctx, &req.client_id, admin_pool)?;
                device_auth::look_up(ctx, &pool, &client, req)
            })?;
            // The arithmetic, with no lock held.
            let verdict = look.map(|look| look.check(now)).transpose()?;
            Ctx::write(state, now, |ctx| {
                let (client, pool) = client_and_pool(ctx, &req.client_id, admin_pool)?;
                device_auth::device_password_verifier(ctx, &pool, &client, req, verdict)
            })?
        }
        "MFA_SETUP" => mfa_step(mfa_challenge::mfa_setup)?,
        "WEB_AUTHN" => mfa_step(passkey_auth::web_authn)?,
        "SELECT_CHALLENGE" => {
            let arithmetic = user_auth::arithmetic(&req.challenge_responses, user_auth::ANSWER);
            run_step(state, now, arithmetic, |ctx, ephemeral| {
                let (client, pool) = client_and_pool(ctx, &req.client_id, admin_pool)?;
                user_auth::select(ctx, &pool, &client, req, ephemeral)
            })?
        }
        other => {
            return Ctx::read(state, now, |ctx| {
                client_and_pool(ctx, &req.client_id, admin_pool)?;
                Err(ApiError::invalid(format!(
                    "Challenge {other} is not supported by local-cognito."
                )))
            })
        }
    };
    answer.finish(state)
}

/// The claim's parameters, bounded.
pub(super) struct ClaimParams<'a> {
    pub username: &'a str,
    pub claim: Claim<'a>,
}

pub(super) fn claim_params(
    responses: &BTreeMap<String, Option<String>>,
) -> ApiResult<ClaimParams<'_>> {
    Ok(ClaimParams {
        username: param(responses, "USERNAME", MAX_USERNAME)?,
        claim: Claim {
            secret_block: param(
                responses,
                "PASSWORD_CLAIM_SECRET_BLOCK",
                cognito_srp::MAX_SECRET_BLOCK_B64,
            )?,
            timestamp: param(responses, "TIMESTAMP", 64)?,
            signature: param(responses, "PASSWORD_CLAIM_SIGNATURE", 128)?,
        },
    })
}

/// What checking a claim needs, read before the arithmetic: the stored
/// challenge, and the verifier it was made with (a decoy's for a hidden
/// name, and the USER_ID_FOR_SRP it was given).
struct Look<'a> {
    challenge: SrpChallenge,
    verifier: PasswordVerifier,
    /// The verifier's table of powers (a decoy's always; a user's unless
    /// it was never made, when v^u is raised without it).
    powers: Option<Powers>,
    /// The user's verifier as stored; `None` for a decoy.
    stored_verifier: Option<String>,
    user_id: String,
    pool_id: String,
    claim: Claim<'a>,
}

/// The claim's check, made outside the transaction, and the stored
/// verifier it was checked against (the write confirms it is still the
/// user's).
struct Verdict {
    result: Result<(), cognito_srp::Error>,
    stored_verifier: Option<String>,
    /// A table of powers the verifier turned out not to have, made for
    /// it (with the verifier it belongs to), for the write to keep.
    missing_powers: Option<(String, Powers)>,
}

/// `None` when there is nothing to check: no such challenge (or not this
/// client's), or its user is gone. The write then answers as for a wrong
/// password.
fn look_up_claim<'a>(
    ctx: &Ctx<'_>,
    req: &'a RespondToAuthChallengeRequest,
    admin_pool: Option<&str>,
) -> ApiResult<Option<Look<'a>>> {
    let (client, pool) = client_and_pool(ctx, &req.client_id, admin_pool)?;
    let params = claim_params(&req.challenge_responses)?;
    let Some(challenge) = ctx.db.challenge(params.claim.secret_block, ctx.now)? else {
        return Ok(None);
    };
    // A device's challenge is answered as DEVICE_PASSWORD_VERIFIER.
    if challenge.client_id != client.client_id || challenge.device_key.is_some() {
        return Ok(None);
    }
    let (verifier, stored_verifier, user_id) = match &challenge.subject {
        SessionSubject::Hidden(key) => (
            ctx.server
                .decoys
                .verifier(&pool, key)
                .map_err(ApiError::internal)?,
            None,
            ctx.server.decoys.user_id(&pool, key),
        ),
        SessionSubject::User(name) => match ctx.db.find_user(&pool, name)? {
            Some(user) => (
                PasswordVerifier::from_hex(&user.salt, &user.verifier)
                    .map_err(ApiError::internal)?,
                Some(user.verifier),
                user.username,
            ),
            None => return Ok(None),
        },
    };
    // A user's table and the decoys' are read alike, so that an answer
    // costs the same for both.
    let verifier_hex = stored_verifier
        .as_deref()
        .unwrap_or(ctx.server.decoys.verifier_hex());
    let powers = ctx
        .db
        .verifier_powers(verifier_hex)?
        .and_then(|bytes| Powers::from_bytes(&bytes));
    Ok(Some(Look {
        challenge,
        verifier,
        powers,
        stored_verifier,
        user_id,
        pool_id: pool.id,
        claim: params.claim,
    }))
}

impl Look<'_> {
    /// The claim checked; an error only when the stored challenge cannot
    /// be read back (an internal error, never counted as a wrong password).
    fn check(self, now: i64) -> ApiResult<Verdict> {
        let challenge = &self.challenge;
        let pow = NativePow::default();
        let server = if challenge.srp_b.is_empty() {
            Server::with_secret_in(pow, &self.verifier, &challenge.srp_a, &challenge.b)
        } else {
            Server::resume_in(
                pow,
                &self.verifier,
                &challenge.srp_a,
                &challenge.b,
                &challenge.srp_b,
            )
        }
        .map_err(ApiError::internal)?;
        // No table (a row lost, or a verifier an older local-cognito set on
        // this directory): made now, once, and kept by the write, so that
        // the next answer costs what every other does.
        let (powers, missing_powers) = match self.powers {
            Some(powers) => (powers, None),
            None => {
                let powers = self.verifier.powers().map_err(ApiError::internal)?;
                let verifier = self.verifier.verifier_hex();
                tracing::warn!("a verifier had no table of powers: made one");
                (powers.clone(), Some((verifier, powers)))
            }
        };
        let server = server.with_verifier_powers(powers);
        Ok(Verdict {
            result: server.verify(&self.pool_id, &self.user_id, &self.claim, now.max(0) as u64),
            stored_verifier: self.stored_verifier,
            missing_powers,
        })
    }
}

fn password_verifier(
    ctx: &Ctx<'_>,
    req: &RespondToAuthChallengeRequest,
    admin_pool: Option<&str>,
    verdict: Option<Verdict>,
) -> ApiResult<Answer> {
    let (client, pool) = client_and_pool(ctx, &req.client_id, admin_pool)?;
    let (pool, client) = (&pool, &client);
    let params = claim_params(&req.challenge_responses)?;
    let device_key = device_key_param(&req.challenge_responses)?;
    let username = params.username;
    if let Some((verifier, powers)) = verdict.as_ref().and_then(|v| v.missing_powers.as_ref()) {
        // Kept whatever the answer (a table of an old verifier goes at the
        // next prune).
        ctx.db.put_verifier_powers(verifier, &powers.to_bytes())?;
    }
    // Taken, so a secret block answers once, whatever happens next (the
    // taking is kept even when the answer is an error).
    let challenge = ctx
        .db
        .take_challenge(params.claim.secret_block, ctx.now)?
        .ok_or_else(|| ApiError::wrong_password().keeping_writes())?;
    if challenge.client_id != client.client_id || challenge.device_key.is_some() {
        return Err(ApiError::wrong_password().keeping_writes());
    }
    let Some(verdict) = verdict else {
        return Err(ApiError::wrong_password().keeping_writes());
    };
    // Who the challenge was for: a user, or a hidden name, whose claim was
    // checked the same way against the decoy's verifier and can only fail.
    let who = match &challenge.subject {
        SessionSubject::User(name) => {
            let user = ctx
                .db
                .find_user(pool, name)?
                .ok_or_else(|| ApiError::wrong_password().keeping_writes())?;
            // USERNAME may be the internal name or an alias of the same user.
            if ctx.db.find_user(pool, username)?.map(|u| u.username) != Some(user.username.clone())
            {
                return Err(ApiError::wrong_password().keeping_writes());
            }
            // A password changed since the check: the claim was for the old one.
            if verdict.stored_verifier.as_deref() != Some(user.verifier.as_str()) {
                return Err(ApiError::wrong_password().keeping_writes());
            }
            check_can_sign_in(&user, ctx.now).map_err(ApiError::keeping_writes)?;
            Who::User(user)
        }
        SessionSubject::Hidden(key) => {
            // USERNAME may be the name or the USER_ID_FOR_SRP it was given.
            if !ctx.server.decoys.is_named(pool, key, username) {
                return Err(ApiError::wrong_password().keeping_writes());
            }
            check_hidden_can_sign_in(ctx, pool, key).map_err(ApiError::keeping_writes)?;
            Who::Hidden(key.clone())
        }
    };
    match (verdict.result, who) {
        (Ok(()), Who::User(user)) => signed_in(ctx, pool, client, user, device_key),
        // A clock off or a malformed TIMESTAMP is not a wrong password: it
        // does not count toward the lock (and reads the same for a decoy).
        (
            Err(e @ (cognito_srp::Error::InvalidTimestamp | cognito_srp::Error::StaleTimestamp)),
            _,
        ) => Err(stale_or_invalid(e).keeping_writes()),
        (_, Who::User(mut user)) => Err(wrong_password(ctx.db, pool, &mut user, ctx.now)),
        // Counted under the name, as a user's wrong password is.
        (_, Who::Hidden(name)) => Err(hidden_failed_attempt(
            ctx,
            pool,
            &name,
            ApiError::wrong_password(),
        )),
    }
}

/// A TIMESTAMP the server cannot take: malformed says so; too far from the
/// server's clock reads as Cognito answers it, a failed sign-in.
pub(super) fn stale_or_invalid(error: cognito_srp::Error) -> ApiError {
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
) -> ApiResult<Answer> {
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
    // Only a user's right password leads here, never a hidden name.
    let SessionSubject::User(username) = &session.subject else {
        return Err(expired());
    };
    let mut user = ctx.db.find_user(pool, username)?.ok_or_else(expired)?;
    // Disabled, or reset or confirmed by an administrator since the
    // session began: the session is no longer the user's way in.
    check_can_sign_in(&user, ctx.now)?;
    if user.status != UserStatus::ForceChangePassword {
        return Err(expired());
    }
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
    let updates = attributes(&updates, false)?;
    // Each required attribute the challenge listed must come now (or one
    // the user has must not be emptied).
    let missing = pool_schema::missing(&pool.settings.schema, |name| {
        updates
            .get(name)
            .or_else(|| user.attributes.get(name))
            .map(String::as_str)
    });
    if let Some(name) = missing.first() {
        return Err(pool_schema::refuse_answer(name));
    }
    // As UpdateUserAttributes: a taken email is refused, a new one is
    // unverified and, where the pool verifies email, gets its code.
    let email_changed = update_attributes(ctx, pool, &mut user, updates)?;
    set_password(ctx, pool, &mut user, new_password)?;
    user.status = UserStatus::Confirmed;
    user.password_expires = None;
    user.modified = ctx.now;
    ctx.db.update_user(pool, &user)?;
    if email_changed && pool.auto_verifies_email() {
        send_code(ctx, pool, &Holder::User(&user), CodePurpose::VerifyEmail)?;
    }
    signed_in(ctx, pool, client, user, device_key_param(responses)?)
}

/// The password was right: tokens, or the challenge or error the user's
/// status, MFA or remembered device (`device_key`, the request's
/// DEVICE_KEY) calls for. The failures are forgotten, unless a challenge
/// follows: then only once it is answered.
pub(super) fn signed_in(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    mut user: User,
    device_key: Option<&str>,
) -> ApiResult<Answer> {
    if user.status != UserStatus::Confirmed && user.failed_attempts != 0 {
        clear_failures(&mut user);
        ctx.db.update_user(pool, &user)?;
    }
    match user.status {
        UserStatus::Confirmed => {
            let device = device_auth::presented(ctx, pool, &user, device_key)?;
            if !device_auth::skips_mfa(pool, device.as_ref()) {
                if let Some(challenge) = mfa_challenge::after_password(ctx, pool, client, &user)? {
                    return Ok(Answer::Challenge(challenge));
                }
            }
            device_auth::finish(ctx, pool, client, user, device)
        }
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
            let session = new_session(
                ctx,
                pool,
                &client.client_id,
                &user.username,
                SessionChallenge::NewPasswordRequired,
            )?;
            let visible: BTreeMap<&String, &String> = user
                .attributes
                .iter()
                .filter(|(k, _)| *k != "sub" && *k != "email_verified")
                .collect();
            // What the answer must give, named as it gives them; the
            // official clients strip the prefix to show the names.
            let required: Vec<String> = pool_schema::missing(&pool.settings.schema, |name| {
                user.attributes.get(name).map(String::as_str)
            })
            .into_iter()
            .map(|name| format!("userAttributes.{name}"))
            .collect();
            Ok(Answer::Challenge(AuthResponse {
                challenge_name: Some(SessionChallenge::NewPasswordRequired.as_str().into()),
                session: Some(session),
                challenge_parameters: BTreeMap::from([
                    ("USER_ID_FOR_SRP".into(), user.username.clone()),
                    (
                        "requiredAttributes".into(),
                        serde_json::to_string(&required).map_err(ApiError::internal)?,
                    ),
                    (
                        "userAttributes".into(),
                        serde_json::to_string(&visible).map_err(ApiError::internal)?,
                    ),
                ]),
                ..AuthResponse::default()
            }))
        }
    }
}
