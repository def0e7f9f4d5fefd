//! Debian's Chromium, headless, for the checks that need a real browser.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use dev_server::webdriver::CHROMIUM_ARGS;

use crate::run::CommandExt;

/// The project's headless flags, and a profile of its own.
fn headless(profile: &Path) -> Command {
    let mut command = Command::new("chromium");
    command.args(CHROMIUM_ARGS);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// The DOM of `url` once its scripts have run (and the network is idle for
/// the virtual time budget).
pub fn dump_dom(url: &str, profile: &Path) -> Result<String, String> {
    let output = headless(profile)
        .args(["--virtual-time-budget=15000", "--dump-dom", url])
        .stdin(Stdio::null())
        .output_ok("chromium --dump-dom")?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A Chromium on `url` until the returned guard is dropped.
pub struct Running(Child);

pub fn open(url: &str, profile: &Path) -> Result<Running, String> {
    headless(profile)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(Running)
        .map_err(|e| format!("cannot start chromium: {e}"))
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
