//! TOTP MFA over real HTTP: a software token associated and verified with
//! an access token or during sign-in (MFA_SETUP), the preference, the
//! pool's MFA configuration, and the SOFTWARE_TOKEN_MFA challenge after a
//! right password (SRP, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH):
//! codes good once, one step of drift, wrong codes locking as wrong
//! passwords do, sessions spent and expired.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::*;

/// The code for the server's clock now.
async fn code_now(local: &Local, secret: &str) -> String {
    code_at(secret, local.now().await)
}

/// Moves the server's clock to the next 30-second step, so that a new
/// code is good (one is accepted once).
async fn next_step(local: &Local) {
    local.advance(30).await;
}

async fn set_pool_mfa(local: &Local, mode: &str) -> Value {
    local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "MfaConfiguration": mode,
                "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        )
        .await
        .unwrap()
}

fn totp_answer(session: &Value, username: &str, code: &str) -> Value {
    json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": CLIENT, "Session": session,
        "ChallengeResponses": {"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code}})
}

#[tokio::test]
async fn associate_verify_and_prefer_with_an_access_token() {
    let local = start().await;
    let email = "totp@example.com";
    local.confirmed_user(email).await;
    let access = local.tokens(email, PASSWORD).await["AccessToken"].clone();

    // Not yet associated: nothing to turn on, nothing to verify.
    assert_eq!(
        local
            .call(
                "SetUserMFAPreference",
                json!({"AccessToken": access,
                    "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
            )
            .await,
        Err(fault(
            "InvalidParameterException",
            "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA"
        ))
    );
    assert_eq!(
        local
            .call(
                "VerifySoftwareToken",
                json!({"AccessToken": access, "UserCode": "123456"})
            )
            .await
            .unwrap_err()
            .0,
        "SoftwareTokenMFANotFoundException"
    );

    let associated = local
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = associated["SecretCode"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 32);
    assert!(secret
        .bytes()
        .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
    assert!(associated.get("Session").is_none());

    // A wrong code, and codes that are not six digits.
    let now = local.now().await;
    let right = code_at(&secret, now);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert_eq!(
        local
            .call(
                "VerifySoftwareToken",
                json!({"AccessToken": access, "UserCode": wrong})
            )
            .await,
        Err(fault(
            "EnableSoftwareTokenMFAException",
            "Code mismatch and fail enable Software Token MFA"
        ))
    );
    for bad in ["12345", "1234567", "12345a"] {
        assert_eq!(
            local
                .call(
                    "VerifySoftwareToken",
                    json!({"AccessToken": access, "UserCode": bad})
                )
                .await
                .unwrap_err()
                .0,
            "InvalidParameterException"
        );
    }
    // Neither an access token nor a session.
    assert_eq!(
        local
            .call("AssociateSoftwareToken", json!({}))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );

    let verified = local
        .call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": right, "FriendlyDeviceName": "phone"}),
        )
        .await
        .unwrap();
    assert_eq!(verified["Status"], "SUCCESS");
    assert!(verified.get("Session").is_none());

    // Verified but not turned on: GetUser lists nothing.
    let user = local
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert!(user.get("UserMFASettingList").is_none());
    assert!(user.get("PreferredMfaSetting").is_none());

    // SMS and email MFA are not served: turning them on is refused,
    // turning them off is nothing to do.
    assert_eq!(
        local
            .call(
                "SetUserMFAPreference",
                json!({"AccessToken": access, "SMSMfaSettings": {"Enabled": true}}),
            )
            .await,
        Err(fault(
            "InvalidParameterException",
            "SMS_MFA is not supported by local-cognito."
        ))
    );
    local
        .call(
            "SetUserMFAPreference",
            json!({"AccessToken": access, "SMSMfaSettings": {"Enabled": false},
                "EmailMfaSettings": {"Enabled": false},
                "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await
        .unwrap();
    let user = local
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_eq!(user["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));
    assert_eq!(user["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    let admin = local.admin_user(email).await.unwrap();
    assert_eq!(admin["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));
    assert_eq!(admin["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");

    // Enabled, not preferred; then off, by the administrator.
    local
        .call(
            "AdminSetUserMFAPreference",
            json!({"UserPoolId": POOL, "Username": email,
                "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": false}}),
        )
        .await
        .unwrap();
    let admin = local.admin_user(email).await.unwrap();
    assert_eq!(admin["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));
    assert!(admin.get("PreferredMfaSetting").is_none());
    local
        .call(
            "AdminSetUserMFAPreference",
            json!({"UserPoolId": POOL, "Username": email,
                "SoftwareTokenMfaSettings": {"Enabled": false}}),
        )
        .await
        .unwrap();
    assert!(local
        .admin_user(email)
        .await
        .unwrap()
        .get("UserMFASettingList")
        .is_none());
    assert_eq!(
        local
            .call(
                "AdminSetUserMFAPreference",
                json!({"UserPoolId": POOL, "Username": "nobody@example.com",
                    "SoftwareTokenMfaSettings": {"Enabled": false}}),
            )
            .await,
        Err(fault("UserNotFoundException", "User does not exist."))
    );
}

#[tokio::test]
async fn the_pools_mfa_configuration() {
    let local = start().await;
    let get = || local.call("GetUserPoolMfaConfig", json!({"UserPoolId": POOL}));
    // The default pool's passkey settings (default-pool.json) beside them.
    assert_eq!(
        get().await.unwrap(),
        json!({"MfaConfiguration": "OFF", "SoftwareTokenMfaConfiguration": {"Enabled": false},
            "WebAuthnConfiguration": {"RelyingPartyId": "localhost", "UserVerification": "preferred"}})
    );
    let refused = |body: Value, message: &str| {
        let local = &local;
        let message = message.to_string();
        async move {
            assert_eq!(
                local.call("SetUserPoolMfaConfig", body).await,
                Err(fault("InvalidParameterException", &message))
            );
        }
    };
    refused(
        json!({"UserPoolId": POOL, "MfaConfiguration": "OPTIONAL"}),
        "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.",
    )
    .await;
    refused(
        json!({"UserPoolId": POOL, "MfaConfiguration": "OFF",
            "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.",
    )
    .await;
    refused(
        json!({"UserPoolId": POOL, "MfaConfiguration": "SOMETIMES"}),
        "1 validation error detected: Value 'SOMETIMES' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
    )
    .await;
    refused(
        json!({"UserPoolId": POOL, "MfaConfiguration": "ON",
            "SmsMfaConfiguration": {"SmsAuthenticationMessage": "{####}"}}),
        "SmsMfaConfiguration is not supported by local-cognito.",
    )
    .await;
    let set = set_pool_mfa(&local, "OPTIONAL").await;
    assert_eq!(
        set,
        json!({"MfaConfiguration": "OPTIONAL", "SoftwareTokenMfaConfiguration": {"Enabled": true},
            "WebAuthnConfiguration": {"RelyingPartyId": "localhost", "UserVerification": "preferred"}})
    );
    assert_eq!(get().await.unwrap(), set);
    let described = local
        .call("DescribeUserPool", json!({"UserPoolId": POOL}))
        .await
        .unwrap();
    assert_eq!(described["UserPool"]["MfaConfiguration"], "OPTIONAL");
    // UpdateUserPool keeps it.
    local
        .call("UpdateUserPool", json!({"UserPoolId": POOL}))
        .await
        .unwrap();
    assert_eq!(get().await.unwrap(), set);
    // OFF turns TOTP off too.
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
    // CreateUserPool can name only SMS as an MFA type.
    assert_eq!(
        local
            .call(
                "CreateUserPool",
                json!({"PoolName": "mfa", "MfaConfiguration": "ON"})
            )
            .await,
        Err(fault(
            "InvalidParameterException",
            "SMS configuration and Auto verification for phone_number are required when MFA is required/optional"
        ))
    );
    let made = local
        .call(
            "CreateUserPool",
            json!({"PoolName": "mfa", "MfaConfiguration": "OFF"}),
        )
        .await
        .unwrap();
    assert_eq!(made["UserPool"]["MfaConfiguration"], "OFF");
}

#[tokio::test]
async fn srp_sign_in_asks_for_the_code_and_takes_each_code_once() {
    let local = start().await;
    set_pool_mfa(&local, "OPTIONAL").await;
    let email = "srp-totp@example.com";
    let secret = local.user_with_totp(email).await;

    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    assert!(challenge.get("AuthenticationResult").is_none());
    let user_id = challenge["ChallengeParameters"]["USER_ID_FOR_SRP"]
        .as_str()
        .unwrap()
        .to_string();
    let session = &challenge["Session"];
    let now = local.now().await;
    let right = code_at(&secret, now);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };

    // A wrong code leaves the session for another try.
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                totp_answer(session, &user_id, wrong)
            )
            .await,
        Err(fault(
            "CodeMismatchException",
            "Invalid code received for user"
        ))
    );
    // Another client cannot answer it; no session is a validation error.
    let mut no_session = totp_answer(session, &user_id, &right);
    no_session.as_object_mut().unwrap().remove("Session");
    assert_eq!(
        local.call("RespondToAuthChallenge", no_session).await,
        Err(fault(
            "InvalidParameterException",
            "Missing required parameter Session"
        ))
    );
    // USERNAME may be the email alias.
    let done = local
        .call(
            "RespondToAuthChallenge",
            totp_answer(session, email, &right),
        )
        .await
        .unwrap();
    let tokens = &done["AuthenticationResult"];
    assert!(tokens["RefreshToken"].is_string());
    assert_eq!(claims(tokens["IdToken"].as_str().unwrap())["email"], email);

    // The session is spent.
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                totp_answer(session, &user_id, &right)
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    // The same code, in a new sign-in: good once.
    let again = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                totp_answer(&again["Session"], &user_id, &right)
            )
            .await,
        Err(fault(
            "ExpiredCodeException",
            "Your software token has already been used once."
        ))
    );
    // A later step's code works, one step of drift either way: the step
    // before the server's (two steps on from the one used) ...
    local.advance(60).await;
    let now = local.now().await;
    local
        .call(
            "RespondToAuthChallenge",
            totp_answer(&again["Session"], &user_id, &code_at(&secret, now - 30)),
        )
        .await
        .unwrap();
    // ... and, in the next sign-in, the step after it.
    let third = local.srp_sign_in(email, PASSWORD).await.unwrap();
    let now = local.now().await;
    local
        .call(
            "RespondToAuthChallenge",
            totp_answer(&third["Session"], &user_id, &code_at(&secret, now + 30)),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn password_flows_ask_for_the_code_too() {
    let local = start().await;
    set_pool_mfa(&local, "OPTIONAL").await;
    let email = "plain-totp@example.com";
    let secret = local.user_with_totp(email).await;

    // USER_PASSWORD_AUTH (the default client allows it).
    let challenge = local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
                "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD}}),
        )
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let code = code_now(&local, &secret).await;
    local
        .call(
            "RespondToAuthChallenge",
            totp_answer(&challenge["Session"], email, &code),
        )
        .await
        .unwrap();

    // ADMIN_USER_PASSWORD_AUTH, answered with AdminRespondToAuthChallenge.
    next_step(&local).await;
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
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let code = code_now(&local, &secret).await;
    let mut answer = totp_answer(&challenge["Session"], email, &code);
    answer["ClientId"] = admin_client.into();
    answer["UserPoolId"] = json!(POOL);
    // Not the default client's session.
    let mut other = answer.clone();
    other["ClientId"] = json!(CLIENT);
    assert_eq!(
        local.call("AdminRespondToAuthChallenge", other).await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    let done = local
        .call("AdminRespondToAuthChallenge", answer)
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());

    // MFA turned off for the pool: no challenge.
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
async fn wrong_codes_lock_as_wrong_passwords_do() {
    let local = start().await;
    set_pool_mfa(&local, "OPTIONAL").await;
    let email = "guess@example.com";
    let secret = local.user_with_totp(email).await;
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    let session = &challenge["Session"];
    let right = code_now(&local, &secret).await;
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    // A wrong password first: the right password does not forget it while
    // a code is still owed.
    assert_eq!(
        local.srp_sign_in(email, "Wr0ng!pass").await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    for _ in 0..4 {
        assert_eq!(
            local
                .call("RespondToAuthChallenge", totp_answer(session, email, wrong))
                .await
                .unwrap_err()
                .0,
            "CodeMismatchException"
        );
    }
    // Five failures: locked, the right code and the right password too.
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                totp_answer(session, email, &right)
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Password attempts exceeded"
        ))
    );
    assert_eq!(
        local.srp_sign_in(email, PASSWORD).await,
        Err(fault(
            "NotAuthorizedException",
            "Password attempts exceeded"
        ))
    );
    // After the lock, the count starts again once a code is right.
    local.advance(61).await;
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    let code = code_now(&local, &secret).await;
    local
        .call(
            "RespondToAuthChallenge",
            totp_answer(&challenge["Session"], email, &code),
        )
        .await
        .unwrap();
    next_step(&local).await;
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    local
        .call(
            "RespondToAuthChallenge",
            totp_answer(&challenge["Session"], email, wrong),
        )
        .await
        .unwrap_err();
    let code = code_now(&local, &secret).await;
    local
        .call(
            "RespondToAuthChallenge",
            totp_answer(&challenge["Session"], email, &code),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn sessions_expire_after_three_minutes() {
    let local = start().await;
    set_pool_mfa(&local, "OPTIONAL").await;
    let email = "slow@example.com";
    let secret = local.user_with_totp(email).await;
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    local.advance(181).await;
    let code = code_now(&local, &secret).await;
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                totp_answer(&challenge["Session"], email, &code)
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
}

#[tokio::test]
async fn mfa_on_sets_up_a_token_during_sign_in() {
    let local = start().await;
    set_pool_mfa(&local, "ON").await;
    let email = "setup@example.com";
    local.confirmed_user(email).await;

    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "MFA_SETUP");
    assert_eq!(
        challenge["ChallengeParameters"]["MFAS_CAN_SETUP"],
        r#"["SOFTWARE_TOKEN_MFA"]"#
    );
    let first = challenge["Session"].clone();
    // MFA_SETUP is not answered before a token is verified.
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                json!({"ChallengeName": "MFA_SETUP", "ClientId": CLIENT, "Session": first,
                    "ChallengeResponses": {"USERNAME": email}}),
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    let associated = local
        .call("AssociateSoftwareToken", json!({"Session": first}))
        .await
        .unwrap();
    let secret = associated["SecretCode"].as_str().unwrap().to_string();
    let session = associated["Session"].clone();
    assert_ne!(session, first);
    // The first session is spent.
    assert_eq!(
        local
            .call("AssociateSoftwareToken", json!({"Session": first}))
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    // A wrong code keeps the session.
    let right = code_now(&local, &secret).await;
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert_eq!(
        local
            .call(
                "VerifySoftwareToken",
                json!({"Session": session, "UserCode": wrong})
            )
            .await
            .unwrap_err()
            .0,
        "EnableSoftwareTokenMFAException"
    );
    let verified = local
        .call(
            "VerifySoftwareToken",
            json!({"Session": session, "UserCode": right, "FriendlyDeviceName": "phone"}),
        )
        .await
        .unwrap();
    assert_eq!(verified["Status"], "SUCCESS");
    let last = verified["Session"].clone();
    let done = local
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "MFA_SETUP", "ClientId": CLIENT, "Session": last,
                "ChallengeResponses": {"USERNAME": email}}),
        )
        .await
        .unwrap();
    let access = done["AuthenticationResult"]["AccessToken"].clone();
    let user = local
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_eq!(user["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));
    assert_eq!(user["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    // Spent.
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                json!({"ChallengeName": "MFA_SETUP", "ClientId": CLIENT, "Session": last,
                    "ChallengeResponses": {"USERNAME": email}}),
            )
            .await
            .unwrap_err()
            .0,
        "NotAuthorizedException"
    );

    // From now on, the code.
    next_step(&local).await;
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let code = code_now(&local, &secret).await;
    local
        .call(
            "RespondToAuthChallenge",
            totp_answer(&challenge["Session"], email, &code),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_new_password_leads_to_mfa_setup_where_mfa_is_on() {
    let local = start().await;
    set_pool_mfa(&local, "ON").await;
    let email = "invited-mfa@example.com";
    local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": POOL, "Username": email, "TemporaryPassword": "Temp-pass1",
                "MessageAction": "SUPPRESS"}),
        )
        .await
        .unwrap();
    let challenge = local.srp_sign_in(email, "Temp-pass1").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let next = local
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": CLIENT,
                "Session": challenge["Session"],
                "ChallengeResponses": {"USERNAME": email, "NEW_PASSWORD": "Chosen-pass1"}}),
        )
        .await
        .unwrap();
    assert_eq!(next["ChallengeName"], "MFA_SETUP");
    assert!(next.get("AuthenticationResult").is_none());
    assert_eq!(
        local.admin_user(email).await.unwrap()["UserStatus"],
        "CONFIRMED"
    );
}

#[tokio::test]
async fn with_totp_and_email_on_the_preferred_one_is_asked_for() {
    let local = start().await;
    local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "MfaConfiguration": "OPTIONAL",
                "SoftwareTokenMfaConfiguration": {"Enabled": true},
                "EmailMfaConfiguration": {}}),
        )
        .await
        .unwrap();
    let email = "both@example.com";
    local.user_with_totp(email).await;
    let set = |settings: Value| {
        let local = &local;
        async move {
            let mut body = json!({"UserPoolId": POOL, "Username": email});
            for (key, value) in settings.as_object().unwrap() {
                body[key] = value.clone();
            }
            local.call("AdminSetUserMFAPreference", body).await.unwrap();
        }
    };
    // Email on beside the preferred token: TOTP still.
    set(json!({"EmailMfaSettings": {"Enabled": true}})).await;
    let user = local.admin_user(email).await.unwrap();
    assert_eq!(
        user["UserMFASettingList"],
        json!(["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"])
    );
    assert_eq!(user["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    // Email preferred: the token is merely on, and email is asked for.
    set(json!({"EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}})).await;
    let user = local.admin_user(email).await.unwrap();
    assert_eq!(user["PreferredMfaSetting"], "EMAIL_OTP");
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    // Neither preferred: TOTP (Cognito would ask SELECT_MFA_TYPE).
    set(json!({"EmailMfaSettings": {"Enabled": true, "PreferredMfa": false}})).await;
    let user = local.admin_user(email).await.unwrap();
    assert!(user.get("PreferredMfaSetting").is_none());
    let challenge = local.srp_sign_in(email, PASSWORD).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
}
