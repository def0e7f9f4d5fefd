//! Remembered devices in sign-in (docs/srp.md §8): the DEVICE_KEY a
//! request brings once the password is right, what it leads to — the
//! DEVICE_SRP_AUTH challenge for a remembered device (instead of the MFA
//! code where the pool says so), tokens with NewDeviceMetadata for a new
//! one — and the device's SRP round, DEVICE_SRP_AUTH then
//! DEVICE_PASSWORD_VERIFIER.
//!
//! The round keeps the store's lock off its arithmetic as the user's does
//! (`auth`): b and g^b drawn before DEVICE_SRP_AUTH's transaction; the
//! claim read, checked with no lock held, then taken in one write.

use std::collections::BTreeMap;

use cognito_idp::types::{
    AuthResponse, NewDeviceMetadata, RespondToAuthChallengeRequest, UserPoolClient,
};
use cognito_idp::ErrorCode;
use cognito_srp::{Claim, Ephemeral, NativePow, PasswordVerifier, Server};

use super::auth::{claim_params, stale_or_invalid, Answer, CHALLENGE_LIFETIME_SECS};
use super::session::{new_session, session_param, session_user, Expect};
use crate::context::Ctx;
use crate::credentials::{check_can_sign_in, clear_failures, wrong_password};
use crate::error::{ApiError, ApiResult};
use crate::model::{
    Device, DeviceState, Pool, SessionChallenge, SessionSubject, SrpChallenge, User,
};
use crate::tokens;
use crate::validate::{param, MAX_USERNAME};

/// DeviceKeyType's bound.
pub(super) const MAX_DEVICE_KEY: usize = 55;
/// Characters of a DeviceGroupKey after its `-` (Cognito's look like
/// `-` and nine or ten letters and digits).
const GROUP_KEY_CHARS: usize = 9;

/// Cognito's answer to a DEVICE_KEY it does not know. identity-js, seeing
/// it on the PASSWORD_VERIFIER answer, forgets its cached device and sends
/// the same answer again without one: so it must roll back (never keep
/// writes), leaving the challenge to be answered again.
pub(super) fn no_such_device() -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFoundException,
        "Device does not exist.",
    )
}

/// An optional DEVICE_KEY of AuthParameters or ChallengeResponses (a
/// browser sends `null` when it has none).
pub(super) fn device_key_param(
    params: &BTreeMap<String, Option<String>>,
) -> ApiResult<Option<&str>> {
    match params.get("DEVICE_KEY").and_then(|v| v.as_deref()) {
        None | Some("") => Ok(None),
        Some(key) if key.len() > MAX_DEVICE_KEY => Err(ApiError::invalid(format!(
            "DEVICE_KEY is longer than {MAX_DEVICE_KEY} characters."
        ))),
        Some(key) => Ok(Some(key)),
    }
}

/// The confirmed device `key` names, of `user`, where the pool remembers
/// devices; `None` when the pool does not, no key came, or the key is of a
/// device never confirmed (a new device, then). A key of no device of the
/// user's is Cognito's ResourceNotFoundException.
pub(super) fn presented(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    key: Option<&str>,
) -> ApiResult<Option<Device>> {
    let (Some(_), Some(key)) = (pool.devices(), key) else {
        return Ok(None);
    };
    let device = ctx
        .db
        .device(&pool.id, key)?
        .filter(|device| device.username == user.username)
        .ok_or_else(no_such_device)?;
    Ok(Some(device).filter(|device| device.state != DeviceState::Unconfirmed))
}

/// Whether a remembered device stands in for the MFA code: the pool's
/// ChallengeRequiredOnNewDevice says so.
pub(super) fn skips_mfa(pool: &Pool, device: Option<&Device>) -> bool {
    pool.devices()
        .is_some_and(|config| config.challenge_required_on_new_device)
        && device.is_some_and(|device| device.state == DeviceState::Remembered)
}

/// Every factor but the device's passed: DEVICE_SRP_AUTH for a
/// remembered device, else tokens (with NewDeviceMetadata when the pool
/// remembers devices and none of the user's came), the failures then
/// forgotten.
pub(super) fn finish(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    mut user: User,
    device: Option<Device>,
) -> ApiResult<Answer> {
    if device
        .as_ref()
        .is_some_and(|device| device.state == DeviceState::Remembered)
    {
        let session = new_session(
            ctx,
            pool,
            &client.client_id,
            &user.username,
            SessionChallenge::DeviceSrpAuth,
        )?;
        return Ok(Answer::Challenge(AuthResponse {
            challenge_name: Some(SessionChallenge::DeviceSrpAuth.as_str().into()),
            session: Some(session),
            challenge_parameters: BTreeMap::new(),
            ..AuthResponse::default()
        }));
    }
    if user.failed_attempts != 0 {
        clear_failures(&mut user);
        ctx.db.update_user(pool, &user)?;
    }
    let tokens = tokens::sign_in(ctx, pool, client, &user)?;
    if pool.devices().is_none() || device.is_some() {
        return Ok(Answer::Tokens(tokens));
    }
    Ok(Answer::Tokens(
        tokens.with_new_device(new_device(ctx, pool, &user)?),
    ))
}

