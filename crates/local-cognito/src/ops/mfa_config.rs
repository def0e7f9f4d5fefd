//! A pool's MFA configuration: SetUserPoolMfaConfig and
//! GetUserPoolMfaConfig, and CreateUserPool's MfaConfiguration. TOTP
//! (SoftwareTokenMfaConfiguration) and email (EmailMfaConfiguration) are
//! served; SMS MFA is refused. Cognito asks the Essentials tier and SES of
//! a pool with email MFA; local-cognito asks neither. The same two
//! operations set and show the pool's passkey settings
//! (WebAuthnConfiguration), which are not an MFA type.

use cognito_idp::op;
use cognito_idp::types::{
    CreateUserPoolRequest, EmailMfaConfig, SetUserPoolMfaConfigRequest, SoftwareTokenMfaConfig,
    UserPoolIdRequest, UserPoolMfaConfigResponse, WebAuthnConfiguration,
};
use cognito_idp::ErrorCode;

use crate::codes::CODE_PLACEHOLDER;
use crate::context::{Ctx, Handler};
use crate::error::{ApiError, ApiResult};
use crate::model::{MfaConfiguration, Pool, UserPoolTier, UserVerification};
use crate::validate::check_len;

/// EmailMfaConfigType's bounds: Message 6 to 20,000 characters, with the
/// code's placeholder; Subject as the pool's other email subjects (1 to
/// 140; Cognito's reference gives Subject no length, so a guess).
const MESSAGE_LEN: (usize, usize) = (6, 20_000);
const SUBJECT_LEN: (usize, usize) = (1, 140);

/// Cognito's message for a value outside its pattern (`field` as its
/// validation names it).
fn pattern_error(field: &str, value: &str, pattern: &str) -> ApiError {
    ApiError::invalid(format!(
        "1 validation error detected: Value '{}' at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}",
        value.chars().take(64).collect::<String>()
    ))
}

/// EmailMfaConfiguration's Message and Subject, bounded.
fn check_email_config(config: &EmailMfaConfig) -> ApiResult<()> {
    if let Some(message) = &config.message {
        check_len(
            "EmailMfaConfiguration.Message",
            message,
            MESSAGE_LEN.0,
            MESSAGE_LEN.1,
        )?;
        if !message.contains(CODE_PLACEHOLDER) {
            return Err(pattern_error(
                "emailMfaConfiguration.message",
                message,
                r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*",
            ));
        }
    }
    if let Some(subject) = &config.subject {
        check_len(
            "EmailMfaConfiguration.Subject",
            subject,
            SUBJECT_LEN.0,
            SUBJECT_LEN.1,
        )?;
    }
    Ok(())
}

/// WebAuthnConfigurationType's RelyingPartyId bound.
const MAX_RELYING_PARTY_ID: usize = 127;

/// A WebAuthnConfiguration held to Cognito's bounds, its RP ID a domain
/// name (lowercased: WebAuthn compares it with a page's host), and
/// UserVerification left out as Cognito's default, `preferred`. Passkeys
/// as a second factor (MULTI_FACTOR_WITH_USER_VERIFICATION) are not served.
/// Passkeys need the Essentials plan or above, as on Cognito.
pub(super) fn checked_web_authn(
    pool: &Pool,
    config: &WebAuthnConfiguration,
) -> ApiResult<WebAuthnConfiguration> {
    if pool.tier() == UserPoolTier::Lite {
        return Err(ApiError::new(
            ErrorCode::FeatureUnavailableInTierException,
            "WebAuthnConfiguration is not available in the LITE tier.",
        ));
    }
    let relying_party_id = match &config.relying_party_id {
        None => None,
        Some(id) => {
            check_len(
                "WebAuthnConfiguration.RelyingPartyId",
                id,
                1,
                MAX_RELYING_PARTY_ID,
            )?;
            let is_domain = id.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
            if !is_domain {
                return Err(ApiError::invalid(format!(
                    "Invalid RelyingPartyId {}: it must be a domain name.",
                    id.chars().take(MAX_RELYING_PARTY_ID).collect::<String>()
                )));
            }
            Some(id.to_ascii_lowercase())
        }
    };
    let user_verification = match config.user_verification.as_deref() {
        None => UserVerification::Preferred,
        Some(value) => UserVerification::parse(value).ok_or_else(|| {
            ApiError::invalid(format!(
                "1 validation error detected: Value '{}' at 'webAuthnConfiguration.userVerification' failed to satisfy constraint: Member must satisfy enum value set: [required, preferred]",
                value.chars().take(64).collect::<String>()
            ))
        })?,
    };
    match config.factor_configuration.as_deref() {
        None | Some("SINGLE_FACTOR") => {}
        Some("MULTI_FACTOR_WITH_USER_VERIFICATION") => {
            return Err(ApiError::invalid(
                "FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION is not supported by local-cognito.",
            ))
        }
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "1 validation error detected: Value '{}' at 'webAuthnConfiguration.factorConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [SINGLE_FACTOR, MULTI_FACTOR_WITH_USER_VERIFICATION]",
                other.chars().take(64).collect::<String>()
            )))
        }
    }
    Ok(WebAuthnConfiguration {
        relying_party_id,
        user_verification: Some(user_verification.as_str().into()),
        factor_configuration: None,
    })
}

