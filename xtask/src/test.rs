//! `cargo xtask test`: every test of the workspace, natively and in Chromium.

use std::path::Path;
use std::process::Command;

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
    let vectors = srp_vectors(root)?;
    let vectors = vectors.to_str().ok_or("the vectors' path is not UTF-8")?;
    let steps: [Step; 7] = [
        ("native tests", &|| {
            tools
                .command(root, "cargo")
                .args(["test", "--workspace"])
                .status_ok("cargo test")
        }),
        ("reference vectors (regenerated, native)", &|| {
            check_vectors(root, &tools, vectors)
        }),
        (
            "fuzzed: modp3072 against num-bigint, local-cognito's request path (30 s each)",
            &|| fuzz(root, &tools, 30),
        ),
        ("SRP and the wire JSON in Chromium", &|| {
            wasm_tests(root, &tools)
        }),
        (
            "official clients against local-cognito (Node, and boto3)",
            &|| official_clients(root, &tools),
        ),
        ("the site in Chromium (dist/, end to end)", &|| {
            site(root, &tools)
        }),
        (
            "deploy: cfn-lint, and dist/ to moto's S3 on 127.0.0.1",
            &|| crate::deploy_test::run(root),
        ),
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

/// Both committed vector files (users', devices') are what their generators
/// write (byte for byte); the example passes them, and fails a copy with one
/// vector's expected S changed, naming that vector and only it.
fn check_vectors(root: &Path, tools: &Tools, vectors: &str) -> Result<(), String> {
    let device = root.join(DEVICE_VECTORS);
    let device = device
        .to_str()
        .ok_or("the device vectors' path is not UTF-8")?;
    for (generator, file) in [(GENERATOR, vectors), (DEVICE_GENERATOR, device)] {
        regenerate_vectors(root, tools, generator, file)?;
        check_vector_file(root, tools, file)?;
    }
    Ok(())
}

fn check_vector_file(root: &Path, tools: &Tools, vectors: &str) -> Result<(), String> {
    let run = |file: &str| {
        tools
            .command(root, "cargo")
            .args([
                "run",
                "--quiet",
                "--release",
                "-p",
                "cognito-srp",
                "--example",
                "check_vectors",
                "--",
                file,
            ])
            .output()
            .map_err(|e| format!("check_vectors: {e}"))
    };
    let good = run(vectors)?;
    print!("{}", String::from_utf8_lossy(&good.stdout));
    if !good.status.success() {
        return Err(format!(
            "check_vectors failed on {vectors}:\n{}",
            String::from_utf8_lossy(&good.stderr)
        ));
    }
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(vectors).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let id = file["vectors"][3]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let s = file["vectors"][3]["S_hex"].as_str().unwrap_or_default();
    let changed = format!("{}{}", if s.starts_with('1') { '2' } else { '1' }, &s[1..]);
    file["vectors"][3]["S_hex"] = changed.into();
    let name = Path::new(vectors).file_name().unwrap_or_default();
    let corrupt = root
        .join("target")
        .join(format!("corrupt-{}", name.to_string_lossy()));
    std::fs::write(&corrupt, file.to_string()).map_err(|e| e.to_string())?;
    let bad = run(corrupt.to_str().ok_or("path")?)?;
    let printed = String::from_utf8_lossy(&bad.stdout);
    let failing: Vec<&str> = printed.lines().filter(|l| l.starts_with("FAIL ")).collect();
    if bad.status.success()
        || failing.len() != 1
        || !failing[0].starts_with(&format!("FAIL {id}: "))
    {
        return Err(format!(
            "check_vectors did not report the corrupted vector {id} alone:\n{printed}"
        ));
    }
    println!(
        "and on a copy with vector {id} corrupted it exits {} with: {}",
        bad.status,
        failing[0].chars().take(100).collect::<String>()
    );
    Ok(())
}

/// Runs a generator (`crates/cognito-srp/vectors/generate*.mjs`:
/// amazon-cognito-identity-js on seeded inputs) into target/ and fails
/// unless it wrote exactly the committed file.
fn regenerate_vectors(
    root: &Path,
    tools: &Tools,
    generator: &str,
    vectors: &str,
) -> Result<(), String> {
    let stem = Path::new(vectors).file_stem().unwrap_or_default();
    let regenerated = root
        .join("target")
        .join(format!("{}.regenerated.json", stem.to_string_lossy()));
    std::fs::create_dir_all(root.join("target")).map_err(|e| e.to_string())?;
    tools
        .command(root, "node")
        .arg(generator)
        .arg("--out")
        .arg(&regenerated)
        .status_ok(&format!("node {generator}"))?;
    let read = |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
    if read(&regenerated)? != read(Path::new(vectors))? {
        return Err(format!(
            "{} differs from the committed {vectors}: run `node {generator}` and commit the result, \
             or find what changed the generator's output",
            regenerated.display()
        ));
    }
    println!("regenerated: byte-identical to {vectors}");
    Ok(())
}

/// The vector generators, from the workspace root: users', and devices'
/// (which writes `DEVICE_VECTORS`).
const GENERATOR: &str = "crates/cognito-srp/vectors/generate.mjs";
const DEVICE_GENERATOR: &str = "crates/cognito-srp/vectors/generate-device.mjs";
pub const DEVICE_VECTORS: &str = "crates/cognito-srp/vectors/device-srp-vectors.json";

/// The committed reference vectors, `crates/cognito-srp/vectors/srp-vectors.json`.
pub fn srp_vectors(root: &Path) -> Result<std::path::PathBuf, String> {
    let path = root.join("crates/cognito-srp/vectors/srp-vectors.json");
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: `node {GENERATOR}` writes it",
            path.display()
        ))
    }
}

