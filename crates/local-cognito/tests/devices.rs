//! Remembered devices over real HTTP: NewDeviceMetadata at sign-in in a
//! pool with a DeviceConfiguration, ConfirmDevice with a verifier made by
//! cognito-srp's `device` module, the device's SRP round (DEVICE_SRP_AUTH,
//! DEVICE_PASSWORD_VERIFIER) with its client half, a remembered device in
//! place of the TOTP or emailed code, forgetting, the lists and the
//! administrator's forms.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use cognito_srp::device::{random_password, Device, DeviceChallenge, DeviceSecretVerifierConfig};
use cognito_srp::Client;
use serde_json::{json, Value};
use support::*;

/// Turns devices on in the default pool, keeping its other settings
/// (UpdateUserPool resets what it is not given).
async fn remember_devices(local: &Local, challenge_on_new: bool, on_prompt: bool) {
    let pool = local
        .call("DescribeUserPool", json!({"UserPoolId": POOL}))
        .await
        .unwrap()["UserPool"]
        .clone();
    local
        .call(
            "UpdateUserPool",
            json!({"UserPoolId": POOL, "Policies": pool["Policies"],
                "AutoVerifiedAttributes": pool["AutoVerifiedAttributes"],
                "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": challenge_on_new,
                    "DeviceOnlyRememberedOnUserPrompt": on_prompt}}),
        )
        .await
        .unwrap();
}

/// A device as the client keeps it: its keys and random password.
struct Kept {
    key: String,
    group_key: String,
    password: String,
}

impl Kept {
    fn device(&self) -> Device<'_> {
        Device {
            group_key: &self.group_key,
            key: &self.key,
        }
    }
}

/// ConfirmDevice for the NewDeviceMetadata of `result`; the kept device
/// and the response.
async fn confirm(local: &Local, result: &Value) -> (Kept, Value) {
    let meta = &result["NewDeviceMetadata"];
    let kept = Kept {
        key: meta["DeviceKey"].as_str().unwrap().to_string(),
        group_key: meta["DeviceGroupKey"].as_str().unwrap().to_string(),
        password: random_password().unwrap(),
    };
    let config = DeviceSecretVerifierConfig::generate(kept.device(), &kept.password).unwrap();
    let response = local
        .call(
            "ConfirmDevice",
            json!({"AccessToken": result["AccessToken"], "DeviceKey": kept.key,
                "DeviceName": "test runner",
                "DeviceSecretVerifierConfig": {"PasswordVerifier": config.password_verifier,
                    "Salt": config.salt}}),
        )
        .await
        .unwrap();
    (kept, response)
}

/// An SRP sign-in whose PASSWORD_VERIFIER answer names `device_key`, as
/// identity-js sends it.
async fn sign_in_with(
    local: &Local,
    username: &str,
    device_key: Option<&str>,
) -> Result<Value, Fault> {
    let (srp, challenge) = local.start_srp(CLIENT, username).await?;
    let now = local.now().await;
    let mut answer = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now);
    if let Some(key) = device_key {
        answer["ChallengeResponses"]["DEVICE_KEY"] = json!(key);
    }
    local.call("RespondToAuthChallenge", answer).await
}

/// DEVICE_SRP_AUTH with the session: (the device's SRP client, the
/// DEVICE_PASSWORD_VERIFIER challenge).
async fn device_srp_auth(
    local: &Local,
    session: &Value,
    username: &str,
    kept: &Kept,
) -> Result<(Client, Value), Fault> {
    let srp = Client::new().unwrap();
    let challenge = local
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "DEVICE_SRP_AUTH", "ClientId": CLIENT, "Session": session,
                "ChallengeResponses": {"USERNAME": username, "DEVICE_KEY": kept.key,
                    "SRP_A": srp.srp_a()}}),
        )
        .await?;
    Ok((srp, challenge))
}

