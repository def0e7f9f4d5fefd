//! Running commands with a clear error when they fail.

use std::process::{Command, Output};

pub trait CommandExt {
    /// Runs with inherited output; an error names the step when it fails.
    fn status_ok(&mut self, what: &str) -> Result<(), String>;
    /// Runs and captures the output; an error carries stderr when it fails.
    fn output_ok(&mut self, what: &str) -> Result<Output, String>;
}

impl CommandExt for Command {
    fn status_ok(&mut self, what: &str) -> Result<(), String> {
        let status = self
            .status()
            .map_err(|e| format!("{what}: cannot start {:?}: {e}", self.get_program()))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{what} failed ({status})"))
        }
    }

    fn output_ok(&mut self, what: &str) -> Result<Output, String> {
        let output = self
            .output()
            .map_err(|e| format!("{what}: cannot start {:?}: {e}", self.get_program()))?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(format!(
                "{what} failed ({}):\n{}{}",
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }
}

/// The first line a command prints, or None if it cannot run.
pub fn first_line(program: &str, args: &[&str], path: &std::ffi::OsStr) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .env("PATH", path)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .map(|l| l.trim().to_string())
}
