//! The app: its settings, session and notices made once, and one route per
//! page under leptos_router. Every move between pages is the router's: the
//! document, and the wasm in it, stay.

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::StaticSegment;

use crate::api::Api;
use crate::auth::{Auth, SignedIn};
use crate::config::{self, Problem};
use crate::notice::Notices;
use crate::pages::{
    account::Account, forgot_password::ForgotPassword, home::Home, not_found::NotFound,
    register::Register, ride::Ride, setup::Setup, signin::SignIn, verify::Verify,
};
use crate::route::Page;
use crate::site::Site;

#[component]
pub fn App() -> impl IntoView {
    // The settings, the session and the notices: once, for every page.
    let problems = match config::load() {
        Ok(config) => {
            let api = Api::new(config);
            let notices = Notices::new();
            provide_context(Site {
                api,
                auth: Auth::start(api),
                notices,
            });
            Vec::new()
        }
        Err(problems) => problems,
    };
    // A page that talks to Cognito: with the site, or what config.js lacks.
    // (One function for every such route: one copy of it in the wasm.)
    let configured = move |page: fn(Site) -> AnyView| {
        let problems: Vec<Problem> = problems.clone();
        move || match use_context::<Site>() {
            Some(site) => page(site),
            None => view! { <Setup problems=problems.clone() /> }.into_any(),
        }
    };
    let path = |page: Page| StaticSegment(page.file());
    view! {
        <Router>
            <FlatRoutes fallback=NotFound>
                <Route path=StaticSegment("") view=Home />
                <Route path=path(Page::Home) view=Home />
                <Route path=path(Page::Register) view=configured(|site| view! { <Register site /> }.into_any()) />
                <Route path=path(Page::Verify) view=configured(|site| view! { <Verify site /> }.into_any()) />
                <Route path=path(Page::SignIn) view=configured(|site| view! { <SignIn site /> }.into_any()) />
                <Route path=path(Page::ForgotPassword) view=configured(|site| view! { <ForgotPassword site /> }.into_any()) />
                <Route
                    path=path(Page::Ride)
                    view=configured(|site| {
                        view! {
                            <SignedIn auth=site.auth notices=site.notices page=Page::Ride>
                                <Ride site />
                            </SignedIn>
                        }
                            .into_any()
                    })
                />
                <Route
                    path=path(Page::Account)
                    view=configured(|site| {
                        view! {
                            <SignedIn auth=site.auth notices=site.notices page=Page::Account>
                                <Account site />
                            </SignedIn>
                        }
                            .into_any()
                    })
                />
            </FlatRoutes>
        </Router>
    }
}
