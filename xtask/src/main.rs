//! `cargo xtask <command>`: the project's commands, with no setup by hand.
//!
//! * `dev`: installs what is missing, starts local-cognito, serves the site.
//! * `test`: every test, native and in headless Chromium.
//! * `dist`: the release build in dist/, one HTML file per page, and sizes.
//! * `bench [srp | app | size | server]`: the SRP client in wasm against
//!   amazon-cognito-identity-js, side by side in one Chromium run, and
//!   natively; the app's budgets (size, cold load, click to ride); where
//!   the app's bytes go (a twiggy profile of the release wasm); local-cognito
//!   under SRP sign-ins from 64 clients (server CPU per sign-in, handling
//!   times) and what each part of a sign-in costs.
//! * `fuzz [SECONDS]`: modp3072 against num-bigint, then local-cognito's
//!   request path, under cargo-fuzz (libFuzzer), 60 seconds each unless told.
//! * `deploy …`: builds dist/ and uploads it to an S3 bucket with the
//!   production js/config.js (see infra/ and the README's "Deploy to AWS").
//! * `post-build`: trunk's post-build hook: minifies the JS glue, writes the
//!   loader's SRI hashes, and puts the inline scripts' and style's hashes in
//!   the pages' Content-Security-Policy.

mod bench;
mod bench_server;
mod browser;
mod deploy;
mod deploy_test;
mod dist;
mod local;
mod postbuild;
mod run;
mod size;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

use run::CommandExt;

const USAGE: &str =
    "usage: cargo xtask <dev | test | dist | bench [srp | app | size | server] | fuzz [SECONDS] | deploy … | post-build>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["dev"] => dev(),
        ["test"] => test::run(&root()),
        // The deploy step alone (it needs dist/ built).
        ["test", "deploy"] => deploy_test::run(&root()),
        ["dist"] => {
            let root = root();
            tools::ensure(&root)
                .and_then(|tools| dist::build(&root, &tools))
                .and_then(|()| dist::print_sizes(&root).map(drop))
        }
        ["bench", "srp"] => bench::srp(&root()),
        ["bench", "app"] => bench::app(&root()),
        ["bench", "size"] => size::profile(&root()),
        ["bench", "server"] => bench_server::run(&root()),
        ["bench"] => bench::srp(&root()).and_then(|()| bench::app(&root())),
        ["fuzz"] => fuzz(60),
        ["fuzz", seconds] => match seconds.parse() {
            Ok(seconds) => fuzz(seconds),
            Err(_) => Err(USAGE.to_string()),
        },
        ["deploy", options @ ..] => deploy::run(&root(), options),
        ["post-build"] => postbuild::hook(),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask fuzz SECONDS`.
fn fuzz(seconds: u32) -> Result<(), String> {
    let root = root();
    test::fuzz(&root, &tools::ensure(&root)?, seconds)
}

/// The workspace root: the parent of this crate.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

fn dev() -> Result<(), String> {
    let root = root();
    let tools = tools::ensure(&root)?;
    let cognito = local::LocalCognito::for_dev(&root, &tools)?;
    println!(
        "local-cognito at {url}: verification codes are printed above as they are sent, and listed at {url}/_local/",
        url = cognito.url
    );
    // localhost, not 127.0.0.1: a passkey's relying party must be a domain
    // (local-cognito's is `localhost`).
    println!("Serving the site at http://localhost:8080/ (Ctrl-C stops both).");
    tools
        .command(&root, "trunk")
        .args(["serve"])
        .status_ok("trunk serve")
}
