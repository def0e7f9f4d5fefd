//! The second step of sign-in: after the right password, a TOTP code
//! (SOFTWARE_TOKEN_MFA) from a user whose software token is on, an
//! emailed code (EMAIL_OTP) from a user whose email MFA is on, or, in a
//! pool with MFA ON, setting a token up (MFA_SETUP) for a user who has
//! neither. A wrong code counts toward the same lock as a wrong password
//! and leaves the session for another try; a right one spends it. The
//! EMAIL_OTP answer also ends choice-based sign-in's emailed first factor
//! (`user_auth`), where no password came before; a hidden name's answer
//! there is checked and counted as a user's, and never passes.

use std::collections::BTreeMap;

use cognito_idp::types::{
    AuthResponse, CodeDeliveryDetails, RespondToAuthChallengeRequest, UserPoolClient,
};
use cognito_idp::ErrorCode;

use super::auth::Answer;
use super::device_auth;
use super::session::{expired, new_session, session_param, session_user, session_who, Expect, Who};
use crate::codes::{self, Holder, MfaCheck};
use crate::context::Ctx;
use crate::credentials::{failed_attempt, hidden_failed_attempt};
use crate::error::{ApiError, ApiResult};
use crate::model::{
    MfaConfiguration, MfaPreference, Pool, SessionChallenge, SoftwareToken, User, UserStatus,
};
use crate::totp::{self, Check};
use crate::validate::{param, MAX_CODE, MAX_USERNAME};

/// The only MFA type served here, as MFAS_CAN_SETUP lists it.
const CAN_SET_UP: &str = r#"["SOFTWARE_TOKEN_MFA"]"#;

/// The challenge a confirmed user's MFA calls for once the password is
/// right; `None`: tokens. Both TOTP and email on: the preferred one, and
/// TOTP when neither is (where Cognito lets the user choose with
/// SELECT_MFA_TYPE, not served here).
pub(super) fn after_password(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    user: &User,
) -> ApiResult<Option<AuthResponse>> {
    let required = pool.mfa() == MfaConfiguration::On;
    let UserMfa { token, totp, email } = user_mfa(ctx, pool, user)?;
    let email_first =
        email == MfaPreference::Preferred && token.preference != MfaPreference::Preferred;
    let (challenge, parameters) = if email != MfaPreference::Off && (email_first || !totp) {
        let delivery = codes::send_mfa_code(ctx, pool, user)?;
        (SessionChallenge::EmailOtp, delivery_parameters(delivery))
    } else if totp {
        (
            SessionChallenge::SoftwareTokenMfa,
            BTreeMap::from([("USER_ID_FOR_SRP".into(), user.username.clone())]),
        )
    } else if required && pool.asks_for_totp() {
        (
            SessionChallenge::MfaSetup,
            BTreeMap::from([("MFAS_CAN_SETUP".into(), CAN_SET_UP.to_string())]),
        )
    } else if required {
        // No verified email, in a pool whose only MFA type is email:
        // Cognito would have the user give one (MFA_SETUP with
        // EMAIL_OTP); not served here, and MFA ON lets no one in without.
        return Err(ApiError::invalid(
            "Setting up EMAIL_OTP during sign-in is not supported by local-cognito.",
        ));
    } else {
        return Ok(None);
    };
    let session = new_session(ctx, pool, &client.client_id, &user.username, challenge)?;
    Ok(Some(AuthResponse {
        challenge_name: Some(challenge.as_str().into()),
        session: Some(session),
        challenge_parameters: parameters,
        ..AuthResponse::default()
    }))
}

/// The second factors a user's sign-in may ask for.
struct UserMfa {
    token: SoftwareToken,
    /// The TOTP token is in use.
    totp: bool,
    /// Email MFA: off, on, or preferred.
    email: MfaPreference,
}

fn user_mfa(ctx: &Ctx<'_>, pool: &Pool, user: &User) -> ApiResult<UserMfa> {
    let required = pool.mfa() == MfaConfiguration::On;
    let token = if pool.asks_for_totp() {
        ctx.db
            .software_token(&pool.id, &user.username)?
            .unwrap_or_default()
    } else {
        SoftwareToken::default()
    };
    // With MFA ON, a verified token is used even if never turned on.
    let totp = token.enabled() || (token.secret.is_some() && required);
    let email = if pool.asks_for_email() && user.email().is_some() && user.email_verified() {
        match ctx.db.email_mfa(&pool.id, &user.username)? {
            // As the token above: with MFA ON, a verified email is used
            // even if email MFA was never turned on.
            MfaPreference::Off if required => MfaPreference::Enabled,
            preference => preference,
        }
    } else {
        MfaPreference::Off
    };
    Ok(UserMfa { token, totp, email })
}

