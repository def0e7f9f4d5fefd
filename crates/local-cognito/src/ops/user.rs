//! What a signed-in user does with an access token, and RevokeToken.

use cognito_idp::types::{
    AccessTokenRequest, CodeDeliveryResponse, Empty, GetUserAttributeVerificationCodeRequest,
    GetUserResponse, RevokeTokenRequest, UpdateUserAttributesRequest, UpdateUserAttributesResponse,
    VerifyUserAttributeRequest,
};
use cognito_idp::ErrorCode;

use super::*;
use crate::tokens;

pub fn get_user(app: &App, req: AccessTokenRequest) -> ApiResult<GetUserResponse> {
    let db = app.store();
    let (_, user) = tokens::check_access_token(app, &db, &req.access_token)?;
    Ok(GetUserResponse {
        username: user.username.clone(),
        user_attributes: attribute_list(&user),
    })
}

pub fn update_user_attributes(
    app: &App,
    req: UpdateUserAttributesRequest,
) -> ApiResult<UpdateUserAttributesResponse> {
    let db = app.store();
    let (pool, mut user) = tokens::check_access_token(app, &db, &req.access_token)?;
    let updates = attributes(&req.user_attributes, false)?;
    let new_email = updates
        .get("email")
        .filter(|e| Some(e.as_str()) != user.email())
        .cloned();
    if let Some(email) = &new_email {
        if pool.email_is_username() && db.user_by_email(&pool, email)?.is_some() {
            return Err(ApiError::new(
                ErrorCode::AliasExistsException,
                "An account with the given email already exists.",
            ));
        }
    }
    user.attributes.extend(updates);
    user.modified = app.now();
    let mut response = UpdateUserAttributesResponse::default();
    if new_email.is_some() {
        user.attributes
            .insert("email_verified".into(), "false".into());
        db.update_user(&pool, &user)?;
        if pool.auto_verifies_email() {
            response.code_delivery_details_list.push(send_code(
                app,
                &db,
                &pool,
                &user,
                "verify_email",
            )?);
        }
    } else {
        db.update_user(&pool, &user)?;
    }
    Ok(response)
}

/// Emails a new code for verifying the user's email (after
/// UpdateUserAttributes changed it, or when its code was lost).
pub fn get_user_attribute_verification_code(
    app: &App,
    req: GetUserAttributeVerificationCodeRequest,
) -> ApiResult<CodeDeliveryResponse> {
    let db = app.store();
    let (pool, user) = tokens::check_access_token(app, &db, &req.access_token)?;
    check_verifiable(&req.attribute_name)?;
    Ok(CodeDeliveryResponse {
        code_delivery_details: send_code(app, &db, &pool, &user, "verify_email")?,
    })
}

/// Marks the user's email verified with the code emailed for it.
pub fn verify_user_attribute(app: &App, req: VerifyUserAttributeRequest) -> ApiResult<Empty> {
    let db = app.store();
    let (pool, mut user) = tokens::check_access_token(app, &db, &req.access_token)?;
    check_verifiable(&req.attribute_name)?;
    check_code(app, &db, &pool, &user, "verify_email", ("Code", &req.code))?;
    user.attributes
        .insert("email_verified".into(), "true".into());
    user.modified = app.now();
    db.update_user(&pool, &user)?;
    Ok(Empty {})
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

pub fn delete_user(app: &App, req: AccessTokenRequest) -> ApiResult<Empty> {
    let db = app.store();
    let (pool, user) = tokens::check_access_token(app, &db, &req.access_token)?;
    db.delete_user(&pool, &user)?;
    Ok(Empty {})
}

/// Revokes every refresh token of the user, and with them every ID and
/// access token issued before now.
pub fn global_sign_out(app: &App, req: AccessTokenRequest) -> ApiResult<Empty> {
    let db = app.store();
    let (pool, mut user) = tokens::check_access_token(app, &db, &req.access_token)?;
    db.revoke_user_tokens(&pool.id, &user.username)?;
    user.tokens_valid_after = app.now();
    db.update_user(&pool, &user)?;
    Ok(Empty {})
}

/// Revokes a refresh token and the tokens of its sign-in. Unknown tokens
/// are accepted silently (RFC 7009); access or ID tokens are refused.
pub fn revoke_token(app: &App, req: RevokeTokenRequest) -> ApiResult<Empty> {
    let db = app.store();
    let (client, _) = client_and_pool(&db, &req.client_id)?;
    check_len("Token", &req.token, 1, MAX_TOKEN)?;
    if req.token.split('.').count() == 3 {
        return Err(ApiError::new(
            ErrorCode::UnsupportedTokenTypeException,
            "Unsupported token type",
        ));
    }
    let hash = tokens::hash(&req.token);
    if let Some(stored) = db.refresh_token(&hash)? {
        if stored.client_id != client.client_id {
            return Err(ApiError::new(
                ErrorCode::NotAuthorizedException,
                "Token was not issued to this client",
            ));
        }
        db.revoke_refresh_token(&hash)?;
    }
    Ok(Empty {})
}
