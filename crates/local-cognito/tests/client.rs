//! cognito-idp's typed client (over reqwest) against local-cognito: the
//! same client the app uses over fetch.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use cognito_idp::client::{Client, ClientError, Reqwest};
use cognito_idp::types::*;
use cognito_idp::ErrorCode;
use support::*;

#[tokio::test]
async fn the_typed_client_signs_up_confirms_and_signs_in() {
    let local = start().await;
    let client = Client::with_endpoint(&local.url, Reqwest::default());
    let email = "typed@example.com";
    let signed_up = client
        .sign_up(&SignUpRequest {
            client_id: CLIENT.into(),
            username: email.into(),
            password: PASSWORD.into(),
            user_attributes: vec![AttributeType::new("email", email)],
            client_metadata: None,
        })
        .await
        .unwrap();
    assert!(!signed_up.user_confirmed);
    let confirm = |code: String| ConfirmSignUpRequest {
        client_id: CLIENT.into(),
        username: email.into(),
        confirmation_code: code,
    };
    let wrong = client
        .confirm_sign_up(&confirm("abcdef".into()))
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), Some(ErrorCode::CodeMismatchException));
    assert_eq!(
        wrong.to_string(),
        "CodeMismatchException: Invalid verification code provided, please try again."
    );
    client
        .confirm_sign_up(&confirm(local.latest_code(email).await))
        .await
        .unwrap();

    let tokens = local.tokens(email, PASSWORD).await;
    let user = client
        .get_user(&AccessTokenRequest {
            access_token: tokens["AccessToken"].as_str().unwrap().into(),
        })
        .await
        .unwrap();
    assert_eq!(user.username, signed_up.user_sub);
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_network_error() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::with_endpoint(&format!("http://127.0.0.1:{port}"), Reqwest::default());
    let result = client
        .resend_confirmation_code(&ResendConfirmationCodeRequest {
            client_id: CLIENT.into(),
            username: "a@example.com".into(),
        })
        .await;
    assert!(matches!(result, Err(ClientError::Network(_))), "{result:?}");
}
