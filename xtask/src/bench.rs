//! `cargo xtask bench srp`: the client's work for one sign-in (draw a,
//! compute A, answer the challenge; also with a 1024-bit a, the official
//! client's length, for comparison), and for a remembered device's round,
//! in our wasm and in amazon-cognito-identity-js, side by side in one
//! headless Chromium run, then natively with criterion.

use std::path::Path;
use std::time::Duration;

use dev_server::webdriver::{Browser, Driver};
use serde_json::{json, Value};

use crate::browser;
use crate::dist;
use crate::local::LocalCognito;
use crate::run::CommandExt;
use crate::test::{srp_vectors, DEVICE_VECTORS};
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
    let page_samples = |name: &str| match samples[name].as_array() {
        Some(values) if !values.is_empty() => {
            Ok(values.iter().filter_map(Value::as_f64).collect::<Vec<_>>())
        }
        _ => Err(format!("no {name} samples")),
    };
    let page_median = |name: &str| page_samples(name).map(median);
    let (simd, scalar, official, simd_long_a) = (
        page_median("simd")?,
        page_median("scalar")?,
        page_median("official")?,
        page_median("simd_long_a")?,
    );
    let (device_simd, device_scalar, device_official) = (
        page_median("device_simd")?,
        page_median("device_scalar")?,
        page_median("device_official")?,
    );
    // A remembered device's sign-in: the user's round, then the device's;
    // the two of one run, added (the page interleaves them).
    let both_median = |kernel: &str| {
        let user = page_samples(kernel)?;
        let device = page_samples(&format!("device_{kernel}"))?;
        Ok::<_, String>(median(
            user.iter().zip(&device).map(|(u, d)| u + d).collect(),
        ))
    };
    let (both_simd, both_scalar, both_official) = (
        both_median("simd")?,
        both_median("scalar")?,
        both_median("official")?,
    );
    let runs = samples["simd"].as_array().map_or(0, Vec::len);
    // The page's `ourSignInParts`: the call, then `sign_in_parts`'s figures.
    let part = |index: usize| {
        median(
            samples["parts"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|run| run[index].as_f64())
                .collect(),
        )
    };
    let [call, inside, drawn, g_a, answered, g_x, s_pow, one_pow] = std::array::from_fn(part);

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
    println!("  cognito-srp, wasm SIMD module      {simd:8.1} ms");
    println!("  cognito-srp, wasm portable         {scalar:8.1} ms");
    println!("  amazon-cognito-identity-js         {official:8.1} ms");
    println!(
        "  official / ours: SIMD {:.1}x, portable {:.1}x (goal: 15x with SIMD)",
        official / simd,
        official / scalar
    );
    println!("  (ours draws a 256-bit a, the official client a 1024-bit one. Ours with SIMD and");
    println!(
        "  a 1024-bit a, its g^a without a comb: {simd_long_a:.1} ms, official / that {:.1}x)",
        official / simd_long_a
    );
    println!("  cognito-srp, native                {native:8.1} ms");
    println!("\nWhere a SIMD sign-in's time goes (separate runs, each part's median of {runs}):");
    println!(
        "  the call from the page             {call:8.1} ms, inside the module {inside:.1} ms"
    );
    println!("  draw a, A                          {drawn:8.1} ms, of it g^a (comb) {g_a:.1} ms");
    println!(
        "  the answer                         {answered:8.1} ms, of it g^x {g_x:.1} ms, S's power {s_pow:.1} ms"
    );
    println!(
        "  the rest (hashes, conversions)     {:8.1} ms; a power's fixed cost (1-byte exponent) {one_pow:.2} ms",
        inside - g_a - g_x - s_pow
    );
    println!("\nA remembered device's round (a fresh a, A, answer DEVICE_PASSWORD_VERIFIER), median of {runs}:");
    println!("  cognito-srp, wasm SIMD module      {device_simd:8.1} ms");
    println!("  cognito-srp, wasm portable         {device_scalar:8.1} ms");
    println!("  amazon-cognito-identity-js         {device_official:8.1} ms");
    println!(
        "  official / ours: SIMD {:.1}x, portable {:.1}x",
        device_official / device_simd,
        device_official / device_scalar
    );
    println!("\nSign-in with a remembered device (the user's round, then the device's), median of {runs} sums:");
    println!("  cognito-srp, wasm SIMD module      {both_simd:8.1} ms");
    println!("  cognito-srp, wasm portable         {both_scalar:8.1} ms");
    println!("  amazon-cognito-identity-js         {both_official:8.1} ms");
    println!(
        "  official / ours: SIMD {:.1}x, portable {:.1}x",
        both_official / both_simd,
        both_official / both_scalar
    );
    if let Some(agent) = samples["userAgent"].as_str() {
        println!("  ({agent})");
    }
    if official / simd < 15.0 {
        return Err(format!(
            "SIMD sign-in {simd:.1} ms is more than a fifteenth of the official client's {official:.1} ms"
        ));
    }
    Ok(())
}

