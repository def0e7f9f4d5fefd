//! Passwords, over real HTTP: forgotten (ForgotPassword, ConfirmForgotPassword)
//! and changed (ChangePassword).
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::*;

#[tokio::test]
async fn forgotten_and_changed_passwords() {
    let local = start().await;
    local.confirmed_user("forgot@example.com").await;
    let sent = local
        .call(
            "ForgotPassword",
            json!({"ClientId": CLIENT, "Username": "forgot@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(sent["CodeDeliveryDetails"]["Destination"], "f***@e***");
    let code = local.latest_code("forgot@example.com").await;
    let reset = |password: &str, code: &str| json!({"ClientId": CLIENT, "Username": "forgot@example.com", "ConfirmationCode": code, "Password": password});
    assert_eq!(
        local
            .call("ConfirmForgotPassword", reset("weak", &code))
            .await
            .unwrap_err()
            .0,
        "InvalidPasswordException"
    );
    local
        .call("ConfirmForgotPassword", reset("N3w-unicorns", &code))
        .await
        .unwrap();
    assert_eq!(
        local
            .call("ConfirmForgotPassword", reset("N3w-unicorns", &code))
            .await
            .unwrap_err()
            .0,
        "ExpiredCodeException"
    );
    assert!(local
        .srp_sign_in("forgot@example.com", PASSWORD)
        .await
        .is_err());
    let tokens = local.tokens("forgot@example.com", "N3w-unicorns").await;

    let change = |previous: &str, proposed: &str| json!({"AccessToken": tokens["AccessToken"], "PreviousPassword": previous, "ProposedPassword": proposed});
    assert_eq!(
        local
            .call("ChangePassword", change("Wr0ng-one", "Third-0ne"))
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    assert_eq!(
        local
            .call("ChangePassword", change("N3w-unicorns", "short"))
            .await
            .unwrap_err()
            .0,
        "InvalidPasswordException"
    );
    local
        .call("ChangePassword", change("N3w-unicorns", "Third-0ne"))
        .await
        .unwrap();
    local
        .srp_sign_in("forgot@example.com", "Third-0ne")
        .await
        .unwrap();

    local
        .sign_up("unverified@example.com", PASSWORD)
        .await
        .unwrap();
    let unverified = local
        .call(
            "ForgotPassword",
            json!({"ClientId": CLIENT, "Username": "unverified@example.com"}),
        )
        .await;
    assert_eq!(unverified.unwrap_err().0, "InvalidParameterException");
}
