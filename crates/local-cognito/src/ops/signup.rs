//! SignUp, ConfirmSignUp, ResendConfirmationCode.

use cognito_idp::types::{
    CodeDeliveryResponse, ConfirmSignUpRequest, Empty, ResendConfirmationCodeRequest,
    SignUpRequest, SignUpResponse,
};
use cognito_idp::ErrorCode;

use super::*;

pub fn sign_up(app: &App, req: SignUpRequest) -> ApiResult<SignUpResponse> {
    let db = app.store();
    let (_, pool) = client_and_pool(&db, &req.client_id)?;
    check_len("Username", &req.username, 1, MAX_USERNAME)?;
    check_len("Password", &req.password, 1, MAX_PASSWORD)?;
    if pool.email_is_username() && !is_email(&req.username) {
        return Err(ApiError::invalid("Username should be an email."));
    }
    let mut attributes = attributes(&req.user_attributes, false)?;
    let sub = uuid::Uuid::new_v4().to_string();
    let username = if pool.email_is_username() {
        attributes.insert("email".into(), req.username.clone());
        if db.user_by_email(&pool, &req.username)?.is_some() {
            return Err(ApiError::new(
                ErrorCode::UsernameExistsException,
                "An account with the given email already exists.",
            ));
        }
        // The internal username is the sub; the email is an alias.
        sub.clone()
    } else {
        if db.find_user(&pool, &req.username)?.is_some() {
            return Err(ApiError::new(
                ErrorCode::UsernameExistsException,
                "User already exists",
            ));
        }
        req.username.clone()
    };
    check_password(&pool.settings.policies.password_policy, &req.password)?;
    attributes.insert("sub".into(), sub.clone());
    if attributes.contains_key("email") {
        attributes.insert("email_verified".into(), "false".into());
    }
    let now = app.now();
    let mut user = User {
        pool_id: pool.id.clone(),
        username,
        attributes,
        status: "UNCONFIRMED".into(),
        enabled: true,
        salt: String::new(),
        verifier: String::new(),
        password_expires: None,
        created: now,
        modified: now,
        failed_attempts: 0,
        locked_until: 0,
        tokens_valid_after: 0,
    };
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
    let (_, pool) = client_and_pool(&db, &req.client_id)?;
    let mut user = user_for_client(&db, &pool, &req.username)?;
    if user.status != "UNCONFIRMED" {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            format!(
                "User cannot be confirmed. Current status is {}",
                user.status
            ),
        ));
    }
    check_code(app, &db, &pool, &user, "signup", &req.confirmation_code)?;
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
    let (_, pool) = client_and_pool(&db, &req.client_id)?;
    let user = user_for_client(&db, &pool, &req.username)?;
    if user.status != "UNCONFIRMED" {
        return Err(ApiError::invalid("User is already confirmed."));
    }
    Ok(CodeDeliveryResponse {
        code_delivery_details: send_code(app, &db, &pool, &user, "signup")?,
    })
}
