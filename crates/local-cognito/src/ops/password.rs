//! ForgotPassword, ConfirmForgotPassword, ChangePassword.

use cognito_idp::op;
use cognito_idp::types::{
    ChangePasswordRequest, CodeDeliveryResponse, ConfirmForgotPasswordRequest, Empty,
    ForgotPasswordRequest,
};

use crate::codes::{check_code, send_code, Holder};
use crate::context::{Ctx, Handler};
use crate::credentials::{
    check_can_sign_in, clear_failures, password_matches, set_password, wrong_password,
};
use crate::error::{ApiError, ApiResult};
use crate::model::{hides_users, CodePurpose, UserStatus};
use crate::tokens;
use crate::validate::{check_len, check_password, MAX_PASSWORD};

impl Handler for op::ForgotPassword {
    fn handle(ctx: &Ctx<'_>, req: ForgotPasswordRequest) -> ApiResult<CodeDeliveryResponse> {
        let (client, pool) = ctx.client_and_pool(&req.client_id)?;
        let Some(user) = ctx.user_unless_hidden(&client, &pool, &req.username)? else {
            let hidden = Holder::hidden(ctx, &pool, &req.username);
            return Ok(CodeDeliveryResponse {
                code_delivery_details: send_code(ctx, &pool, &hidden, CodePurpose::ForgotPassword)?,
            });
        };
        if user.email().is_none() || !user.email_verified() {
            return Err(ApiError::invalid(
                "Cannot reset password for the user as there is no registered/verified email or phone_number",
            ));
        }
        Ok(CodeDeliveryResponse {
            code_delivery_details: send_code(
                ctx,
                &pool,
                &Holder::User(&user),
                CodePurpose::ForgotPassword,
            )?,
        })
    }
}

impl Handler for op::ConfirmForgotPassword {
    const RUNS_TWICE: bool = true;

    fn handle(ctx: &Ctx<'_>, req: ConfirmForgotPasswordRequest) -> ApiResult<Empty> {
        let (client, pool) = ctx.client_and_pool(&req.client_id)?;
        // The policy first, for a known user and a hidden unknown one alike:
        // the order of the errors does not tell them apart.
        check_password(&pool.settings.policies.password_policy, &req.password)?;
        let code = ("ConfirmationCode", req.confirmation_code.as_str());
        let Some(mut user) = ctx.user_unless_hidden(&client, &pool, &req.username)? else {
            let hidden = Holder::hidden(ctx, &pool, &req.username);
            check_code(ctx, &pool, &hidden, CodePurpose::ForgotPassword, code, true)?;
            return Err(ApiError::code_mismatch());
        };
        check_code(
            ctx,
            &pool,
            &Holder::User(&user),
            CodePurpose::ForgotPassword,
            code,
            hides_users(&client),
        )?;
        set_password(ctx, &pool, &mut user, &req.password)?;
        if user.status != UserStatus::Unconfirmed {
            user.status = UserStatus::Confirmed;
        }
        user.password_expires = None;
        clear_failures(&mut user);
        user.modified = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        Ok(Empty {})
    }
}

impl Handler for op::ChangePassword {
    const RUNS_TWICE: bool = true;

    fn handle(ctx: &Ctx<'_>, req: ChangePasswordRequest) -> ApiResult<Empty> {
        let (pool, mut user) = tokens::check_access_token(ctx, &req.access_token)?;
        check_len("PreviousPassword", &req.previous_password, 1, MAX_PASSWORD)?;
        // A stolen access token gives no more guesses than sign-in does.
        check_can_sign_in(&user, ctx.now)?;
        if !password_matches(ctx, &pool, &user, &req.previous_password) {
            return Err(wrong_password(ctx.db, &pool, &mut user, ctx.now));
        }
        check_password(
            &pool.settings.policies.password_policy,
            &req.proposed_password,
        )?;
        set_password(ctx, &pool, &mut user, &req.proposed_password)?;
        clear_failures(&mut user);
        user.modified = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        Ok(Empty {})
    }
}