/// Whether a password would be followed by a second factor (or its setup)
/// for this user: Cognito then offers no passwordless first factor, as MFA
/// and passwordless sign-in do not go together.
pub(super) fn applies(ctx: &Ctx<'_>, pool: &Pool, user: &User) -> ApiResult<bool> {
    let mfa = user_mfa(ctx, pool, user)?;
    Ok(pool.mfa() == MfaConfiguration::On || mfa.totp || mfa.email != MfaPreference::Off)
}

/// An EMAIL_OTP challenge's parameters: where the code went.
pub(super) fn delivery_parameters(delivery: CodeDeliveryDetails) -> BTreeMap<String, String> {
    BTreeMap::from([
        (
            "CODE_DELIVERY_DELIVERY_MEDIUM".into(),
            delivery.delivery_medium,
        ),
        ("CODE_DELIVERY_DESTINATION".into(), delivery.destination),
    ])
}

/// What an MFA answer starts with: its session (looked at, spent only once
/// the code is right), who the session is for, and the code.
struct CodeAnswer<'r> {
    session_id: &'r str,
    expect: Expect<'r>,
    who: Who,
    code: &'r str,
}

fn code_answer<'r>(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &'r UserPoolClient,
    req: &'r RespondToAuthChallengeRequest,
    challenge: SessionChallenge,
    code_key: &str,
) -> ApiResult<CodeAnswer<'r>> {
    let session_id = session_param(req.session.as_deref())?;
    let responses = &req.challenge_responses;
    let username = param(responses, "USERNAME", MAX_USERNAME)?;
    let code = param(responses, code_key, MAX_CODE)?;
    let expect = Expect {
        challenge,
        client: Some(client),
    };
    let session = expect.look(ctx, session_id)?;
    let who = session_who(ctx, pool, &session, Some(username))?;
    Ok(CodeAnswer {
        session_id,
        expect,
        who,
        code,
    })
}

/// A wrong second-factor code: counted as a wrong password is (a hidden
/// name's under its decoy lock, as choice-based sign-in's emailed code
/// makes none), and answered as Cognito answers a wrong SMS_MFA code (for
/// the app's and the email's codes, a guess).
fn wrong_code(ctx: &Ctx<'_>, pool: &Pool, who: Who) -> ApiError {
    match who {
        Who::User(mut user) => failed_attempt(ctx.db, pool, &mut user, ctx.now, code_mismatch()),
        Who::Hidden(name) => hidden_failed_attempt(ctx, pool, &name, code_mismatch()),
    }
}

fn code_mismatch() -> ApiError {
    ApiError::new(
        ErrorCode::CodeMismatchException,
        "Invalid code received for user",
    )
}

/// RespondToAuthChallenge EMAIL_OTP: USERNAME and EMAIL_OTP_CODE with the
/// challenge's Session. The code is the one the sign-in emailed (a later
/// sign-in's replaces it), spent with the session.
pub(super) fn email_otp(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &RespondToAuthChallengeRequest,
) -> ApiResult<Answer> {
    let CodeAnswer {
        session_id,
        expect,
        who,
        code,
    } = code_answer(
        ctx,
        pool,
        client,
        req,
        SessionChallenge::EmailOtp,
        "EMAIL_OTP_CODE",
    )?;
    let holder = match &who {
        Who::User(user) => Holder::User(user),
        Who::Hidden(name) => Holder::hidden(ctx, pool, name),
    };
    let check = codes::check_mfa_code(ctx, pool, &holder, code)?;
    match (check, who) {
        (MfaCheck::Right, Who::User(user)) => {
            expect.take(ctx, session_id)?;
            complete(ctx, pool, client, user, req)
        }
        // No code (spent: by this session, now spent too, or by a later
        // sign-in's), or past its time (as is the session): start again.
        (MfaCheck::Expired, _) => Err(expired()),
        // A hidden name's code is never right (`check_mfa_code`).
        (MfaCheck::Wrong | MfaCheck::Right, who) => Err(wrong_code(ctx, pool, who)),
    }
}

/// RespondToAuthChallenge SOFTWARE_TOKEN_MFA: USERNAME and
/// SOFTWARE_TOKEN_MFA_CODE with the challenge's Session.
pub(super) fn software_token_mfa(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &RespondToAuthChallengeRequest,
) -> ApiResult<Answer> {
    let CodeAnswer {
        session_id,
        expect,
        who,
        code,
    } = code_answer(
        ctx,
        pool,
        client,
        req,
        SessionChallenge::SoftwareTokenMfa,
        "SOFTWARE_TOKEN_MFA_CODE",
    )?;
    // Only a right password leads here: never a hidden name's session.
    let Who::User(user) = who else {
        return Err(expired());
    };
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
        Check::Wrong => Err(wrong_code(ctx, pool, Who::User(user))),
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
/// way in by this session. A passkey's sign-in ends here too.
pub(super) fn complete(
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