/// The DEVICE_PASSWORD_VERIFIER answer with `password`.
async fn device_answer(
    local: &Local,
    srp: &Client,
    challenge: &Value,
    kept: &Kept,
    password: &str,
) -> Value {
    let p = &challenge["ChallengeParameters"];
    let answer = srp
        .answer_device(
            kept.device(),
            password,
            &DeviceChallenge {
                srp_b: p["SRP_B"].as_str().unwrap(),
                salt: p["SALT"].as_str().unwrap(),
                secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
            },
            local.now().await,
        )
        .unwrap();
    json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "ClientId": CLIENT,
        "ChallengeResponses": {"USERNAME": p["USERNAME"], "DEVICE_KEY": p["DEVICE_KEY"],
            "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"], "TIMESTAMP": answer.timestamp,
            "PASSWORD_CLAIM_SIGNATURE": answer.signature}})
}

/// From a DEVICE_SRP_AUTH challenge to the tokens (or the refusal).
async fn device_round(
    local: &Local,
    response: &Value,
    username: &str,
    kept: &Kept,
    password: &str,
) -> Result<Value, Fault> {
    assert_eq!(response["ChallengeName"], "DEVICE_SRP_AUTH", "{response}");
    let (srp, challenge) = device_srp_auth(local, &response["Session"], username, kept).await?;
    let answer = device_answer(local, &srp, &challenge, kept, password).await;
    local.call("RespondToAuthChallenge", answer).await
}

