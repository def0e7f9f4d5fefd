//! A pool's MFA configuration: SetUserPoolMfaConfig and
//! GetUserPoolMfaConfig, and CreateUserPool's MfaConfiguration. TOTP
//! (SoftwareTokenMfaConfiguration) is the only MFA type served; SMS and
//! email MFA are refused.

use cognito_idp::op;
use cognito_idp::types::{
    CreateUserPoolRequest, SetUserPoolMfaConfigRequest, SoftwareTokenMfaConfig, UserPoolIdRequest,
    UserPoolMfaConfigResponse,
};

use crate::context::{Ctx, Handler};
use crate::error::{ApiError, ApiResult};
use crate::model::{MfaConfiguration, Pool};

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
    }
}

/// What the request leaves out stays as it was.
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
        if req.email_mfa_configuration.is_some() {
            return Err(ApiError::invalid(
                "EmailMfaConfiguration is not supported by local-cognito.",
            ));
        }
        let mfa = match req.mfa_configuration.as_deref() {
            Some(value) => parse(value)?,
            None => pool.mfa(),
        };
        let asked = req
            .software_token_mfa_configuration
            .as_ref()
            .map(|c| c.enabled);
        if mfa == MfaConfiguration::Off {
            if asked == Some(true) {
                return Err(ApiError::invalid(
                    "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.",
                ));
            }
            pool.software_token_mfa = false;
        } else {
            let totp = asked.unwrap_or(pool.software_token_mfa);
            if !totp {
                return Err(ApiError::invalid(
                    "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.",
                ));
            }
            pool.software_token_mfa = true;
        }
        pool.settings.mfa_configuration = Some(mfa.as_str().into());
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
