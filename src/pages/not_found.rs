use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::Frame;
use crate::messages::NO_SUCH_PAGE;
use crate::route::Page;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Frame title="Page not found">
            <p>{NO_SUCH_PAGE}</p>
            <p><A href=Page::Home.path()>"Back to the home page"</A></p>
        </Frame>
    }
}
