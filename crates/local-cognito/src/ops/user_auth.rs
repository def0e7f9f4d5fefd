//! Choice-based sign-in (AuthFlow USER_AUTH): the user names a first
//! factor up front (PREFERRED_CHALLENGE), or is offered the ones they can
//! use (SELECT_CHALLENGE, its `AvailableChallenges`) and names one
//! (ANSWER). Which factors a user can use, and where each leads, are
//! decided here and nowhere else: the password (PASSWORD, checked as
//! USER_PASSWORD_AUTH checks it; PASSWORD_SRP, the PASSWORD_VERIFIER round
//! of USER_SRP_AUTH), a code emailed as the first factor (EMAIL_OTP,
//! answered as the MFA one is, in `mfa_challenge`), and a passkey
//! (WEB_AUTHN, in `passkey_auth`). A name with no user,
//! where the client hides users, is offered what a user with a verified
//! email and no passkey would be, its sessions kept by its name and its
//! failures counted toward a lock as a user's are, and can never pass.

use std::collections::BTreeMap;

use cognito_idp::types::{AuthResponse, RespondToAuthChallengeRequest, UserPoolClient};
use cognito_srp::Ephemeral;

use super::auth::{require_flow, start_srp, user_password, Answer, Arithmetic};
use super::mfa_challenge;
use super::passkey_auth;
use super::session::{new_session_of, session_param, session_who, Expect, Who};
use crate::codes::{self, Holder};
use crate::context::Ctx;
use crate::credentials::{check_can_sign_in, check_hidden_can_sign_in};
use crate::error::{ApiError, ApiResult};
use crate::model::{hides_users, AuthFactor, MfaConfiguration, Pool, SessionChallenge, UserStatus};
use crate::validate::{check_len, param, MAX_USERNAME};

/// InitiateAuth's parameter that names the factor the user prefers.
pub(super) const PREFERRED: &str = "PREFERRED_CHALLENGE";
/// SELECT_CHALLENGE's response that names the factor chosen.
pub(super) const ANSWER: &str = "ANSWER";
/// A bound on both (the longest name is PASSWORD_SRP's).
const MAX_CHOICE: usize = 32;

/// A first factor, as choice-based sign-in names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// The password itself, as USER_PASSWORD_AUTH takes it.
    Password,
    /// The password proved by SRP, as in USER_SRP_AUTH.
    PasswordSrp,
    /// A code emailed to the user.
    EmailOtp,
    /// A passkey.
    WebAuthn,
}

impl Choice {
    /// In the order AvailableChallenges lists them.
    const ALL: [Choice; 4] = [
        Choice::Password,
        Choice::PasswordSrp,
        Choice::EmailOtp,
        Choice::WebAuthn,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Choice::Password => "PASSWORD",
            Choice::PasswordSrp => "PASSWORD_SRP",
            Choice::EmailOtp => "EMAIL_OTP",
            Choice::WebAuthn => "WEB_AUTHN",
        }
    }

    fn parse(name: &str) -> Option<Choice> {
        Choice::ALL
            .into_iter()
            .find(|choice| choice.as_str() == name)
    }

    /// The pool's factor (AllowedFirstAuthFactors) that allows it.
    fn factor(self) -> AuthFactor {
        match self {
            Choice::Password | Choice::PasswordSrp => AuthFactor::Password,
            Choice::EmailOtp => AuthFactor::EmailOtp,
            Choice::WebAuthn => AuthFactor::WebAuthn,
        }
    }

    /// What its first step computes outside the store's lock.
    fn arithmetic(self) -> Arithmetic {
        match self {
            Choice::Password => Arithmetic::PasswordCheck,
            Choice::PasswordSrp => Arithmetic::SrpEphemeral,
            Choice::EmailOtp | Choice::WebAuthn => Arithmetic::Nothing,
        }
    }
}

