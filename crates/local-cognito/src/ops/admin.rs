//! Administrators' user operations (unsigned here; IAM-signed on AWS).

use cognito_idp::op;
use cognito_idp::types::{
    AdminCreateUserRequest, AdminCreateUserResponse, AdminGetUserResponse,
    AdminSetUserPasswordRequest, AdminUserRequest, Empty, ListUsersRequest, ListUsersResponse,
};

use crate::codes::{send, Email};
use crate::context::{Ctx, Handler};
use crate::credentials::{clear_failures, set_password};
use crate::error::ApiResult;
use crate::model::UserStatus;
use crate::users::{check_unconfirmed, new_user, user_type, Creator};
use crate::validate::check_password;

use super::page::Page;

const DAY_SECS: i64 = 86_400;

impl Handler for op::AdminCreateUser {
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
            None => temporary_password(policy.minimum_length as usize),
        };
        user.password_expires = Some(
            user.created
                .saturating_add(i64::from(policy.temporary_password_validity_days) * DAY_SECS),
        );
        set_password(&pool, &mut user, &temporary)?;
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
        let u = user_type(&ctx.admin_user(&pool, &req.username)?);
        Ok(AdminGetUserResponse {
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
    fn handle(ctx: &Ctx<'_>, req: AdminSetUserPasswordRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let mut user = ctx.admin_user(&pool, &req.username)?;
        let policy = &pool.settings.policies.password_policy;
        check_password(policy, &req.password)?;
        set_password(&pool, &mut user, &req.password)?;
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
