//! Moving between pages (each its own .html file) and reading the query.

use crate::app::Page;

/// Goes to `page`, with query parameters.
pub fn go(page: Page, query: &[(&str, &str)]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut href = page.file().to_string();
    if let Ok(params) = web_sys::UrlSearchParams::new() {
        for (key, value) in query {
            params.append(key, value);
        }
        let query: String = params.to_string().into();
        if !query.is_empty() {
            href = format!("{href}?{query}");
        }
    }
    let _ = window.location().set_href(&href);
}

/// A query parameter of the current page.
pub fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
        .filter(|v| !v.is_empty())
}
