//! AdminInitiateAuth and AdminRespondToAuthChallenge: the sign-in flows of
//! `auth`, for a back end that names the pool. The client must be of that
//! pool; ADMIN_USER_PASSWORD_AUTH (or its old name ADMIN_NO_SRP_AUTH)
//! takes a plain password where the client allows
//! ALLOW_ADMIN_USER_PASSWORD_AUTH; USER_SRP_AUTH, REFRESH_TOKEN_AUTH,
//! USER_AUTH and the challenges run as through the public operations.

use cognito_idp::op;
use cognito_idp::types::{
    AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest, AuthResponse,
    RespondToAuthChallengeRequest,
};

use cognito_srp::Ephemeral;

use super::auth::{
    allows, flow_not_taken, refresh_auth, respond, run_flow, srp_flow, user_password, Answer,
    AuthFlow,
};
use super::user_auth;
use crate::context::{Ctx, Serve};
use crate::error::{ApiError, ApiResult};
use crate::server::Server;

impl Serve for op::AdminInitiateAuth {
    fn serve(state: &Server, req: AdminInitiateAuthRequest) -> ApiResult<AuthResponse> {
        let flow = AuthFlow::parse(&req.auth_flow)?;
        run_flow(state, flow, &req.auth_parameters, |ctx, ephemeral| {
            initiate(ctx, &req, flow, ephemeral)
        })
    }
}

fn initiate(
    ctx: &Ctx<'_>,
    req: &AdminInitiateAuthRequest,
    flow: AuthFlow,
    ephemeral: Option<Ephemeral>,
) -> ApiResult<Answer> {
    let pool = ctx.pool(&req.user_pool_id)?;
    let client = ctx.client_of(&pool, &req.client_id)?;
    let params = &req.auth_parameters;
    match flow {
        AuthFlow::AdminUserPassword => {
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
        AuthFlow::UserSrp => srp_flow(ctx, &pool, &client, params, ephemeral),
        AuthFlow::RefreshToken => refresh_auth(ctx, &pool, &client, params),
        AuthFlow::UserAuth => user_auth::initiate(ctx, &pool, &client, params, ephemeral),
        AuthFlow::UserPassword | AuthFlow::NotServed(_) => Err(flow_not_taken(flow)),
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
