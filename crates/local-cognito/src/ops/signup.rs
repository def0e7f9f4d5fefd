//! SignUp, ConfirmSignUp, ResendConfirmationCode.

use cognito_idp::op;
use cognito_idp::types::{
    CodeDeliveryResponse, ConfirmSignUpRequest, Empty, ResendConfirmationCodeRequest,
    SignUpRequest, SignUpResponse,
};

use crate::codes::{check_code, send_code, Holder};
use crate::context::{Ctx, Handler};
use crate::credentials::set_password;
use crate::error::{ApiError, ApiResult};
use crate::model::{hides_users, CodePurpose, UserStatus};
use crate::users::{check_unconfirmed, new_user, Creator};
use crate::validate::{check_len, check_password, MAX_PASSWORD};

impl Handler for op::SignUp {
    const RUNS_TWICE: bool = true;

    fn handle(ctx: &Ctx<'_>, req: SignUpRequest) -> ApiResult<SignUpResponse> {
        let (_, pool) = ctx.client_and_pool(&req.client_id)?;
        check_len("Password", &req.password, 1, MAX_PASSWORD)?;
        let mut user = new_user(
            ctx,
            &pool,
            &req.username,
            &req.user_attributes,
            Creator::Themselves,
        )?;
        check_password(&pool.settings.policies.password_policy, &req.password)?;
        set_password(ctx, &pool, &mut user, &req.password)?;
        ctx.db.insert_user(&pool, &user)?;
        let code_delivery_details = if pool.auto_verifies_email() && user.email().is_some() {
            Some(send_code(
                ctx,
                &pool,
                &Holder::User(&user),
                CodePurpose::SignUp,
            )?)
        } else {
            None
        };
        Ok(SignUpResponse {
            user_confirmed: false,
            user_sub: user.sub().to_string(),
            code_delivery_details,
        })
    }
}

impl Handler for op::ConfirmSignUp {
    fn handle(ctx: &Ctx<'_>, req: ConfirmSignUpRequest) -> ApiResult<Empty> {
        let (client, pool) = ctx.client_and_pool(&req.client_id)?;
        let code = ("ConfirmationCode", req.confirmation_code.as_str());
        let Some(mut user) = ctx.user_unless_hidden(&client, &pool, &req.username)? else {
            let hidden = Holder::hidden(ctx, &pool, &req.username);
            check_code(ctx, &pool, &hidden, CodePurpose::SignUp, code, true)?;
            return Err(ApiError::code_mismatch());
        };
        check_unconfirmed(&user)?;
        check_code(
            ctx,
            &pool,
            &Holder::User(&user),
            CodePurpose::SignUp,
            code,
            hides_users(&client),
        )?;
        user.status = UserStatus::Confirmed;
        if user.email().is_some() {
            user.attributes
                .insert("email_verified".into(), "true".into());
        }
        user.modified = ctx.now;
        ctx.db.update_user(&pool, &user)?;
        Ok(Empty {})
    }
}

impl Handler for op::ResendConfirmationCode {
    fn handle(
        ctx: &Ctx<'_>,
        req: ResendConfirmationCodeRequest,
    ) -> ApiResult<CodeDeliveryResponse> {
        let (client, pool) = ctx.client_and_pool(&req.client_id)?;
        let holder = match ctx.user_unless_hidden(&client, &pool, &req.username)? {
            Some(user) if user.status != UserStatus::Unconfirmed => {
                return Err(ApiError::invalid("User is already confirmed."))
            }
            Some(user) => user,
            None => {
                let hidden = Holder::hidden(ctx, &pool, &req.username);
                return Ok(CodeDeliveryResponse {
                    code_delivery_details: send_code(ctx, &pool, &hidden, CodePurpose::SignUp)?,
                });
            }
        };
        Ok(CodeDeliveryResponse {
            code_delivery_details: send_code(
                ctx,
                &pool,
                &Holder::User(&holder),
                CodePurpose::SignUp,
            )?,
        })
    }
}
