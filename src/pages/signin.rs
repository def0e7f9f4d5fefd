use cognito_idp::ErrorCode;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{AuthError, CodeStep, NewPasswordStep, SignIn as Outcome};
use crate::components::fields::{Alert, PasswordField, Submit, TextField};
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::messages::{self, Form};
use crate::notice::Notice;
use crate::pages::code_step::{SetUpTwoStep, TwoStepCode};
use crate::pages::first_password::FirstPassword;
use crate::route::Page;
use crate::session::Session;
use crate::site::Site;
use crate::{query, srp, timing, validate};

/// The step after a right password, when there is one.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    NewPassword(NewPasswordStep),
    Code(CodeStep),
    SetUp(CodeStep),
}

#[component]
pub fn SignIn(site: Site) -> impl IntoView {
    let navigate = use_navigate();
    let email = RwSignal::new(query::email());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(site.notices.take().map(|n| messages::notice(n).to_string()));
    let busy = RwSignal::new(false);
    // A right password with a step still to go: a new password, or the
    // code of two-step sign-in.
    let step = RwSignal::new(None::<Step>);
    // A is drawn as soon as there is an email, so that the click waits
    // mostly on the network.
    Effect::new(move || {
        if !email.read().trim().is_empty() {
            srp::prepare();
        }
    });
    let done = {
        let navigate = navigate.clone();
        Callback::new(move |session: Session| {
            let next = site.auth.return_to.try_update(Option::take).flatten();
            site.auth.signed_in(session);
            navigate(next.unwrap_or(Page::Ride).path(), Default::default());
        })
    };
    // A right password: signed in, or the next step. (The password has
    // done its job either way; the step's own fields take over.)
    let proceed = Callback::new(move |next: Outcome| {
        password.set(String::new());
        notice.set(None);
        match next {
            Outcome::Done(session) => done.run(session),
            Outcome::NewPassword(next) => step.set(Some(Step::NewPassword(next))),
            Outcome::Code(next) => step.set(Some(Step::Code(next))),
            Outcome::SetUp(next) => step.set(Some(Step::SetUp(next))),
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (address, secret) = (email.get().trim().to_string(), password.get());
        if let Err(problem) = validate::sign_in(&address, &secret) {
            error.set(Some(messages::invalid(problem).into()));
            return;
        }
        error.set(None);
        timing::sign_in_clicked();
        let navigate = navigate.clone();
        let request = async move {
            site.api
                .sign_in(&address, &secret)
                .await
                .map_err(|e| (address, e))
        };
        run(busy, request, move |result| match result {
            Ok(next) => proceed.run(next),
            Err((address, AuthError::Service(e)))
                if e.code() == Some(ErrorCode::UserNotConfirmedException) =>
            {
                site.notices.post(Notice::NotVerifiedYet);
                navigate(
                    &query::with_email(Page::Verify, &address),
                    Default::default(),
                );
            }
            Err((_, e)) => {
                // The next attempt gets a fresh A, ready before its click.
                srp::prepare();
                notice.set(None);
                error.set(Some(messages::sign_in_failed(Form::SignIn, &e)));
            }
        });
    };
    let restart = Callback::new(move |()| {
        srp::prepare();
        step.set(None);
    });
    view! {
        <Frame title="Sign in">
            {move || match step.get() {
                Some(Step::NewPassword(step)) => view! { <FirstPassword site step proceed restart /> }.into_any(),
                Some(Step::Code(step)) => view! { <TwoStepCode site step done restart /> }.into_any(),
                Some(Step::SetUp(step)) => {
                    let account = email.get_untracked().trim().to_string();
                    view! { <SetUpTwoStep site step account done restart /> }.into_any()
                }
                None => view! {
                    <form on:submit=on_submit.clone() novalidate=true>
                        <TextField id="email" label="Email" kind="email" autocomplete="email" value=email />
                        <PasswordField id="password" label="Password" autocomplete="current-password" value=password />
                        <Alert error=error notice=notice />
                        <Submit label="Sign in" busy_label="Signing in…" busy=busy />
                    </form>
                }
                    .into_any(),
            }}
            <p class="aside"><A href=Page::ForgotPassword.path()>{messages::FORGOT_PASSWORD}</A></p>
            <p class="aside">{messages::NEW_HERE} <A href=Page::Register.path()>"Create an account"</A></p>
        </Frame>
    }
}
