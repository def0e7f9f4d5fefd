use cognito_idp::ErrorCode;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use std::time::Duration;

use crate::api::{AuthError, CodeStep, NewPasswordStep, SignIn as Outcome};
use crate::components::fields::{Alert, Button, PasswordField, Submit, TextField};
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::config::FirstFactor;
use crate::messages::{self, Form};
use crate::notice::Notice;
use crate::pages::code_step::{SetUpTwoStep, TwoStepCode};
use crate::pages::first_password::FirstPassword;
use crate::route::Page;
use crate::session::Session;
use crate::site::Site;
use crate::{query, srp, timing, validate};

/// How long typing pauses before the page asks the service how the
/// account typed can sign in.
const ASK_AFTER: Duration = Duration::from_millis(600);

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
    // The ways to sign in without the password: config.js's list, or else
    // the service's answer for the account typed (USER_AUTH's choices),
    // asked once typing pauses on something like an address.
    let factors = RwSignal::new(Vec::<FirstFactor>::new());
    let usable = |listed: &[FirstFactor]| -> Vec<FirstFactor> {
        let passkeys = webauthn_json::supported();
        listed
            .iter()
            .copied()
            .filter(|factor| *factor != FirstFactor::Passkey || passkeys)
            .collect()
    };
    match &site.api.config().sign_in_methods {
        Some(listed) => factors.set(usable(listed)),
        None => {
            let asked = StoredValue::new(String::new());
            Effect::new(move || {
                let address = email.read().trim().to_string();
                if validate::email_first(&address).is_err() {
                    return;
                }
                set_timeout(
                    move || {
                        let typed = email.get_untracked();
                        if typed.trim() != address || asked.get_value() == address {
                            return;
                        }
                        asked.set_value(address.clone());
                        leptos::task::spawn_local(async move {
                            let found = site.api.first_factors(&address).await;
                            if email.get_untracked().trim() == address {
                                factors.set(usable(&found));
                            }
                        });
                    },
                    ASK_AFTER,
                );
            });
        }
    }
    let (passkey_busy, code_busy) = (RwSignal::new(false), RwSignal::new(false));
    let without_password = Callback::new(move |factor: FirstFactor| {
        let address = email.get_untracked().trim().to_string();
        if let Err(problem) = validate::email_first(&address) {
            error.set(Some(messages::invalid(problem).into()));
            return;
        }
        error.set(None);
        let (busy, form) = match factor {
            FirstFactor::Passkey => (passkey_busy, Form::PasskeySignIn),
            FirstFactor::EmailCode => (code_busy, Form::SignInEmailCode),
        };
        run(
            busy,
            async move { site.api.sign_in_with(&address, factor).await },
            move |result| match result {
                Ok(next) => proceed.run(next),
                Err(e) => {
                    notice.set(None);
                    error.set(Some(messages::sign_in_failed(form, &e)));
                }
            },
        );
    });
    let offers = move |factor| factors.read().contains(&factor);
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
                    <Show when=move || !factors.read().is_empty()>
                        <div class="other-ways">
                            <p>{messages::OTHER_WAYS}</p>
                            <Show when=move || offers(FirstFactor::Passkey)>
                                <Button label="Sign in with a passkey" busy_label="Waiting for your passkey…" busy=passkey_busy class="secondary" on_click=Callback::new(move |()| without_password.run(FirstFactor::Passkey)) />
                            </Show>
                            <Show when=move || offers(FirstFactor::EmailCode)>
                                <Button label="Email me a sign-in code" busy_label="Sending a code…" busy=code_busy class="secondary" on_click=Callback::new(move |()| without_password.run(FirstFactor::EmailCode)) />
                            </Show>
                        </div>
                    </Show>
                }
                    .into_any(),
            }}
            <p class="aside"><A href=Page::ForgotPassword.path()>{messages::FORGOT_PASSWORD}</A></p>
            <p class="aside">{messages::NEW_HERE} <A href=Page::Register.path()>"Create an account"</A></p>
        </Frame>
    }
}
