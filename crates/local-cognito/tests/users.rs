//! The signed-in user, over real HTTP: updating attributes, a changed email
//! verified with its code, and deleting oneself.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::*;

#[tokio::test]
async fn users_update_their_attributes_and_delete_themselves() {
    let local = start().await;
    local.confirmed_user("self@example.com").await;
    local.confirmed_user("other@example.com").await;
    let tokens = local.tokens("self@example.com", PASSWORD).await;
    let access = tokens["AccessToken"].clone();
    let update = |attributes: Value| {
        local.call(
            "UpdateUserAttributes",
            json!({"AccessToken": access, "UserAttributes": attributes}),
        )
    };
    let named = update(json!([{"Name": "name", "Value": "Shadowfax"}]))
        .await
        .unwrap();
    assert!(named.get("CodeDeliveryDetailsList").is_none());
    assert_eq!(
        update(json!([{"Name": "email", "Value": "other@example.com"}])).await,
        Err(fault(
            "AliasExistsException",
            "An account with the given email already exists."
        ))
    );
    assert_eq!(
        update(json!([{"Name": "sub", "Value": "x"}]))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
    assert_eq!(
        update(json!([{"Name": "favourite", "Value": "x"}]))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
    let moved = update(json!([{"Name": "email", "Value": "moved@example.com"}]))
        .await
        .unwrap();
    assert_eq!(
        moved["CodeDeliveryDetailsList"][0]["Destination"],
        "m***@e***"
    );
    assert_eq!(local.messages("moved@example.com").await.len(), 1);
    let user = local
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    let attributes = user["UserAttributes"].as_array().unwrap();
    assert!(attributes.contains(&json!({"Name": "name", "Value": "Shadowfax"})));
    assert!(attributes.contains(&json!({"Name": "email_verified", "Value": "false"})));

    local
        .call("DeleteUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_eq!(
        local.call("GetUser", json!({"AccessToken": access})).await,
        Err(fault("NotAuthorizedException", "User does not exist."))
    );
    assert_eq!(
        local
            .srp_sign_in("moved@example.com", PASSWORD)
            .await
            .unwrap_err()
            .0,
        "UserNotFoundException"
    );
}

#[tokio::test]
async fn a_changed_email_is_verified_with_its_code() {
    let local = start().await;
    local.confirmed_user("old@example.com").await;
    let access = local.tokens("old@example.com", PASSWORD).await["AccessToken"].clone();
    local
        .call(
            "UpdateUserAttributes",
            json!({"AccessToken": access, "UserAttributes": [{"Name": "email", "Value": "new@example.com"}]}),
        )
        .await
        .unwrap();
    let first = local.latest_code("new@example.com").await;
    let verify = |attribute: &str, code: &str| {
        local.call(
            "VerifyUserAttribute",
            json!({"AccessToken": access, "AttributeName": attribute, "Code": code}),
        )
    };
    let verified = || async {
        let user = local
            .call("GetUser", json!({"AccessToken": access}))
            .await
            .unwrap();
        user["UserAttributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email_verified", "Value": "true"}))
    };
    let wrong = if first == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert_eq!(
        verify("email", wrong).await,
        Err(fault(
            "CodeMismatchException",
            "Invalid verification code provided, please try again."
        ))
    );
    assert_eq!(
        verify("phone_number", &first).await.unwrap_err().0,
        "InvalidParameterException"
    );
    assert!(!verified().await);

    // A lost code: a new one replaces it.
    let sent = local
        .call(
            "GetUserAttributeVerificationCode",
            json!({"AccessToken": access, "AttributeName": "email"}),
        )
        .await
        .unwrap();
    assert_eq!(sent["CodeDeliveryDetails"]["AttributeName"], "email");
    assert_eq!(local.messages("new@example.com").await.len(), 2);
    let second = local.latest_code("new@example.com").await;
    if second != first {
        assert_eq!(
            verify("email", &first).await.unwrap_err().0,
            "CodeMismatchException"
        );
    }
    verify("email", &second).await.unwrap();
    assert!(verified().await);
    // Spent: the same code does not verify twice.
    assert_eq!(
        verify("email", &second).await.unwrap_err().0,
        "ExpiredCodeException"
    );
}
