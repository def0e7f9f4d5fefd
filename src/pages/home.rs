use leptos::prelude::*;

use crate::config::Config;
use crate::session;

/// The landing page: what Wild Rydes is, and the way in.
#[component]
pub fn Home(config: Option<Config>) -> impl IntoView {
    let signed_in = config
        .as_ref()
        .and_then(|c| session::load(&c.client_id))
        .is_some();
    view! {
        <header class="hero">
            <h1>"Wild Rydes"</h1>
            <p class="tagline">"Never get stuck in traffic again."</p>
            <p class="actions">
                {if signed_in {
                    view! { <a class="button" href="ride.html">"Go to your ride"</a> }.into_any()
                } else {
                    view! {
                        <a class="button" href="register.html">"Register"</a>
                        <a class="button secondary" href="signin.html">"Sign in"</a>
                    }
                        .into_any()
                }}
            </p>
        </header>
        <main class="features">
            <section>
                <h2>"Daily commute"</h2>
                <p>"A unicorn picks you up at your door and flies you over the jams, on time, every day."</p>
            </section>
            <section>
                <h2>"Errands"</h2>
                <p>"Groceries, parcels, the dry cleaning: your unicorn waits while you run in."</p>
            </section>
            <section>
                <h2>"Road trips"</h2>
                <p>"Weekends away without a single toll booth. Unicorns know the scenic route."</p>
            </section>
        </main>
    }
}
