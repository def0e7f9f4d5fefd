//! Every page of the site and its path, at the workshop's URLs: the one list
//! that the router's routes and `cargo xtask dist` (one HTML file per page,
//! so that each URL opens directly from a static host) both read. A leaf:
//! it imports nothing of the app.

/// The enum, its list and its paths from one table, so that no page can be
/// left out of the list that dist/ is written from.
macro_rules! pages {
    ($($(#[$doc:meta])* $page:ident => $path:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Page {
            $($(#[$doc])* $page,)*
        }

        impl Page {
            /// Every page (read by `cargo xtask dist`, which includes this file).
            #[allow(dead_code)]
            pub const ALL: [Page; [$(Page::$page),*].len()] = [$(Page::$page),*];

            /// The page's path from the site's root.
            pub const fn path(self) -> &'static str {
                match self {
                    $(Page::$page => $path,)*
                }
            }
        }
    };
}

pages! {
    Home => "/index.html",
    Register => "/register.html",
    Verify => "/verify.html",
    SignIn => "/signin.html",
    ForgotPassword => "/forgot-password.html",
    /// Only for a signed-in user.
    Ride => "/ride.html",
    /// Only for a signed-in user.
    Account => "/account.html",
}

impl Page {
    /// The page's file in dist/.
    pub fn file(self) -> &'static str {
        self.path().trim_start_matches('/')
    }
}

/// What a static host serves for a path it does not have; the app shows its
/// not-found view there (read by `cargo xtask dist`).
#[allow(dead_code)]
pub const NOT_FOUND_FILE: &str = "404.html";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_own_file() {
        let files: std::collections::BTreeSet<&str> = Page::ALL.iter().map(|p| p.file()).collect();
        assert_eq!(files.len(), Page::ALL.len());
        assert!(!files.contains(NOT_FOUND_FILE));
        assert!(files
            .iter()
            .all(|f| f.ends_with(".html") && !f.contains('/')));
        assert_eq!(Page::SignIn.path(), "/signin.html");
    }
}
