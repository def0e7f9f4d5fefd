//! A passkey as the first factor of choice-based sign-in (USER_AUTH): the
//! WEB_AUTHN challenge, with `CREDENTIAL_REQUEST_OPTIONS` (the options of
//! `navigator.credentials.get()`: the user's passkeys, a challenge kept
//! with the session's 3 minutes), and its answer, RespondToAuthChallenge
//! WEB_AUTHN with USERNAME and CREDENTIAL (AuthenticationResponseJSON),
//! checked by `webauthn`. A passkey signs in alone: no MFA step follows,
//! as on Cognito. Any answer spends the session and the challenge; one
//! that fails counts toward the lock, as a wrong password does.

use std::collections::BTreeMap;

use cognito_idp::types::{AuthResponse, RespondToAuthChallengeRequest, UserPoolClient};
use cognito_idp::webauthn::{AuthenticationResponse, CredentialRequestOptions};

use super::auth::Answer;
use super::mfa_challenge;
use super::passkeys::{
    descriptors, expected, new_challenge, refused, relying_party, take_challenge,
    CHALLENGE_LIFETIME_SECS,
};
use super::session::{new_session, session_param, session_user, Expect};
use crate::context::Ctx;
use crate::credentials::failed_attempt;
use crate::error::{ApiError, ApiResult};
use crate::model::{Passkey, PasskeyCeremony, Pool, SessionChallenge, User};
use crate::validate::{param, MAX_USERNAME};
use crate::webauthn::{self, Refusal};

/// The challenge's parameter, and the answer's.
const REQUEST_OPTIONS: &str = "CREDENTIAL_REQUEST_OPTIONS";
const CREDENTIAL: &str = "CREDENTIAL";
/// A bound on CREDENTIAL's JSON text (its parts are bounded again, decoded).
const MAX_CREDENTIAL: usize = 16_384;

/// Whether the user can sign in with a passkey: the pool has a relying
/// party and the user a passkey.
pub(super) fn has_passkey(ctx: &Ctx<'_>, pool: &Pool, user: &User) -> ApiResult<bool> {
    Ok(pool.relying_party_id().is_some() && !ctx.db.passkeys(&pool.id, &user.username)?.is_empty())
}

/// The WEB_AUTHN challenge: a session, and the request options for the
/// user's passkeys with a new challenge.
pub(super) fn challenge(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    user: &User,
) -> ApiResult<Answer> {
    let relying_party_id = relying_party(pool)?.to_string();
    let passkeys = ctx.db.passkeys(&pool.id, &user.username)?;
    let challenge = new_challenge(ctx, pool, user, &client.client_id, PasskeyCeremony::SignIn)?;
    let options = CredentialRequestOptions {
        challenge,
        rp_id: relying_party_id,
        timeout: Some(CHALLENGE_LIFETIME_SECS as u64 * 1000),
        allow_credentials: descriptors(&passkeys),
        user_verification: pool.user_verification().as_str().into(),
    };
    let session = new_session(
        ctx,
        pool,
        &client.client_id,
        &user.username,
        SessionChallenge::WebAuthn,
    )?;
    Ok(Answer::Challenge(AuthResponse {
        challenge_name: Some(SessionChallenge::WebAuthn.as_str().into()),
        session: Some(session),
        challenge_parameters: BTreeMap::from([(
            REQUEST_OPTIONS.into(),
            serde_json::to_string(&options).map_err(ApiError::internal)?,
        )]),
        ..AuthResponse::default()
    }))
}

/// RespondToAuthChallenge WEB_AUTHN: the assertion of one of the session's
/// user's passkeys, over the challenge the session was given; tokens, and
/// the passkey's counter moved on, in the same transaction.
pub(super) fn web_authn(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &RespondToAuthChallengeRequest,
) -> ApiResult<Answer> {
    let session_id = session_param(req.session.as_deref())?;
    let responses = &req.challenge_responses;
    let username = param(responses, "USERNAME", MAX_USERNAME)?;
    let credential: AuthenticationResponse =
        serde_json::from_str(param(responses, CREDENTIAL, MAX_CREDENTIAL)?).map_err(|_| {
            ApiError::invalid("Invalid CREDENTIAL: not an AuthenticationResponseJSON.")
        })?;
    // Spent whatever the outcome: an assertion answers once.
    let session = Expect {
        challenge: SessionChallenge::WebAuthn,
        client: Some(client),
    }
    .take(ctx, session_id)?;
    let mut user =
        session_user(ctx, pool, &session, Some(username)).map_err(ApiError::keeping_writes)?;
    let relying_party_id = relying_party(pool).map_err(ApiError::keeping_writes)?;
    let pending = take_challenge(ctx, pool, &user, PasskeyCeremony::SignIn)
        .map_err(ApiError::keeping_writes)?;
    let verified = match own_passkey(ctx, pool, &user, &credential)? {
        None => Err(refused(Refusal::BadSignature, PasskeyCeremony::SignIn)),
        Some(passkey) => webauthn::verify_assertion(
            &expected(pool, relying_party_id, &pending.challenge),
            &credential,
            &passkey.public_key,
            passkey.sign_count,
        )
        .map(|count| (passkey.credential_id, count))
        .map_err(|refusal| refused(refusal, PasskeyCeremony::SignIn)),
    };
    match verified {
        Ok((credential_id, count)) => {
            ctx.db
                .set_passkey_sign_count(&pool.id, &credential_id, count)?;
            mfa_challenge::complete(ctx, pool, client, user, req)
        }
        Err(error) => Err(failed_attempt(ctx.db, pool, &mut user, ctx.now, error)),
    }
}

/// The passkey the assertion names, if it is one of the user's (and its
/// user handle, when given, theirs): what it can only have been signed by.
fn own_passkey(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    credential: &AuthenticationResponse,
) -> ApiResult<Option<Passkey>> {
    let Ok(id) = webauthn::credential_id(
        &credential.id,
        &credential.raw_id,
        &credential.credential_type,
    ) else {
        return Ok(None);
    };
    let handle_is_theirs = credential
        .response
        .user_handle
        .as_ref()
        .is_none_or(|handle| *handle == webauthn::to_base64url(user.sub().as_bytes()));
    Ok(ctx
        .db
        .passkey(&pool.id, &webauthn::to_base64url(&id))?
        .filter(|passkey| passkey.username == user.username && handle_is_theirs))
}