/// wasm-bindgen-test in headless Chromium through chromedriver: the SRP
/// vectors (through the scalar and the SIMD kernels), the SIMD module
/// against the scalar one, and the wire types through the browser's JSON.
fn wasm_tests(root: &Path, tools: &Tools) -> Result<(), String> {
    // The runner reads Chromium's options from a webdriver.json: written
    // from the one list of flags the other browser runs use.
    let config = root.join("target/webdriver.json");
    let capabilities = serde_json::json!({"goog:chromeOptions": {
        "binary": "/usr/bin/chromium",
        "args": dev_server::webdriver::CHROMIUM_ARGS,
    }});
    std::fs::create_dir_all(root.join("target")).map_err(|e| e.to_string())?;
    std::fs::write(&config, capabilities.to_string())
        .map_err(|e| format!("{}: {e}", config.display()))?;
    for (package, test, features) in [
        ("cognito-srp", "vectors", ""),
        ("srp-simd", "web", ""),
        ("cognito-idp", "json_web", "fetch"),
        ("webauthn-json", "browser", ""),
    ] {
        tools
            .command(root, "cargo")
            .args([
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                package,
                "--test",
                test,
                "--features",
                features,
            ])
            .env("CHROMEDRIVER", "chromedriver")
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &config)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .status_ok(&format!(
                "cargo test --target wasm32-unknown-unknown -p {package}"
            ))?;
    }
    Ok(())
}

/// The cargo-fuzz targets, `seconds` each, on stable Rust (no sanitizer:
/// the code's only `unsafe`, modp3072's two calls into its IFMA kernel
/// after the CPU check, read and write no memory through pointers): every modp3072 operation against num-bigint,
/// and local-cognito's request path (no panic, no 500). A finding stops its
/// target and leaves the input in the crate's fuzz/artifacts.
pub fn fuzz(root: &Path, tools: &Tools, seconds: u32) -> Result<(), String> {
    // (crate, target, -max_len)
    let targets = [
        // Room for two 384-byte operands and a 129-byte exponent.
        ("crates/modp3072", "against_num_bigint", 1000),
        // Room for any operation's body with long values.
        ("crates/local-cognito", "requests", 4096),
    ];
    let mut failed = Vec::new();
    for (dir, target, max_len) in targets {
        let run = tools
            .command(&root.join(dir), "cargo")
            .args([
                "fuzz",
                "run",
                "--sanitizer",
                "none",
                target,
                "--",
                &format!("-max_total_time={seconds}"),
                &format!("-max_len={max_len}"),
                "-len_control=0",
                "-print_final_stats=1",
            ])
            .status_ok(&format!("cargo fuzz run {target}"));
        failed.extend(run.err());
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// amazon-cognito-identity-js and aws-jwt-verify (Node), then boto3 (the
/// admin surface scripts and infrastructure tools use, from the deploy
/// tools' virtualenv), against one running local-cognito whose tokens carry
/// the real service's issuer.
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
        .status_ok("node --test tests/interop/")?;
    let venv = tools::python_tools(root)?;
    Command::new(venv.join("python"))
        .args([
            "-m",
            "unittest",
            "discover",
            "-s",
            "tests/interop",
            "-p",
            "test_*.py",
            "-v",
        ])
        .current_dir(root)
        .env("LOCAL_COGNITO_URL", &server.url)
        .status_ok("python -m unittest discover tests/interop (boto3)")
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
