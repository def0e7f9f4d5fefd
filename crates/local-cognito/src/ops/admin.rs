//! Administrators' user operations (unsigned here; IAM-signed on AWS).

use cognito_idp::op;
use cognito_idp::types::{
    AdminCreateUserRequest, AdminCreateUserResponse, AdminDeleteUserAttributesRequest,
    AdminGetUserResponse, AdminSetUserPasswordRequest, AdminUpdateUserAttributesRequest,
    AdminUserRequest, Empty, ListUsersRequest, ListUsersResponse,
};
use cognito_idp::ErrorCode;

use crate::codes::{send, send_code, Email, Holder};
use crate::context::{Ctx, Handler};
use crate::credentials::{clear_failures, set_password};
use crate::error::{ApiError, ApiResult};
use crate::model::{CodePurpose, UserStatus};
use crate::users::{check_unconfirmed, new_user, update_attributes, user_type, Creator};
use crate::validate::{attributes, check_len, check_password, check_writable};

use super::page::Page;

const DAY_SECS: i64 = 86_400;

impl Handler for op::AdminCreateUser {
    const RUNS_TWICE: bool = true;

    fn handle(ctx: &Ctx<'_>, req: AdminCreateUserRequest) -> ApiResult<AdminCreateUserResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let mut user = new_user(
            ctx,
            &pool,
            &req.username,
            &req.user_attributes,
            Creator::Administrator,
        )?;
        let policy = &pool.settings.policies.password_policy;
        let temporary = match &req.temporary_password {
            Some(password) => {
                check_password(policy, password)?;
                password.clone()
            }
            None => ctx
                .verifiers
                .draw(|| temporary_password(policy.minimum_length as usize)),
        };
        user.password_expires = Some(
            user.created
                .saturating_add(i64::from(policy.temporary_password_validity_days) * DAY_SECS),
        );
        set_password(ctx, &pool, &mut user, &temporary)?;
        ctx.db.insert_user(&pool, &user)?;
        if req.message_action.as_deref() != Some("SUPPRESS") {
            if let Some(email) = user.email() {
                let body = format!(
                    "Your username is {} and temporary password is {temporary}.",
                    req.username
                );
                let logged = format!(
                    "Your username is {} and a temporary password is in the outbox.",
                    req.username
                );
                send(
                    ctx,
                    &Email {
                        pool_id: &pool.id,
                        to: email,
                        subject: "Your temporary password",
                        body: &body,
                        logged: &logged,
                    },
                )?;
            }
        }
        Ok(AdminCreateUserResponse {
            user: user_type(&user),
        })
    }
}

impl Handler for op::AdminConfirmSignUp {
    fn handle(ctx: &Ctx<'_>, req: AdminUserRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let mut user = ctx.admin_user(&pool, &req.username)?;
        check_unconfirmed(&user)?;
        user.status = UserStatus::Confirmed;
        user.modified = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        Ok(Empty {})
    }
}

impl Handler for op::AdminGetUser {
    fn handle(ctx: &Ctx<'_>, req: AdminUserRequest) -> ApiResult<AdminGetUserResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        let (user_mfa_setting_list, preferred_mfa_setting) =
            super::mfa::user_mfa_settings(ctx, &pool, &user)?;
        let u = user_type(&user);
        Ok(AdminGetUserResponse {
            user_mfa_setting_list,
            preferred_mfa_setting,
            username: u.username,
            user_attributes: u.attributes,
            user_create_date: u.user_create_date,
            user_last_modified_date: u.user_last_modified_date,
            enabled: u.enabled,
            user_status: u.user_status,
        })
    }
}

impl Handler for op::AdminDeleteUser {
    fn handle(ctx: &Ctx<'_>, req: AdminUserRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        ctx.db.delete_user(&pool, &user)?;
        Ok(Empty {})
    }
}

impl Handler for op::AdminSetUserPassword {
    const RUNS_TWICE: bool = true;

    fn handle(ctx: &Ctx<'_>, req: AdminSetUserPasswordRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let mut user = ctx.admin_user(&pool, &req.username)?;
        let policy = &pool.settings.policies.password_policy;
        check_password(policy, &req.password)?;
        set_password(ctx, &pool, &mut user, &req.password)?;
        if req.permanent {
            user.status = UserStatus::Confirmed;
            user.password_expires = None;
        } else {
            user.status = UserStatus::ForceChangePassword;
            user.password_expires = Some(
                ctx.now
                    .saturating_add(i64::from(policy.temporary_password_validity_days) * DAY_SECS),
            );
        }
        clear_failures(&mut user);
        user.modified = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        Ok(Empty {})
    }
}

impl Handler for op::ListUsers {
    fn handle(ctx: &Ctx<'_>, req: ListUsersRequest) -> ApiResult<ListUsersResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let page = Page::read("limit", req.pagination_token.as_deref(), req.limit)?;
        let users = ctx.db.users(&pool.id)?;
        let pagination_token = page.next_token(users.len());
        Ok(ListUsersResponse {
            users: page.of(users).map(|user| user_type(&user)).collect(),
            pagination_token,
        })
    }
}