/// What the step a factor named in `params` (under `key`: [`PREFERRED`]
/// or [`ANSWER`]) leads to computes; none for a name missing or unknown,
/// which the step itself refuses.
pub(super) fn arithmetic(params: &BTreeMap<String, Option<String>>, key: &str) -> Arithmetic {
    params
        .get(key)
        .and_then(|value| value.as_deref())
        .and_then(Choice::parse)
        .map_or(Arithmetic::Nothing, Choice::arithmetic)
}

/// InitiateAuth (or AdminInitiateAuth) USER_AUTH, where the client allows
/// it: the preferred factor's first step, or SELECT_CHALLENGE.
pub(super) fn initiate(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    params: &BTreeMap<String, Option<String>>,
    ephemeral: Option<Ephemeral>,
) -> ApiResult<Answer> {
    require_flow(client, "USER_AUTH")?;
    let username = param(params, "USERNAME", MAX_USERNAME)?;
    let preferred = match params.get(PREFERRED).and_then(|v| v.as_deref()) {
        None | Some("") => None,
        Some(name) => Some(choice(name)?),
    };
    let who = match ctx.db.find_user(pool, username)? {
        Some(user) => {
            check_can_sign_in(&user, ctx.now)?;
            Who::User(user)
        }
        None if hides_users(client) => {
            check_hidden_can_sign_in(ctx, pool, username)?;
            Who::Hidden(username.to_string())
        }
        None => return Err(ApiError::user_not_found()),
    };
    match preferred {
        Some(choice) => start(ctx, pool, client, &who, choice, params, ephemeral),
        None => offer(ctx, pool, client, &who),
    }
}

/// RespondToAuthChallenge SELECT_CHALLENGE: USERNAME and ANSWER, with the
/// parameters of the factor chosen (PASSWORD, or SRP_A), and the Session.
/// The session is spent by the choice, unless the choice is refused (or
/// names another user, or is answered while locked). A hidden name's
/// session goes the same way: its name must be the one answered, and its
/// failures are kept as a user's are.
pub(super) fn select(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    req: &RespondToAuthChallengeRequest,
    ephemeral: Option<Ephemeral>,
) -> ApiResult<Answer> {
    let session_id = session_param(req.session.as_deref())?;
    let responses = &req.challenge_responses;
    let username = param(responses, "USERNAME", MAX_USERNAME)?;
    let choice = choice(param(responses, ANSWER, MAX_CHOICE)?)?;
    let session = Expect {
        challenge: SessionChallenge::SelectChallenge,
        client: Some(client),
    }
    .take(ctx, session_id)?;
    let who = session_who(ctx, pool, &session, Some(username))?;
    start(ctx, pool, client, &who, choice, responses, ephemeral)
}

/// A factor by its name.
fn choice(name: &str) -> ApiResult<Choice> {
    check_len(ANSWER, name, 1, MAX_CHOICE)?;
    Choice::parse(name).ok_or_else(|| not_available(name))
}

/// A factor the user cannot use here (or no factor at all). Cognito's
/// message is not documented: this one is local-cognito's.
fn not_available(name: &str) -> ApiError {
    ApiError::invalid(format!(
        "The challenge {name} is not available for this user."
    ))
}

/// The factors `who` may choose from, in this pool. The password, both
/// ways, wherever the pool allows it. The passwordless ones only where no
/// MFA would follow a password (Cognito does not combine the two, and a
/// passwordless sign-in asks for no MFA): an emailed code for a confirmed
/// user with a verified email (as email MFA needs), a passkey for a user
/// who has one. SMS_OTP never: no SMS is sent here.
fn available(ctx: &Ctx<'_>, pool: &Pool, who: &Who) -> ApiResult<Vec<Choice>> {
    let allowed = pool.first_auth_factors();
    let passwordless = match who {
        Who::User(user) => {
            user.status == UserStatus::Confirmed && !mfa_challenge::applies(ctx, pool, user)?
        }
        Who::Hidden(_) => pool.mfa() != MfaConfiguration::On,
    };
    let mut choices = Vec::new();
    for choice in Choice::ALL {
        if !allowed.contains(&choice.factor()) {
            continue;
        }
        let usable = match choice {
            Choice::Password | Choice::PasswordSrp => true,
            Choice::EmailOtp => {
                passwordless
                    && match who {
                        Who::User(user) => user.email().is_some() && user.email_verified(),
                        Who::Hidden(_) => true,
                    }
            }
            Choice::WebAuthn => passwordless && has_passkey(ctx, pool, who)?,
        };
        if usable {
            choices.push(choice);
        }
    }
    Ok(choices)
}

