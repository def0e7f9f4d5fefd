//! Forgot password: the email first (ForgotPassword sends a code), then the
//! code and a new password (ConfirmForgotPassword); sign-in after, with
//! the email filled in.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::fields::{Alert, Button, NewPassword, Outcome, Submit, TextField};
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::messages::{self, explain, Form};
use crate::notice::Notice;
use crate::route::Page;
use crate::site::Site;
use crate::{query, validate};

/// Where the visitor is: asking for a code, or using it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    AskForCode,
    Reset,
}

#[component]
pub fn ForgotPassword(site: Site) -> impl IntoView {
    let navigate = use_navigate();
    let step = RwSignal::new(Step::AskForCode);
    let email = RwSignal::new(query::email());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let outcome = Outcome::new(None);
    let say = move |text| outcome.say(text);
    let sending = RwSignal::new(false);
    let resetting = RwSignal::new(false);
    let policy = &site.api.config().password_policy;
    let send_code = move || {
        let address = email.get().trim().to_string();
        if let Err(problem) = validate::resend(&address) {
            return say(Err(messages::invalid(problem).into()));
        }
        run(
            sending,
            async move { site.api.forgot_password(&address).await },
            move |result| match result {
                Ok(sent) => {
                    step.set(Step::Reset);
                    say(Ok(messages::reset_code_sent(&sent.destination)));
                }
                Err(e) => say(Err(explain(Form::ForgotPassword, &e))),
            },
        );
    };
    let on_ask = move |ev: SubmitEvent| {
        ev.prevent_default();
        send_code();
    };
    let on_reset = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (address, digits, secret) = (
            email.get().trim().to_string(),
            code.get().trim().to_string(),
            password.get(),
        );
        if let Err(problem) =
            validate::password_reset(policy, &address, &digits, &secret, &confirm.get())
        {
            return say(Err(messages::invalid(problem).into()));
        }
        let navigate = navigate.clone();
        run(
            resetting,
            async move {
                site.api
                    .confirm_forgot_password(&address, &digits, &secret)
                    .await
                    .map(|()| address)
            },
            move |result| match result {
                Ok(address) => {
                    site.notices.post(Notice::PasswordReset);
                    navigate(
                        &query::with_email(Page::SignIn, &address),
                        Default::default(),
                    );
                }
                Err(e) => say(Err(explain(Form::ResetPassword, &e))),
            },
        );
    };
    view! {
        <Frame title="Reset your password">
            {move || match step.get() {
                Step::AskForCode => view! {
                    <form on:submit=on_ask novalidate=true>
                        <p>{messages::RESET_EXPLAINED}</p>
                        <TextField id="email" label="Email" kind="email" autocomplete="email" value=email />
                        <Alert error=outcome.error notice=outcome.notice />
                        <Submit label="Send code" busy_label="Sending…" busy=sending />
                    </form>
                }
                    .into_any(),
                Step::Reset => view! {
                    <form on:submit=on_reset.clone() novalidate=true>
                        <TextField id="email" label="Email" kind="email" autocomplete="email" value=email />
                        <TextField id="code" label="Verification code" autocomplete="one-time-code" inputmode="numeric" value=code />
                        <NewPassword label="New password" repeat_label="Confirm new password" policy=policy password=password repeated=confirm />
                        <Alert error=outcome.error notice=outcome.notice />
                        <Submit label="Reset password" busy_label="Resetting…" busy=resetting />
                        <Button label="Resend code" busy_label="Sending…" busy=sending class="link" on_click=Callback::new(move |()| send_code()) />
                    </form>
                }
                    .into_any(),
            }}
            <p class="aside">{messages::REMEMBERED} <A href=Page::SignIn.path()>"Sign in"</A></p>
        </Frame>
    }
}
