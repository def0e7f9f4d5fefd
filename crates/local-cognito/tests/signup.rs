//! Sign-up and confirmation, over real HTTP: refusals, confirmation codes
//! (mismatch, attempt limits, expiry, resending).
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::*;

#[tokio::test]
async fn sign_up_confirm_and_sign_in_with_srp() {
    let local = start().await;
    let signed_up = local.sign_up("Rider@Example.com", PASSWORD).await.unwrap();
    assert_eq!(signed_up["UserConfirmed"], false);
    let sub = signed_up["UserSub"].as_str().unwrap().to_string();
    assert_eq!(
        signed_up["CodeDeliveryDetails"],
        json!({"Destination": "R***@E***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
    );
    let code = local.latest_code("rider@example.com").await;

    // Before confirmation the right password is not enough.
    assert_eq!(
        local.srp_sign_in("rider@example.com", PASSWORD).await,
        Err(fault("UserNotConfirmedException", "User is not confirmed."))
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let confirm = |code: &str| json!({"ClientId": CLIENT, "Username": "RIDER@example.com", "ConfirmationCode": code});
    assert_eq!(
        local.call("ConfirmSignUp", confirm(wrong)).await,
        Err(fault(
            "CodeMismatchException",
            "Invalid verification code provided, please try again."
        ))
    );
    local.call("ConfirmSignUp", confirm(&code)).await.unwrap();
    assert_eq!(
        local.call("ConfirmSignUp", confirm(&code)).await,
        Err(fault(
            "NotAuthorizedException",
            "User cannot be confirmed. Current status is CONFIRMED"
        ))
    );

    // The challenge: the internal username is the sub, SALT and SRP_B minimal lowercase hex, no Session.
    let (_, challenge) = local.start_srp(CLIENT, "rider@example.com").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(challenge.get("Session").is_none());
    let params = &challenge["ChallengeParameters"];
    assert_eq!(params["USER_ID_FOR_SRP"], sub.as_str());
    assert_eq!(params["USERNAME"], sub.as_str());
    for name in ["SALT", "SRP_B"] {
        let hex = params[name].as_str().unwrap();
        assert!(
            !hex.starts_with('0')
                && hex
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
            "{name} {hex}"
        );
    }

    let tokens = local.tokens("rider@example.com", PASSWORD).await;
    assert_eq!(tokens["TokenType"], "Bearer");
    assert_eq!(tokens["ExpiresIn"], 3600);
    assert!(tokens["RefreshToken"].as_str().unwrap().len() > 40);
    let user = local
        .call("GetUser", json!({"AccessToken": tokens["AccessToken"]}))
        .await
        .unwrap();
    assert_eq!(user["Username"], sub.as_str());
    let attributes: Vec<(String, String)> = user["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["Name"].as_str().unwrap().into(),
                a["Value"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(attributes[0], ("sub".into(), sub.clone()));
    assert!(attributes.contains(&("email".into(), "Rider@Example.com".into())));
    assert!(attributes.contains(&("email_verified".into(), "true".into())));
}

#[tokio::test]
async fn sign_up_refusals() {
    let local = start().await;
    local.sign_up("taken@example.com", PASSWORD).await.unwrap();
    assert_eq!(
        local.sign_up("TAKEN@example.com", PASSWORD).await,
        Err(fault(
            "UsernameExistsException",
            "An account with the given email already exists."
        ))
    );
    assert_eq!(
        local.sign_up("short@example.com", "Ab1!").await,
        Err(fault(
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough"
        ))
    );
    assert_eq!(
        local.sign_up("lower@example.com", "unicorns1!").await,
        Err(fault(
            "InvalidPasswordException",
            "Password did not conform with policy: Password must have uppercase characters"
        ))
    );
    assert_eq!(
        local.sign_up("not-an-email", PASSWORD).await,
        Err(fault(
            "InvalidParameterException",
            "Username should be an email."
        ))
    );
    let unknown_client = local
        .call(
            "SignUp",
            json!({"ClientId": "nope", "Username": "a@example.com", "Password": PASSWORD}),
        )
        .await;
    assert_eq!(
        unknown_client,
        Err(fault(
            "ResourceNotFoundException",
            "User pool client nope does not exist."
        ))
    );
    let sub_attribute = local
        .call(
            "SignUp",
            json!({"ClientId": CLIENT, "Username": "s@example.com", "Password": PASSWORD,
            "UserAttributes": [{"Name": "sub", "Value": "mine"}]}),
        )
        .await;
    assert_eq!(sub_attribute.unwrap_err().0, "InvalidParameterException");
    // Nothing half-made: the refused sign-ups left no users and sent nothing.
    assert!(local.messages("short@example.com").await.is_empty());
    assert_eq!(
        local
            .call(
                "ResendConfirmationCode",
                json!({"ClientId": CLIENT, "Username": "short@example.com"})
            )
            .await,
        Err(fault(
            "UserNotFoundException",
            "Username/client id combination not found."
        ))
    );
}

#[tokio::test]
async fn codes_expire_run_out_and_can_be_resent() {
    let local = start().await;
    local.sign_up("codes@example.com", PASSWORD).await.unwrap();
    let first = local.latest_code("codes@example.com").await;
    let resend = json!({"ClientId": CLIENT, "Username": "codes@example.com"});
    let resent = local
        .call("ResendConfirmationCode", resend.clone())
        .await
        .unwrap();
    assert_eq!(resent["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    assert_eq!(local.messages("codes@example.com").await.len(), 2);
    let second = local.latest_code("codes@example.com").await;
    let confirm = |code: &str| json!({"ClientId": CLIENT, "Username": "codes@example.com", "ConfirmationCode": code});
    if first != second {
        assert_eq!(
            local
                .call("ConfirmSignUp", confirm(&first))
                .await
                .unwrap_err()
                .0,
            "CodeMismatchException"
        );
    }

    // Five wrong tries use the code up, even for the right digits.
    let wrong = if second == "123456" {
        "654321"
    } else {
        "123456"
    };
    for _ in 0..4 {
        assert_eq!(
            local
                .call("ConfirmSignUp", confirm(wrong))
                .await
                .unwrap_err()
                .0,
            "CodeMismatchException"
        );
    }
    assert_eq!(
        local.call("ConfirmSignUp", confirm(&second)).await,
        Err(fault(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time."
        ))
    );

    // A new code gives no new guesses: the count stands until its window
    // (an hour) has passed.
    assert_eq!(
        local.call("ResendConfirmationCode", resend.clone()).await,
        Err(fault(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time."
        ))
    );
    local.advance(3600).await;

    // A fresh code, then 24 hours and a second.
    local
        .call("ResendConfirmationCode", resend.clone())
        .await
        .unwrap();
    let third = local.latest_code("codes@example.com").await;
    local.advance(24 * 3600 + 1).await;
    assert_eq!(
        local.call("ConfirmSignUp", confirm(&third)).await,
        Err(fault(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again."
        ))
    );
    local
        .call("ResendConfirmationCode", resend.clone())
        .await
        .unwrap();
    let fourth = local.latest_code("codes@example.com").await;
    local.call("ConfirmSignUp", confirm(&fourth)).await.unwrap();
    assert_eq!(
        local.call("ResendConfirmationCode", resend).await,
        Err(fault(
            "InvalidParameterException",
            "User is already confirmed."
        ))
    );
}
