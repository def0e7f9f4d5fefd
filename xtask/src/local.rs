//! local-cognito as a child process, stopped when the guard is dropped.

use std::io::{BufRead, BufReader, Lines};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use crate::run::CommandExt;
use crate::tools::Tools;

pub struct LocalCognito {
    child: Child,
    pub url: String,
}

/// Builds local-cognito (debug, as the tests do, so it is one build).
fn build(root: &Path, tools: &Tools) -> Result<std::path::PathBuf, String> {
    tools
        .command(root, "cargo")
        .args(["build", "-p", "local-cognito"])
        .status_ok("cargo build -p local-cognito")?;
    Ok(root.join("target/debug/local-cognito"))
}

impl LocalCognito {
    /// On a free port, in memory, quiet: for tests. Its URL is read from
    /// the first line it prints.
    pub fn for_tests(root: &Path, tools: &Tools, extra: &[&str]) -> Result<LocalCognito, String> {
        let binary = build(root, tools)?;
        let (child, url, _log) = spawn(
            Command::new(binary)
                .args(["--in-memory", "--port", "0", "--quiet"])
                .args(extra),
        )?;
        Ok(LocalCognito { child, url })
    }

    /// On its usual port with its data in `.local-cognito/`, printing the
    /// emails it would send: for `cargo xtask dev`.
    pub fn for_dev(root: &Path, tools: &Tools) -> Result<LocalCognito, String> {
        let binary = build(root, tools)?;
        let mut child = Command::new(binary)
            .args(["--data", ".local-cognito"])
            .current_dir(root)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start local-cognito: {e}"))?;
        std::thread::sleep(Duration::from_millis(700));
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!(
                "local-cognito stopped at once ({status}); is port 9229 already in use?"
            ));
        }
        Ok(LocalCognito {
            child,
            url: "http://127.0.0.1:9229".into(),
        })
    }
}

/// Starts local-cognito with `command`'s arguments: its URL, read from the
/// first line it prints, and the rest of its output (its log), to read or
/// drop.
pub fn spawn(
    command: &mut Command,
) -> Result<(Child, String, Lines<BufReader<ChildStdout>>), String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start local-cognito: {e}"))?;
    let mut lines = match child.stdout.take() {
        Some(stdout) => BufReader::new(stdout).lines(),
        None => return Err("local-cognito's output is not piped".into()),
    };
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    match first.trim().strip_prefix("local-cognito listening on ") {
        Some(url) => Ok((child, url.to_string(), lines)),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!("local-cognito did not start: {first:?}"))
        }
    }
}

impl Drop for LocalCognito {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
