//! Which page to show. Every page of the site is one `Page`, served from its
//! own `.html` file so that it opens directly from a static host; `cargo
//! xtask dist` writes one file per entry of `Page::FILES`.

use leptos::prelude::*;

use crate::page_files::PAGE_FILES;
use crate::{config, pages};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Register,
    Verify,
    SignIn,
    Ride,
    NotFound,
}

impl Page {
    /// The pages and their files; 404.html is what a static host serves
    /// for a path it does not have.
    pub const FILES: [(Page, &'static str); 6] = [
        (Page::Home, PAGE_FILES[0]),
        (Page::Register, PAGE_FILES[1]),
        (Page::Verify, PAGE_FILES[2]),
        (Page::SignIn, PAGE_FILES[3]),
        (Page::Ride, PAGE_FILES[4]),
        (Page::NotFound, PAGE_FILES[5]),
    ];

    pub fn file(self) -> &'static str {
        Page::FILES
            .iter()
            .find(|(page, _)| *page == self)
            .map_or("index.html", |(_, file)| file)
    }

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
    let page = Page::from_path(&path);
    let config = match config::load() {
        Ok(config) => config,
        Err(problems) if page != Page::Home && page != Page::NotFound => {
            return pages::setup::Setup(pages::setup::SetupProps { problems }).into_any()
        }
        Err(_) => return pages::home::Home(pages::home::HomeProps { config: None }).into_any(),
    };
    match page {
        Page::Home => pages::home::Home(pages::home::HomeProps {
            config: Some(config),
        })
        .into_any(),
        Page::Register => {
            pages::register::Register(pages::register::RegisterProps { config }).into_any()
        }
        Page::Verify => pages::verify::Verify(pages::verify::VerifyProps { config }).into_any(),
        Page::SignIn => pages::signin::SignIn(pages::signin::SignInProps { config }).into_any(),
        Page::Ride => pages::ride::Ride(pages::ride::RideProps { config }).into_any(),
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
        assert_eq!(Page::from_path("/site/signin.html"), Page::SignIn);
        assert_eq!(Page::from_path("/ride.html"), Page::Ride);
        assert_eq!(Page::from_path("/nowhere.html"), Page::NotFound);
        for (page, file) in Page::FILES {
            assert_eq!(page.file(), file);
            if page != Page::NotFound {
                assert_eq!(Page::from_path(&format!("/{file}")), page);
            }
        }
    }
}
