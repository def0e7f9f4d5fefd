//! `cargo xtask deploy`: builds dist/, writes the production js/config.js,
//! and uploads the site to an S3 bucket with the AWS CLI (the usual
//! credential chain; `--endpoint-url` for S3-compatible servers): the right
//! Content-Type for every file, immutable caching for hashed assets, no-cache
//! for the pages and config.js, and stale files deleted last.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use dev_server::headers;
use serde_json::{json, Value};

use crate::dist;
use crate::tools;

pub const USAGE: &str = "usage: cargo xtask deploy (--stack NAME | --bucket NAME --user-pool-id ID --client-id ID --region R) [--endpoint-url URL] [--skip-build]";

/// Where the site goes and what config.js says.
#[derive(Debug)]
pub struct Target {
    pub bucket: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub region: String,
    /// The site's address, when a stack gives one.
    pub site_url: Option<String>,
    /// The pool's ways to start a sign-in (the stack's SignInMethods), for
    /// config.js; None: config.js lists none and the app asks the pool.
    pub sign_in_methods: Option<Vec<String>>,
}

#[derive(Debug, Default)]
struct Options {
    stack: Option<String>,
    bucket: Option<String>,
    user_pool_id: Option<String>,
    client_id: Option<String>,
    region: Option<String>,
    endpoint_url: Option<String>,
    skip_build: bool,
}

fn parse(args: &[&str]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(&flag) = args.next() {
        if flag == "--skip-build" {
            options.skip_build = true;
            continue;
        }
        let slot = match flag {
            "--stack" => &mut options.stack,
            "--bucket" => &mut options.bucket,
            "--user-pool-id" => &mut options.user_pool_id,
            "--client-id" => &mut options.client_id,
            "--region" => &mut options.region,
            "--endpoint-url" => &mut options.endpoint_url,
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        };
        let value = args
            .next()
            .filter(|v| !v.starts_with("--"))
            .ok_or(format!("{flag} needs a value\n{USAGE}"))?;
        *slot = Some(value.to_string());
    }
    Ok(options)
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let options = parse(args)?;
    let aws = Aws {
        bin: tools::python_tools(root)?.join("aws"),
        region: options.region.clone(),
        endpoint_url: options.endpoint_url.clone(),
        env: Vec::new(),
    };
    let target = match &options.stack {
        Some(stack) => aws.stack_target(stack)?,
        None => {
            let given = |value: &Option<String>| {
                value.clone().ok_or(format!(
                    "give --stack, or all of --bucket, --user-pool-id, --client-id and --region\n{USAGE}"
                ))
            };
            Target {
                bucket: given(&options.bucket)?,
                user_pool_id: given(&options.user_pool_id)?,
                client_id: given(&options.client_id)?,
                region: given(&options.region)?,
                site_url: None,
                sign_in_methods: None,
            }
        }
    };
    check_target(&target)?;
    aws.check_bucket(&target.bucket)?;
    if !options.skip_build {
        dist::build(root, &tools::ensure(root)?)?;
    }
    let staged = stage(root, &target)?;
    aws.upload(&target.bucket, &staged)?;
    println!(
        "\nDeployed {} files to s3://{}/.",
        staged.len(),
        target.bucket
    );
    match &target.site_url {
        Some(url) => println!("Open {url}"),
        None => println!("Open the site at the address of the bucket's CloudFront distribution (the stack's SiteUrl output)."),
    }
    Ok(())
}

/// Refuses values that cannot be right before anything is uploaded.
fn check_target(target: &Target) -> Result<(), String> {
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    match target.user_pool_id.split_once('_') {
        Some((region, name))
            if word(region)
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            if region != target.region {
                return Err(format!(
                    "the user pool {} is in {region}, not in --region {}",
                    target.user_pool_id, target.region
                ));
            }
        }
        _ => {
            return Err(format!(
                "{:?} is not a user pool id (like us-east-1_AbCdEf123)",
                target.user_pool_id
            ))
        }
    }
    if target.client_id.is_empty()
        || target.client_id.len() > 128
        || !target
            .client_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '_')
    {
        return Err(format!("{:?} is not an app client id", target.client_id));
    }
    let bucket_ok = (3..=63).contains(&target.bucket.len())
        && target
            .bucket
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    if !bucket_ok {
        return Err(format!("{:?} is not an S3 bucket name", target.bucket));
    }
    Ok(())
}

/// One file to upload: its key, where it is, and its headers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Upload {
    /// Upload order: assets first, then config.js, then the pages, so that
    /// no page ever names an asset that is not there yet.
    rank: u8,
    pub key: String,
    pub path: PathBuf,
    pub content_type: &'static str,
    pub cache_control: &'static str,
}

