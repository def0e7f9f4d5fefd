//! ForgotPassword, ConfirmForgotPassword, ChangePassword.

use cognito_idp::types::{
    ChangePasswordRequest, CodeDeliveryResponse, ConfirmForgotPasswordRequest, Empty,
    ForgotPasswordRequest,
};

use super::auth::record_failure;
use super::*;
use crate::tokens;

pub fn forgot_password(app: &App, req: ForgotPasswordRequest) -> ApiResult<CodeDeliveryResponse> {
    let db = app.store();
    let (client, pool) = client_and_pool(&db, &req.client_id)?;
    let Some(user) = user_unless_hidden(&db, &client, &pool, &req.username)? else {
        return Ok(CodeDeliveryResponse {
            code_delivery_details: email_delivery(&req.username),
        });
    };
    let verified = user
        .attributes
        .get("email_verified")
        .is_some_and(|v| v == "true");
    if user.email().is_none() || !verified {
        return Err(ApiError::invalid(
            "Cannot reset password for the user as there is no registered/verified email or phone_number",
        ));
    }
    Ok(CodeDeliveryResponse {
        code_delivery_details: send_code(app, &db, &pool, &user, "forgot")?,
    })
}

pub fn confirm_forgot_password(app: &App, req: ConfirmForgotPasswordRequest) -> ApiResult<Empty> {
    let db = app.store();
    let (client, pool) = client_and_pool(&db, &req.client_id)?;
    let Some(mut user) = user_unless_hidden(&db, &client, &pool, &req.username)? else {
        return Err(code_mismatch());
    };
    check_password(&pool.settings.policies.password_policy, &req.password)?;
    check_code(
        app,
        &db,
        &pool,
        &user,
        "forgot",
        ("ConfirmationCode", &req.confirmation_code),
    )?;
    set_password(&pool, &mut user, &req.password)?;
    if user.status != "UNCONFIRMED" {
        user.status = "CONFIRMED".into();
    }
    user.password_expires = None;
    user.failed_attempts = 0;
    user.locked_until = 0;
    user.modified = app.now();
    db.update_user(&pool, &user)?;
    Ok(Empty {})
}

pub fn change_password(app: &App, req: ChangePasswordRequest) -> ApiResult<Empty> {
    let db = app.store();
    let (pool, mut user) = tokens::check_access_token(app, &db, &req.access_token)?;
    check_len("PreviousPassword", &req.previous_password, 1, MAX_PASSWORD)?;
    if !password_matches(&pool, &user, &req.previous_password) {
        record_failure(app, &db, &pool, &mut user)?;
        return Err(ApiError::wrong_password());
    }
    check_password(
        &pool.settings.policies.password_policy,
        &req.proposed_password,
    )?;
    set_password(&pool, &mut user, &req.proposed_password)?;
    user.failed_attempts = 0;
    user.modified = app.now();
    db.update_user(&pool, &user)?;
    Ok(Empty {})
}
