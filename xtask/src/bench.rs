//! `cargo xtask bench srp`: the client's work for one sign-in (draw a,
//! compute A, answer the challenge) in our wasm and in
//! amazon-cognito-identity-js, side by side in one headless Chromium run,
//! then natively with criterion.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::browser;
use crate::run::CommandExt;
use crate::test::shared_vectors;
use crate::tools::{self, Tools};
use dev_server::StaticServer;

pub fn srp(root: &Path) -> Result<(), String> {
    let tools = tools::ensure(root)?;
    let page = root.join("target/bench-srp");
    build_page(root, &tools, &page)?;

    let server = StaticServer::start(&page)?;
    println!("Timing in headless Chromium ({}/)…", server.url);
    let chromium = browser::open(
        &format!("{}/index.html", server.url),
        &root.join("target/chromium-profile"),
    )?;
    let result = server
        .result(Duration::from_secs(600))
        .ok_or("the benchmark page posted no result within 10 minutes")?;
    drop(chromium);
    let samples: Value = serde_json::from_str(&result).map_err(|e| format!("bad result: {e}"))?;
    if let Some(error) = samples.get("error") {
        return Err(format!("the benchmark page failed: {error}"));
    }
    let wasm = median(&samples["wasm"])?;
    let official = median(&samples["official"])?;
    let runs = samples["wasm"].as_array().map_or(0, Vec::len);

    println!("Timing natively (criterion)…");
    tools
        .command(root, "cargo")
        .args([
            "bench",
            "-p",
            "cognito-srp",
            "--bench",
            "client",
            "--",
            "--noplot",
        ])
        .status_ok("cargo bench")?;
    let native = criterion_median_ms(root, "srp/client_sign_in")?;

    println!("\nSRP client, one sign-in (draw a, compute A, answer PASSWORD_VERIFIER), median of {runs}:");
    println!("  cognito-srp, wasm in Chromium      {wasm:8.1} ms");
    println!("  amazon-cognito-identity-js         {official:8.1} ms");
    println!(
        "  ratio (official / ours)            {:8.1}x",
        official / wasm
    );
    println!("  cognito-srp, native                {native:8.1} ms");
    if let Some(agent) = samples["userAgent"].as_str() {
        println!("  ({agent})");
    }
    Ok(())
}

/// target/bench-srp: the page, our module built by wasm-bindgen, the official
/// client's browser bundle, and the inputs of the first shared vector.
fn build_page(root: &Path, tools: &Tools, page: &Path) -> Result<(), String> {
    tools
        .command(root, "cargo")
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "srp-bench",
        ])
        .status_ok("cargo build srp-bench")?;
    tools
        .command(root, "wasm-bindgen")
        .args(["--target", "web", "--out-dir"])
        .arg(page.join("pkg"))
        .arg(root.join("target/wasm32-unknown-unknown/release/srp_bench.wasm"))
        .status_ok("wasm-bindgen")?;
    let copy = |from: &Path, to: &str| {
        std::fs::copy(from, page.join(to))
            .map(drop)
            .map_err(|e| format!("{}: {e}", from.display()))
    };
    copy(&root.join("bench/srp/page/index.html"), "index.html")?;
    copy(&root.join("bench/srp/page/bench.js"), "bench.js")?;
    copy(
        &root.join("node_modules/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js"),
        "amazon-cognito-identity.min.js",
    )?;
    let vectors = std::fs::read_to_string(shared_vectors(root)?).map_err(|e| e.to_string())?;
    let vectors: Value = serde_json::from_str(&vectors).map_err(|e| e.to_string())?;
    let first = &vectors["vectors"][0];
    std::fs::write(page.join("inputs.json"), first.to_string()).map_err(|e| e.to_string())
}

fn median(samples: &Value) -> Result<f64, String> {
    let mut values: Vec<f64> = samples
        .as_array()
        .ok_or("no samples")?
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    if values.is_empty() {
        return Err("no samples".into());
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Ok(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

/// Criterion's median estimate of a benchmark, in milliseconds.
fn criterion_median_ms(root: &Path, id: &str) -> Result<f64, String> {
    let path = root
        .join("target/criterion")
        .join(id)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let estimates: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    estimates["median"]["point_estimate"]
        .as_f64()
        .map(|ns| ns / 1e6)
        .ok_or_else(|| format!("{}: no median", path.display()))
}
