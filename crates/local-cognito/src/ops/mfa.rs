//! A user's TOTP software token: AssociateSoftwareToken (a new secret),
//! VerifySoftwareToken (a code from it makes it the user's), and
//! SetUserMFAPreference / AdminSetUserMFAPreference (turning it, or email
//! MFA, on). The
//! first two take an access token, or the MFA_SETUP challenge's Session
//! during sign-in, which each answers with a new Session.

use cognito_idp::op;
use cognito_idp::types::{
    AdminSetUserMfaPreferenceRequest, AssociateSoftwareTokenRequest,
    AssociateSoftwareTokenResponse, Empty, MfaSettings, SetUserMfaPreferenceRequest,
    VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};
use cognito_idp::ErrorCode;

use super::mfa_challenge::used_once;
use super::session::{new_session, session_param, session_user, Expect};
use crate::context::{Ctx, Handler};
use crate::error::{ApiError, ApiResult};
use crate::model::{MfaPreference, Pool, SessionChallenge, SoftwareToken, User};
use crate::tokens::check_access_token;
use crate::totp::{self, Check};
use crate::validate::check_len;

/// The MFA type names of a software token and of email, as Cognito lists
/// them.
const SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";
const EMAIL_OTP: &str = "EMAIL_OTP";
/// FriendlyDeviceName's bound (Cognito's StringType); not kept here.
const MAX_DEVICE_NAME: usize = 131_072;

/// Who a request is for: a signed-in user, or one between the password
/// and MFA_SETUP's answer (with the session that says so).
enum Caller {
    SignedIn,
    SettingUp { client_id: String },
}

/// The caller by AccessToken (which wins when both are given) or Session.
fn caller(
    ctx: &Ctx<'_>,
    access_token: Option<&str>,
    session: Option<&str>,
    take_session: bool,
) -> ApiResult<(Pool, User, Caller)> {
    if let Some(token) = access_token {
        let (pool, user) = check_access_token(ctx, token)?;
        return Ok((pool, user, Caller::SignedIn));
    }
    let Some(session) = session else {
        return Err(ApiError::invalid(
            "Missing required parameter AccessToken or Session",
        ));
    };
    let id = session_param(Some(session))?;
    let expect = Expect {
        challenge: SessionChallenge::MfaSetup,
        client: None,
    };
    let found = if take_session {
        expect.take(ctx, id)?
    } else {
        expect.look(ctx, id)?
    };
    let pool = ctx.pool(&found.pool_id)?;
    let user = session_user(ctx, &pool, &found, None)?;
    Ok((
        pool,
        user,
        Caller::SettingUp {
            client_id: found.client_id,
        },
    ))
}

fn software_token(ctx: &Ctx<'_>, pool: &Pool, user: &User) -> ApiResult<SoftwareToken> {
    Ok(ctx
        .db
        .software_token(&pool.id, &user.username)?
        .unwrap_or_default())
}

/// A new secret, pending until a code from it is verified (a token
/// already verified stays the user's until then).
impl Handler for op::AssociateSoftwareToken {
    fn handle(
        ctx: &Ctx<'_>,
        req: AssociateSoftwareTokenRequest,
    ) -> ApiResult<AssociateSoftwareTokenResponse> {
        let (pool, user, caller) = caller(
            ctx,
            req.access_token.as_deref(),
            req.session.as_deref(),
            true,
        )?;
        let mut token = software_token(ctx, &pool, &user)?;
        let secret = totp::new_secret();
        token.pending = Some(secret.clone());
        ctx.db
            .put_software_token(&pool.id, &user.username, &token)?;
        let session = match caller {
            Caller::SignedIn => None,
            Caller::SettingUp { client_id } => Some(new_session(
                ctx,
                &pool,
                &client_id,
                &user.username,
                SessionChallenge::MfaSetup,
            )?),
        };
        Ok(AssociateSoftwareTokenResponse {
            secret_code: secret,
            session,
        })
    }
}

/// A code from the pending secret makes it the user's token. During
/// sign-in (MFA_SETUP) the token is also turned on and preferred, and the
/// new Session is the one RespondToAuthChallenge MFA_SETUP takes. A wrong
/// code leaves the session for another try.
impl Handler for op::VerifySoftwareToken {
    fn handle(
        ctx: &Ctx<'_>,
        req: VerifySoftwareTokenRequest,
    ) -> ApiResult<VerifySoftwareTokenResponse> {
        check_user_code(&req.user_code)?;
        if let Some(name) = &req.friendly_device_name {
            check_len("FriendlyDeviceName", name, 0, MAX_DEVICE_NAME)?;
        }
        let (pool, user, caller) = caller(
            ctx,
            req.access_token.as_deref(),
            req.session.as_deref(),
            false,
        )?;
        let mut token = software_token(ctx, &pool, &user)?;
        let Some(pending) = token.pending.clone() else {
            return Err(ApiError::new(
                ErrorCode::SoftwareTokenMFANotFoundException,
                "Software Token MFA does not exist for the user.",
            ));
        };
        let step = match totp::check(&pending, &req.user_code, ctx.now, token.last_step) {
            Check::Accepted { step } => step,
            Check::Used => return Err(used_once()),
            Check::Wrong => {
                return Err(ApiError::new(
                    ErrorCode::EnableSoftwareTokenMFAException,
                    "Code mismatch and fail enable Software Token MFA",
                ))
            }
        };
        token.secret = Some(pending);
        token.pending = None;
        token.last_step = step;
        let session = match caller {
            Caller::SignedIn => None,
            Caller::SettingUp { client_id } => {
                // The session was looked at; the right code spends it.
                if let Some(id) = req.session.as_deref() {
                    ctx.db.take_session(id)?;
                }
                token.preference = MfaPreference::Preferred;
                Some(new_session(
                    ctx,
                    &pool,
                    &client_id,
                    &user.username,
                    SessionChallenge::MfaSetupVerified,
                )?)
            }
        };
        ctx.db
            .put_software_token(&pool.id, &user.username, &token)?;
        Ok(VerifySoftwareTokenResponse {
            status: "SUCCESS".into(),
            session,
        })
    }
}