/// dist/ copied to target/deploy with the production config.js and the
/// pages' CSP narrowed to the pool's region; each file with its headers.
fn stage(root: &Path, target: &Target) -> Result<Vec<Upload>, String> {
    let dist = root.join("dist");
    let staging = root.join("target/deploy");
    let _ = std::fs::remove_dir_all(&staging);
    let mut uploads = Vec::new();
    let keys =
        dist::files(&dist).map_err(|e| format!("{e} (build the site first: cargo xtask dist)"))?;
    for key in keys {
        let from = dist.join(&key);
        let to = staging.join(&key);
        std::fs::create_dir_all(to.parent().unwrap_or(&staging)).map_err(|e| e.to_string())?;
        if key == "js/config.js" {
            std::fs::write(&to, config_js(target)).map_err(|e| e.to_string())?;
        } else if key.ends_with(".html") {
            let page = std::fs::read_to_string(&from).map_err(|e| format!("{key}: {e}"))?;
            std::fs::write(&to, narrow_csp(&page, &target.region)?).map_err(|e| e.to_string())?;
        } else {
            std::fs::copy(&from, &to).map_err(|e| format!("{key}: {e}"))?;
        }
        let rank = if key.ends_with(".html") {
            2
        } else if key == "js/config.js" {
            1
        } else {
            0
        };
        uploads.push(Upload {
            rank,
            content_type: headers::content_type(&key)
                .ok_or(format!("dist/{key}: no Content-Type known for it"))?,
            cache_control: headers::cache_control(&key),
            path: to,
            key,
        });
    }
    uploads.sort();
    Ok(uploads)
}

/// The workshop's config.js format, for the real service (no endpoint: the
/// app derives it from the region). The pool's password policy is
/// Cognito's default, which the app shows when none is given.
pub fn config_js(target: &Target) -> String {
    let mut settings = json!({
        "cognito": {
            "userPoolId": target.user_pool_id,
            "userPoolClientId": target.client_id,
            "region": target.region,
        },
        "api": { "invokeUrl": "" },
    });
    if let Some(methods) = &target.sign_in_methods {
        settings["cognito"]["signInMethods"] = json!(methods);
    }
    format!("// Written by `cargo xtask deploy`.\nwindow._config = {settings};\n")
}

/// The page with `connect-src` limited to the site and the pool's regional
/// Cognito endpoint (the template allows local-cognito for development).
fn narrow_csp(page: &str, region: &str) -> Result<String, String> {
    let start = page
        .find("connect-src")
        .ok_or("a page has no connect-src in its Content-Security-Policy")?;
    let end = start + page[start..].find(';').ok_or("connect-src has no end")?;
    Ok(format!(
        "{}connect-src 'self' https://cognito-idp.{region}.amazonaws.com{}",
        &page[..start],
        &page[end..]
    ))
}

