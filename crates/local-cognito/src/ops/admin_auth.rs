//! AdminInitiateAuth and AdminRespondToAuthChallenge: the sign-in flows of
//! `auth`, for a back end that names the pool. The client must be of that
//! pool; ADMIN_USER_PASSWORD_AUTH (or its old name ADMIN_NO_SRP_AUTH)
//! takes a plain password where the client allows
//! ALLOW_ADMIN_USER_PASSWORD_AUTH; USER_SRP_AUTH, REFRESH_TOKEN_AUTH and
//! the challenges run as through the public operations.

use cognito_idp::op;
use cognito_idp::types::{
    AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest, AuthResponse,
    RespondToAuthChallengeRequest,
};

use super::auth::{
    allows, new_password, password_verifier, refresh_auth, start_srp, user_password,
};
use crate::context::{Ctx, Handler};
use crate::error::{ApiError, ApiResult};
use crate::validate::{param, MAX_USERNAME};

impl Handler for op::AdminInitiateAuth {
    fn handle(ctx: &Ctx<'_>, req: AdminInitiateAuthRequest) -> ApiResult<AuthResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let client = ctx.client_of(&pool, &req.client_id)?;
        let params = &req.auth_parameters;
        match req.auth_flow.as_str() {
            "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => {
                if !allows(&client, "ADMIN_USER_PASSWORD_AUTH")
                    && !client.explicit_auth_flows.iter().any(|f| f == "ADMIN_NO_SRP_AUTH")
                {
                    return Err(ApiError::invalid("Auth flow not enabled for this client"));
                }
                user_password(ctx, &pool, &client, params)
            }
            "USER_SRP_AUTH" => {
                if !allows(&client, "USER_SRP_AUTH") {
                    return Err(ApiError::invalid(
                        "USER_SRP_AUTH flow not enabled for this client",
                    ));
                }
                let username = param(params, "USERNAME", MAX_USERNAME)?;
                let srp_a = param(params, "SRP_A", cognito_srp::MAX_PUBLIC_KEY_HEX)?;
                start_srp(ctx, &pool, &client, username, srp_a)
            }
            "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => {
                if !allows(&client, "REFRESH_TOKEN_AUTH") && !client.explicit_auth_flows.is_empty() {
                    return Err(ApiError::invalid(
                        "REFRESH_TOKEN_AUTH flow not enabled for this client",
                    ));
                }
                refresh_auth(ctx, &pool, &client, params)
            }
            // A flow of the public operation only.
            "USER_PASSWORD_AUTH" => Err(ApiError::invalid("Initiate Auth method not supported.")),
            other => Err(ApiError::invalid(format!(
                "1 validation error detected: Value '{other}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH]"
            ))),
        }
    }
}

impl Handler for op::AdminRespondToAuthChallenge {
    fn handle(ctx: &Ctx<'_>, req: AdminRespondToAuthChallengeRequest) -> ApiResult<AuthResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let client = ctx.client_of(&pool, &req.client_id)?;
        match req.challenge_name.as_str() {
            "PASSWORD_VERIFIER" => password_verifier(ctx, &pool, &client, &req.challenge_responses),
            "NEW_PASSWORD_REQUIRED" => {
                let public = RespondToAuthChallengeRequest {
                    challenge_name: req.challenge_name,
                    client_id: req.client_id,
                    challenge_responses: req.challenge_responses,
                    session: req.session,
                    client_metadata: req.client_metadata,
                };
                new_password(ctx, &pool, &client, &public)
            }
            other => Err(ApiError::invalid(format!(
                "Challenge {other} is not supported by local-cognito."
            ))),
        }
    }
}
