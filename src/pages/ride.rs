use std::time::Duration;

use leptos::prelude::*;

use crate::app::Page;
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::config::Config;
use crate::session;
use crate::{api, nav};

/// Only for a signed-in user: who, until when, the ID token, sign out.
#[component]
pub fn Ride(config: Config) -> impl IntoView {
    let Some(stored) = session::load(&config.client_id) else {
        nav::go(Page::SignIn, &[]);
        return ().into_any();
    };
    let current = RwSignal::new(stored);
    let refreshing = RwSignal::new(false);
    let signing_out = RwSignal::new(false);
    // Refresh a little before expiry (at once if the stored tokens are
    // stale); each new session schedules the next refresh.
    let refresh_config = config.clone();
    Effect::new(move |_| {
        let session = current.get();
        let wait = session.refresh_in(api::now());
        let config = refresh_config.clone();
        set_timeout(
            move || {
                let client_id = config.client_id.clone();
                run(
                    refreshing,
                    async move { api::refresh(&config, &session).await },
                    move |result| match result {
                        Ok(renewed) => {
                            session::save(&client_id, &renewed);
                            current.set(renewed);
                        }
                        Err(_) => {
                            session::clear(&client_id);
                            nav::go(Page::SignIn, &[("expired", "1")]);
                        }
                    },
                );
            },
            Duration::from_secs(wait as u64),
        );
    });
    let sign_out = move |_| {
        let config = config.clone();
        let session = current.get_untracked();
        run(
            signing_out,
            async move { (api::sign_out(&config, &session).await, config.client_id) },
            |(_, client_id)| {
                // Signed out on the server or not (already ended, offline), the
                // tokens leave this browser.
                session::clear(&client_id);
                nav::go(Page::SignIn, &[("signedout", "1")]);
            },
        );
    };
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
    // HH:MM on the visitor's clock; Intl's formatting would cost bytes.
    let expires = move || {
        let at = js_sys::Date::new(&((current.get().expires_at(true) * 1000) as f64).into());
        format!("{:02}:{:02}", at.get_hours(), at.get_minutes())
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
                disabled=move || signing_out.get()
                on:click=sign_out
            >
                {move || if signing_out.get() { "Signing out…" } else { "Sign out" }}
            </button>
        </Frame>
    }
    .into_any()
}