/// The AWS CLI, with the region and endpoint given.
pub struct Aws {
    pub bin: PathBuf,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Extra environment (the tests' fake credentials).
    pub env: Vec<(String, String)>,
}

impl Aws {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.bin);
        command
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        if let Some(region) = &self.region {
            command.args(["--region", region]);
        }
        if let Some(url) = &self.endpoint_url {
            command.args(["--endpoint-url", url]);
        }
        command.args(["--output", "json"]);
        command
    }

    /// Runs an AWS CLI command; its failures become one plain sentence.
    pub fn call(&self, args: &[&str]) -> Result<Value, String> {
        let output = self
            .command(args)
            .output()
            .map_err(|e| format!("cannot run the AWS CLI ({}): {e}", self.bin.display()))?;
        if !output.status.success() {
            return Err(explain(&String::from_utf8_lossy(&output.stderr)));
        }
        let text = String::from_utf8_lossy(&output.stdout);
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| format!("the AWS CLI answered {text:?}: {e}"))
    }

    /// The stack's outputs as a deploy target.
    fn stack_target(&self, stack: &str) -> Result<Target, String> {
        let stacks = self
            .call(&["cloudformation", "describe-stacks", "--stack-name", stack])
            .map_err(|e| format!("reading the stack {stack}: {e}"))?;
        let outputs: BTreeMap<String, String> = stacks["Stacks"][0]["Outputs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| {
                Some((
                    o["OutputKey"].as_str()?.to_string(),
                    o["OutputValue"].as_str()?.to_string(),
                ))
            })
            .collect();
        let get = |key: &str| {
            outputs.get(key).cloned().ok_or(format!(
                "the stack {stack} has no output {key} (is it infra/wildrydes.yaml, fully created?)"
            ))
        };
        Ok(Target {
            bucket: get("BucketName")?,
            user_pool_id: get("UserPoolId")?,
            client_id: get("UserPoolClientId")?,
            region: get("Region")?,
            site_url: outputs.get("SiteUrl").cloned(),
            sign_in_methods: outputs
                .get("SignInMethods")
                .map(|list| list.split(',').map(str::to_string).collect()),
        })
    }

    fn check_bucket(&self, bucket: &str) -> Result<(), String> {
        self.call(&["s3api", "head-bucket", "--bucket", bucket])
            .map(drop)
            .map_err(|e| {
                if e.contains("Not Found") || e.contains("404") || e.contains("NoSuchBucket") {
                    format!("the bucket {bucket} does not exist (create the stack first, see README \"Deploy to AWS\", or check --bucket and --region)")
                } else if e.contains("Forbidden") || e.contains("403") {
                    format!("these AWS credentials may not use the bucket {bucket} (403 Forbidden)")
                } else {
                    e
                }
            })
    }

    /// Uploads in order, then deletes what the bucket holds beyond them.
    fn upload(&self, bucket: &str, uploads: &[Upload]) -> Result<(), String> {
        for upload in uploads {
            let body = upload.path.to_string_lossy();
            self.call(&[
                "s3api",
                "put-object",
                "--bucket",
                bucket,
                "--key",
                &upload.key,
                "--body",
                &body,
                "--content-type",
                upload.content_type,
                "--cache-control",
                upload.cache_control,
            ])
            .map_err(|e| format!("uploading {}: {e}", upload.key))?;
            println!(
                "  {:<44} {:<30} {}",
                upload.key, upload.content_type, upload.cache_control
            );
        }
        let fresh: BTreeSet<&str> = uploads.iter().map(|u| u.key.as_str()).collect();
        let stale: Vec<String> = self
            .keys(bucket)?
            .into_iter()
            .filter(|k| !fresh.contains(k.as_str()))
            .collect();
        for batch in stale.chunks(1000) {
            let objects: Vec<Value> = batch.iter().map(|k| json!({ "Key": k })).collect();
            let request = json!({ "Objects": objects, "Quiet": true }).to_string();
            self.call(&[
                "s3api",
                "delete-objects",
                "--bucket",
                bucket,
                "--delete",
                &request,
            ])
            .map_err(|e| format!("deleting stale files: {e}"))?;
            for key in batch {
                println!("  deleted {key}");
            }
        }
        Ok(())
    }

    /// Every key in the bucket (the CLI follows the pages itself).
    pub fn keys(&self, bucket: &str) -> Result<Vec<String>, String> {
        let listed = self.call(&["s3api", "list-objects-v2", "--bucket", bucket])?;
        Ok(listed["Contents"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| o["Key"].as_str().map(String::from))
            .collect())
    }
}

/// The AWS CLI's error output as one sentence a person can act on.
fn explain(stderr: &str) -> String {
    let text = stderr.trim();
    if text.contains("Unable to locate credentials") {
        "no AWS credentials found: configure them as for the AWS CLI (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or `aws configure`)".to_string()
    } else if text.contains("Could not connect to the endpoint URL") {
        format!("cannot reach AWS: {}", text.lines().last().unwrap_or(text))
    } else if text.contains("ExpiredToken")
        || text.contains("InvalidClientTokenId")
        || text.contains("SignatureDoesNotMatch")
    {
        format!(
            "the AWS credentials were refused: {}",
            text.lines().last().unwrap_or(text)
        )
    } else {
        text.lines()
            .last()
            .unwrap_or("the AWS CLI failed")
            .trim()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csp_allows_only_the_regions_cognito() {
        let page = "<meta content=\"default-src 'none'; connect-src 'self' https://*.amazonaws.com http://127.0.0.1:*; base-uri 'none'\">";
        assert_eq!(
            narrow_csp(page, "eu-west-1").unwrap(),
            "<meta content=\"default-src 'none'; connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com; base-uri 'none'\">"
        );
    }

    #[test]
    fn targets_are_checked() {
        let good = Target {
            bucket: "wildrydes-site".into(),
            user_pool_id: "us-east-1_AbC123".into(),
            client_id: "abc123".into(),
            region: "us-east-1".into(),
            site_url: None,
            sign_in_methods: None,
        };
        assert!(check_target(&good).is_ok());
        let other_region = Target {
            region: "eu-west-1".into(),
            ..good
        };
        assert!(check_target(&other_region)
            .unwrap_err()
            .contains("not in --region"));
    }

    #[test]
    fn options_need_values() {
        assert!(parse(&["--bucket"]).is_err());
        assert!(parse(&["--bucket", "--region", "x"]).is_err());
        assert!(parse(&["--what", "x"]).is_err());
        let o = parse(&["--stack", "s", "--skip-build"]).unwrap();
        assert_eq!(o.stack.as_deref(), Some("s"));
        assert!(o.skip_build);
    }
}
