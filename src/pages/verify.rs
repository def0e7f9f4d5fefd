use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::app::Page;
use crate::components::fields::{Alert, Submit, TextField};
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::config::Config;
use crate::messages::{explain, Form};
use crate::{api, nav};

#[component]
pub fn Verify(config: Config) -> impl IntoView {
    let email = RwSignal::new(nav::param("email").unwrap_or_default());
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(nav::param("unconfirmed").map(|_| {
        "Your account isn't verified yet. Enter the code we emailed you, or ask for a new one."
            .to_string()
    }));
    let confirming = RwSignal::new(false);
    let resending = RwSignal::new(false);
    let resend_config = config.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (address, digits) = (
            email.get().trim().to_string(),
            code.get().trim().to_string(),
        );
        if !address.contains('@') {
            error.set(Some("Please enter the email you registered with.".into()));
        } else if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
            error.set(Some(
                "The code is the 6 digits in the email we sent.".into(),
            ));
        } else {
            error.set(None);
            let config = config.clone();
            run(
                confirming,
                async move {
                    api::confirm(&config, &address, &digits)
                        .await
                        .map(|_| address)
                },
                move |result| match result {
                    Ok(address) => nav::go(Page::SignIn, &[("email", &address), ("verified", "1")]),
                    Err(e) => {
                        notice.set(None);
                        error.set(Some(explain(Form::Verify, &e)));
                    }
                },
            );
        }
    };
    let on_resend = move |_| {
        let address = email.get().trim().to_string();
        if address.contains('@') {
            let config = resend_config.clone();
            run(
                resending,
                async move { api::resend_code(&config, &address).await },
                move |result| match result {
                    Ok(sent) => {
                        error.set(None);
                        notice.set(Some(format!("We sent a new code to {}.", sent.destination)));
                    }
                    Err(e) => {
                        notice.set(None);
                        error.set(Some(explain(Form::Resend, &e)));
                    }
                },
            );
        } else {
            error.set(Some(
                "Enter your email first, so we know where to send the code.".into(),
            ));
        }
    };
    view! {
        <Frame title="Verify your email">
            <form on:submit=on_submit novalidate=true>
                <TextField id="email" label="Email" kind="email" autocomplete="email" value=email />
                <TextField id="code" label="Verification code" autocomplete="one-time-code" inputmode="numeric" value=code />
                <Alert error=error notice=notice />
                <Submit label="Verify" busy_label="Verifying…" busy=confirming.into() />
                <button type="button" class="link" on:click=on_resend disabled=move || resending.get()>
                    {move || if resending.get() { "Sending…" } else { "Resend code" }}
                </button>
            </form>
        </Frame>
    }
}
