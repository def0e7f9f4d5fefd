//! The headers a static host sends with the site's files, one rule for
//! `cargo xtask deploy` (S3 object metadata) and for [`crate::StaticServer`]
//! (the tests and benchmarks), so that what is measured here is what is
//! deployed.

/// Files whose names carry their content's hash never change.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages and config.js: always revalidated, so a deploy shows at once.
pub const NO_CACHE: &str = "no-cache";
/// Anything else.
pub const SHORT: &str = "public, max-age=300";

/// The Content-Type for a file name, if the site has such files.
pub fn content_type(name: &str) -> Option<&'static str> {
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    Some(match extension {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        // Streaming compilation needs exactly this.
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// The Cache-Control for a path relative to the site's root.
pub fn cache_control(key: &str) -> &'static str {
    if key.ends_with(".html") || key == "js/config.js" {
        NO_CACHE
    } else if is_hashed(key) {
        IMMUTABLE
    } else {
        SHORT
    }
}

/// trunk's content-hashed names: `name-<16 hex digits>.ext` (and `_bg.wasm`).
pub fn is_hashed(key: &str) -> bool {
    let stem = key.rsplit('/').next().unwrap_or(key);
    let stem = stem.split('.').next().unwrap_or(stem);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_trunks() {
        assert!(is_hashed("wildrydes-8ec98ee5ac1f24f7_bg.wasm"));
        assert!(is_hashed("wildrydes-8ec98ee5ac1f24f7.js"));
        assert!(is_hashed("main-8639425443c502b8.css"));
        assert!(!is_hashed("js/config.js"));
        assert!(!is_hashed("signin.html"));
        assert!(!is_hashed("wild-rydes.js"));
    }

    #[test]
    fn pages_and_settings_are_revalidated_assets_kept() {
        assert_eq!(cache_control("signin.html"), NO_CACHE);
        assert_eq!(cache_control("js/config.js"), NO_CACHE);
        assert_eq!(
            cache_control("wildrydes-8ec98ee5ac1f24f7_bg.wasm"),
            IMMUTABLE
        );
        assert_eq!(cache_control("floor.js"), SHORT);
        assert_eq!(content_type("a_bg.wasm"), Some("application/wasm"));
        assert_eq!(content_type("notes.md"), None);
    }
}
