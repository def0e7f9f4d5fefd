//! Form fields: a visible label, the right autocomplete, errors read aloud.

use leptos::prelude::*;

use cognito_idp::types::PasswordPolicy;

use cognito_idp::client::ClientError;

use crate::auth::Auth;
use crate::messages::{self, Form};

/// A labelled input bound to a signal.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                required=true
                bind:value=value
            />
        </div>
    }
}

/// A password input with a show/hide button.
#[component]
pub fn PasswordField(
    id: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="password">
                <input
                    id=id
                    name=id
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    required=true
                    bind:value=value
                />
                <button
                    type="button"
                    class="show"
                    aria-controls=id
                    aria-pressed=move || shown.get().to_string()
                    on:click=move |_| shown.update(|s| *s = !*s)
                >
                    {move || if shown.get() { "Hide" } else { "Show" }}
                </button>
            </div>
        </div>
    }
}

/// The pool's password rules, ticked as the user types.
#[component]
pub fn PasswordRulesList(
    policy: &'static PasswordPolicy,
    password: RwSignal<String>,
) -> impl IntoView {
    view! {
        <ul class="rules" aria-label="Password rules">
            {move || {
                policy
                    .rules()
                    .into_iter()
                    .map(|rule| {
                        let met = password.with(|p| rule.is_met_by(p));
                        let label = messages::rule(rule);
                        view! {
                            <li class:met=met>
                                <span aria-hidden="true">{if met { "✓ " } else { "• " }}</span>
                                {label}
                                <span class="sr-only">{if met { " (met)" } else { " (not yet)" }}</span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// A password being chosen: the field, the pool's rules ticked as it is
/// typed, and the field that repeats it (register, password reset).
#[component]
pub fn NewPassword(
    label: &'static str,
    repeat_label: &'static str,
    policy: &'static PasswordPolicy,
    password: RwSignal<String>,
    repeated: RwSignal<String>,
) -> impl IntoView {
    view! {
        <PasswordField id="password" label=label autocomplete="new-password" value=password />
        <PasswordRulesList policy=policy password=password />
        <PasswordField id="confirm-password" label=repeat_label autocomplete="new-password" value=repeated />
    }
}

/// A form's one message, an error or a notice: the latest replaces the
/// other, as it is what the user needs now. `Alert` shows it.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub error: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<String>>,
}

impl Outcome {
    pub fn new(notice: Option<String>) -> Outcome {
        Outcome {
            error: RwSignal::new(None),
            notice: RwSignal::new(notice),
        }
    }

    /// A request of `form` that failed: a refusal that ends the session
    /// ends it (the signed-in page's guard then sends the user to sign in,
    /// saying why); any other is said here.
    pub fn failed(self, auth: Auth, form: Form, error: ClientError) {
        if crate::api::ends_session(&error) {
            auth.end();
        } else {
            self.say(Err(messages::explain(form, &error)));
        }
    }

    /// Nothing to say (the form's business is done).
    pub fn clear(self) {
        self.error.set(None);
        self.notice.set(None);
    }

    pub fn say(self, text: Result<String, String>) {
        match text {
            Ok(text) => {
                self.error.set(None);
                self.notice.set(Some(text));
            }
            Err(text) => {
                self.notice.set(None);
                self.error.set(Some(text));
            }
        }
    }
}

/// Where a form's outcome is announced.
#[component]
pub fn Alert(
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] notice: Option<Signal<Option<String>>>,
) -> impl IntoView {
    view! {
        <div class="alerts" aria-live="polite">
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || notice.and_then(|n| n.get()).map(|n| view! { <p class="notice">{n}</p> })}
        </div>
    }
}

/// The submit button: disabled, and saying so, while the request runs.
#[component]
pub fn Submit(
    label: &'static str,
    busy_label: &'static str,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" class="primary" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
            {move || if busy.get() { busy_label } else { label }}
        </button>
    }
}

/// A button that starts a request (not a form's submit): disabled, and
/// saying so, while it runs. One component for all of them, so that the
/// wasm carries its view once.
#[component]
pub fn Button(
    label: &'static str,
    busy_label: &'static str,
    #[prop(into)] busy: Signal<bool>,
    /// `link`, `primary`, `secondary` or `danger` (main.css).
    class: &'static str,
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <button type="button" class=class disabled=move || busy.get() aria-busy=move || busy.get().to_string() on:click=move |_| on_click.run(())>
            {move || if busy.get() { busy_label } else { label }}
        </button>
    }
}
