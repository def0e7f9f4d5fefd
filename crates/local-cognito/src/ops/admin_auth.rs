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

use cognito_srp::Ephemeral;

use super::auth::{
    allows, ephemeral_for, flow_not_served, refresh_auth, respond, start_srp, user_password, Answer,
};
use crate::context::{Ctx, Serve};
use crate::error::{ApiError, ApiResult};
use crate::server::Server;
use crate::validate::{param, MAX_USERNAME};

impl Serve for op::AdminInitiateAuth {
    fn serve(state: &Server, req: AdminInitiateAuthRequest) -> ApiResult<AuthResponse> {
        let ephemeral = ephemeral_for(&req.auth_flow)?;
        Ctx::write(state, state.now(), |ctx| initiate(ctx, &req, ephemeral))?.finish(state)
    }
}

fn initiate(
    ctx: &Ctx<'_>,
    req: &AdminInitiateAuthRequest,
    ephemeral: Option<Ephemeral>,
) -> ApiResult<Answer> {
    let pool = ctx.pool(&req.user_pool_id)?;
    let client = ctx.client_of(&pool, &req.client_id)?;
    let params = &req.auth_parameters;
    match req.auth_flow.as_str() {
        "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => {
            if !allows(&client, "ADMIN_USER_PASSWORD_AUTH")
                && !client
                    .explicit_auth_flows
                    .iter()
                    .any(|f| f == "ADMIN_NO_SRP_AUTH")
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
            start_srp(ctx, &pool, &client, username, srp_a, ephemeral)
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
        other => Err(flow_not_served(other)),
    }
}

impl Serve for op::AdminRespondToAuthChallenge {
    fn serve(state: &Server, req: AdminRespondToAuthChallengeRequest) -> ApiResult<AuthResponse> {
        let pool_id = req.user_pool_id;
        let public = RespondToAuthChallengeRequest {
            challenge_name: req.challenge_name,
            client_id: req.client_id,
            challenge_responses: req.challenge_responses,
            session: req.session,
            client_metadata: req.client_metadata,
        };
        respond(state, &public, Some(&pool_id))
    }
}
