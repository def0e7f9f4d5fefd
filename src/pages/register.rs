use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::fields::{Alert, NewPassword, Submit, TextField};
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::messages::{self, explain, Form};
use crate::route::Page;
use crate::site::Site;
use crate::{query, validate};

#[component]
pub fn Register(site: Site) -> impl IntoView {
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let policy = &site.api.config().password_policy;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (address, secret) = (email.get().trim().to_string(), password.get());
        let checked = validate::registration(policy, &address, &secret, &confirm.get());
        error.set(
            checked
                .err()
                .map(|problem| messages::invalid(problem).into()),
        );
        if checked.is_ok() {
            let navigate = navigate.clone();
            run(
                busy,
                async move { site.api.sign_up(&address, &secret).await.map(|()| address) },
                move |result| match result {
                    Ok(address) => navigate(
                        &query::with_email(Page::Verify, &address),
                        Default::default(),
                    ),
                    Err(e) => error.set(Some(explain(Form::Register, &e))),
                },
            );
        }
    };
    view! {
        <Frame title="Create your account">
            <form on:submit=on_submit novalidate=true>
                <TextField id="email" label="Email" kind="email" autocomplete="email" value=email />
                <NewPassword label="Password" repeat_label="Confirm password" policy=policy password=password repeated=confirm />
                <Alert error=error />
                <Submit label="Register" busy_label="Registering…" busy=busy />
            </form>
            <p class="aside">{messages::ALREADY_REGISTERED} <A href=Page::SignIn.path()>"Sign in"</A></p>
        </Frame>
    }
}
