//! Every page's file in dist/, in `Page` order. Shared, as this one file, by
//! the app (which page a path shows) and `cargo xtask dist` (which files it
//! writes), so the two cannot disagree.

pub const PAGE_FILES: [&str; 6] = [
    "index.html",
    "register.html",
    "verify.html",
    "signin.html",
    "ride.html",
    "404.html",
];
