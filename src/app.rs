//! Which page to show. Every page of the site is one `Page`, served from its
//! own `.html` file so that it opens directly from a static host.

use leptos::prelude::*;

use crate::pages;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    NotFound,
}

impl Page {
    /// The pages that have a file in dist/, with their file names.
    pub const FILES: [(Page, &'static str); 1] = [(Page::Home, "index.html")];

    /// The page for a location's path: its last segment names the file.
    pub fn from_path(path: &str) -> Page {
        let file = path.rsplit('/').next().unwrap_or_default();
        if file.is_empty() {
            return Page::Home;
        }
        Page::FILES
            .iter()
            .find(|(_, name)| *name == file)
            .map_or(Page::NotFound, |(page, _)| *page)
    }
}

#[component]
pub fn App() -> impl IntoView {
    let path = window().location().pathname().unwrap_or_default();
    match Page::from_path(&path) {
        Page::Home => pages::home::Home().into_any(),
        Page::NotFound => pages::not_found::NotFound().into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_their_pages() {
        assert_eq!(Page::from_path("/"), Page::Home);
        assert_eq!(Page::from_path("/index.html"), Page::Home);
        assert_eq!(Page::from_path("/site/index.html"), Page::Home);
        assert_eq!(Page::from_path("/nowhere.html"), Page::NotFound);
    }
}
