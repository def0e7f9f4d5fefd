//! Sign-in's step for a user an administrator created: the temporary
//! password is replaced by the user's own (the NEW_PASSWORD_REQUIRED
//! answer), with a value for each attribute the pool requires and the user
//! has none of.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::NewPasswordStep;
use crate::components::fields::{Alert, NewPassword, Submit};
use crate::components::request::run;
use crate::messages::{self, Form};
use crate::session::Session;
use crate::site::Site;
use crate::validate;

/// The browser's autofill name for a standard attribute.
fn autocomplete(attribute: &str) -> &'static str {
    match attribute {
        "name" => "name",
        "given_name" => "given-name",
        "family_name" => "family-name",
        "middle_name" => "additional-name",
        "nickname" | "preferred_username" => "nickname",
        "phone_number" => "tel",
        "birthdate" => "bday",
        "address" => "street-address",
        "email" => "email",
        "website" | "profile" | "picture" => "url",
        _ => "on",
    }
}

#[component]
pub fn FirstPassword(
    site: Site,
    step: NewPasswordStep,
    /// Signed in: where the sign-in page goes next.
    done: Callback<Session>,
    /// Back to the email and password (the step's session is over).
    restart: Callback<()>,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let policy = &site.api.config().password_policy;
    let attributes: Vec<(String, RwSignal<String>)> = step
        .required
        .iter()
        .map(|name| (name.clone(), RwSignal::new(String::new())))
        .collect();
    let fields = attributes
        .iter()
        .map(|(name, value)| {
            let id = format!("attribute-{name}");
            let label = messages::attribute_label(name).to_string();
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <input id=id.clone() name=id type="text" autocomplete=autocomplete(name) required=true bind:value=*value />
                </div>
            }
        })
        .collect_view();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let secret = password.get();
        let given: Vec<(String, String)> = attributes
            .iter()
            .map(|(name, value)| (name.clone(), value.get().trim().to_string()))
            .collect();
        if let Err(problem) = validate::first_password(policy, &secret, &confirm.get(), &given) {
            error.set(Some(messages::invalid(problem).into()));
            return;
        }
        error.set(None);
        let step = step.clone();
        run(
            busy,
            async move { site.api.set_first_password(&step, &secret, &given).await },
            move |result| match result {
                Ok(session) => done.run(session),
                Err(e) => error.set(Some(messages::sign_in_failed(Form::FirstPassword, &e))),
            },
        );
    };
    view! {
        <form on:submit=on_submit novalidate=true>
            <p>{messages::FIRST_PASSWORD_EXPLAINED}</p>
            <NewPassword label="New password" repeat_label="Confirm new password" policy=policy password=password repeated=confirm />
            {fields}
            <Alert error=error />
            <Submit label="Set password" busy_label="Setting password…" busy=busy />
            <button type="button" class="link" on:click=move |_| restart.run(())>"Start again"</button>
        </form>
    }
}