/// Cognito's SoftwareTokenMFAUserCodeType: six digits.
fn check_user_code(code: &str) -> ApiResult<()> {
    check_len("UserCode", code, 6, 6)?;
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::invalid(
            "1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+",
        ));
    }
    Ok(())
}

impl Handler for op::SetUserMFAPreference {
    fn handle(ctx: &Ctx<'_>, req: SetUserMfaPreferenceRequest) -> ApiResult<Empty> {
        let (pool, user) = check_access_token(ctx, &req.access_token)?;
        set_preference(
            ctx,
            &pool,
            &user,
            Preferences {
                software_token: req.software_token_mfa_settings.as_ref(),
                sms: req.sms_mfa_settings.as_ref(),
                email: req.email_mfa_settings.as_ref(),
            },
        )
    }
}

impl Handler for op::AdminSetUserMFAPreference {
    fn handle(ctx: &Ctx<'_>, req: AdminSetUserMfaPreferenceRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        set_preference(
            ctx,
            &pool,
            &user,
            Preferences {
                software_token: req.software_token_mfa_settings.as_ref(),
                sms: req.sms_mfa_settings.as_ref(),
                email: req.email_mfa_settings.as_ref(),
            },
        )
    }
}

/// The settings of SetUserMFAPreference and AdminSetUserMFAPreference.
struct Preferences<'a> {
    software_token: Option<&'a MfaSettings>,
    sms: Option<&'a MfaSettings>,
    email: Option<&'a MfaSettings>,
}

/// What one MFA type's settings ask for.
fn wanted(settings: &MfaSettings) -> MfaPreference {
    match (
        settings.enabled.unwrap_or(false),
        settings.preferred_mfa.unwrap_or(false),
    ) {
        (false, _) => MfaPreference::Off,
        (true, true) => MfaPreference::Preferred,
        (true, false) => MfaPreference::Enabled,
    }
}

/// Sets what the request names and leaves the rest; one type preferred
/// makes the other, if preferred, merely enabled (one preference at a
/// time). SMS MFA is not served here: turning it off is accepted
/// (nothing to do), turning it on is refused.
fn set_preference(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    settings: Preferences<'_>,
) -> ApiResult<Empty> {
    if settings.sms.and_then(|s| s.enabled).unwrap_or(false) {
        return Err(ApiError::invalid(
            "SMS_MFA is not supported by local-cognito.",
        ));
    }
    let totp = settings.software_token.map(wanted);
    let email = settings.email.map(wanted);
    if totp == Some(MfaPreference::Preferred) && email == Some(MfaPreference::Preferred) {
        // A guess at Cognito's answer to two preferred types.
        return Err(ApiError::invalid("Only one MFA type can be preferred."));
    }
    let mut token = software_token(ctx, pool, user)?;
    let mut email_mfa = ctx.db.email_mfa(&pool.id, &user.username)?;
    if let Some(preference) = totp {
        if preference != MfaPreference::Off && token.secret.is_none() {
            return Err(ApiError::invalid(
                "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA",
            ));
        }
        token.preference = preference;
        if preference == MfaPreference::Preferred && email_mfa == MfaPreference::Preferred {
            email_mfa = MfaPreference::Enabled;
        }
    }
    if let Some(preference) = email {
        // Codes go only to an address the user has shown to be theirs.
        // The message follows Cognito's for the other types (a guess).
        if preference != MfaPreference::Off && !(user.email().is_some() && user.email_verified()) {
            return Err(ApiError::invalid(
                "User does not have delivery config set to turn on EMAIL_OTP",
            ));
        }
        email_mfa = preference;
        if preference == MfaPreference::Preferred && token.preference == MfaPreference::Preferred {
            token.preference = MfaPreference::Enabled;
        }
    }
    if settings.software_token.is_some() || token.preference != MfaPreference::Off {
        ctx.db
            .put_software_token(&pool.id, &user.username, &token)?;
    }
    if settings.email.is_some() || email_mfa != MfaPreference::Off {
        ctx.db.put_email_mfa(&pool.id, &user.username, email_mfa)?;
    }
    Ok(Empty {})
}

/// GetUser's and AdminGetUser's UserMFASettingList and
/// PreferredMfaSetting: the types turned on (TOTP first), and the
/// preferred one.
pub(super) fn user_mfa_settings(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
) -> ApiResult<(Vec<String>, Option<String>)> {
    let token = software_token(ctx, pool, user)?;
    let email = ctx.db.email_mfa(&pool.id, &user.username)?;
    let mut list = Vec::new();
    let mut preferred = None;
    for (name, on, preference) in [
        (SOFTWARE_TOKEN_MFA, token.enabled(), token.preference),
        (EMAIL_OTP, email != MfaPreference::Off, email),
    ] {
        if on {
            list.push(name.to_string());
            if preference == MfaPreference::Preferred {
                preferred = Some(name.to_string());
            }
        }
    }
    Ok((list, preferred))
}
