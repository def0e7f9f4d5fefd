use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::fields::{Alert, Button, Outcome, Submit, TextField};
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::messages::{self, explain, Form};
use crate::notice::Notice;
use crate::route::Page;
use crate::site::Site;
use crate::{query, validate};

#[component]
pub fn Verify(site: Site) -> impl IntoView {
    let navigate = use_navigate();
    let email = RwSignal::new(query::email());
    let code = RwSignal::new(String::new());
    let outcome = Outcome::new(site.notices.take().map(|n| messages::notice(n).to_string()));
    let say = move |text| outcome.say(text);
    let confirming = RwSignal::new(false);
    let resending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (address, digits) = (
            email.get().trim().to_string(),
            code.get().trim().to_string(),
        );
        if let Err(problem) = validate::confirmation(&address, &digits) {
            return say(Err(messages::invalid(problem).into()));
        }
        outcome.error.set(None);
        let navigate = navigate.clone();
        run(
            confirming,
            async move { site.api.confirm(&address, &digits).await.map(|()| address) },
            move |result| match result {
                Ok(address) => {
                    site.notices.post(Notice::EmailVerified);
                    navigate(
                        &query::with_email(Page::SignIn, &address),
                        Default::default(),
                    );
                }
                Err(e) => say(Err(explain(Form::Verify, &e))),
            },
        );
    };
    let on_resend = Callback::new(move |()| {
        let address = email.get().trim().to_string();
        if let Err(problem) = validate::resend(&address) {
            return say(Err(messages::invalid(problem).into()));
        }
        run(
            resending,
            async move { site.api.resend_code(&address).await },
            move |result| {
                say(match result {
                    Ok(sent) => Ok(messages::code_sent(&sent.destination)),
                    Err(e) => Err(explain(Form::Resend, &e)),
                })
            },
        );
    });
    view! {
        <Frame title="Verify your email">
            <form on:submit=on_submit novalidate=true>
                <TextField id="email" label="Email" kind="email" autocomplete="email" value=email />
                <TextField id="code" label="Verification code" autocomplete="one-time-code" inputmode="numeric" value=code />
                <Alert error=outcome.error notice=outcome.notice />
                <Submit label="Verify" busy_label="Verifying…" busy=confirming />
                <Button label="Resend code" busy_label="Sending…" busy=resending class="link" on_click=on_resend />
            </form>
        </Frame>
    }
}
