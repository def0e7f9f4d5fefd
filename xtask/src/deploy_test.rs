//! The deploy, tested: cfn-lint on the template, then `cargo xtask deploy`
//! against moto's S3-compatible server on 127.0.0.1,
//! and every object it leaves checked.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::deploy::Aws;
use crate::run::CommandExt;
use crate::tools;
use dev_server::headers::{IMMUTABLE, NO_CACHE};

const BUCKET: &str = "wildrydes-deploy-test";
const STACK: &str = "wildrydes-deploy-test";
const POOL: &str = "us-east-1_FromStack1";
const CLIENT: &str = "stackclient123";
const SITE: &str = "https://d111111abcdef8.cloudfront.net/";

/// moto_server on a free port of 127.0.0.1, stopped when dropped.
struct Moto {
    child: Child,
    url: String,
}

impl Moto {
    fn start(bin: &Path) -> Result<Moto, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new(bin.join("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("moto_server: {e}"))?;
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("moto_server did not start within 30 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(moto)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Fake credentials, and nothing read from this machine's AWS files.
fn fake_credentials() -> Vec<(String, String)> {
    [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_CONFIG_FILE", "/nonexistent"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

pub fn run(root: &Path) -> Result<(), String> {
    let bin = tools::python_tools(root)?;
    Command::new(bin.join("cfn-lint"))
        .arg(root.join("infra/wildrydes.yaml"))
        .status_ok("cfn-lint infra/wildrydes.yaml")?;
    println!("cfn-lint: infra/wildrydes.yaml has no findings");

    let moto = Moto::start(&bin)?;
    let aws = Aws {
        bin: bin.join("aws"),
        region: Some("us-east-1".into()),
        endpoint_url: Some(moto.url.clone()),
        env: fake_credentials(),
    };
    aws.call(&["s3api", "create-bucket", "--bucket", BUCKET])?;
    // What an earlier deploy left: an old asset and a page since removed.
    let stale_body = root.join("target/stale.txt");
    std::fs::write(&stale_body, "old").map_err(|e| e.to_string())?;
    for key in ["wildrydes-0123456789abcdef.js", "about.html"] {
        aws.call(&[
            "s3api",
            "put-object",
            "--bucket",
            BUCKET,
            "--key",
            key,
            "--body",
            &stale_body.to_string_lossy(),
        ])?;
    }
    // A stack with the outputs of infra/wildrydes.yaml (moto cannot create
    // CloudFront's origin access control, so the outputs stand alone).
    let template = root.join("target/outputs-only.yaml");
    std::fs::write(&template, format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Nothing:\n    Type: AWS::CloudFormation::WaitConditionHandle\n\
         Outputs:\n  BucketName: {{Value: {BUCKET}}}\n  UserPoolId: {{Value: {POOL}}}\n  UserPoolClientId: {{Value: {CLIENT}}}\n  Region: {{Value: us-east-1}}\n  SiteUrl: {{Value: \"{SITE}\"}}\n  SignInMethods: {{Value: \"PASSWORD,WEB_AUTHN\"}}\n"
    )).map_err(|e| e.to_string())?;
    aws.call(&[
        "cloudformation",
        "create-stack",
        "--stack-name",
        STACK,
        "--template-body",
        &format!("file://{}", template.display()),
    ])?;

    let deploy = |args: &[&str], env: &[(String, String)]| -> Result<Output, String> {
        // Through cargo, not current_exe(): `cargo test --workspace` may
        // have rebuilt this binary since it started.
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .current_dir(root)
            .args(["xtask", "deploy"])
            .args(args)
            .args(["--endpoint-url", &moto.url, "--skip-build"])
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_PROFILE")
            .envs(env.iter().map(|(k, v)| (k, v)));
        command.output().map_err(|e| e.to_string())
    };
    let text = |o: &Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };

    // The deploy, from the stack's outputs.
    let done = deploy(
        &["--stack", STACK, "--region", "us-east-1"],
        &fake_credentials(),
    )?;
    if !done.status.success() {
        return Err(format!(
            "cargo xtask deploy --stack failed:\n{}",
            text(&done)
        ));
    }
    expect(
        text(&done).contains(&format!("Open {SITE}")),
        "the deploy names the site's URL",
    )?;
    check_bucket(root, &aws)?;

    // A bucket that is not there, and no credentials at all: one sentence each.
    let by_ids = |bucket: &'static str| {
        [
            "--bucket",
            bucket,
            "--user-pool-id",
            POOL,
            "--client-id",
            CLIENT,
            "--region",
            "us-east-1",
        ]
    };
    // The deploy failed and said `sentence`.
    let refused = |output: &Output, sentence: &str, what: &str| {
        expect(
            !output.status.success(),
            &format!("{what} fails the deploy"),
        )?;
        expect(
            text(output).contains(sentence),
            &format!("{what} is said plainly:\n{}", text(output)),
        )
    };
    let missing = deploy(&by_ids("no-such-bucket"), &fake_credentials())?;
    refused(
        &missing,
        "the bucket no-such-bucket does not exist",
        "a missing bucket",
    )?;
    expect(!text(&missing).contains("Traceback"), "no stack trace")?;
    let no_credentials: Vec<(String, String)> = fake_credentials()
        .into_iter()
        .filter(|(k, _)| !k.contains("KEY"))
        .collect();
    let anonymous = deploy(&by_ids(BUCKET), &no_credentials)?;
    refused(&anonymous, "no AWS credentials found", "no credentials")?;
    println!("deploy: every object, its Content-Type and Cache-Control, config.js, the CSP, stale files, and the two failures are as expected");
    Ok(())
}

/// The bucket holds exactly dist/'s files, each with its headers.
fn check_bucket(root: &Path, aws: &Aws) -> Result<(), String> {
    let mut keys = aws.keys(BUCKET)?;
    keys.sort();
    let mut expected: Vec<String> = std::fs::read_dir(root.join("dist"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .chain(["js/config.js".to_string()])
        .collect();
    expected.sort();
    expect(
        keys == expected,
        &format!("the bucket holds dist/ and nothing else: {keys:?} vs {expected:?}"),
    )?;
    for key in &keys {
        let head = aws.call(&["s3api", "head-object", "--bucket", BUCKET, "--key", key])?;
        let (content_type, cache) = (
            head["ContentType"].as_str().unwrap_or(""),
            head["CacheControl"].as_str().unwrap_or(""),
        );
        let (want_type, want_cache) = match key.rsplit_once('.').map(|(_, e)| e) {
            Some("html") => ("text/html; charset=utf-8", NO_CACHE),
            Some("wasm") => ("application/wasm", IMMUTABLE),
            Some("css") => ("text/css; charset=utf-8", IMMUTABLE),
            Some("js") if key == "js/config.js" => ("text/javascript; charset=utf-8", NO_CACHE),
            Some("js") => ("text/javascript; charset=utf-8", IMMUTABLE),
            _ => return Err(format!("unexpected file {key}")),
        };
        expect(
            content_type == want_type,
            &format!("{key}: Content-Type {content_type:?}, expected {want_type:?}"),
        )?;
        expect(
            cache == want_cache,
            &format!("{key}: Cache-Control {cache:?}, expected {want_cache:?}"),
        )?;
    }
    let download = |key: &str| -> Result<String, String> {
        let to = root.join("target/downloaded");
        aws.call(&[
            "s3api",
            "get-object",
            "--bucket",
            BUCKET,
            "--key",
            key,
            &to.to_string_lossy(),
        ])?;
        std::fs::read_to_string(&to).map_err(|e| e.to_string())
    };
    let config = download("js/config.js")?;
    for value in [
        POOL,
        CLIENT,
        "\"region\":\"us-east-1\"",
        "\"signInMethods\":[\"PASSWORD\",\"WEB_AUTHN\"]",
    ] {
        expect(
            config.contains(value),
            &format!("config.js holds {value}: {config}"),
        )?;
    }
    expect(
        !config.contains("endpoint") && !config.contains("127.0.0.1"),
        "config.js points at the real service",
    )?;
    let page = download("signin.html")?;
    expect(
        page.contains("connect-src 'self' https://cognito-idp.us-east-1.amazonaws.com;")
            && !page.contains("127.0.0.1"),
        "the pages' CSP allows the region's Cognito only",
    )?;
    Ok(())
}

fn expect(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what.to_string())
    }
}
