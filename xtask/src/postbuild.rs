//! trunk's post-build hook, on the staged files before they reach dist/:
//!
//! * in release builds, minifies the wasm-bindgen JS glue with esbuild
//!   (trunk's own minifier gives up on it), and puts the new file's SRI hash
//!   where the page preloads it;
//! * trunk writes an inline loader script whose name-hashed imports change
//!   with every build: the page's CSP allows it by its SHA-256, put in place
//!   of `INLINE-SCRIPT-HASHES`.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

use crate::run::CommandExt;

const PLACEHOLDER: &str = "INLINE-SCRIPT-HASHES";

pub fn hook() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or("post-build runs as trunk's post_build hook (TRUNK_STAGING_DIR is not set)")?;
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let mut integrity = Vec::new();
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(&staging).map_err(|e| format!("{}: {e}", staging.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("js") if release => integrity.push(minify(&path)?),
            Some("html") => pages.push(path),
            _ => {}
        }
    }
    for path in pages {
        let mut html =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (old, new) in &integrity {
            html = html.replace(old, new);
        }
        std::fs::write(&path, with_hashes(&html))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Minifies an ES module in place; returns its SRI hash before and after.
fn minify(path: &Path) -> Result<(String, String), String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let before = sri(&read(path)?);
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
    Ok((before, sri(&read(path)?)))
}

fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// The page with the placeholder replaced by `'sha256-…'` for each inline script.
pub fn with_hashes(html: &str) -> String {
    let hashes: Vec<String> = inline_scripts(html)
        .iter()
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    html.replace(PLACEHOLDER, &hashes.join(" "))
}

/// The bodies of the `<script>` elements that have no `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut bodies = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_and_rest = &after[tag_end + 1..];
        let Some(close) = body_and_rest.find("</script>") else {
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

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<meta content="script-src 'self' INLINE-SCRIPT-HASHES"><script src="a.js"></script><script type="module">go()</script>"#;
        let out = with_hashes(html);
        // sha256("go()"), base64.
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"go()"));
        assert!(
            out.contains(&format!("script-src 'self' 'sha256-{expected}'")),
            "{out}"
        );
        assert!(!out.contains(PLACEHOLDER));
        assert_eq!(inline_scripts(html), vec!["go()"]);
    }
}
