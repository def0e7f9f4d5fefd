use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::app::Page;
use crate::components::fields::{Alert, PasswordField, PasswordRulesList, Submit, TextField};
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::config::Config;
use crate::messages::{explain, Form};
use crate::{api, nav};

#[component]
pub fn Register(config: Config) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let policy = config.password_policy.clone();
    let busy = RwSignal::new(false);
    let check_policy = config.password_policy.clone();
    let config = config.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (address, secret) = (email.get().trim().to_string(), password.get());
        let problem = if !address.contains('@') {
            Some("Please enter your email address.")
        } else if check_policy.first_unmet(&secret).is_some() {
            Some("This password doesn't meet all the rules listed under it.")
        } else if secret != confirm.get() {
            Some("The two passwords don't match.")
        } else {
            None
        };
        error.set(problem.map(String::from));
        if problem.is_none() {
            let config = config.clone();
            run(
                busy,
                async move {
                    api::sign_up(&config, &address, &secret)
                        .await
                        .map(|_| address)
                },
                move |result| match result {
                    Ok(address) => nav::go(Page::Verify, &[("email", &address)]),
                    Err(e) => error.set(Some(explain(Form::Register, &e))),
                },
            );
        }
    };
    view! {
        <Frame title="Create your account">
            <form on:submit=on_submit novalidate=true>
                <TextField id="email" label="Email" kind="email" autocomplete="email" value=email />
                <PasswordField id="password" label="Password" autocomplete="new-password" value=password />
                <PasswordRulesList policy=policy password=password />
                <PasswordField id="confirm-password" label="Confirm password" autocomplete="new-password" value=confirm />
                <Alert error=error />
                <Submit label="Register" busy_label="Registering…" busy=busy.into() />
            </form>
            <p class="aside">"Already registered? " <a href="signin.html">"Sign in"</a></p>
        </Frame>
    }
}
