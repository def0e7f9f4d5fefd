use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is no such page on Wild Rydes."</p>
            <p><a href="index.html">"Back to the home page"</a></p>
        </main>
    }
}
