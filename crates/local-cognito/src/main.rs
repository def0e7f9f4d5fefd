//! `local-cognito [--host H] [--port P] [--data DIR | --in-memory] [--issuer-base URL]
//! [--allow-origin ORIGIN]… [--time-travel] [--record-requests] [--quiet]`

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use local_cognito::Settings;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: local-cognito [--host 127.0.0.1] [--port 9229] [--data .local-cognito | --in-memory] \
[--issuer-base URL] [--allow-origin ORIGIN]... [--time-travel] [--record-requests] [--quiet]";

#[tokio::main]
async fn main() -> ExitCode {
    let (config, quiet) = match parse(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // One line per request and per email sent; only warnings when quiet.
    tracing_subscriber::fmt()
        .with_max_level(if quiet {
            tracing::Level::WARN
        } else {
            tracing::Level::INFO
        })
        .with_target(false)
        .init();
    let running = match local_cognito::start(config.clone()).await {
        Ok(running) => running,
        Err(message) => {
            eprintln!("local-cognito: {message}");
            return ExitCode::FAILURE;
        }
    };
    let url = running.url();
    let data = match &config.data {
        Some(dir) => dir.display().to_string(),
        None => "in memory (lost on exit)".to_string(),
    };
    let (pool, client) = local_cognito::default_ids().unwrap_or_default();
    // The first line is read by whoever started the server (cargo xtask).
    // A closed stdout must not stop the server: write, never panic.
    let _ = writeln!(
        std::io::stdout(),
        "local-cognito listening on {url}\n  data: {data}\n  default pool: {pool}, app client: {client}\n  \
         emails it would send (verification codes): at {url}/_local/, and logged here unless --quiet"
    );
    tokio::select! {
        _ = running.wait() => ExitCode::FAILURE,
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}

/// The settings, and whether to log quietly.
fn parse(mut args: impl Iterator<Item = String>) -> Result<(Settings, bool), String> {
    let mut config = Settings::default();
    let mut quiet = false;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--host" => config.host = value("--host")?,
            "--port" => {
                config.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port takes a number".to_string())?
            }
            "--data" => config.data = Some(PathBuf::from(value("--data")?)),
            "--in-memory" => config.data = None,
            "--issuer-base" => config.issuer_base = Some(value("--issuer-base")?),
            "--allow-origin" => config.allow_origins.push(value("--allow-origin")?),
            "--time-travel" => config.time_travel = true,
            "--quiet" => quiet = true,
            "--record-requests" => config.record_requests = true,
            "-h" | "--help" => {
                return Err("local-cognito: a Cognito-compatible user pool server".into())
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok((config, quiet))
}
