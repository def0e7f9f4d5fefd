//! `local-cognito [--host H] [--port P] [--data DIR | --in-memory] [--issuer-base URL] [--time-travel]`

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use local_cognito::Config;

const USAGE: &str =
    "usage: local-cognito [--host 127.0.0.1] [--port 9229] [--data .local-cognito | --in-memory] \
[--issuer-base URL] [--time-travel] [--record-requests] [--quiet]";

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
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
    // A closed stdout must not stop the server: write, never panic.
    let _ = writeln!(
        std::io::stdout(),
        "local-cognito listening on {url}\n  data: {data}\n  default pool: us-east-1_WildRydes, app client: \
         wildrydeslocalwebclient001\n  emails it would send (verification codes): printed here, and at {url}/_local/"
    );
    tokio::select! {
        _ = running.wait() => ExitCode::FAILURE,
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Config, String> {
    let mut config = Config::default();
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
            "--time-travel" => config.time_travel = true,
            "--quiet" => config.verbose = false,
            "--record-requests" => config.record_requests = true,
            "-h" | "--help" => {
                return Err("local-cognito: a Cognito-compatible user pool server".into())
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(config)
}
