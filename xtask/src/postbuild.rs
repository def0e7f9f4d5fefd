//! trunk's post-build hook, on the staged files before they reach dist/:
//!
//! * in release builds, minifies the wasm-bindgen JS glue with esbuild
//!   (trunk's own minifier gives up on it);
//! * the loader (Trunk.toml's patterns) names its files as `SRI:<file>`
//!   where their integrity goes: each becomes the staged file's sha384;
//! * the inline loader scripts change with every build (their files' names
//!   and hashes do), and the inline style with the CSS: the page's CSP
//!   allows each by its SHA-256, put in place of `INLINE-SCRIPT-HASHES` and
//!   `INLINE-STYLE-HASHES`.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

use crate::run::CommandExt;

const SCRIPT_HASHES: &str = "INLINE-SCRIPT-HASHES";
const STYLE_HASHES: &str = "INLINE-STYLE-HASHES";
const SRI_PREFIX: &str = "SRI:";

pub fn hook() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or("post-build runs as trunk's post_build hook (TRUNK_STAGING_DIR is not set)")?;
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(&staging).map_err(|e| format!("{}: {e}", staging.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("js") if release => minify(&path)?,
            Some("html") => pages.push(path),
            _ => {}
        }
    }
    for path in pages {
        let html =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let html = with_integrity(&html, |name| {
            let file = staging.join(name);
            std::fs::read(&file)
                .map(|bytes| sri(&bytes))
                .map_err(|e| format!("{}: {e}", file.display()))
        })?;
        std::fs::write(&path, with_hashes(&html))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Minifies an ES module in place.
fn minify(path: &Path) -> Result<(), String> {
    Command::new("esbuild")
        .arg(path)
        .args([
            "--minify",
            "--format=esm",
            "--allow-overwrite",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", path.display()))
        .output_ok(
            "esbuild (from npm; run the build through cargo xtask, which puts it on PATH)",
        )?;
    Ok(())
}

/// The page with each `SRI:<file>` replaced by `integrity(file)`.
fn with_integrity(
    html: &str,
    integrity: impl Fn(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(SRI_PREFIX) {
        out.push_str(&rest[..start]);
        let after = &rest[start + SRI_PREFIX.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c)))
            .unwrap_or(after.len());
        out.push_str(&integrity(&after[..end])?);
        rest = &after[end..];
    }
    out.push_str(rest);
    Ok(out)
}

fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// The page with each placeholder replaced by `'sha256-…'` for each inline
/// script or style. A page without inline styles allows none (`'none'`).
fn with_hashes(html: &str) -> String {
    let hashes = |element| {
        let hashes: Vec<String> = inline_bodies(html, element)
            .iter()
            .map(|body| {
                let digest = Sha256::digest(body.as_bytes());
                format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect();
        if hashes.is_empty() {
            "'none'".to_string()
        } else {
            hashes.join(" ")
        }
    };
    html.replace(SCRIPT_HASHES, &hashes("script"))
        .replace(STYLE_HASHES, &hashes("style"))
}

/// The bodies of the `<script>` or `<style>` elements that have no `src`.
fn inline_bodies<'a>(html: &'a str, element: &str) -> Vec<&'a str> {
    let (open, close_tag) = (format!("<{element}"), format!("</{element}>"));
    let mut bodies = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_and_rest = &after[tag_end + 1..];
        let Some(close) = body_and_rest.find(&close_tag) else {
            break;
        };
        if !tag.contains(" src=") {
            bodies.push(&body_and_rest[..close]);
        }
        rest = &body_and_rest[close..];
    }
    bodies
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha256(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    }

    #[test]
    fn hashes_only_inline_scripts_and_styles() {
        let html = r#"<meta content="script-src 'self' INLINE-SCRIPT-HASHES; style-src INLINE-STYLE-HASHES"><style>p{}</style><script src="a.js"></script><script type="module">go()</script><script>run()</script>"#;
        let out = with_hashes(html);
        let (go, run, style) = (sha256("go()"), sha256("run()"), sha256("p{}"));
        assert!(
            out.contains(&format!(
                "script-src 'self' 'sha256-{go}' 'sha256-{run}'; style-src 'sha256-{style}'"
            )),
            "{out}"
        );
        assert_eq!(inline_bodies(html, "script"), vec!["go()", "run()"]);
    }

    #[test]
    fn no_inline_style_allows_none() {
        let out = with_hashes("<meta content=\"style-src INLINE-STYLE-HASHES\">");
        assert_eq!(out, "<meta content=\"style-src 'none'\">");
    }

    #[test]
    fn integrity_placeholders_name_their_files() {
        let html = r#"<link href="/a-1.js" integrity="SRI:a-1.js"><script>fetch('/b_bg.wasm', { integrity: 'SRI:b_bg.wasm' })</script>"#;
        let out = with_integrity(html, |name| Ok(format!("sha384-of-{name}"))).unwrap();
        assert_eq!(
            out,
            r#"<link href="/a-1.js" integrity="sha384-of-a-1.js"><script>fetch('/b_bg.wasm', { integrity: 'sha384-of-b_bg.wasm' })</script>"#
        );
        let missing = with_integrity(html, |name| Err(format!("{name}: not staged")));
        assert_eq!(missing, Err("a-1.js: not staged".to_string()));
    }
}