/// As UpdateUserAttributes, for an administrator, who may also set
/// `email_verified`: a new email is unverified, and gets its code where
/// the pool verifies email, unless the same call marks it verified.
impl Handler for op::AdminUpdateUserAttributes {
    fn handle(ctx: &Ctx<'_>, req: AdminUpdateUserAttributesRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let mut user = ctx.admin_user(&pool, &req.username)?;
        let updates = attributes(&req.user_attributes, true)?;
        let verified = updates.get("email_verified").cloned();
        let email_changed = update_attributes(ctx, &pool, &mut user, updates)?;
        if let Some(verified) = verified {
            user.attributes.insert("email_verified".into(), verified);
        }
        ctx.db.update_user(&pool, &user)?;
        if email_changed && !user.email_verified() && pool.auto_verifies_email() {
            send_code(ctx, &pool, &Holder::User(&user), CodePurpose::VerifyEmail)?;
        }
        Ok(Empty {})
    }
}

/// Removes attributes; an email goes with its verification. Where email
/// is the username it cannot go: the user would have no way to sign in.
impl Handler for op::AdminDeleteUserAttributes {
    fn handle(ctx: &Ctx<'_>, req: AdminDeleteUserAttributesRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let mut user = ctx.admin_user(&pool, &req.username)?;
        for name in &req.user_attribute_names {
            check_len("UserAttributeNames", name, 1, 32)?;
            check_writable(name, true)?;
            if name == "email" && pool.email_is_username() {
                return Err(ApiError::invalid(
                    "Cannot delete email: it is this user pool's username attribute.",
                ));
            }
        }
        for name in &req.user_attribute_names {
            user.attributes.remove(name);
            // Its verified flag goes with it.
            if let Some(flag) = match name.as_str() {
                "email" => Some("email_verified"),
                "phone_number" => Some("phone_number_verified"),
                _ => None,
            } {
                user.attributes.remove(flag);
            }
        }
        user.modified = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        Ok(Empty {})
    }
}

/// A disabled user cannot sign in or refresh (see `credentials` and
/// `tokens`), and the access tokens issued before now stop working, as
/// Cognito revokes them. Refresh tokens are kept: enabled again, the user
/// refreshes with them.
impl Handler for op::AdminDisableUser {
    fn handle(ctx: &Ctx<'_>, req: AdminUserRequest) -> ApiResult<Empty> {
        set_enabled(ctx, &req, false)
    }
}

impl Handler for op::AdminEnableUser {
    fn handle(ctx: &Ctx<'_>, req: AdminUserRequest) -> ApiResult<Empty> {
        set_enabled(ctx, &req, true)
    }
}

fn set_enabled(ctx: &Ctx<'_>, req: &AdminUserRequest, enabled: bool) -> ApiResult<Empty> {
    let pool = ctx.pool(&req.user_pool_id)?;
    let mut user = ctx.admin_user(&pool, &req.username)?;
    user.enabled = enabled;
    if !enabled {
        user.tokens_valid_after = ctx.now;
    }
    user.modified = ctx.now;
    ctx.db.update_user(&pool, &user)?;
    Ok(Empty {})
}

/// RESET_REQUIRED: sign-in answers PasswordResetRequiredException until
/// the user sets a new password with the code emailed here
/// (ConfirmForgotPassword). Only a confirmed user with a verified email
/// can be reset; one already reset gets a new code.
impl Handler for op::AdminResetUserPassword {
    fn handle(ctx: &Ctx<'_>, req: AdminUserRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let mut user = ctx.admin_user(&pool, &req.username)?;
        if !user.enabled {
            return Err(ApiError::new(
                ErrorCode::NotAuthorizedException,
                "User is disabled.",
            ));
        }
        if !matches!(
            user.status,
            UserStatus::Confirmed | UserStatus::ResetRequired
        ) {
            return Err(ApiError::new(
                ErrorCode::NotAuthorizedException,
                "User password cannot be reset in the current state.",
            ));
        }
        if user.email().is_none() || !user.email_verified() {
            return Err(ApiError::invalid(
                "Cannot reset password for the user as there is no registered/verified email or phone_number",
            ));
        }
        user.status = UserStatus::ResetRequired;
        user.modified = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        send_code(
            ctx,
            &pool,
            &Holder::User(&user),
            CodePurpose::ForgotPassword,
        )?;
        Ok(Empty {})
    }
}

/// As GlobalSignOut, for an administrator: every refresh token of the
/// user is revoked, and with them every ID and access token issued before
/// now.
impl Handler for op::AdminUserGlobalSignOut {
    fn handle(ctx: &Ctx<'_>, req: AdminUserRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let mut user = ctx.admin_user(&pool, &req.username)?;
        ctx.db.revoke_user_tokens(&pool.id, &user.username)?;
        user.tokens_valid_after = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        Ok(Empty {})
    }
}

/// A temporary password that meets any policy: every kind of character.
fn temporary_password(min_len: usize) -> String {
    use crate::random::chars;
    let mut password = format!(
        "{}{}{}{}",
        chars(1, b"ABCDEFGHJKLMNPQRSTUVWXYZ"),
        chars(1, b"abcdefghijkmnpqrstuvwxyz"),
        chars(1, b"23456789"),
        chars(1, b"!#%&*+-=?@^_"),
    );
    password.push_str(&chars(
        min_len.clamp(12, 99) - 4,
        b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789",
    ));
    password
}
