//! Sign-in's code step: for two-step sign-in, the code from the user's
//! authenticator app or email (the SOFTWARE_TOKEN_MFA or EMAIL_OTP answer),
//! or, where the pool requires it and the user has no app yet, its set-up
//! (MFA_SETUP); and the emailed code of a sign-in without the password.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{CodeStep, Factor};
use crate::components::fields::{Alert, Outcome, Submit, TextField};
use crate::components::request::run;
use crate::messages::{self, Form};
use crate::pages::two_step::AppKey;
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
    let remember = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (explained, id, label, form) = match &step.factor {
        Factor::App => (
            messages::CODE_STEP_EXPLAINED.to_string(),
            "totp-code",
            "Code from your authenticator app",
            Form::SignInCode,
        ),
        Factor::Email { destination } => (
            messages::email_code_step(destination),
            "email-code",
            "Code from your email",
            Form::SignInEmailCode,
        ),
        Factor::SignInEmail { destination } => (
            messages::sign_in_code_sent(destination),
            "sign-in-code",
            "Sign-in code",
            Form::SignInEmailCode,
        ),
    };
    // A device is remembered to skip a second step; signing in by an
    // emailed code has none.
    let second_step = !matches!(step.factor, Factor::SignInEmail { .. });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let digits = match if second_step {
            validate::app_code(&code.get())
        } else {
            validate::sign_in_code(&code.get())
        } {
            Ok(digits) => digits,
            Err(problem) => return error.set(Some(messages::invalid(problem).into())),
        };
        error.set(None);
        let step = step.clone();
        run(
            busy,
            async move {
                let (session, new_device) = site.api.answer_code(&step, &digits).await?;
                // Not remembered is no reason to fail the sign-in: the next
                // one asks for a code again.
                if let (true, Some(new)) = (remember.get_untracked(), new_device) {
                    let _ = site.api.remember_device(&session, &new).await;
                }
                Ok(session)
            },
            move |result| match result {
                Ok(session) => done.run(session),
                Err(e) => error.set(Some(messages::sign_in_failed(form, &e))),
            },
        );
    };
    view! {
        <form on:submit=on_submit novalidate=true>
            <p>{explained}</p>
            <TextField id=id label=label autocomplete="one-time-code" inputmode="numeric" value=code />
            <Show when=move || second_step>
                <div class="check">
                    <input id="remember-device" type="checkbox" bind:checked=remember />
                    <label for="remember-device">"Remember this device"</label>
                </div>
            </Show>
            <Alert error=error />
            <Submit label="Sign in" busy_label="Signing in…" busy=busy />
            <button type="button" class="link" on:click=move |_| restart.run(())>"Start again"</button>
        </form>
    }
}

#[component]
pub fn SetUpTwoStep(
    site: Site,
    step: CodeStep,
    /// Whose app this is (the email signed in with), as the app lists it.
    account: String,
    done: Callback<Session>,
    restart: Callback<()>,
) -> impl IntoView {
    let outcome = Outcome::new(None);
    // The secret and the step that goes on with it (AssociateSoftwareToken
    // answers a new session).
    let secret = RwSignal::new(None::<String>);
    let next = RwSignal::new(None::<CodeStep>);
    let code = RwSignal::new(String::new());
    let (loading, busy) = (RwSignal::new(false), RwSignal::new(false));
    run(
        loading,
        async move { site.api.setup_secret(&step).await },
        move |result| match result {
            Ok((key, step)) => {
                secret.set(Some(key));
                next.set(Some(step));
            }
            Err(e) => outcome.say(Err(messages::explain(Form::SignInCode, &e))),
        },
    );
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let digits = validate::app_code(&code.get());
        if let Err(problem) = &digits {
            return outcome.say(Err(messages::invalid(*problem).into()));
        }
        let digits = digits.unwrap_or_default();
        let Some(step) = next.get_untracked() else {
            return outcome.say(Err(messages::SETUP_NOT_STARTED.into()));
        };
        run(
            busy,
            async move { site.api.finish_setup(&step, &digits).await },
            move |result| match result {
                Ok(session) => done.run(session),
                Err(e) => outcome.say(Err(messages::sign_in_failed(Form::SignInCode, &e))),
            },
        );
    };
    view! {
        <form on:submit=on_submit novalidate=true>
            <p>{messages::SETUP_REQUIRED}</p>
            <AppKey secret account=account />
            <TextField id="totp-code" label="Code from your authenticator app" autocomplete="one-time-code" inputmode="numeric" value=code />
            <Alert error=outcome.error notice=outcome.notice />
            <Submit label="Turn on and sign in" busy_label="Signing in…" busy=busy />
            <button type="button" class="link" on:click=move |_| restart.run(())>"Start again"</button>
        </form>
    }
}
