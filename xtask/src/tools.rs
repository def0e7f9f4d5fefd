//! Installs what the build and the tests need, once: quick when it is all
//! there. Everything comes from the registries (crates.io, npm, Debian), so
//! trunk itself never has to download anything.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::{first_line, CommandExt};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// 0.22 needs a newer rustc than this project's.
const TRUNK_VERSION: &str = "0.21.14";
/// Runs on stable Rust with `--sanitizer none`.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// The wasm byte profiler of `cargo xtask bench size` (only that command
/// installs it).
const TWIGGY_VERSION: &str = "0.8.0";
/// Debian packages, by the command each provides.
const DEBIAN_PACKAGES: [(&str, &str); 4] = [
    ("chromium", "chromium"),
    ("chromedriver", "chromium-driver"),
    ("node", "nodejs"),
    ("npm", "npm"),
];

/// Where the tools are: PATH with cargo's bin and node_modules/.bin first.
pub struct Tools {
    path: OsString,
}

impl Tools {
    /// twiggy, for `cargo xtask bench size`.
    pub fn with_twiggy(self) -> Result<Tools, String> {
        cargo_tool(
            &self.path,
            "twiggy",
            "twiggy",
            TWIGGY_VERSION,
            &["--locked"],
        )?;
        Ok(self)
    }

    /// A command run in `dir` that finds the project's tools first.
    pub fn command(&self, dir: &Path, program: &str) -> Command {
        let mut command = Command::new(program);
        command.current_dir(dir).env("PATH", &self.path);
        command
    }
}

pub fn ensure(root: &Path) -> Result<Tools, String> {
    let cargo_bin = cargo_home().join("bin");
    let mut dirs = vec![root.join("node_modules/.bin"), cargo_bin];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(dirs).map_err(|e| e.to_string())?;

    wasm_target()?;
    debian_packages(&path)?;
    npm_packages(root, &path)?;
    cargo_tool(&path, "trunk", "trunk", TRUNK_VERSION, &["--locked"])?;
    // The CLI must be exactly the lockfile's wasm-bindgen. Its own lockfile
    // wants a crate the registry lacks, so no --locked.
    let bindgen = lockfile_version(root, "wasm-bindgen")?;
    cargo_tool(&path, "wasm-bindgen", "wasm-bindgen-cli", &bindgen, &[])?;
    cargo_tool(
        &path,
        "cargo-fuzz",
        "cargo-fuzz",
        CARGO_FUZZ_VERSION,
        &["--locked"],
    )?;
    Ok(Tools { path })
}

/// Whether RUSTFLAGS is set, in which case cargo ignores the flags of
/// `.cargo/config.toml` (the wasm's short source paths, native builds'
/// `target-cpu=native`).
pub fn rustflags_set() -> bool {
    ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"]
        .iter()
        .any(|flags| std::env::var_os(flags).is_some())
}

pub fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

fn wasm_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output_ok("rustup target list")?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        return Ok(());
    }
    println!("Installing the {WASM_TARGET} target…");
    Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .status_ok("rustup target add")
}

fn debian_packages(path: &OsString) -> Result<(), String> {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .filter(|(command, _)| first_line(command, &["--version"], path).is_none())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root() {
        return Err(format!(
            "missing Debian packages: {list}. Install them (sudo apt-get install {list}) and run this again."
        ));
    }
    println!("Installing Debian packages: {list}…");
    Command::new("apt-get")
        .arg("update")
        .status_ok("apt-get update")?;
    Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status_ok("apt-get install")
}

fn is_root() -> bool {
    first_line("id", &["-u"], &std::env::var_os("PATH").unwrap_or_default()).as_deref() == Some("0")
}

/// `npm ci` when node_modules is missing or older than the lockfile.
fn npm_packages(root: &Path, path: &OsString) -> Result<(), String> {
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(done), Some(wanted)) = (modified(&installed), modified(&lock)) {
        if done >= wanted {
            return Ok(());
        }
    }
    println!("Installing npm packages (package-lock.json)…");
    Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root)
        .env("PATH", path)
        .status_ok("npm ci")
}

/// `cargo install` unless `<command> --version` already says `version`.
fn cargo_tool(
    path: &OsString,
    command: &str,
    krate: &str,
    version: &str,
    flags: &[&str],
) -> Result<(), String> {
    let found = first_line(command, &["--version"], path);
    if found.as_deref().and_then(|l| l.split_whitespace().nth(1)) == Some(version) {
        return Ok(());
    }
    println!(
        "Installing {krate} {version} (found: {})…",
        found.as_deref().unwrap_or("none")
    );
    Command::new(cargo())
        .args(["install", krate, "--version", &format!("={version}")])
        .args(flags)
        .env("PATH", path)
        .status_ok(&format!("cargo install {krate}"))
}

/// The version of `package` in Cargo.lock.
pub fn lockfile_version(root: &Path, package: &str) -> Result<String, String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == name_line {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

/// The deploy tools of infra/requirements.txt (the AWS CLI, cfn-lint, moto)
/// in a virtualenv at target/pyenv, installed from PyPI when missing or when
/// the requirements changed. Returns the virtualenv's bin directory.
pub fn python_tools(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join("target/pyenv");
    let bin = venv.join("bin");
    let requirements = root.join("infra/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("{}: {e}", requirements.display()))?;
    let stamp = venv.join("installed-requirements.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str())
        && bin.join("aws").is_file()
    {
        return Ok(bin);
    }
    println!("Installing the deploy tools (AWS CLI, cfn-lint, moto) into target/pyenv…");
    Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status_ok("python3 -m venv")?;
    Command::new(bin.join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
        .arg(&requirements)
        .status_ok("pip install -r infra/requirements.txt")?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(bin)
}
