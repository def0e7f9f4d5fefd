//! SignUp, ConfirmSignUp, ResendConfirmationCode.

use cognito_idp::types::{
    CodeDeliveryResponse, ConfirmSignUpRequest, Empty, ResendConfirmationCodeRequest,
    SignUpRequest, SignUpResponse,
};

use super::*;

pub fn sign_up(app: &App, req: SignUpRequest) -> ApiResult<SignUpResponse> {
    let db = app.store();
    let (_, pool) = client_and_pool(&db, &req.client_id)?;
    check_len("Password", &req.password, 1, MAX_PASSWORD)?;
    let mut user = new_user(app, &db, &pool, &req.username, &req.user_attributes, false)?;
    check_password(&pool.settings.policies.password_policy, &req.password)?;
    let sub = user.sub().to_string();
    set_password(&pool, &mut user, &req.password)?;
    db.insert_user(&pool, &user)?;
    let code_delivery_details = if pool.auto_verifies_email() && user.email().is_some() {
        Some(send_code(app, &db, &pool, &user, "signup")?)
    } else {
        None
    };
    Ok(SignUpResponse {
        user_confirmed: false,
        user_sub: sub,
        code_delivery_details,
    })
}

pub fn confirm_sign_up(app: &App, req: ConfirmSignUpRequest) -> ApiResult<Empty> {
    let db = app.store();
    let (client, pool) = client_and_pool(&db, &req.client_id)?;
    let Some(mut user) = user_unless_hidden(&db, &client, &pool, &req.username)? else {
        return Err(code_mismatch());
    };
    check_unconfirmed(&user)?;
    check_code(
        app,
        &db,
        &pool,
        &user,
        "signup",
        ("ConfirmationCode", &req.confirmation_code),
    )?;
    user.status = "CONFIRMED".into();
    if user.email().is_some() {
        user.attributes
            .insert("email_verified".into(), "true".into());
    }
    user.modified = app.now();
    db.update_user(&pool, &user)?;
    Ok(Empty {})
}

pub fn resend_confirmation_code(
    app: &App,
    req: ResendConfirmationCodeRequest,
) -> ApiResult<CodeDeliveryResponse> {
    let db = app.store();
    let (client, pool) = client_and_pool(&db, &req.client_id)?;
    let Some(user) = user_unless_hidden(&db, &client, &pool, &req.username)? else {
        return Ok(CodeDeliveryResponse {
            code_delivery_details: email_delivery(&req.username),
        });
    };
    if user.status != "UNCONFIRMED" {
        return Err(ApiError::invalid("User is already confirmed."));
    }
    Ok(CodeDeliveryResponse {
        code_delivery_details: send_code(app, &db, &pool, &user, "signup")?,
    })
}
