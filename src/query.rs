//! What a URL's query carries: only what a shared link needs, the email
//! that fills in verify.html and signin.html.

use leptos::prelude::*;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;

use crate::route::Page;

#[derive(Params, Debug, Clone, PartialEq)]
struct EmailQuery {
    email: Option<String>,
}

/// The current page's `?email=`, or nothing.
pub fn email() -> String {
    use_query::<EmailQuery>()
        .with_untracked(|query| query.as_ref().ok().and_then(|q| q.email.clone()))
        .unwrap_or_default()
}

/// `page`'s path with `?email=` for `address`.
pub fn with_email(page: Page, address: &str) -> String {
    let address: String = js_sys::encode_uri_component(address).into();
    format!("{}?email={address}", page.path())
}
