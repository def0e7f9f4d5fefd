//! The account page's two-step sign-in: set up an authenticator app (its
//! QR code and key, then a first code to turn it on), or turn it off.

use cognito_idp::ErrorCode;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::Profile;
use crate::components::fields::{Alert, Button, Outcome, Submit, TextField};
use crate::components::request::run;
use crate::messages::{self, Form};
use crate::site::Site;
use crate::{qr, validate};

/// How the app lists the account.
const ISSUER: &str = "Wild Rydes";

#[component]
pub fn TwoStep(
    site: Site,
    profile: RwSignal<Option<Profile>>,
    /// GetUser again, after a change.
    reload: Callback<()>,
) -> impl IntoView {
    let auth = site.auth;
    let on = move || profile.with(|p| p.as_ref().is_some_and(|p| p.two_step));
    // Shown at once, then confirmed by GetUser.
    let set_on = move |two_step: bool| {
        profile.update(|p| {
            if let Some(p) = p {
                p.two_step = two_step;
            }
        });
        reload.run(());
    };
    let outcome = Outcome::new(None);
    // The secret being set up (AssociateSoftwareToken's), until turned on.
    let secret = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let (starting, turning_on, turning_off) = (
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    );
    let start = Callback::new(move |()| {
        run(
            starting,
            auth.act(
                site.api,
                move |s| async move { site.api.totp_secret(&s).await },
            ),
            move |result| match result {
                Ok(new) => {
                    outcome.clear();
                    secret.set(Some(new));
                }
                Err(e) => outcome.failed(auth, Form::TwoStep, e),
            },
        );
    });
    let on_turn_on = move |ev: SubmitEvent| {
        ev.prevent_default();
        let digits = match validate::app_code(&code.get()) {
            Ok(digits) => digits,
            Err(problem) => return outcome.say(Err(messages::invalid(problem).into())),
        };
        run(
            turning_on,
            auth.act(site.api, move |s| {
                let digits = digits.clone();
                async move { site.api.turn_on_two_step(&s, &digits).await }
            }),
            move |result| match result {
                Ok(()) => {
                    secret.set(None);
                    code.set(String::new());
                    set_on(true);
                    outcome.say(Ok(messages::TWO_STEP_ON.into()));
                }
                Err(e) => {
                    // The secret is gone on the service's side: set up anew.
                    if e.code() == Some(ErrorCode::SoftwareTokenMFANotFoundException) {
                        secret.set(None);
                    }
                    outcome.failed(auth, Form::TwoStep, e)
                }
            },
        );
    };
    let turn_off = Callback::new(move |()| {
        run(
            turning_off,
            auth.act(site.api, move |s| async move {
                site.api.set_two_step(&s, false).await
            }),
            move |result| match result {
                Ok(()) => {
                    set_on(false);
                    outcome.say(Ok(messages::TWO_STEP_OFF.into()));
                }
                Err(e) => outcome.failed(auth, Form::TwoStep, e),
            },
        );
    });
    let account = Signal::derive(move || {
        profile.with(|p| p.as_ref().map(|p| p.email.clone()).unwrap_or_default())
    });
    // Nothing to offer until GetUser says whether it is on.
    view! {
        <div hidden=move || profile.with(Option::is_none)>
        <h2>"Two-step sign-in"</h2>
        <p id="two-step-status">{move || if on() { messages::TWO_STEP_IS_ON } else { messages::TWO_STEP_EXPLAINED }}</p>
        <div hidden=move || on() || secret.with(Option::is_some)>
            <Button label="Set up authenticator app" busy_label="Setting up…" busy=starting class="secondary" on_click=start />
        </div>
        <div hidden=move || secret.with(Option::is_none)>
            <AppKey secret account />
            <form on:submit=on_turn_on novalidate=true>
                <TextField id="totp-code" label="Code from your authenticator app" autocomplete="one-time-code" inputmode="numeric" value=code />
                <Submit label="Turn on" busy_label="Turning on…" busy=turning_on />
            </form>
        </div>
        <div hidden=move || !on()>
            <Button label="Turn off two-step sign-in" busy_label="Turning off…" busy=turning_off class="secondary" on_click=turn_off />
        </div>
        <Alert error=outcome.error notice=outcome.notice />
        </div>
    }
}

/// The secret for an authenticator app: its QR code (the `otpauth://` URI
/// for `account`) and the key as text. Set up here and at sign-in.
#[component]
pub fn AppKey(
    #[prop(into)] secret: Signal<Option<String>>,
    #[prop(into)] account: Signal<String>,
) -> impl IntoView {
    let drawn = move || {
        secret.with(|s| {
            s.as_deref()
                .and_then(|s| account.with(|a| qr::svg_path(&qr::otpauth_uri(ISSUER, a, s))))
        })
    };
    view! {
        <p>{messages::SCAN_EXPLAINED}</p>
        {move || drawn().map(|(width, path)| view! {
            <svg class="qr" viewBox=format!("0 0 {width} {width}") role="img" aria-label="QR code for your authenticator app">
                <path d=path shape-rendering="crispEdges" />
            </svg>
        })}
        <p>{messages::KEY_INSTEAD} <code id="totp-secret">{move || secret.get().map(|s| qr::grouped(&s))}</code></p>
    }
}
