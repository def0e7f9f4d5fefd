//! Sign-in's second step for a user with two-step sign-in: the code from
//! their authenticator app (the SOFTWARE_TOKEN_MFA answer).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::CodeStep;
use crate::components::fields::{Alert, Submit, TextField};
use crate::components::request::run;
use crate::messages::{self, Form};
use crate::session::Session;
use crate::site::Site;
use crate::validate;

#[component]
pub fn TwoStepCode(
    site: Site,
    step: CodeStep,
    /// Signed in: where the sign-in page goes next.
    done: Callback<Session>,
    /// Back to the email and password (the step's session is over).
    restart: Callback<()>,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let digits = code.get().trim().to_string();
        if let Err(problem) = validate::code(&digits) {
            error.set(Some(messages::invalid(problem).into()));
            return;
        }
        error.set(None);
        let step = step.clone();
        run(
            busy,
            async move { site.api.answer_code(&step, &digits).await },
            move |result| match result {
                Ok(session) => done.run(session),
                Err(e) => error.set(Some(messages::sign_in_failed(Form::SignInCode, &e))),
            },
        );
    };
    view! {
        <form on:submit=on_submit novalidate=true>
            <p>{messages::CODE_STEP_EXPLAINED}</p>
            <TextField id="totp-code" label="Code from your authenticator app" autocomplete="one-time-code" inputmode="numeric" value=code />
            <Alert error=error />
            <Submit label="Sign in" busy_label="Signing in…" busy=busy />
            <button type="button" class="link" on:click=move |_| restart.run(())>"Start again"</button>
        </form>
    }
}
