//! GetTokensFromRefreshToken: new ID and access tokens from a refresh
//! token, and, where the client has RefreshTokenRotation ENABLED, a new
//! refresh token that replaces the one given (which works on for the
//! client's RetryGracePeriodSeconds only).

use cognito_idp::op;
use cognito_idp::types::{GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse};

use crate::context::{Ctx, Serve};
use crate::error::ApiResult;
use crate::server::Server;
use crate::tokens;
use crate::validate::{check_len, MAX_TOKEN};

impl Serve for op::GetTokensFromRefreshToken {
    fn serve(
        state: &Server,
        req: GetTokensFromRefreshTokenRequest,
    ) -> ApiResult<GetTokensFromRefreshTokenResponse> {
        // Signed after the commit, as every sign-in's tokens. (Should
        // signing fail, the signer's fault check only, a rotation stands without
        // its new token reaching the client: within the grace period the
        // old one still works.)
        let unsigned = Ctx::write(state, state.now(), |ctx| refresh(ctx, &req))?;
        Ok(GetTokensFromRefreshTokenResponse {
            authentication_result: unsigned.sign(&state.keys)?,
        })
    }
}

fn refresh(ctx: &Ctx<'_>, req: &GetTokensFromRefreshTokenRequest) -> ApiResult<tokens::Unsigned> {
    let (client, pool) = ctx.client_and_pool(&req.client_id)?;
    check_len("RefreshToken", &req.refresh_token, 1, MAX_TOKEN)?;
    // ClientSecret and DeviceKey are taken and not used: local-cognito
    // makes no client secrets and remembers no devices.
    let rotation = client
        .refresh_token_rotation
        .as_ref()
        .filter(|r| r.enabled());
    match rotation {
        Some(rotation) => tokens::rotate(
            ctx,
            &pool,
            &client,
            &req.refresh_token,
            rotation.retry_grace_period_seconds.unwrap_or(0),
        ),
        None => tokens::refresh(ctx, &pool, &client, &req.refresh_token),
    }
}
