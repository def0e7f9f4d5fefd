//! A running local-cognito driven over HTTP by the tests and benchmarks:
//! one API call, the newest code in its outbox, a confirmed user.

use cognito_idp::{CONTENT_TYPE, TARGET_PREFIX};
use serde_json::{json, Value};

/// One Cognito API call (`POST /` with `X-Amz-Target`); its JSON answer.
pub fn call(url: &str, operation: &str, body: Value) -> Result<Value, String> {
    ureq::post(url)
        .set("content-type", CONTENT_TYPE)
        .set("x-amz-target", &format!("{TARGET_PREFIX}{operation}"))
        .send_string(&body.to_string())
        .map_err(|e| format!("{operation}: {e}"))?
        .into_json()
        .map_err(|e| format!("{operation}: {e}"))
}

/// The 6-digit code in the newest email to `to`.
pub fn code_for(url: &str, to: &str) -> Result<String, String> {
    let messages: Value = ureq::get(&format!("{url}/_local/messages"))
        .query("to", to)
        .call()
        .map_err(|e| e.to_string())?
        .into_json()
        .map_err(|e| e.to_string())?;
    let body = messages
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["body"].as_str())
        .ok_or(format!("no email to {to}"))?;
    body.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .map(String::from)
        .ok_or(format!("no code in the email to {to}"))
}

/// Signs `email` up through `client` and confirms it with the emailed code.
pub fn confirmed_user(url: &str, client: &str, email: &str, password: &str) -> Result<(), String> {
    call(
        url,
        "SignUp",
        json!({"ClientId": client, "Username": email, "Password": password}),
    )?;
    let code = code_for(url, email)?;
    call(
        url,
        "ConfirmSignUp",
        json!({"ClientId": client, "Username": email, "ConfirmationCode": code}),
    )
    .map(drop)
}
