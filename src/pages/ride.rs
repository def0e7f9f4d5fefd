use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::fields::Button;
use crate::components::layout::Frame;
use crate::components::request::run;
use crate::notice::Notice;
use crate::route::Page;
use crate::site::Site;
use crate::{clock, messages, timing};

/// Only for a signed-in user (the route's guard sees to it): who, until
/// when, the ID token, sign out.
#[component]
pub fn Ride(site: Site) -> impl IntoView {
    let navigate = use_navigate();
    let session = site.auth.session;
    // What the page shows of the session (it is there while the page is).
    let shown = move |read: fn(&crate::session::Session) -> String| {
        move || session.with(|s| s.as_ref().map(read).unwrap_or_default())
    };
    let signing_out = RwSignal::new(false);
    let sign_out = Callback::new(move |()| {
        let Some(current) = session.get_untracked() else {
            return;
        };
        let navigate = navigate.clone();
        run(
            signing_out,
            async move { site.api.sign_out(&current).await },
            move |_| {
                // Signed out on the server or not (already ended, offline),
                // the tokens leave this browser.
                site.auth
                    .leave(site.notices, Notice::SignedOut, Page::SignIn, navigate);
            },
        );
    });
    let copied = RwSignal::new(false);
    // "Copied" once the browser says so (it may refuse the clipboard).
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let token = session.with_untracked(|s| s.as_ref().map(|s| s.id_token.clone()));
            let written = window
                .navigator()
                .clipboard()
                .write_text(&token.unwrap_or_default());
            leptos::task::spawn_local(async move {
                copied.set(wasm_bindgen_futures::JsFuture::from(written).await.is_ok());
            });
        }
    };
    // HH:MM on the visitor's clock; Intl's formatting would cost bytes.
    let expires = shown(|s| {
        let at = js_sys::Date::new(&(s.expires_at() as f64 * 1000.0).into());
        format!("{:02}:{:02}", at.get_hours(), at.get_minutes())
    });
    let valid = move || session.with(|s| s.as_ref().is_some_and(|s| s.is_valid(clock::now())));
    Effect::new(timing::ride_shown);
    view! {
        <Frame title="Ready to ride">
            <p>{messages::SIGNED_IN_AS} <strong id="signed-in-as">{shown(|s| s.email().to_string())}</strong></p>
            <p>
                {messages::SESSION_LASTS_UNTIL} <span id="expires">{expires}</span>
                {move || if valid() { messages::SESSION_RENEWS } else { messages::SESSION_RENEWING }}
            </p>
            <div class="field">
                <label for="id-token">"Your ID token"</label>
                <textarea id="id-token" readonly=true rows="6">{shown(|s| s.id_token.clone())}</textarea>
                <button type="button" class="link" on:click=copy>{move || if copied.get() { "Copied" } else { "Copy token" }}</button>
            </div>
            <Button label="Sign out" busy_label="Signing out…" busy=signing_out class="primary" on_click=sign_out />
            <p class="aside"><A href=Page::Account.path()>"Account"</A>{messages::ACCOUNT_EXPLAINED}</p>
        </Frame>
    }
}