/// An MfaConfiguration by Cognito's name.
fn parse(value: &str) -> ApiResult<MfaConfiguration> {
    MfaConfiguration::parse(value).ok_or_else(|| {
        ApiError::invalid(format!(
            "1 validation error detected: Value '{}' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
            value.chars().take(64).collect::<String>()
        ))
    })
}

/// CreateUserPool's MfaConfiguration: MFA ON or OPTIONAL needs an MFA
/// type, and CreateUserPool can only name SMS (not served here); TOTP is
/// turned on afterwards with SetUserPoolMfaConfig, as on Cognito.
pub(super) fn check_create(settings: &CreateUserPoolRequest) -> ApiResult<()> {
    match settings.mfa_configuration.as_deref().map(parse).transpose()? {
        None | Some(MfaConfiguration::Off) => Ok(()),
        Some(_) => Err(ApiError::invalid(
            "SMS configuration and Auto verification for phone_number are required when MFA is required/optional",
        )),
    }
}

fn config(pool: &Pool) -> UserPoolMfaConfigResponse {
    UserPoolMfaConfigResponse {
        mfa_configuration: pool.mfa().as_str().into(),
        software_token_mfa_configuration: Some(SoftwareTokenMfaConfig {
            enabled: pool.software_token_mfa,
        }),
        email_mfa_configuration: pool.email_mfa.clone(),
        // Left out while never set.
        web_authn_configuration: pool.web_authn.clone(),
    }
}

/// What the request leaves out stays as it was (so email MFA, which has
/// no Enabled to say false with, is turned off only with MFA OFF).
impl Handler for op::SetUserPoolMfaConfig {
    fn handle(
        ctx: &Ctx<'_>,
        req: SetUserPoolMfaConfigRequest,
    ) -> ApiResult<UserPoolMfaConfigResponse> {
        let mut pool = ctx.pool(&req.user_pool_id)?;
        if req.sms_mfa_configuration.is_some() {
            return Err(ApiError::invalid(
                "SmsMfaConfiguration is not supported by local-cognito.",
            ));
        }
        if let Some(config) = &req.email_mfa_configuration {
            check_email_config(config)?;
        }
        let web_authn = req
            .web_authn_configuration
            .as_ref()
            .map(|config| checked_web_authn(&pool, config))
            .transpose()?;
        let mfa = match req.mfa_configuration.as_deref() {
            Some(value) => parse(value)?,
            None => pool.mfa(),
        };
        let asked = req
            .software_token_mfa_configuration
            .as_ref()
            .map(|c| c.enabled);
        if mfa == MfaConfiguration::Off {
            if asked == Some(true) || req.email_mfa_configuration.is_some() {
                return Err(ApiError::invalid(
                    "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.",
                ));
            }
            pool.software_token_mfa = false;
            pool.email_mfa = None;
        } else {
            let totp = asked.unwrap_or(pool.software_token_mfa);
            let email = req
                .email_mfa_configuration
                .clone()
                .or_else(|| pool.email_mfa.clone());
            if !totp && email.is_none() {
                return Err(ApiError::invalid(
                    "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.",
                ));
            }
            pool.software_token_mfa = totp;
            pool.email_mfa = email;
        }
        pool.settings.mfa_configuration = Some(mfa.as_str().into());
        // Given, it replaces the pool's whole (what it leaves out takes
        // Cognito's default); left out, it stays.
        if web_authn.is_some() {
            pool.web_authn = web_authn;
        }
        pool.modified = ctx.now;
        ctx.db.update_pool(&pool)?;
        Ok(config(&pool))
    }
}

impl Handler for op::GetUserPoolMfaConfig {
    fn handle(ctx: &Ctx<'_>, req: UserPoolIdRequest) -> ApiResult<UserPoolMfaConfigResponse> {
        Ok(config(&ctx.pool(&req.user_pool_id)?))
    }
}