/// target/bench-srp: the page, our module built by wasm-bindgen, the official
/// client's browser bundle, and the inputs of the first reference vector,
/// a user's (inputs.json) and a device's (device-inputs.json).
fn build_page(root: &Path, tools: &Tools, page: &Path) -> Result<(), String> {
    tools
        .command(root, "cargo")
        .args([
            "build",
            // The profile the app ships with.
            "--profile",
            "wasm-release",
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
        .arg(root.join("target/wasm32-unknown-unknown/wasm-release/srp_bench.wasm"))
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
    for (vectors, to) in [
        (srp_vectors(root)?, "inputs.json"),
        (root.join(DEVICE_VECTORS), "device-inputs.json"),
    ] {
        let vectors =
            std::fs::read_to_string(&vectors).map_err(|e| format!("{}: {e}", vectors.display()))?;
        let vectors: Value = serde_json::from_str(&vectors).map_err(|e| e.to_string())?;
        let first = &vectors["vectors"][0];
        std::fs::write(page.join(to), first.to_string()).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The workshop's sign-in page (bench/workshop/: its markup and script
/// order) with the libraries it loads from their npm packages, written to
/// `dir`, with the app's `config` as its config.js. Returns the gzip -9
/// size of every file the page fetches.
fn workshop_page(root: &Path, dir: &Path, config: &str) -> Result<usize, String> {
    let files = [
        ("bench/workshop/signin.html", "signin.html"),
        ("bench/workshop/css/index.css", "css/index.css"),
        ("bench/workshop/css/message.css", "css/message.css"),
        ("bench/workshop/js/signin.js", "js/signin.js"),
        (
            "node_modules/normalize.css/normalize.css",
            "css/normalize.css",
        ),
        (
            "node_modules/jquery/dist/jquery.js",
            "js/vendor/jquery-3.1.0.js",
        ),
        (
            "node_modules/bootstrap/dist/js/bootstrap.min.js",
            "js/vendor/bootstrap.min.js",
        ),
        (
            "node_modules/amazon-cognito-identity-js-1/dist/aws-cognito-sdk.min.js",
            "js/vendor/aws-cognito-sdk.min.js",
        ),
        (
            "node_modules/amazon-cognito-identity-js-1/dist/amazon-cognito-identity.min.js",
            "js/vendor/amazon-cognito-identity.min.js",
        ),
    ];
    let mut size = 0;
    let mut write = |to: &str, bytes: &[u8]| {
        let to = dir.join(to);
        std::fs::create_dir_all(to.parent().unwrap_or(dir)).map_err(|e| e.to_string())?;
        std::fs::write(&to, bytes).map_err(|e| format!("{}: {e}", to.display()))?;
        size += dist::gzip_size(bytes)?;
        Ok::<_, String>(())
    };
    for (from, to) in files {
        let from = root.join(from);
        write(
            to,
            &std::fs::read(&from).map_err(|e| format!("{}: {e}", from.display()))?,
        )?;
    }
    write("js/config.js", config.as_bytes())?;
    Ok(size)
}

/// The median; NaN for no values (printed as such, never a budget met).
fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
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

/// The app's budgets: 150 KB gzip -9 for a visit (read strictly: 150,000
/// bytes, which also keeps it under 150 KiB), 100 ms from navigation to an
/// interactive sign-in form (cold cache); and the click on "Sign in" until
/// ride.html shows the user, against local-cognito, with its SRP share and
/// the time to the signed claim (goal 80 ms). Medians of 10.
const SIZE_BUDGET: usize = 150_000;
const COLD_LOAD_BUDGET_MS: f64 = 100.0;
const CLICK_TO_RIDE_GOAL_MS: f64 = 80.0;
const RUNS: usize = 10;

pub fn app(root: &Path) -> Result<(), String> {
    let tools = tools::ensure(root)?;
    dist::build(root, &tools)?;
    let size = dist::print_sizes(root)?;
    let cognito = LocalCognito::for_tests(root, &tools, &[])?;
    let files = StaticServer::start(&root.join("dist"))?;
    let config = std::fs::read_to_string(root.join("public/js/config.js"))
        .map_err(|e| e.to_string())?
        .replace("http://127.0.0.1:9229", &cognito.url);
    files.set_file("/js/config.js", &config);
    let workshop_dir = root.join("target/bench-workshop");
    let workshop_size = workshop_page(root, &workshop_dir, &config)?;
    let workshop = StaticServer::start(&workshop_dir)?;
    let driver = Driver::start();

    let loads = cold_loads(&driver, &files, &workshop)?;
    let sign_ins = sign_ins(&driver, &files, &cognito.url)?;

    let [[load, devtools_load], [floor, devtools_floor], [workshop, devtools_workshop]] =
        loads.map(|modes| modes.map(median));
    let SignIns {
        ride,
        srp,
        signed,
        kernels,
    } = sign_ins;
    let (ride, srp, signed) = (median(ride), median(srp), median(signed));
    let verdict = |ok: bool| if ok { "within budget" } else { "OVER BUDGET" };
    println!("\nHeadless Chromium, localhost, medians of {RUNS}. Cold loads: the HTTP cache emptied before each");
    println!("(in brackets: with DevTools' \"Disable cache\" on instead, which adds DevTools' work on every request).");
    println!(
        "  the app: size, gzip -9, a page and its assets {:6.1} KB   budget 150 KB: {}",
        size as f64 / 1000.0,
        verdict(size <= SIZE_BUDGET)
    );
    println!(
        "  the app: cold load to an interactive form {load:6.1} ms ({devtools_load:5.1})   budget 100 ms: {}",
        verdict(load <= COLD_LOAD_BUDGET_MS)
    );
    println!(
        "  the workshop's sign-in page, rebuilt      {workshop:6.1} ms ({devtools_workshop:5.1})   {:.1} KB gzip -9, to its submit handler",
        workshop_size as f64 / 1000.0
    );
    println!("  a page with one small script              {floor:6.1} ms ({devtools_floor:5.1})   this browser and machine's floor");
    println!(
        "  the app: click on \"Sign in\" until ride.html shows the user {ride:6.1} ms   goal 80 ms: {} (SRP math {srp:.1} ms of it)",
        verdict(ride <= CLICK_TO_RIDE_GOAL_MS)
    );
    println!(
        "  the app: click to the signed claim        {signed:6.1} ms   (A drawn before the click; SRP kernel: {})",
        kernels.into_iter().collect::<Vec<_>>().join(", ")
    );
    println!("  (not rebuilt here: Amplify UI's Authenticator, 202 ms and 246 KB by the issue's measurement)");
    if size <= SIZE_BUDGET && load <= COLD_LOAD_BUDGET_MS {
        Ok(())
    } else {
        Err("a budget was missed (see above)".into())
    }
}

/// Cold loads, in a browser that has already started (a fresh browser's
/// first page carries ~100 ms of its own start-up, which no site can
/// change); the first round is a warm-up. Two ways to keep the HTTP cache
/// out, each load checked to have fetched every file:
/// * the cache cleared before the load, nothing of DevTools' network domain
///   on during it: a first visit as a visitor's browser makes it;
/// * DevTools' "Disable cache" (Network.setCacheDisabled), which needs the
///   network domain on: DevTools then follows every request, work that
///   lands on the same two cores as the page's.
///
/// Beside the app's sign-in page, the floor of this browser and machine (a
/// page with one small deferred script that marks 'interactive' at
/// DOMContentLoaded; the machine's speed varies a lot between runs, and the
/// floor of the same run says how much of a figure is the app) and the
/// workshop's sign-in page, rebuilt (`workshop_page`). For each: its load
/// times with the cache emptied, then with "Disable cache".
fn cold_loads(
    driver: &Driver,
    files: &StaticServer,
    workshop: &StaticServer,
) -> Result<[[Vec<f64>; 2]; 3], String> {
    let browser = Browser::open(driver);
    files.set_file(
        "/floor.html",
        "<!doctype html><html lang=en><meta charset=utf-8><title>floor</title><script defer src=/floor.js></script><p>floor",
    );
    files.set_file(
        "/floor.js",
        "addEventListener('DOMContentLoaded', () => performance.mark('interactive'));",
    );
    // A load of `url`, in milliseconds from navigation to the page's
    // 'interactive' mark.
    let load = |url: &str, run: usize| -> Result<f64, String> {
        browser.go(&format!("{url}?run={run}"));
        let timing = browser.wait_until(&format!("{url} set no 'interactive' mark"), || {
            let timing = browser.script(
                "const m = performance.getEntriesByName('interactive')[0];
                 return m && [m.startTime, performance.getEntriesByType('resource').map(r => [r.name, r.transferSize])]",
                json!([]),
            );
            timing.is_array().then_some(timing)
        });
        // transferSize is 0 for a file the cache answered.
        match timing[1]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r[1].as_f64() == Some(0.0))
        {
            Some(cached) => Err(format!("{url}: {} came from the cache", cached[0])),
            None => Ok(timing[0].as_f64().unwrap_or(f64::NAN)),
        }
    };
    // Before a load: the cache emptied and DevTools' network domain off, or
    // DevTools' "Disable cache" on.
    let cold = |devtools: bool| {
        browser.cdp("Network.enable", json!({}));
        browser.cdp(
            "Network.setCacheDisabled",
            json!({ "cacheDisabled": devtools }),
        );
        if !devtools {
            browser.cdp("Network.clearBrowserCache", json!({}));
            browser.cdp("Network.disable", json!({}));
        }
    };
    let pages = [
        format!("{}/signin.html", files.url),
        format!("{}/floor.html", files.url),
        format!("{}/signin.html", workshop.url),
    ];
    let mut loads: [[Vec<f64>; 2]; 3] = Default::default();
    for run in 0..=RUNS {
        for devtools in [false, true] {
            for (page, loads) in pages.iter().zip(&mut loads) {
                cold(devtools);
                let load = load(page, run)?;
                if run > 0 {
                    loads[usize::from(devtools)].push(load);
                }
            }
        }
    }
    browser.cdp("Network.disable", json!({}));
    Ok(loads)
}

/// What the sign-ins measured, each in milliseconds from the click.
struct SignIns {
    ride: Vec<f64>,
    srp: Vec<f64>,
    signed: Vec<f64>,
    kernels: std::collections::BTreeSet<String>,
}

/// A confirmed user signs in from a fresh browser each time; the app's
/// marks (src/timing.rs) say when ride.html showed the user, how long the
/// SRP math took after the click, and when the claim was signed.
fn sign_ins(driver: &Driver, files: &StaticServer, cognito: &str) -> Result<SignIns, String> {
    let (email, password) = ("bench@example.com", "Un1corns!");
    dev_server::cognito::confirmed_user(cognito, "wildrydeslocalwebclient001", email, password)?;
    let mut measured = SignIns {
        ride: Vec::new(),
        srp: Vec::new(),
        signed: Vec::new(),
        kernels: Default::default(),
    };
    for _ in 0..RUNS {
        let browser = Browser::open(driver);
        browser.go(&format!("{}/signin.html", files.url));
        browser.type_into("#email", email);
        browser.type_into("#password", password);
        browser.click("button[type=submit]");
        let item =
            |key: &str| browser.script("return sessionStorage.getItem(arguments[0])", json!([key]));
        // The ride mark is the last the sign-in writes.
        browser.wait_until("ride.html did not show the user", || {
            item("wildrydes.bench.ride").as_str().map(drop)
        });
        let read = |key: &str| {
            item(key)
                .as_str()
                .and_then(|v| v.parse::<f64>().ok())
                .ok_or(format!("no {key} in sessionStorage"))
        };
        measured.ride.push(read("wildrydes.bench.ride")?);
        measured.srp.push(read("wildrydes.bench.srp")?);
        measured.signed.push(read("wildrydes.bench.signed")?);
        measured.kernels.insert(
            item("wildrydes.srp.kernel")
                .as_str()
                .unwrap_or("?")
                .to_string(),
        );
    }
    Ok(measured)
}