/// Whether `who` has a passkey to sign in with: a hidden name has none.
fn has_passkey(ctx: &Ctx<'_>, pool: &Pool, who: &Who) -> ApiResult<bool> {
    match who {
        Who::User(user) => passkey_auth::has_passkey(ctx, pool, user),
        Who::Hidden(_) => Ok(false),
    }
}

/// SELECT_CHALLENGE: a session to answer, and the factors to choose from.
fn offer(ctx: &Ctx<'_>, pool: &Pool, client: &UserPoolClient, who: &Who) -> ApiResult<Answer> {
    let choices = available(ctx, pool, who)?;
    let session = new_session_of(
        ctx,
        pool,
        &client.client_id,
        who,
        SessionChallenge::SelectChallenge,
    )?;
    Ok(Answer::Challenge(AuthResponse {
        challenge_name: Some(SessionChallenge::SelectChallenge.as_str().into()),
        session: Some(session),
        available_challenges: Some(
            choices
                .into_iter()
                .map(|choice| choice.as_str().to_string())
                .collect(),
        ),
        ..AuthResponse::default()
    }))
}

/// The first step of the factor chosen (or preferred), which must be one
/// `who` may use; `params` are the request's (AuthParameters, or the
/// SELECT_CHALLENGE answer's ChallengeResponses).
fn start(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    who: &Who,
    choice: Choice,
    params: &BTreeMap<String, Option<String>>,
    ephemeral: Option<Ephemeral>,
) -> ApiResult<Answer> {
    if !available(ctx, pool, who)?.contains(&choice) {
        return Err(not_available(choice.as_str()));
    }
    match choice {
        Choice::Password => user_password(ctx, pool, client, params),
        Choice::PasswordSrp => {
            let username = param(params, "USERNAME", MAX_USERNAME)?;
            let srp_a = param(params, "SRP_A", cognito_srp::MAX_PUBLIC_KEY_HEX)?;
            start_srp(ctx, pool, client, username, srp_a, ephemeral)
        }
        Choice::EmailOtp => email_otp(ctx, pool, client, who),
        Choice::WebAuthn => match who {
            Who::User(user) => passkey_auth::challenge(ctx, pool, client, user),
            // Never available to a hidden name (see `has_passkey`).
            Who::Hidden(_) => Err(not_available(choice.as_str())),
        },
    }
}

/// EMAIL_OTP as the first factor: a code emailed (for a hidden name,
/// counted and not sent) and the challenge, answered with EMAIL_OTP_CODE
/// as the MFA one is (`mfa_challenge::email_otp`), which gives the tokens.
fn email_otp(ctx: &Ctx<'_>, pool: &Pool, client: &UserPoolClient, who: &Who) -> ApiResult<Answer> {
    let holder = match who {
        Who::User(user) => Holder::User(user),
        Who::Hidden(name) => Holder::hidden(ctx, pool, name),
    };
    let delivery = codes::send_sign_in_code(ctx, pool, &holder)?;
    let session = new_session_of(
        ctx,
        pool,
        &client.client_id,
        who,
        SessionChallenge::EmailOtp,
    )?;
    Ok(Answer::Challenge(AuthResponse {
        challenge_name: Some(SessionChallenge::EmailOtp.as_str().into()),
        session: Some(session),
        challenge_parameters: mfa_challenge::delivery_parameters(delivery),
        ..AuthResponse::default()
    }))
}
