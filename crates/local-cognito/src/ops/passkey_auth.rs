//! A passkey as the first factor of choice-based sign-in (USER_AUTH): the
//! WEB_AUTHN challenge, with `CREDENTIAL_REQUEST_OPTIONS` (the options of
//! `navigator.credentials.get()`: the user's passkeys for the pool's RP
//! ID, a challenge kept with the session, for its 3 minutes), and its
//! answer, RespondToAuthChallenge WEB_AUTHN with USERNAME and CREDENTIAL
//! (AuthenticationResponseJSON), checked by `webauthn`. Each session has
//! its own challenge, so another sign-in of the same user (another tab, or
//! anyone who knows the name) leaves it alone. A passkey signs in alone:
//! no MFA step follows, as on Cognito. Any answer spends the session and
//! its challenge; one that fails counts toward the lock, as a wrong
//! password does, unless it was made for another challenge (the user's
//! other sign-in, not a guess).

use std::collections::BTreeMap;

use cognito_idp::types::{AuthResponse, RespondToAuthChallengeRequest, UserPoolClient};
use cognito_idp::webauthn::{AuthenticationResponse, CredentialRequestOptions};

use super::auth::Answer;
use super::mfa_challenge;
use super::passkeys::{
    challenge_not_found, descriptors, expected, new_challenge, refused, relying_party,
};
use super::session::{new_session, session_param, session_user, Expect, SESSION_LIFETIME_SECS};
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
/// party and the user a passkey for it.
pub(super) fn has_passkey(ctx: &Ctx<'_>, pool: &Pool, user: &User) -> ApiResult<bool> {
    Ok(match pool.relying_party_id() {
        Some(relying_party_id) => !passkeys_for(ctx, pool, user, relying_party_id)?.is_empty(),
        None => false,
    })
}

/// The user's passkeys made for `relying_party_id`, the pool's: one made
/// for an earlier RP ID is scoped to that ID's hash and can never sign in
/// now, so it is neither offered nor taken.
fn passkeys_for(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    relying_party_id: &str,
) -> ApiResult<Vec<Passkey>> {
    let mut passkeys = ctx.db.passkeys(&pool.id, &user.username)?;
    passkeys.retain(|passkey| passkey.relying_party_id == relying_party_id);
    Ok(passkeys)
}

/// The WEB_AUTHN challenge: a session, and the request options for the
/// user's passkeys with a new challenge kept with that session.
pub(super) fn challenge(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    user: &User,
) -> ApiResult<Answer> {
    let relying_party_id = relying_party(pool)?.to_string();
    let passkeys = passkeys_for(ctx, pool, user, &relying_party_id)?;
    let session = new_session(
        ctx,
        pool,
        &client.client_id,
        &user.username,
        SessionChallenge::WebAuthn,
    )?;
    // It dies with the session: the same lifetime, taken with it.
    let pending = new_challenge(
        pool,
        user,
        &client.client_id,
        ctx.now.saturating_add(SESSION_LIFETIME_SECS),
    );
    ctx.db.put_sign_in_challenge(&session, &pending)?;
    let options = CredentialRequestOptions {
        challenge: pending.challenge,
        rp_id: relying_party_id,
        timeout: Some(SESSION_LIFETIME_SECS as u64 * 1000),
        allow_credentials: descriptors(&passkeys),
        user_verification: pool.user_verification().as_str().into(),
    };
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
    // Spent whatever the outcome, with its challenge: an assertion answers
    // once.
    let session = Expect {
        challenge: SessionChallenge::WebAuthn,
        client: Some(client),
    }
    .take(ctx, session_id)?;
    let pending = ctx.db.take_sign_in_challenge(session_id, ctx.now)?;
    let mut user =
        session_user(ctx, pool, &session, Some(username)).map_err(ApiError::keeping_writes)?;
    let relying_party_id = relying_party(pool).map_err(ApiError::keeping_writes)?;
    // The session's own, given to this client for this user.
    let pending = pending
        .filter(|pending| {
            pending.pool_id == pool.id
                && pending.client_id == client.client_id
                && pending.username == user.username
        })
        .ok_or_else(|| challenge_not_found().keeping_writes())?;
    let verified = match own_passkey(ctx, pool, &user, relying_party_id, &credential)? {
        None => Err(Refusal::BadSignature),
        Some(passkey) => webauthn::verify_assertion(
            &expected(pool, relying_party_id, &pending.challenge),
            &credential,
            &passkey.public_key,
            passkey.sign_count,
        )
        .map(|count| (passkey.credential_id, count)),
    };
    match verified {
        Ok((credential_id, count)) => {
            ctx.db
                .set_passkey_sign_count(&pool.id, &credential_id, count)?;
            mfa_challenge::complete(ctx, pool, client, user, req)
        }
        // Made for another challenge: the user's other sign-in, not a guess
        // at this one.
        Err(Refusal::ChallengeMismatch) => {
            Err(refused(Refusal::ChallengeMismatch, PasskeyCeremony::SignIn).keeping_writes())
        }
        Err(refusal) => Err(failed_attempt(
            ctx.db,
            pool,
            &mut user,
            ctx.now,
            refused(refusal, PasskeyCeremony::SignIn),
        )),
    }
}

/// The passkey the assertion names, if it is one of the user's for the
/// pool's RP ID (and its user handle, when given, theirs): what it can
/// only have been signed by.
fn own_passkey(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    relying_party_id: &str,
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
        .filter(|passkey| {
            passkey.username == user.username
                && passkey.relying_party_id == relying_party_id
                && handle_is_theirs
        }))
}
