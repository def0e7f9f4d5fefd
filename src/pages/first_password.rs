//! Sign-in's step for a user an administrator created: the temporary
//! password is replaced by the user's own (the NEW_PASSWORD_REQUIRED
//! answer), with a value for each attribute the pool requires and the user
//! has none of.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{NewPasswordStep, SignIn};
use crate::components::fields::{Alert, NewPassword, Submit};
use crate::components::request::run;
use crate::messages::{self, Form};
use crate::site::Site;
use crate::validate;

/// How the field for a standard attribute reads: its label, the
/// browser's autofill name for it, and its input type. Any other attribute
/// shows its own name.
fn field(attribute: &str) -> (&str, &'static str, &'static str) {
    match attribute {
        "name" => ("Full name", "name", "text"),
        "given_name" => ("First name", "given-name", "text"),
        "family_name" => ("Last name", "family-name", "text"),
        "middle_name" => ("Middle name", "additional-name", "text"),
        "nickname" => ("Nickname", "nickname", "text"),
        "preferred_username" => ("Preferred username", "nickname", "text"),
        "phone_number" => ("Phone number (+ and country code)", "tel", "tel"),
        "birthdate" => ("Date of birth (YYYY-MM-DD)", "bday", "text"),
        "address" => ("Address", "street-address", "text"),
        "gender" => ("Gender", "sex", "text"),
        "locale" => ("Locale", "language", "text"),
        "zoneinfo" => ("Time zone", "off", "text"),
        "email" => ("Email", "email", "email"),
        "website" => ("Website", "url", "url"),
        "picture" => ("Picture URL", "photo", "url"),
        "profile" => ("Profile URL", "url", "url"),
        other => (other, "off", "text"),
    }
}

#[component]
pub fn FirstPassword(
    site: Site,
    step: NewPasswordStep,
    /// Signed in, or the next step (two-step sign-in): the sign-in page's.
    proceed: Callback<SignIn>,
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
            let (label, autocomplete, kind) = field(name);
            // TextField's markup, with an id and label known only now.
            view! {
                <div class="field">
                    <label for=id.clone()>{label.to_string()}</label>
                    <input id=id.clone() name=id type=kind autocomplete=autocomplete required=true bind:value=*value />
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
                Ok(next) => proceed.run(next),
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
