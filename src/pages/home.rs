use leptos::prelude::*;
use leptos_router::components::A;

use crate::messages::{self, TAGLINE, USES};
use crate::route::Page;
use crate::site::Site;

/// The landing page: what Wild Rydes is, and the way in.
#[component]
pub fn Home() -> impl IntoView {
    // Without settings there is no session, and the way in still shows.
    let site = use_context::<Site>();
    let signed_in = move || site.is_some_and(|site| site.auth.session.with(Option::is_some));
    // A notice from the page before (the account deleted).
    let notice = site
        .and_then(|site| site.notices.take())
        .map(messages::notice);
    view! {
        <header class="hero">
            <h1>"Wild Rydes"</h1>
            {notice.map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <p class="tagline">{TAGLINE}</p>
            <p class="actions">
                {move || if signed_in() {
                    view! { <A href=Page::Ride.path() attr:class="button">"Go to your ride"</A> }.into_any()
                } else {
                    view! {
                        <A href=Page::Register.path() attr:class="button">"Register"</A>
                        <A href=Page::SignIn.path() attr:class="button secondary">"Sign in"</A>
                    }
                        .into_any()
                }}
            </p>
        </header>
        <main class="features">
            {USES.map(|(heading, text)| view! { <section><h2>{heading}</h2><p>{text}</p></section> })}
        </main>
    }
}
