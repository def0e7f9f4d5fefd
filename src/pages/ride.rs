use std::time::Duration;

use leptos::prelude::*;

use crate::app::Page;
use crate::components::layout::Frame;
use crate::config::Config;
use crate::session::{self, Session};
use crate::{api, nav};

/// Only for a signed-in user: who, until when, the ID token, sign out.
#[component]
pub fn Ride(config: Config) -> impl IntoView {
    let Some(stored) = session::load(&config.client_id) else {
        nav::go(Page::SignIn, &[]);
        return ().into_any();
    };
    let current = RwSignal::new(stored);
    let refresh_config = config.clone();
    let refresh = Action::new_local(move |session: &Session| {
        let (config, session) = (refresh_config.clone(), session.clone());
        async move { api::refresh(&config, &session).await }
    });
    let client_id = config.client_id.clone();
    Effect::new(move |_| match refresh.value().get() {
        Some(Ok(renewed)) => {
            session::save(&client_id, &renewed);
            current.set(renewed);
        }
        Some(Err(_)) => {
            session::clear(&client_id);
            nav::go(Page::SignIn, &[("expired", "1")]);
        }
        None => {}
    });
    // Refresh a little before expiry (at once if the stored tokens are stale).
    Effect::new(move |_| {
        let session = current.get();
        let wait = session.refresh_in(api::now());
        set_timeout(
            move || {
                refresh.dispatch(session);
            },
            Duration::from_secs(wait as u64),
        );
    });
    let client_id = config.client_id.clone();
    let sign_out = Action::new_local(move |session: &Session| {
        let (config, session) = (config.clone(), session.clone());
        async move { api::sign_out(&config, &session).await }
    });
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            // Signed out on the server or not (already ended, offline), the
            // tokens leave this browser.
            session::clear(&client_id);
            nav::go(Page::SignIn, &[("signedout", "1")]);
        }
    });
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window
                .navigator()
                .clipboard()
                .write_text(&current.get_untracked().id_token);
            copied.set(true);
        }
    };
    let expires = move || {
        let at = js_sys::Date::new(&((current.get().expires_at(true) * 1000) as f64).into());
        String::from(at.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
    };
    view! {
        <Frame title="Ready to ride">
            <p>"Signed in as " <strong id="signed-in-as">{move || current.get().email().to_string()}</strong></p>
            <p>
                "Your session lasts until " <span id="expires">{expires}</span>
                {move || if current.get().is_valid(api::now()) { ", and renews itself while this page is open." } else { " (renewing it now…)" }}
            </p>
            <div class="field">
                <label for="id-token">"Your ID token"</label>
                <textarea id="id-token" readonly=true rows="6">{move || current.get().id_token}</textarea>
                <button type="button" class="link" on:click=copy>{move || if copied.get() { "Copied" } else { "Copy token" }}</button>
            </div>
            <button
                type="button"
                class="primary"
                disabled=move || sign_out.pending().get()
                on:click=move |_| { sign_out.dispatch(current.get_untracked()); }
            >
                {move || if sign_out.pending().get() { "Signing out…" } else { "Sign out" }}
            </button>
        </Frame>
    }
    .into_any()
}
