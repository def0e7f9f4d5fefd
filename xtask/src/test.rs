//! `cargo xtask test`: every test of the workspace, natively and in Chromium.

use std::path::Path;

use crate::browser;
use crate::dist;
use crate::local::LocalCognito;
use crate::run::CommandExt;
use crate::tools::{self, Tools};
use dev_server::StaticServer;

/// A named step of the run.
type Step<'a> = (&'a str, &'a dyn Fn() -> Result<(), String>);

pub fn run(root: &Path) -> Result<(), String> {
    let tools = tools::ensure(root)?;
    let vectors = shared_vectors(root)?;
    let vectors = vectors.to_str().ok_or("the vectors' path is not UTF-8")?;
    let steps: [Step; 5] = [
        ("native tests", &|| {
            tools
                .command(root, "cargo")
                .args(["test", "--workspace"])
                .status_ok("cargo test")
        }),
        ("reference vectors (native)", &|| {
            tools
                .command(root, "cargo")
                .args([
                    "run",
                    "--release",
                    "-p",
                    "cognito-srp",
                    "--example",
                    "check_vectors",
                    "--",
                    vectors,
                ])
                .status_ok("check_vectors")
        }),
        ("cognito-srp in Chromium", &|| wasm_tests(root, &tools)),
        ("official clients against local-cognito", &|| {
            official_clients(root, &tools)
        }),
        ("the site in Chromium (dist/, end to end)", &|| {
            site(root, &tools)
        }),
    ];
    let mut failed = Vec::new();
    for (name, step) in &steps {
        println!("\n== {name}");
        if let Err(e) = step() {
            eprintln!("FAILED: {name}: {e}");
            failed.push(*name);
        }
    }
    println!(
        "\nsteps: {} passed, {} failed",
        steps.len() - failed.len(),
        failed.len()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("failed: {}", failed.join(", ")))
    }
}

/// `../shared/srp/srp-vectors.json`, beside the checkout.
pub fn shared_vectors(root: &Path) -> Result<std::path::PathBuf, String> {
    let path = root.join("../shared/srp/srp-vectors.json");
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: the shared folder must sit beside the checkout",
            path.display()
        ))
    }
}

/// wasm-bindgen-test in headless Chromium through chromedriver.
fn wasm_tests(root: &Path, tools: &Tools) -> Result<(), String> {
    tools
        .command(&root.join("crates/cognito-srp"), "cargo")
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "cognito-srp",
            "--test",
            "vectors",
        ])
        .env("CHROMEDRIVER", "chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .status_ok("cargo test --target wasm32-unknown-unknown")
}

/// amazon-cognito-identity-js and aws-jwt-verify (Node) against a running
/// local-cognito whose tokens carry the real service's issuer.
fn official_clients(root: &Path, tools: &Tools) -> Result<(), String> {
    let server = LocalCognito::for_tests(
        root,
        tools,
        &[
            "--issuer-base",
            "https://cognito-idp.us-east-1.amazonaws.com",
        ],
    )?;
    tools
        .command(root, "node")
        .args(["--test", "--test-reporter=spec", "tests/interop/"])
        .env("LOCAL_COGNITO_URL", &server.url)
        .status_ok("node --test tests/interop/")
}

/// The release build in dist/ renders its home page from a plain static
/// server (the heading comes from the wasm, so a broken wasm, loader or CSP
/// fails here first); then the end-to-end tests drive every page.
fn site(root: &Path, tools: &Tools) -> Result<(), String> {
    dist::build(root, tools)?;
    dist::print_sizes(root)?;
    let server = StaticServer::start(&root.join("dist"))?;
    let profile = root.join("target/chromium-profile");
    let dom = browser::dump_dom(&format!("{}/index.html", server.url), &profile)?;
    if !dom.contains("<h1>Wild Rydes</h1>") || !dom.contains("Never get stuck in traffic again.") {
        return Err(format!("the home page did not render; the DOM was:\n{dom}"));
    }
    println!("the home page rendered from the release build in dist/");
    tools
        .command(root, "cargo")
        .args([
            "test",
            "-p",
            "wildrydes",
            "--features",
            "e2e",
            "--test",
            "e2e",
            "--",
            "--test-threads=1",
        ])
        .env("WILDRYDES_DIST", root.join("dist"))
        .status_ok("the end-to-end tests")
}
