use leptos::prelude::*;

use crate::components::layout::Frame;
use crate::config::Problem;
use crate::messages::{self, SETUP_LOCALLY, SETUP_NEEDED};

/// What js/config.js still needs, instead of a blank page.
#[component]
pub fn Setup(problems: Vec<Problem>) -> impl IntoView {
    view! {
        <Frame title="This site needs its settings">
            <p>{SETUP_NEEDED}</p>
            <ul class="problems">
                {problems.iter().map(|p| view! { <li>{messages::config_problem(p)}</li> }).collect_view()}
            </ul>
            <p>{SETUP_LOCALLY}</p>
        </Frame>
    }
}
