//! Email MFA (EMAIL_OTP) over real HTTP: the pool's EmailMfaConfiguration,
//! the user's EmailMfaSettings (a verified email needed), and the
//! EMAIL_OTP challenge after a right password: the code from the outbox
//! gives tokens, once; wrong codes lock as wrong passwords do.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::*;

async fn set_pool_email_mfa(local: &Local, mode: &str) -> Value {
    local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "MfaConfiguration": mode,
                "EmailMfaConfiguration": {"Message": "Sign in with {####} now.",
                    "Subject": "Your sign-in code"}}),
        )
        .await
        .unwrap()
}

/// A confirmed user (email verified by the sign-up code) with email MFA
/// on and preferred.
async fn user_with_email_mfa(local: &Local, email: &str) {
    local.confirmed_user(email).await;
    let access = local.tokens(email, PASSWORD).await["AccessToken"].clone();
    local
        .call(
            "SetUserMFAPreference",
            json!({"AccessToken": access,
                "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_pools_email_mfa_configuration() {
    let local = start().await;
    let get = || local.call("GetUserPoolMfaConfig", json!({"UserPoolId": POOL}));
    let set = set_pool_email_mfa(&local, "OPTIONAL").await;
    assert_eq!(
        set,
        json!({"MfaConfiguration": "OPTIONAL",
            "SoftwareTokenMfaConfiguration": {"Enabled": false},
            "EmailMfaConfiguration": {"Message": "Sign in with {####} now.",
                "Subject": "Your sign-in code"},
            "WebAuthnConfiguration": {"RelyingPartyId": "localhost", "UserVerification": "preferred"}})
    );
    assert_eq!(get().await.unwrap(), set);
    // TOTP beside it; email left as it was.
    let both = local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "MfaConfiguration": "ON",
                "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        )
        .await
        .unwrap();
    assert_eq!(both["EmailMfaConfiguration"], set["EmailMfaConfiguration"]);
    assert_eq!(both["SoftwareTokenMfaConfiguration"]["Enabled"], true);
    // A message without the code's placeholder.
    assert_eq!(
        local
            .call(
                "SetUserPoolMfaConfig",
                json!({"UserPoolId": POOL, "MfaConfiguration": "ON",
                    "EmailMfaConfiguration": {"Message": "no code here"}}),
            )
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
    assert_eq!(
        local
            .call(
                "SetUserPoolMfaConfig",
                json!({"UserPoolId": POOL, "MfaConfiguration": "OFF",
                    "EmailMfaConfiguration": {}}),
            )
            .await,
        Err(fault(
            "InvalidParameterException",
            "Invalid MFA configuration given, can't turn off MFA and configure an MFA together."
        ))
    );
    // OFF turns email MFA off too (passkeys are no MFA type: they stay).
    local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "MfaConfiguration": "OFF"}),
        )
        .await
        .unwrap();
    assert_eq!(
        get().await.unwrap(),
        json!({"MfaConfiguration": "OFF", "SoftwareTokenMfaConfiguration": {"Enabled": false},
            "WebAuthnConfiguration": {"RelyingPartyId": "localhost", "UserVerification": "preferred"}})
    );
}

#[tokio::test]
async fn a_verified_email_is_needed_and_get_user_reports_it() {
    let local = start().await;
    set_pool_email_mfa(&local, "OPTIONAL").await;
    // Made by an administrator, the email not verified.
    local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": POOL, "Username": "unverified@example.com",
                "UserAttributes": [{"Name": "email", "Value": "unverified@example.com"}]}),
        )
        .await
        .unwrap();
    let on = json!({"Enabled": true, "PreferredMfa": true});
    assert_eq!(
        local
            .call(
                "AdminSetUserMFAPreference",
                json!({"UserPoolId": POOL, "Username": "unverified@example.com",
                    "EmailMfaSettings": on}),
            )
            .await,
        Err(fault(
            "InvalidParameterException",
            "User does not have delivery config set to turn on EMAIL_OTP"
        ))
    );
    // Turning it off needs nothing.
    local
        .call(
            "AdminSetUserMFAPreference",
            json!({"UserPoolId": POOL, "Username": "unverified@example.com",
                "EmailMfaSettings": {"Enabled": false}}),
        )
        .await
        .unwrap();

    let email = "verified@example.com";
    local.confirmed_user(email).await;
    let access = local.tokens(email, PASSWORD).await["AccessToken"].clone();
    local
        .call(
            "AdminSetUserMFAPreference",
            json!({"UserPoolId": POOL, "Username": email,
                "EmailMfaSettings": {"Enabled": true}}),
        )
        .await
        .unwrap();
    let user = local
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_eq!(user["UserMFASettingList"], json!(["EMAIL_OTP"]));
    assert!(user.get("PreferredMfaSetting").is_none());
    local
        .call(
            "SetUserMFAPreference",
            json!({"AccessToken": access, "EmailMfaSettings": on}),
        )
        .await
        .unwrap();
    let admin = local.admin_user(email).await.unwrap();
    assert_eq!(admin["UserMFASettingList"], json!(["EMAIL_OTP"]));
    assert_eq!(admin["PreferredMfaSetting"], "EMAIL_OTP");
    // Both preferred at once: refused.
    assert_eq!(
        local
            .call(
                "SetUserMFAPreference",
                json!({"AccessToken": access, "EmailMfaSettings": on,
                    "SoftwareTokenMfaSettings": on}),
            )
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
    local
        .call(
            "SetUserMFAPreference",
            json!({"AccessToken": access, "EmailMfaSettings": {"Enabled": false}}),
        )
        .await
        .unwrap();
    let user = local
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert!(user.get("UserMFASettingList").is_none());
    assert!(user.get("PreferredMfaSetting").is_none());
}