/// A device for the user, not yet confirmed: a key as Cognito's,
/// `<region>_<uuid>`, and a group key.
fn new_device(ctx: &Ctx<'_>, pool: &Pool, user: &User) -> ApiResult<NewDeviceMetadata> {
    let device = Device {
        pool_id: pool.id.clone(),
        username: user.username.clone(),
        key: format!("{}_{}", super::pools::REGION, crate::random::uuid()),
        group_key: format!(
            "-{}",
            crate::random::chars(
                GROUP_KEY_CHARS,
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            )
        ),
        state: DeviceState::Unconfirmed,
        name: None,
        salt: String::new(),
        verifier: String::new(),
        created: ctx.now,
        modified: ctx.now,
        last_authenticated: None,
    };
    ctx.db.insert_device(&device)?;
    Ok(NewDeviceMetadata {
        device_key: device.key,
        device_group_key: device.group_key,
    })
}

/// The remembered device `key` names, of `user`.
fn remembered(ctx: &Ctx<'_>, pool: &Pool, username: &str, key: &str) -> ApiResult<Device> {
    pool.devices().ok_or_else(no_such_device)?;
    ctx.db
        .device(&pool.id, key)?
        .filter(|device| device.username == username && device.state == DeviceState::Remembered)
        .ok_or_else(no_such_device)
}

/// For DEVICE_SRP_AUTH, b and g^b: drawn before the transaction.
pub(super) fn draw() -> ApiResult<Ephemeral> {
    Ephemeral::draw(&NativePow::default()).map_err(ApiError::internal)
}

/// RespondToAuthChallenge DEVICE_SRP_AUTH: USERNAME, DEVICE_KEY and SRP_A
/// with the session; the answer is DEVICE_PASSWORD_VERIFIER, by a new
/// SECRET_BLOCK. The session is taken (an error rolls the taking back).
pub(super) fn device_srp_auth(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &RespondToAuthChallengeRequest,
    ephemeral: Ephemeral,
) -> ApiResult<Answer> {
    let session_id = session_param(req.session.as_deref())?;
    let responses = &req.challenge_responses;
    let username = param(responses, "USERNAME", MAX_USERNAME)?;
    let key = param(responses, "DEVICE_KEY", MAX_DEVICE_KEY)?;
    let srp_a = param(responses, "SRP_A", cognito_srp::MAX_PUBLIC_KEY_HEX)?;
    let session = Expect {
        challenge: SessionChallenge::DeviceSrpAuth,
        client: Some(client),
    }
    .take(ctx, session_id)?;
    let user = session_user(ctx, pool, &session, Some(username))?;
    let device = remembered(ctx, pool, &user.username, key)?;
    let verifier =
        PasswordVerifier::from_hex(&device.salt, &device.verifier).map_err(ApiError::internal)?;
    let bad_a = |e: cognito_srp::Error| ApiError::invalid(format!("SRP_A: {e}"));
    let pow = NativePow::default();
    // B mod N = 0 (never seen; possible in theory): draw again.
    let server = match Server::from_ephemeral(pow, &verifier, srp_a, ephemeral).map_err(bad_a)? {
        Some(server) => server,
        None => Server::start_in(pow, &verifier, srp_a).map_err(bad_a)?,
    };
    let secret_block = crate::random::base64(super::auth::SECRET_BLOCK_BYTES);
    ctx.db.put_challenge(
        &secret_block,
        &SrpChallenge {
            pool_id: pool.id.clone(),
            client_id: client.client_id.clone(),
            subject: SessionSubject::User(user.username.clone()),
            srp_a: srp_a.to_string(),
            b: server.secret_hex(),
            srp_b: server.srp_b(),
            device_key: Some(device.key.clone()),
            expires: ctx.now.saturating_add(CHALLENGE_LIFETIME_SECS),
        },
    )?;
    // SALT: the hex of the salt as an integer; identity-js reads it so.
    Ok(Answer::Challenge(AuthResponse {
        challenge_name: Some("DEVICE_PASSWORD_VERIFIER".into()),
        challenge_parameters: BTreeMap::from([
            ("DEVICE_KEY".into(), device.key),
            ("SALT".into(), verifier.salt_hex()),
            ("SECRET_BLOCK".into(), secret_block),
            ("SRP_B".into(), server.srp_b()),
            ("USERNAME".into(), user.username),
        ]),
        ..AuthResponse::default()
    }))
}

