//! What a URL's query carries: only what a shared link needs, the email
//! that fills in verify.html and signin.html.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::route::Page;

/// The current page's `?email=`, or nothing. (Read from the router's query
/// map: a `#[derive(Params)]` struct for this one field made the wasm 0.6 KB
/// gzip larger.)
pub fn email() -> String {
    use_query_map()
        .with_untracked(|query| query.get("email"))
        .unwrap_or_default()
}

/// `page`'s path with `?email=` for `address`.
pub fn with_email(page: Page, address: &str) -> String {
    let address: String = js_sys::encode_uri_component(address).into();
    format!("{}?email={address}", page.path())
}