#[tokio::test]
async fn sign_in_asks_for_the_emailed_code_once() {
    let local = start().await;
    set_pool_email_mfa(&local, "OPTIONAL").await;
    let email = "otp@example.com";
    user_with_email_mfa(&local, email).await;
    let sent = local.messages(email).await.len();

    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        challenge["ChallengeParameters"],
        json!({"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
            "CODE_DELIVERY_DESTINATION": "o***@e***"})
    );
    let messages = local.messages(email).await;
    assert_eq!(messages.len(), sent + 1);
    let message = messages.last().unwrap();
    assert_eq!(message["subject"], "Your sign-in code");
    let code = local.latest_code(email).await;
    assert_eq!(
        message["body"].as_str().unwrap(),
        format!("Sign in with {code} now.")
    );

    let session = &challenge["Session"];
    let done = local
        .call(
            "RespondToAuthChallenge",
            email_answer(CLIENT, session, email, &code),
        )
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    // The code, and its session, once.
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                email_answer(CLIENT, session, email, &code)
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    // A new sign-in: the spent code is not its code.
    let again = local.srp_sign_in(email, PASSWORD).await.unwrap();
    let new_code = local.latest_code(email).await;
    if new_code != code {
        assert_eq!(
            local
                .call(
                    "RespondToAuthChallenge",
                    email_answer(CLIENT, &again["Session"], email, &code)
                )
                .await
                .unwrap_err()
                .0,
            "CodeMismatchException"
        );
    }
    // Three minutes: the session and its code are gone.
    local.advance(181).await;
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                email_answer(CLIENT, &again["Session"], email, &new_code)
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );

    // ADMIN_USER_PASSWORD_AUTH, answered with AdminRespondToAuthChallenge.
    let admin_client = local
        .create_client(json!({"UserPoolId": POOL, "ClientName": "admin",
                "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH"]}))
        .await;
    let challenge = local
        .call(
            "AdminInitiateAuth",
            json!({"UserPoolId": POOL, "ClientId": admin_client,
                "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD}}),
        )
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    let code = local.latest_code(email).await;
    let mut answer = email_answer(CLIENT, &challenge["Session"], email, &code);
    answer["ClientId"] = admin_client.into();
    answer["UserPoolId"] = json!(POOL);
    let done = local
        .call("AdminRespondToAuthChallenge", answer)
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());

    // Email MFA off for the pool: no challenge.
    local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "MfaConfiguration": "OFF"}),
        )
        .await
        .unwrap();
    let plain = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert!(plain["AuthenticationResult"]["AccessToken"].is_string());
}

#[tokio::test]
async fn wrong_codes_are_refused_and_lock_as_wrong_passwords_do() {
    let local = start().await;
    set_pool_email_mfa(&local, "OPTIONAL").await;
    let email = "guess-otp@example.com";
    user_with_email_mfa(&local, email).await;
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    let session = &challenge["Session"];
    let right = local.latest_code(email).await;
    for _ in 0..4 {
        assert_eq!(
            local
                .call(
                    "RespondToAuthChallenge",
                    email_answer(CLIENT, session, email, wrong(&right))
                )
                .await,
            Err(fault(
                "CodeMismatchException",
                "Invalid code received for user"
            ))
        );
    }
    // A wrong password makes five failures: locked, the right code too.
    assert_eq!(
        local.srp_sign_in(email, "Wr0ng!pass").await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                email_answer(CLIENT, session, email, &right)
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Password attempts exceeded"
        ))
    );
    // After the lock, the count starts again once a code is right.
    local.advance(61).await;
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    let right = local.latest_code(email).await;
    local
        .call(
            "RespondToAuthChallenge",
            email_answer(CLIENT, &challenge["Session"], email, &right),
        )
        .await
        .unwrap();
    // A wrong code leaves the session for the right one.
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    let right = local.latest_code(email).await;
    local
        .call(
            "RespondToAuthChallenge",
            email_answer(CLIENT, &challenge["Session"], email, wrong(&right)),
        )
        .await
        .unwrap_err();
    local
        .call(
            "RespondToAuthChallenge",
            email_answer(CLIENT, &challenge["Session"], email, &right),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_pool_without_a_template_sends_the_default_message() {
    let local = start().await;
    local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "MfaConfiguration": "OPTIONAL",
                "EmailMfaConfiguration": {}}),
        )
        .await
        .unwrap();
    let email = "plain-otp@example.com";
    user_with_email_mfa(&local, email).await;
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    let message = local.messages(email).await.last().unwrap().clone();
    assert_eq!(message["subject"], "Your authentication code");
    let code = local.latest_code(email).await;
    assert_eq!(
        message["body"].as_str().unwrap(),
        format!("Your authentication code is {code}.")
    );
}

#[tokio::test]
async fn with_mfa_on_a_verified_email_is_used_unasked() {
    let local = start().await;
    set_pool_email_mfa(&local, "ON").await;
    let email = "required@example.com";
    local.confirmed_user(email).await;
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    let code = local.latest_code(email).await;
    let done = local
        .call(
            "RespondToAuthChallenge",
            email_answer(CLIENT, &challenge["Session"], email, &code),
        )
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
}
