//! The protocol, over real HTTP: Cognito's errors for unknown operations,
//! bad JSON and missing or mistyped members, the body limit, CORS for this
//! machine's pages, and the committed config naming the default pool.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::*;

#[tokio::test]
async fn protocol_errors_are_cognitos() {
    let local = start().await;
    let (status, headers, body) = local.raw(Some("NoSuchThing"), "{}").await;
    assert_eq!(status, 400);
    assert_eq!(headers["x-amzn-errortype"], "UnknownOperationException");
    assert!(body.contains("UnknownOperationException"), "{body}");
    let (status, _, body) = local.raw(None, "{}").await;
    assert_eq!(
        (status, body.contains("UnknownOperationException")),
        (400, true)
    );

    let (status, headers, body) = local.raw(Some("SignUp"), "{not json").await;
    assert_eq!(status, 400);
    assert_eq!(headers["x-amzn-errortype"], "SerializationException");
    assert!(body.contains("SerializationException"));
    let (_, headers, _) = local.raw(Some("SignUp"), "[1, 2]").await;
    assert_eq!(headers["x-amzn-errortype"], "SerializationException");

    let missing = local
        .call(
            "SignUp",
            json!({"Username": "a@example.com", "Password": PASSWORD}),
        )
        .await;
    assert_eq!(
        missing,
        Err(fault(
            "InvalidParameterException",
            "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null"
        ))
    );
    let mistyped = local
        .call(
            "SignUp",
            json!({"ClientId": CLIENT, "Username": 42, "Password": PASSWORD}),
        )
        .await;
    let (kind, message) = mistyped.unwrap_err();
    assert_eq!(kind, "InvalidParameterException");
    assert!(message.contains("'username'"), "{message}");

    let huge = json!({"ClientId": CLIENT, "Username": "x".repeat(100_000), "Password": PASSWORD})
        .to_string();
    let (status, headers, _) = local.raw(Some("SignUp"), &huge).await;
    assert_eq!(status, 413);
    assert_eq!(
        headers["x-amzn-errortype"],
        "RequestEntityTooLargeException"
    );

    let long_name = local
        .sign_up(&format!("{}@example.com", "x".repeat(200)), PASSWORD)
        .await;
    assert_eq!(long_name.unwrap_err().1, "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128");
}

#[tokio::test]
async fn pages_on_this_machine_may_call_it_from_a_browser() {
    let local = start().await;
    let preflight = |origin: &'static str| {
        reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, &local.url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,x-amz-target,x-amz-user-agent,cache-control",
            )
            .send()
    };
    let response = preflight("http://127.0.0.1:8080").await.unwrap();
    assert!(response.status().is_success());
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    assert!(headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    let allowed = headers["access-control-allow-headers"].to_str().unwrap();
    for header in [
        "content-type",
        "x-amz-target",
        "x-amz-user-agent",
        "cache-control",
    ] {
        assert!(allowed.contains(header), "{allowed}");
    }
    let (_, headers, _) = local
        .raw_from(
            Some("http://localhost:3000"),
            Some("GetUser"),
            r#"{"AccessToken": "x"}"#,
        )
        .await;
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://localhost:3000"
    );
    assert_eq!(
        headers["access-control-expose-headers"],
        "x-amzn-errortype, x-amzn-requestid"
    );
    assert!(headers.contains_key("x-amzn-requestid"));

    // Any other site is refused: no preflight, no answer it may read.
    let refused = preflight("https://evil.example").await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(!refused
        .headers()
        .contains_key("access-control-allow-origin"));
    let (_, headers, _) = local
        .raw_from(
            Some("https://evil.example"),
            Some("GetUser"),
            r#"{"AccessToken": "x"}"#,
        )
        .await;
    assert!(!headers.contains_key("access-control-allow-origin"));
    // And the console's data never has CORS, not even for this machine.
    let messages = reqwest::Client::new()
        .get(format!("{}/_local/messages", local.url))
        .header("origin", "http://127.0.0.1:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(messages.status(), 200);
    assert!(!messages
        .headers()
        .contains_key("access-control-allow-origin"));
}

#[test]
fn the_committed_config_names_the_default_pool() {
    let config = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/js/config.js"
    ))
    .unwrap();
    let pool: Value = serde_json::from_str(local_cognito::DEFAULT_POOL).unwrap();
    assert!(config.contains(&format!(
        "userPoolId: '{}'",
        pool["UserPool"]["Id"].as_str().unwrap()
    )));
    assert!(config.contains(&format!(
        "userPoolClientId: '{}'",
        pool["UserPoolClient"]["ClientId"].as_str().unwrap()
    )));
    assert!(config.contains("endpoint: 'http://127.0.0.1:9229'"));
}
