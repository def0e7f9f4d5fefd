use leptos::prelude::*;

/// The frame of every page: the site's name, a heading, the content.
#[component]
pub fn Frame(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <header class="bar"><a href="index.html" class="brand">"Wild Rydes"</a></header>
        <main class="card">
            <h1>{title}</h1>
            {children()}
        </main>
    }
}