fn remembered_status(device: &Value) -> &str {
    device["DeviceAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == "dev:device_remembered_status")
        .unwrap()["Value"]
        .as_str()
        .unwrap()
}

#[tokio::test]
async fn a_pool_without_devices_gives_no_device_metadata() {
    let local = start().await;
    local.confirmed_user("plain@example.com").await;
    let tokens = local.tokens("plain@example.com", PASSWORD).await;
    assert!(tokens.get("NewDeviceMetadata").is_none(), "{tokens}");
    let pool = local
        .call("DescribeUserPool", json!({"UserPoolId": POOL}))
        .await
        .unwrap();
    assert!(pool["UserPool"].get("DeviceConfiguration").is_none());
    remember_devices(&local, true, false).await;
    let pool = local
        .call("DescribeUserPool", json!({"UserPoolId": POOL}))
        .await
        .unwrap();
    assert_eq!(
        pool["UserPool"]["DeviceConfiguration"],
        json!({"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false})
    );
}

#[tokio::test]
async fn a_remembered_device_signs_in_by_its_own_srp_round() {
    let local = start().await;
    remember_devices(&local, false, true).await;
    let email = "device@example.com";
    local.confirmed_user(email).await;
    let first = local.tokens(email, PASSWORD).await;
    let meta = &first["NewDeviceMetadata"];
    assert!(meta["DeviceKey"]
        .as_str()
        .unwrap()
        .starts_with("us-east-1_"));
    assert!(meta["DeviceGroupKey"].as_str().unwrap().starts_with('-'));
    // Before ConfirmDevice it is not listed.
    let access = first["AccessToken"].clone();
    let list = local
        .call("ListDevices", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_eq!(list["Devices"], json!([]));

    let (kept, confirmed) = confirm(&local, &first).await;
    // The pool leaves remembering to the user.
    assert_eq!(confirmed, json!({"UserConfirmationNecessary": true}));
    let got = local
        .call(
            "GetDevice",
            json!({"AccessToken": access, "DeviceKey": kept.key}),
        )
        .await
        .unwrap();
    assert_eq!(remembered_status(&got["Device"]), "not_remembered");
    assert_eq!(
        got["Device"]["DeviceAttributes"][0],
        json!({"Name": "device_status", "Value": "valid"})
    );

    // Confirmed, not remembered: tokens, and no new device.
    let user = local.admin_user(email).await.unwrap()["Username"]
        .as_str()
        .unwrap()
        .to_string();
    let known = sign_in_with(&local, email, Some(&kept.key)).await.unwrap();
    let result = &known["AuthenticationResult"];
    assert!(result.get("NewDeviceMetadata").is_none(), "{known}");

    local
        .call(
            "UpdateDeviceStatus",
            json!({"AccessToken": access, "DeviceKey": kept.key,
                "DeviceRememberedStatus": "remembered"}),
        )
        .await
        .unwrap();
    let response = sign_in_with(&local, email, Some(&kept.key)).await.unwrap();
    assert!(response.get("AuthenticationResult").is_none(), "{response}");
    let (srp, challenge) = device_srp_auth(&local, &response["Session"], &user, &kept)
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "DEVICE_PASSWORD_VERIFIER");
    let p = &challenge["ChallengeParameters"];
    assert_eq!(p["DEVICE_KEY"], json!(kept.key));
    assert_eq!(p["USERNAME"], json!(user));
    // The session answers once.
    assert_eq!(
        device_srp_auth(&local, &response["Session"], &user, &kept)
            .await
            .err(),
        Some(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    let answer = device_answer(&local, &srp, &challenge, &kept, &kept.password).await;
    let tokens = local
        .call("RespondToAuthChallenge", answer.clone())
        .await
        .unwrap();
    let result = &tokens["AuthenticationResult"];
    assert_eq!(
        claims(result["AccessToken"].as_str().unwrap())["username"],
        json!(user)
    );
    assert!(result.get("NewDeviceMetadata").is_none());
    // The secret block answers once.
    assert_eq!(
        local.call("RespondToAuthChallenge", answer).await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    let got = local
        .call(
            "GetDevice",
            json!({"AccessToken": access, "DeviceKey": kept.key}),
        )
        .await
        .unwrap();
    assert_eq!(remembered_status(&got["Device"]), "remembered");
    assert!(got["Device"]["DeviceLastAuthenticatedDate"].is_number());
}

#[tokio::test]
async fn a_wrong_device_password_is_refused_and_counts_toward_the_lock() {
    let local = start().await;
    remember_devices(&local, false, false).await;
    let email = "wrongdevice@example.com";
    local.confirmed_user(email).await;
    let first = local.tokens(email, PASSWORD).await;
    let (kept, confirmed) = confirm(&local, &first).await;
    assert_eq!(confirmed, json!({"UserConfirmationNecessary": false}));
    let user = local.admin_user(email).await.unwrap()["Username"]
        .as_str()
        .unwrap()
        .to_string();
    for _ in 0..5 {
        let response = sign_in_with(&local, email, Some(&kept.key)).await.unwrap();
        assert_eq!(
            device_round(&local, &response, &user, &kept, "not the device password").await,
            Err(fault(
                "NotAuthorizedException",
                "Incorrect username or password."
            ))
        );
    }
    // Five failures in a row: locked, the right password too.
    assert_eq!(
        sign_in_with(&local, email, Some(&kept.key)).await,
        Err(fault(
            "NotAuthorizedException",
            "Password attempts exceeded"
        ))
    );
    local.advance(61).await;
    let response = sign_in_with(&local, email, Some(&kept.key)).await.unwrap();
    let tokens = device_round(&local, &response, &user, &kept, &kept.password)
        .await
        .unwrap();
    assert!(tokens["AuthenticationResult"]["AccessToken"].is_string());
}

/// The SOFTWARE_TOKEN_MFA answer (with the device key, as identity-js
/// sends it once it has one).
async fn totp_answer(local: &Local, challenge: &Value, secret: &str, key: Option<&str>) -> Value {
    let mut responses = json!({"USERNAME": challenge["ChallengeParameters"]["USER_ID_FOR_SRP"],
        "SOFTWARE_TOKEN_MFA_CODE": code_at(secret, local.now().await)});
    if let Some(key) = key {
        responses["DEVICE_KEY"] = json!(key);
    }
    json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": CLIENT,
        "Session": challenge["Session"], "ChallengeResponses": responses})
}

#[tokio::test]
async fn a_remembered_device_stands_in_for_the_totp_code() {
    let local = start().await;
    let email = "totpdevice@example.com";
    let secret = local.user_with_optional_totp(email).await;
    remember_devices(&local, true, false).await;
    let user = local.admin_user(email).await.unwrap()["Username"]
        .as_str()
        .unwrap()
        .to_string();
    // A new device: the code, then tokens with the device.
    let challenge = sign_in_with(&local, email, None).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let answer = totp_answer(&local, &challenge, &secret, None).await;
    let tokens = local.call("RespondToAuthChallenge", answer).await.unwrap();
    let (kept, _) = confirm(&local, &tokens["AuthenticationResult"]).await;
    local.advance(30).await;

    // Remembered: no code, the device's round instead.
    let response = sign_in_with(&local, email, Some(&kept.key)).await.unwrap();
    let tokens = device_round(&local, &response, &user, &kept, &kept.password)
        .await
        .unwrap();
    assert!(tokens["AuthenticationResult"]["IdToken"].is_string());

    // With ChallengeRequiredOnNewDevice off, the code comes first, then
    // the device's round.
    remember_devices(&local, false, false).await;
    let challenge = sign_in_with(&local, email, Some(&kept.key)).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let answer = totp_answer(&local, &challenge, &secret, Some(&kept.key)).await;
    let response = local.call("RespondToAuthChallenge", answer).await.unwrap();
    let tokens = device_round(&local, &response, &user, &kept, &kept.password)
        .await
        .unwrap();
    assert!(tokens["AuthenticationResult"]["IdToken"].is_string());
}

/// The EMAIL_OTP answer with the code in the outbox, naming `key`.
async fn email_answer(local: &Local, challenge: &Value, email: &str, key: Option<&str>) -> Value {
    let mut responses =
        json!({"USERNAME": email, "EMAIL_OTP_CODE": local.latest_code(email).await});
    if let Some(key) = key {
        responses["DEVICE_KEY"] = json!(key);
    }
    json!({"ChallengeName": "EMAIL_OTP", "ClientId": CLIENT,
        "Session": challenge["Session"], "ChallengeResponses": responses})
}

#[tokio::test]
async fn a_remembered_device_stands_in_for_the_emailed_code() {
    let local = start().await;
    local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "MfaConfiguration": "OPTIONAL",
                "EmailMfaConfiguration": {}}),
        )
        .await
        .unwrap();
    let email = "emaildevice@example.com";
    local.confirmed_user(email).await;
    local
        .call(
            "AdminSetUserMFAPreference",
            json!({"UserPoolId": POOL, "Username": email,
                "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await
        .unwrap();
    remember_devices(&local, true, false).await;
    let user = local.admin_user(email).await.unwrap()["Username"]
        .as_str()
        .unwrap()
        .to_string();
    // A new device: the code, then tokens with the device.
    let challenge = sign_in_with(&local, email, None).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    let answer = email_answer(&local, &challenge, email, None).await;
    let tokens = local.call("RespondToAuthChallenge", answer).await.unwrap();
    let (kept, _) = confirm(&local, &tokens["AuthenticationResult"]).await;

    // Remembered: no code sent, the device's round instead.
    let sent = local.messages(email).await.len();
    let response = sign_in_with(&local, email, Some(&kept.key)).await.unwrap();
    let tokens = device_round(&local, &response, &user, &kept, &kept.password)
        .await
        .unwrap();
    assert!(tokens["AuthenticationResult"]["IdToken"].is_string());
    assert_eq!(local.messages(email).await.len(), sent);

    // With ChallengeRequiredOnNewDevice off, the code comes first, then
    // the device's round.
    remember_devices(&local, false, false).await;
    let challenge = sign_in_with(&local, email, Some(&kept.key)).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    let answer = email_answer(&local, &challenge, email, Some(&kept.key)).await;
    let response = local.call("RespondToAuthChallenge", answer).await.unwrap();
    let tokens = device_round(&local, &response, &user, &kept, &kept.password)
        .await
        .unwrap();
    assert!(tokens["AuthenticationResult"]["IdToken"].is_string());
}

#[tokio::test]
async fn a_forgotten_device_is_not_honoured() {
    let local = start().await;
    remember_devices(&local, false, false).await;
    let email = "forget@example.com";
    local.confirmed_user(email).await;
    let first = local.tokens(email, PASSWORD).await;
    let (kept, _) = confirm(&local, &first).await;
    local
        .call(
            "ForgetDevice",
            json!({"AccessToken": first["AccessToken"], "DeviceKey": kept.key}),
        )
        .await
        .unwrap();
    // The key is refused; the same answer without it (identity-js's retry)
    // signs in as a new device.
    let (srp, challenge) = local.start_srp(CLIENT, email).await.unwrap();
    let now = local.now().await;
    let mut answer = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now);
    answer["ChallengeResponses"]["DEVICE_KEY"] = json!(kept.key);
    assert_eq!(
        local.call("RespondToAuthChallenge", answer.clone()).await,
        Err(fault("ResourceNotFoundException", "Device does not exist."))
    );
    answer["ChallengeResponses"]
        .as_object_mut()
        .unwrap()
        .remove("DEVICE_KEY");
    let tokens = local.call("RespondToAuthChallenge", answer).await.unwrap();
    let meta = &tokens["AuthenticationResult"]["NewDeviceMetadata"];
    assert_ne!(meta["DeviceKey"], json!(kept.key));
    assert_eq!(
        local
            .call(
                "GetDevice",
                json!({"AccessToken": first["AccessToken"], "DeviceKey": kept.key}),
            )
            .await,
        Err(fault("ResourceNotFoundException", "Device does not exist."))
    );
}

#[tokio::test]
async fn lists_and_the_administrators_forms() {
    let local = start().await;
    remember_devices(&local, false, false).await;
    let email = "admindevices@example.com";
    local.confirmed_user(email).await;
    let one = local.tokens(email, PASSWORD).await;
    let (first, _) = confirm(&local, &one).await;
    let two = local.tokens(email, PASSWORD).await;
    let (second, _) = confirm(&local, &two).await;

    let page = local
        .call(
            "AdminListDevices",
            json!({"UserPoolId": POOL, "Username": email, "Limit": 1}),
        )
        .await
        .unwrap();
    assert_eq!(page["Devices"].as_array().unwrap().len(), 1);
    assert_eq!(page["Devices"][0]["DeviceKey"], json!(first.key));
    let rest = local
        .call(
            "ListDevices",
            json!({"AccessToken": two["AccessToken"], "Limit": 1,
                "PaginationToken": page["PaginationToken"]}),
        )
        .await
        .unwrap();
    assert_eq!(rest["Devices"][0]["DeviceKey"], json!(second.key));
    assert!(rest.get("PaginationToken").is_none());

    local
        .call(
            "AdminUpdateDeviceStatus",
            json!({"UserPoolId": POOL, "Username": email, "DeviceKey": first.key,
                "DeviceRememberedStatus": "not_remembered"}),
        )
        .await
        .unwrap();
    let got = local
        .call(
            "AdminGetDevice",
            json!({"UserPoolId": POOL, "Username": email, "DeviceKey": first.key}),
        )
        .await
        .unwrap();
    assert_eq!(remembered_status(&got["Device"]), "not_remembered");
    assert!(got["Device"]["DeviceAttributes"]
        .as_array()
        .unwrap()
        .contains(&json!({"Name": "device_name", "Value": "test runner"})));
    assert_eq!(
        local
            .call(
                "AdminUpdateDeviceStatus",
                json!({"UserPoolId": POOL, "Username": email, "DeviceKey": first.key,
                    "DeviceRememberedStatus": "forever"}),
            )
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
    local
        .call(
            "AdminForgetDevice",
            json!({"UserPoolId": POOL, "Username": email, "DeviceKey": first.key}),
        )
        .await
        .unwrap();
    let left = local
        .call(
            "AdminListDevices",
            json!({"UserPoolId": POOL, "Username": email}),
        )
        .await
        .unwrap();
    assert_eq!(left["Devices"].as_array().unwrap().len(), 1);

    // Another user's device is not found for this one.
    local.confirmed_user("other@example.com").await;
    assert_eq!(
        local
            .call(
                "AdminGetDevice",
                json!({"UserPoolId": POOL, "Username": "other@example.com",
                    "DeviceKey": second.key}),
            )
            .await,
        Err(fault("ResourceNotFoundException", "Device does not exist."))
    );
}

#[tokio::test]
async fn bad_verifier_configs_are_refused() {
    let local = start().await;
    remember_devices(&local, false, false).await;
    let email = "badconfig@example.com";
    local.confirmed_user(email).await;
    let result = local.tokens(email, PASSWORD).await;
    let key = result["NewDeviceMetadata"]["DeviceKey"].clone();
    let good = DeviceSecretVerifierConfig::generate(
        Device {
            group_key: result["NewDeviceMetadata"]["DeviceGroupKey"]
                .as_str()
                .unwrap(),
            key: key.as_str().unwrap(),
        },
        &random_password().unwrap(),
    )
    .unwrap();
    let confirm_with = |config: Value| {
        local.call(
            "ConfirmDevice",
            json!({"AccessToken": result["AccessToken"], "DeviceKey": key,
                "DeviceSecretVerifierConfig": config}),
        )
    };
    use base64::Engine as _;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    for config in [
        json!({"Salt": good.salt}),
        json!({"PasswordVerifier": good.password_verifier}),
        json!({"Salt": "***", "PasswordVerifier": good.password_verifier}),
        json!({"Salt": good.salt, "PasswordVerifier": b64(&[0])}),
        json!({"Salt": good.salt, "PasswordVerifier": b64(&[0xff; 384])}),
        json!({"Salt": good.salt, "PasswordVerifier": "A".repeat(4096)}),
        json!({"Salt": b64(&[0x11; 129]), "PasswordVerifier": good.password_verifier}),
    ] {
        let refused = confirm_with(config.clone()).await.unwrap_err();
        assert_eq!(
            refused.0, "InvalidParameterException",
            "{config}: {refused:?}"
        );
    }
    let missing = local
        .call(
            "ConfirmDevice",
            json!({"AccessToken": result["AccessToken"], "DeviceKey": key}),
        )
        .await
        .unwrap_err();
    assert_eq!(missing.0, "InvalidParameterException");
    // Still unconfirmed: the good config is taken, once.
    let good = json!({"Salt": good.salt, "PasswordVerifier": good.password_verifier});
    confirm_with(good.clone()).await.unwrap();
    assert_eq!(
        confirm_with(good).await,
        Err(fault(
            "InvalidParameterException",
            "Device has already been confirmed."
        ))
    );
    assert_eq!(
        local
            .call(
                "ConfirmDevice",
                json!({"AccessToken": result["AccessToken"],
                    "DeviceKey": "us-east-1_00000000-0000-4000-8000-000000000000",
                    "DeviceSecretVerifierConfig": {"Salt": "AAAA", "PasswordVerifier": "AAAA"}}),
            )
            .await,
        Err(fault("ResourceNotFoundException", "Device does not exist."))
    );
}

#[tokio::test]
async fn user_password_auth_takes_the_device_and_a_device_challenge_is_no_users() {
    let local = start().await;
    remember_devices(&local, false, false).await;
    let email = "plaindevice@example.com";
    local.confirmed_user(email).await;
    let first = local.tokens(email, PASSWORD).await;
    let (kept, _) = confirm(&local, &first).await;
    let user = local.admin_user(email).await.unwrap()["Username"]
        .as_str()
        .unwrap()
        .to_string();
    let response = local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
                "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD,
                    "DEVICE_KEY": kept.key}}),
        )
        .await
        .unwrap();
    let (srp, challenge) = device_srp_auth(&local, &response["Session"], &user, &kept)
        .await
        .unwrap();
    // The device's secret block, answered as a user's PASSWORD_VERIFIER.
    let mut as_user = device_answer(&local, &srp, &challenge, &kept, &kept.password).await;
    as_user["ChallengeName"] = json!("PASSWORD_VERIFIER");
    assert_eq!(
        local.call("RespondToAuthChallenge", as_user).await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
}
