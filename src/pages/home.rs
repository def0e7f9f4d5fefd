use leptos::prelude::*;

/// The landing page: what Wild Rydes is.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <header class="hero">
            <h1>"Wild Rydes"</h1>
            <p class="tagline">"Never get stuck in traffic again."</p>
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
        <footer>
            <p>"Sign-up opens soon: accounts are on their way."</p>
        </footer>
    }
}
