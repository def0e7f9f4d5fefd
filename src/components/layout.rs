use leptos::prelude::*;
use leptos_router::components::A;

use crate::route::Page;

/// The frame of every page: the site's name, a heading, the content.
#[component]
pub fn Frame(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <header class="bar"><A href=Page::Home.path() attr:class="brand">"Wild Rydes"</A></header>
        <main class="card">
            <h1>{title}</h1>
            {children()}
        </main>
    }
}
