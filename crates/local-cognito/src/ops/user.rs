//! What a signed-in user does with an access token, and RevokeToken.

use cognito_idp::op;
use cognito_idp::types::{
    AccessTokenRequest, CodeDeliveryResponse, Empty, GetUserAttributeVerificationCodeRequest,
    GetUserResponse, RevokeTokenRequest, UpdateUserAttributesRequest, UpdateUserAttributesResponse,
    VerifyUserAttributeRequest,
};
use cognito_idp::ErrorCode;

use crate::codes::{check_code, send_code, Holder};
use crate::context::{Ctx, Handler};
use crate::error::{ApiError, ApiResult};
use crate::model::CodePurpose;
use crate::tokens;
use crate::users::{attribute_list, update_attributes};
use crate::validate::{attributes, check_len, MAX_TOKEN};

impl Handler for op::GetUser {
    fn handle(ctx: &Ctx<'_>, req: AccessTokenRequest) -> ApiResult<GetUserResponse> {
        let (pool, user) = tokens::check_access_token(ctx, &req.access_token)?;
        let (user_mfa_setting_list, preferred_mfa_setting) =
            super::mfa::user_mfa_settings(ctx, &pool, &user)?;
        Ok(GetUserResponse {
            username: user.username.clone(),
            user_attributes: attribute_list(&user),
            user_mfa_setting_list,
            preferred_mfa_setting,
        })
    }
}

impl Handler for op::UpdateUserAttributes {
    fn handle(
        ctx: &Ctx<'_>,
        req: UpdateUserAttributesRequest,
    ) -> ApiResult<UpdateUserAttributesResponse> {
        let (pool, mut user) = tokens::check_access_token(ctx, &req.access_token)?;
        let updates = attributes(&req.user_attributes, false)?;
        let email_changed = update_attributes(ctx, &pool, &mut user, updates)?;
        ctx.db.update_user(&pool, &user)?;
        let mut response = UpdateUserAttributesResponse::default();
        if email_changed && pool.auto_verifies_email() {
            response.code_delivery_details_list.push(send_code(
                ctx,
                &pool,
                &Holder::User(&user),
                CodePurpose::VerifyEmail,
            )?);
        }
        Ok(response)
    }
}

/// Emails a new code for verifying the user's email (after
/// UpdateUserAttributes changed it, or when its code was lost).
impl Handler for op::GetUserAttributeVerificationCode {
    fn handle(
        ctx: &Ctx<'_>,
        req: GetUserAttributeVerificationCodeRequest,
    ) -> ApiResult<CodeDeliveryResponse> {
        let (pool, user) = tokens::check_access_token(ctx, &req.access_token)?;
        check_verifiable(&req.attribute_name)?;
        Ok(CodeDeliveryResponse {
            code_delivery_details: send_code(
                ctx,
                &pool,
                &Holder::User(&user),
                CodePurpose::VerifyEmail,
            )?,
        })
    }
}

/// Marks the user's email verified with the code emailed for it.
impl Handler for op::VerifyUserAttribute {
    fn handle(ctx: &Ctx<'_>, req: VerifyUserAttributeRequest) -> ApiResult<Empty> {
        let (pool, mut user) = tokens::check_access_token(ctx, &req.access_token)?;
        check_verifiable(&req.attribute_name)?;
        check_code(
            ctx,
            &pool,
            &Holder::User(&user),
            CodePurpose::VerifyEmail,
            ("Code", &req.code),
            false,
        )?;
        user.attributes
            .insert("email_verified".into(), "true".into());
        user.modified = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        Ok(Empty {})
    }
}

/// Codes go by email only: there is no SMS here, so phone numbers cannot
/// be verified, and other attributes are never verified.
fn check_verifiable(attribute: &str) -> ApiResult<()> {
    match attribute {
        "email" => Ok(()),
        _ => Err(ApiError::invalid(format!(
            "Cannot verify {attribute}: this user pool verifies email only."
        ))),
    }
}

impl Handler for op::DeleteUser {
    fn handle(ctx: &Ctx<'_>, req: AccessTokenRequest) -> ApiResult<Empty> {
        let (pool, user) = tokens::check_access_token(ctx, &req.access_token)?;
        ctx.db.delete_user(&pool, &user)?;
        Ok(Empty {})
    }
}

/// Revokes every refresh token of the user, and with them every ID and
/// access token issued before now.
impl Handler for op::GlobalSignOut {
    fn handle(ctx: &Ctx<'_>, req: AccessTokenRequest) -> ApiResult<Empty> {
        let (pool, mut user) = tokens::check_access_token(ctx, &req.access_token)?;
        ctx.db.revoke_user_tokens(&pool.id, &user.username)?;
        user.tokens_valid_after = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        Ok(Empty {})
    }
}

/// Revokes a refresh token and the tokens of its sign-in. Unknown tokens
/// are accepted silently (RFC 7009); access or ID tokens are refused.
impl Handler for op::RevokeToken {
    fn handle(ctx: &Ctx<'_>, req: RevokeTokenRequest) -> ApiResult<Empty> {
        let (client, _) = ctx.client_and_pool(&req.client_id)?;
        check_len("Token", &req.token, 1, MAX_TOKEN)?;
        if req.token.split('.').count() == 3 {
            return Err(ApiError::new(
                ErrorCode::UnsupportedTokenTypeException,
                "Unsupported token type",
            ));
        }
        let hash = tokens::hash(&req.token);
        if let Some(stored) = ctx.db.refresh_token(&hash)? {
            if stored.client_id != client.client_id {
                return Err(ApiError::new(
                    ErrorCode::NotAuthorizedException,
                    "Token was not issued to this client",
                ));
            }
            ctx.db.revoke_refresh_token(&hash)?;
        }
        Ok(Empty {})
    }
}
