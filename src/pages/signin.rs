use cognito_idp::ErrorCode;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::SignInError;
use crate::app::Page;
use crate::components::fields::{Alert, PasswordField, Submit, TextField};
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::config::Config;
use crate::messages::{explain, Form};
use crate::{api, nav, session, srp};

#[component]
pub fn SignIn(config: Config) -> impl IntoView {
    let email = RwSignal::new(nav::param("email").unwrap_or_default());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(if nav::param("verified").is_some() {
        Some("Your email is verified. Sign in to start riding.".to_string())
    } else if nav::param("signedout").is_some() {
        Some("You're signed out.".to_string())
    } else if nav::param("expired").is_some() {
        Some("Your session ended. Please sign in again.".to_string())
    } else {
        None
    });
    let busy = RwSignal::new(false);
    // A is drawn as soon as there is an email, so that the click waits
    // mostly on the network.
    Effect::new(move || {
        if !email.read().trim().is_empty() {
            srp::prepare();
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (address, secret) = (email.get().trim().to_string(), password.get());
        if !address.contains('@') {
            error.set(Some("Please enter your email address.".into()));
        } else if secret.is_empty() {
            error.set(Some("Please enter your password.".into()));
        } else {
            error.set(None);
            crate::timing::sign_in_clicked();
            let config = config.clone();
            let client_id = config.client_id.clone();
            let request = async move {
                api::sign_in(&config, &address, &secret)
                    .await
                    .map_err(|e| (address, e))
            };
            run(busy, request, move |result| match result {
                Ok(session) => {
                    session::save(&client_id, &session);
                    nav::go(Page::Ride, &[]);
                }
                Err((address, SignInError::Service(e)))
                    if e.code() == Some(ErrorCode::UserNotConfirmedException) =>
                {
                    nav::go(Page::Verify, &[("email", &address), ("unconfirmed", "1")]);
                }
                Err((_, e)) => {
                    // The next attempt gets a fresh A, ready before its click.
                    srp::prepare();
                    notice.set(None);
                    error.set(Some(match e {
                        SignInError::Service(e) => explain(Form::SignIn, &e),
                        SignInError::Challenge(name) => format!(
                            "This account needs a step this site does not offer yet ({name}). Please contact support."
                        ),
                        SignInError::Srp(why) => format!("Sign-in failed: {why}. Please try again."),
                    }));
                }
            });
        }
    };
    view! {
        <Frame title="Sign in">
            <form on:submit=on_submit novalidate=true>
                <TextField id="email" label="Email" kind="email" autocomplete="email" value=email />
                <PasswordField id="password" label="Password" autocomplete="current-password" value=password />
                <Alert error=error notice=notice />
                <Submit label="Sign in" busy_label="Signing in…" busy=busy.into() />
            </form>
            <p class="aside">"New here? " <a href="register.html">"Create an account"</a></p>
        </Frame>
    }
}
