use leptos::prelude::*;

use crate::components::layout::Frame;

/// What js/config.js still needs, instead of a blank page.
#[component]
pub fn Setup(problems: Vec<String>) -> impl IntoView {
    view! {
        <Frame title="This site needs its settings">
            <p>"Sign-up and sign-in need the Cognito user pool named in " <code>"js/config.js"</code> ". Please fix:"</p>
            <ul class="problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            <p>"For local development, " <code>"cargo xtask dev"</code> " serves a config.js that points at local-cognito."</p>
        </Frame>
    }
}
