use leptos::prelude::*;

use crate::components::layout::Frame;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Frame title="Page not found">
            <p>"There is no such page on Wild Rydes."</p>
            <p><a href="index.html">"Back to the home page"</a></p>
        </Frame>
    }
}
