//! `cargo xtask dist`: the release build in dist/, one HTML file per page
//! of the app's routes (so each URL opens directly from a static host, no
//! rewrite rules) plus 404.html, and the gzip -9 size of every file a
//! browser fetches.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::run::CommandExt;
use crate::tools::Tools;

/// The app's pages and their paths: the same list its router reads.
#[path = "../../src/route.rs"]
mod route;

pub fn build(root: &Path, tools: &Tools) -> Result<(), String> {
    if crate::tools::rustflags_set() {
        // cargo then ignores the target's flags below.
        println!("note: RUSTFLAGS is set, so the wasm keeps this machine's source paths and its size differs");
    }
    tools
        .command(root, "trunk")
        .args(["build", "--release"])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            short_source_paths(root),
        )
        .status_ok("trunk build --release")?;
    let dist = root.join("dist");
    let index = dist.join("index.html");
    let pages = route::Page::ALL.map(route::Page::file);
    for file in pages
        .into_iter()
        .chain([route::NOT_FOUND_FILE])
        .filter(|f| *f != "index.html")
    {
        std::fs::copy(&index, dist.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    Ok(())
}

/// rustc flags that write the source paths the wasm carries (in its panic
/// locations) from the crate's own directory, not from this machine's
/// checkout and cargo registry: 1.2 KB gzip less, and the same wasm on any
/// machine.
fn short_source_paths(root: &Path) -> String {
    let registry = crate::tools::cargo_home().join("registry/src");
    let mut prefixes: Vec<std::path::PathBuf> = std::fs::read_dir(&registry)
        .into_iter()
        .flatten()
        .filter_map(|entry| Some(entry.ok()?.path()))
        .collect();
    prefixes.push(root.to_path_buf());
    prefixes
        .iter()
        // The variable is split at spaces: a path with one stays as it is.
        .filter(|prefix| !prefix.to_string_lossy().contains(char::is_whitespace))
        .map(|prefix| format!("--remap-path-prefix={}/=", prefix.display()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file of dist/: its name, its size, and its size after gzip -9.
pub struct FileSize {
    pub name: String,
    pub bytes: usize,
    pub gzip: usize,
}

/// The gzip -9 sizes of dist/'s files, and their total for one visit: one
/// HTML page (the others are identical copies) and every asset.
pub fn sizes(root: &Path) -> Result<(Vec<FileSize>, usize), String> {
    let dist = root.join("dist");
    let mut rows = Vec::new();
    let mut total = 0;
    for name in files(&dist)? {
        let bytes = std::fs::read(dist.join(&name)).map_err(|e| e.to_string())?;
        let compressed = gzip_size(&bytes)?;
        let is_copy = name.ends_with(".html") && name != "index.html";
        if !is_copy {
            total += compressed;
        }
        rows.push(FileSize {
            name,
            bytes: bytes.len(),
            gzip: compressed,
        });
    }
    Ok((rows, total))
}

/// The size of `bytes` after `gzip -9`, the budget's measure: GNU gzip
/// itself (zlib's level 9, as flate2 has it, comes out about 0.5% larger).
pub fn gzip_size(bytes: &[u8]) -> Result<usize, String> {
    let mut gzip = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("gzip: {e}"))?;
    let mut input = gzip.stdin.take().ok_or("gzip: no stdin")?;
    let bytes = bytes.to_vec();
    // Fed from a thread: gzip writes while it reads.
    let feeder = std::thread::spawn(move || input.write_all(&bytes));
    let output = gzip.wait_with_output().map_err(|e| format!("gzip: {e}"))?;
    feeder
        .join()
        .map_err(|_| "gzip: the input thread failed")?
        .map_err(|e| format!("gzip: {e}"))?;
    if !output.status.success() {
        return Err(format!("gzip -9 failed ({})", output.status));
    }
    Ok(output.stdout.len())
}

/// Every file under `dir`, as a key relative to it with `/`, sorted.
pub fn files(dir: &Path) -> Result<Vec<String>, String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else {
                let key = path.strip_prefix(base).map_err(|e| e.to_string())?;
                out.push(key.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

pub fn print_sizes(root: &Path) -> Result<usize, String> {
    let (rows, total) = sizes(root)?;
    println!("{:<40} {:>10} {:>10}", "dist/", "bytes", "gzip -9");
    for FileSize { name, bytes, gzip } in rows {
        println!("{name:<40} {bytes:>10} {gzip:>10}");
    }
    println!(
        "{:<40} {:>10} {:>10}  (one page and its assets)",
        "total a visit fetches", "", total
    );
    Ok(total)
}