/// What checking a device's claim needs, read before the arithmetic.
pub(super) struct Look<'a> {
    challenge: SrpChallenge,
    verifier: PasswordVerifier,
    /// The device's verifier as stored.
    stored_verifier: String,
    group_key: String,
    key: String,
    claim: Claim<'a>,
}

/// The claim's check, and the stored verifier it was made against (the
/// write confirms the device still has it).
pub(super) struct Verdict {
    result: Result<(), cognito_srp::Error>,
    verifier: String,
}

/// `None` when there is nothing to check (no such challenge of this
/// client and device, or the device or user is gone): the write then
/// answers as for a wrong claim.
pub(super) fn look_up<'a>(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &'a RespondToAuthChallengeRequest,
) -> ApiResult<Option<Look<'a>>> {
    let params = claim_params(&req.challenge_responses)?;
    let key = param(&req.challenge_responses, "DEVICE_KEY", MAX_DEVICE_KEY)?;
    let Some(challenge) = ctx.db.challenge(params.claim.secret_block, ctx.now)? else {
        return Ok(None);
    };
    if challenge.client_id != client.client_id || challenge.device_key.as_deref() != Some(key) {
        return Ok(None);
    }
    // A device's challenge is only ever a user's.
    let SessionSubject::User(username) = &challenge.subject else {
        return Ok(None);
    };
    let Ok(device) = remembered(ctx, pool, username, key) else {
        return Ok(None);
    };
    Ok(Some(Look {
        verifier: PasswordVerifier::from_hex(&device.salt, &device.verifier)
            .map_err(ApiError::internal)?,
        challenge,
        stored_verifier: device.verifier,
        group_key: device.group_key,
        key: device.key,
        claim: params.claim,
    }))
}

impl Look<'_> {
    /// The claim checked, with no lock held.
    pub(super) fn check(self, now: i64) -> ApiResult<Verdict> {
        let challenge = &self.challenge;
        let server = Server::resume_in(
            NativePow::default(),
            &self.verifier,
            &challenge.srp_a,
            &challenge.b,
            &challenge.srp_b,
        )
        .map_err(ApiError::internal)?;
        let device = cognito_srp::device::Device {
            group_key: &self.group_key,
            key: &self.key,
        };
        Ok(Verdict {
            result: server.verify_device(device, &self.claim, now.max(0) as u64),
            verifier: self.stored_verifier,
        })
    }
}

/// RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER: the challenge taken
/// (a secret block answers once, whatever follows), then tokens for a
/// right claim; a wrong one counts toward the user's lock.
pub(super) fn device_password_verifier(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &RespondToAuthChallengeRequest,
    verdict: Option<Verdict>,
) -> ApiResult<Answer> {
    let responses = &req.challenge_responses;
    let params = claim_params(responses)?;
    let key = param(responses, "DEVICE_KEY", MAX_DEVICE_KEY)?;
    let refused = || ApiError::wrong_password().keeping_writes();
    let challenge = ctx
        .db
        .take_challenge(params.claim.secret_block, ctx.now)?
        .ok_or_else(refused)?;
    if challenge.client_id != client.client_id || challenge.device_key.as_deref() != Some(key) {
        return Err(refused());
    }
    let (Some(verdict), SessionSubject::User(name)) = (verdict, &challenge.subject) else {
        return Err(refused());
    };
    let mut user = ctx.db.find_user(pool, name)?.ok_or_else(refused)?;
    // USERNAME may be the internal name or an alias of the same user.
    if ctx.db.find_user(pool, params.username)?.map(|u| u.username) != Some(user.username.clone()) {
        return Err(refused());
    }
    // Forgotten, not remembered, or confirmed again since the check.
    let mut device = remembered(ctx, pool, &user.username, key).map_err(|_| refused())?;
    if device.verifier != verdict.verifier {
        return Err(refused());
    }
    check_can_sign_in(&user, ctx.now).map_err(ApiError::keeping_writes)?;
    match verdict.result {
        Ok(()) => {
            device.last_authenticated = Some(ctx.now);
            ctx.db.update_device(&device)?;
            if user.failed_attempts != 0 {
                clear_failures(&mut user);
                ctx.db.update_user(pool, &user)?;
            }
            tokens::sign_in(ctx, pool, client, &user).map(Answer::Tokens)
        }
        Err(e @ (cognito_srp::Error::InvalidTimestamp | cognito_srp::Error::StaleTimestamp)) => {
            Err(stale_or_invalid(e).keeping_writes())
        }
        Err(_) => Err(wrong_password(ctx.db, pool, &mut user, ctx.now)),
    }
}
