//! `cargo xtask bench server`: local-cognito under SRP sign-ins.
//!
//! Both are release builds. The load generator (bench/server) is a process
//! of its own, so the figure that counts is the server process's CPU time
//! (utime + stime from /proc) per sign-in over the whole run, which the
//! generator's own work and a shared machine's noise do not blur. The
//! server's handling time per request comes from its own log lines.
//!
//! `LOCAL_COGNITO_BIN=path` runs the load against another local-cognito
//! binary (an older release build, to compare), with the same generator.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::local::spawn;
use crate::run::CommandExt;
use crate::tools;

/// Concurrent clients, and sign-ins per run.
const CLIENTS: usize = 64;
const SIGN_INS: usize = 2000;

pub fn run(root: &Path) -> Result<(), String> {
    let tools = tools::ensure(root)?;
    if tools::rustflags_set() {
        println!("note: RUSTFLAGS is set, so the builds are not for this CPU (target-cpu=native) and run slower");
    }
    tools
        .command(root, "cargo")
        .args([
            "build",
            "--release",
            "-p",
            "local-cognito",
            "-p",
            "server-bench",
        ])
        .status_ok("cargo build --release local-cognito server-bench")?;
    let generator = root.join("target/release/server-bench");

    println!("\nWhat each part of one sign-in costs the server (medians, this process):");
    Command::new(&generator)
        .arg("parts")
        .status_ok("server-bench parts")?;

    let data = root.join("target/bench-server");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    let binary = std::env::var_os("LOCAL_COGNITO_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/local-cognito"));
    println!("\nServer: {}", binary.display());
    let mut server = Server::start(&binary, &data)?;
    println!(
        "\n{SIGN_INS} SRP sign-ins from {CLIENTS} clients against local-cognito (release, data on disk)…"
    );
    // The generator yields the cores to the server whenever both want them:
    // its clients stand for browsers on other machines, and the server's
    // handling time should not count their arithmetic. SCHED_IDLE (chrt,
    // util-linux) rather than nice 19: a server thread that wakes takes the
    // core at once, where under nice 19 it could wait out the generator's
    // time slice, a millisecond or more at each of a request's wake-ups.
    let mut load = Stopped(
        Command::new("chrt")
            .args(["--idle", "0"])
            .arg(&generator)
            .args([
                "load",
                &server.url,
                &CLIENTS.to_string(),
                &SIGN_INS.to_string(),
            ])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("chrt (util-linux) running server-bench: {e}"))?,
    );
    let mut lines = BufReader::new(load.0.stdout.take().ok_or("no stdout")?).lines();
    match lines.next() {
        Some(Ok(line)) if line == "ready" => {}
        other => return Err(format!("server-bench did not get ready: {other:?}")),
    }
    let log_start = server.log_len();
    let (cpu_before, machine_before) = (server.cpu_seconds()?, machine_cpu()?);
    match lines.next() {
        Some(Ok(line)) if line == "done" => {}
        other => return Err(format!("server-bench did not finish: {other:?}")),
    }
    let (cpu_after, machine_after) = (server.cpu_seconds()?, machine_cpu()?);
    let log_end = server.log_len();
    let result = lines
        .next()
        .and_then(Result::ok)
        .ok_or("server-bench printed no result")?;
    let status = load.0.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("server-bench load: {status}"));
    }
    let result: Value = serde_json::from_str(&result).map_err(|e| format!("{e}: {result}"))?;
    let wall = result["wall_seconds"].as_f64().unwrap_or(f64::NAN);
    let errors = result["errors"].as_u64().unwrap_or(u64::MAX);
    let server_cpu = cpu_after - cpu_before;
    let (busy, total) = (
        machine_after.0 - machine_before.0,
        machine_after.1 - machine_before.1,
    );
    // Stopped first, so that every line it logged has been read.
    let mut handling = server.stop_and_read_handling_ms(log_start..log_end);
    handling.sort_by(f64::total_cmp);
    let at = |q: f64| {
        handling
            .get(((handling.len() as f64 * q) as usize).min(handling.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    let per_sign_in_ms = server_cpu / SIGN_INS as f64 * 1e3;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "  sign-ins                 {SIGN_INS} in {wall:.1} s ({:.0}/s with the generator on the same {cores} cores)",
        SIGN_INS as f64 / wall
    );
    println!("  errors                   {errors}");
    println!(
        "  server CPU per sign-in   {per_sign_in_ms:.2} ms (goal: 2 ms) = {:.0} sign-ins/s on {cores} cores",
        cores as f64 * 1e3 / per_sign_in_ms
    );
    println!(
        "  cores busy               {:.0}% of all {cores} (server {:.0}%)",
        100.0 * busy / total,
        100.0 * server_cpu / (cores as f64 * wall)
    );
    println!(
        "  server handling, {} requests: median {:.2} ms, p99 {:.2} ms, max {:.2} ms (goal: p99 under 50 ms)",
        handling.len(),
        at(0.5),
        at(0.99),
        handling.last().copied().unwrap_or(f64::NAN)
    );
    if let Some(first) = result["first_error"].as_str() {
        println!("  first error: {first}");
    }
    if errors > 0 {
        return Err(format!("{errors} sign-ins failed"));
    }
    Ok(())
}

/// The release local-cognito, its log lines kept (they include one line
/// per request, whose cost is part of the CPU figure, as in normal use).
struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(binary: &Path, data: &Path) -> Result<Server, String> {
        let (child, url, lines) = spawn(
            Command::new(binary)
                .args(["--port", "0", "--data"])
                .arg(data)
                .env("NO_COLOR", "1"),
        )?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let kept = log.clone();
        let reader = std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if let Ok(mut kept) = kept.lock() {
                    kept.push(line);
                }
            }
        });
        Ok(Server {
            child,
            url,
            log,
            reader: Some(reader),
        })
    }

    fn log_len(&self) -> usize {
        self.log.lock().map_or(0, |log| log.len())
    }

    /// Stops the server, reads its log to the end, and returns the
    /// `elapsed_ms` of the sign-in requests logged on `lines`.
    fn stop_and_read_handling_ms(&mut self, lines: std::ops::Range<usize>) -> Vec<f64> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        let Ok(log) = self.log.lock() else {
            return Vec::new();
        };
        log[lines.start.min(log.len())..lines.end.min(log.len())]
            .iter()
            .filter(|line| line.contains("InitiateAuth") || line.contains("RespondToAuthChallenge"))
            .filter_map(|line| {
                let value = line.split("elapsed_ms=").nth(1)?;
                value.split_whitespace().next()?.parse().ok()
            })
            .collect()
    }

    /// The process's user + system CPU time so far.
    fn cpu_seconds(&self) -> Result<f64, String> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()))
            .map_err(|e| format!("/proc/{}/stat: {e}", self.child.id()))?;
        // Fields after the command's closing parenthesis; utime and stime
        // are the 14th and 15th of the whole line.
        let rest = stat.rsplit(')').next().unwrap_or_default();
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
        match (ticks(11), ticks(12)) {
            (Some(user), Some(system)) => Ok((user + system) / clock_ticks()),
            _ => Err(format!("unreadable /proc stat: {stat}")),
        }
    }
}

/// A child process killed when dropped (the load generator, on an error).
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// USER_HZ: 100 on Linux's x86-64 and aarch64.
fn clock_ticks() -> f64 {
    100.0
}

/// (busy, total) jiffies of all cores, from /proc/stat.
fn machine_cpu() -> Result<(f64, f64), String> {
    let stat = std::fs::read_to_string("/proc/stat").map_err(|e| format!("/proc/stat: {e}"))?;
    let line = stat.lines().next().unwrap_or_default();
    let values: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let total: f64 = values.iter().sum();
    // idle and iowait are the 4th and 5th.
    let idle = values.get(3).copied().unwrap_or(0.0) + values.get(4).copied().unwrap_or(0.0);
    Ok((total - idle, total))
}
