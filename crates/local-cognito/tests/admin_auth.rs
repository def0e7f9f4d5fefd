//! AdminInitiateAuth and AdminRespondToAuthChallenge over real HTTP: the
//! admin password flow where the client allows it, SRP with cognito-srp's
//! client half, NEW_PASSWORD_REQUIRED, refresh, and the errors (another
//! pool's client, a flow not allowed or not of this operation).
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use cognito_srp::Client;
use serde_json::{json, Value};
use support::*;

/// A client of the default pool with these flows.
async fn client_with(local: &Local, flows: &[&str]) -> String {
    local
        .create_client(
            json!({"UserPoolId": POOL, "ClientName": "admin", "ExplicitAuthFlows": flows}),
        )
        .await
}

fn admin_password(client: &str, username: &str, password: &str) -> Value {
    json!({"UserPoolId": POOL, "ClientId": client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": username, "PASSWORD": password}})
}

#[tokio::test]
async fn admin_password_auth_where_the_client_allows_it() {
    let local = start().await;
    local.confirmed_user("admin@example.com").await;
    let admin = client_with(
        &local,
        &["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )
    .await;
    let ok = local
        .call(
            "AdminInitiateAuth",
            admin_password(&admin, "admin@example.com", PASSWORD),
        )
        .await
        .unwrap();
    let result = &ok["AuthenticationResult"];
    let id = claims(result["IdToken"].as_str().unwrap());
    assert_eq!(id["aud"], admin.as_str());
    assert_eq!(id["email"], "admin@example.com");
    assert!(result["RefreshToken"].is_string());
    local
        .call("GetUser", json!({"AccessToken": result["AccessToken"]}))
        .await
        .unwrap();

    // The old name of the flow, and the old name of the setting.
    let legacy = client_with(&local, &["ADMIN_NO_SRP_AUTH"]).await;
    let mut old = admin_password(&legacy, "admin@example.com", PASSWORD);
    old["AuthFlow"] = json!("ADMIN_NO_SRP_AUTH");
    local.call("AdminInitiateAuth", old).await.unwrap();

    // Refresh through the admin operation.
    let refreshed = local
        .call(
            "AdminInitiateAuth",
            json!({"UserPoolId": POOL, "ClientId": admin, "AuthFlow": "REFRESH_TOKEN_AUTH",
                "AuthParameters": {"REFRESH_TOKEN": result["RefreshToken"]}}),
        )
        .await
        .unwrap();
    assert!(refreshed["AuthenticationResult"]
        .get("RefreshToken")
        .is_none());
    assert_eq!(
        claims(
            refreshed["AuthenticationResult"]["IdToken"]
                .as_str()
                .unwrap()
        )["origin_jti"],
        id["origin_jti"]
    );

    // Wrong password, unknown user, and the lock after five failures.
    assert_eq!(
        local
            .call(
                "AdminInitiateAuth",
                admin_password(&admin, "admin@example.com", "Wr0ng!pass")
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    assert_eq!(
        local
            .call(
                "AdminInitiateAuth",
                admin_password(&admin, "nobody@example.com", PASSWORD)
            )
            .await,
        Err(fault("UserNotFoundException", "User does not exist."))
    );
    for _ in 0..4 {
        local
            .call(
                "AdminInitiateAuth",
                admin_password(&admin, "admin@example.com", "Wr0ng!pass"),
            )
            .await
            .unwrap_err();
    }
    assert_eq!(
        local
            .call(
                "AdminInitiateAuth",
                admin_password(&admin, "admin@example.com", PASSWORD)
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Password attempts exceeded"
        ))
    );
}

#[tokio::test]
async fn admin_auth_refuses_flows_clients_and_pools_it_should() {
    let local = start().await;
    local.confirmed_user("refused@example.com").await;
    // The default client does not allow the admin password flow.
    assert_eq!(
        local
            .call(
                "AdminInitiateAuth",
                admin_password(CLIENT, "refused@example.com", PASSWORD)
            )
            .await,
        Err(fault(
            "InvalidParameterException",
            "Auth flow not enabled for this client"
        ))
    );
    let admin_only = client_with(&local, &["ALLOW_ADMIN_USER_PASSWORD_AUTH"]).await;
    let srp = Client::new().unwrap();
    assert_eq!(
        local
            .call(
                "AdminInitiateAuth",
                json!({"UserPoolId": POOL, "ClientId": admin_only, "AuthFlow": "USER_SRP_AUTH",
                    "AuthParameters": {"USERNAME": "refused@example.com", "SRP_A": srp.srp_a()}}),
            )
            .await,
        Err(fault(
            "InvalidParameterException",
            "USER_SRP_AUTH flow not enabled for this client"
        ))
    );
    assert_eq!(
        local
            .call(
                "AdminInitiateAuth",
                json!({"UserPoolId": POOL, "ClientId": admin_only, "AuthFlow": "REFRESH_TOKEN_AUTH",
                    "AuthParameters": {"REFRESH_TOKEN": "x"}}),
            )
            .await,
        Err(fault(
            "InvalidParameterException",
            "REFRESH_TOKEN_AUTH flow not enabled for this client"
        ))
    );
    // USER_PASSWORD_AUTH is InitiateAuth's; an unknown flow fails validation.
    let mut plain = admin_password(CLIENT, "refused@example.com", PASSWORD);
    plain["AuthFlow"] = json!("USER_PASSWORD_AUTH");
    assert_eq!(
        local.call("AdminInitiateAuth", plain).await,
        Err(fault(
            "InvalidParameterException",
            "Initiate Auth method not supported."
        ))
    );
    let mut magic = admin_password(CLIENT, "refused@example.com", PASSWORD);
    magic["AuthFlow"] = json!("MAGIC");
    let magic = local.call("AdminInitiateAuth", magic).await.unwrap_err();
    assert_eq!(magic.0, "InvalidParameterException");
    assert!(magic.1.contains("'authFlow'"), "{}", magic.1);
    // ... and InitiateAuth does not take the admin flow.
    assert_eq!(
        local
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "ClientId": admin_only,
                    "AuthParameters": {"USERNAME": "refused@example.com", "PASSWORD": PASSWORD}}),
            )
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );

    // A client of another pool, an unknown pool, an unknown client.
    let other = local
        .call("CreateUserPool", json!({"PoolName": "other"}))
        .await
        .unwrap();
    let other_pool = other["UserPool"]["Id"].as_str().unwrap().to_string();
    let mut elsewhere = admin_password(&admin_only, "refused@example.com", PASSWORD);
    elsewhere["UserPoolId"] = json!(other_pool);
    assert_eq!(
        local.call("AdminInitiateAuth", elsewhere).await,
        Err(fault(
            "ResourceNotFoundException",
            &format!("User pool client {admin_only} does not exist.")
        ))
    );
    let mut no_pool = admin_password(&admin_only, "refused@example.com", PASSWORD);
    no_pool["UserPoolId"] = json!("us-east-1_Nothing");
    assert_eq!(
        local.call("AdminInitiateAuth", no_pool).await,
        Err(fault(
            "ResourceNotFoundException",
            "User pool us-east-1_Nothing does not exist."
        ))
    );
    assert_eq!(
        local
            .call(
                "AdminRespondToAuthChallenge",
                json!({"UserPoolId": other_pool, "ClientId": admin_only,
                    "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "x".repeat(40),
                    "ChallengeResponses": {"USERNAME": "refused@example.com", "NEW_PASSWORD": "New-pass1"}}),
            )
            .await
            .unwrap_err()
            .0,
        "ResourceNotFoundException"
    );
    assert_eq!(
        local
            .call(
                "AdminInitiateAuth",
                json!({"UserPoolId": POOL, "ClientId": admin_only, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                    "AuthParameters": {"USERNAME": "refused@example.com"}}),
            )
            .await,
        Err(fault(
            "InvalidParameterException",
            "Missing required parameter PASSWORD"
        ))
    );
}

#[tokio::test]
async fn admin_srp_sign_in_with_the_srp_client() {
    let local = start().await;
    local.confirmed_user("srp-admin@example.com").await;
    let srp = Client::new().unwrap();
    let challenge = local
        .call(
            "AdminInitiateAuth",
            json!({"UserPoolId": POOL, "ClientId": CLIENT, "AuthFlow": "USER_SRP_AUTH",
                "AuthParameters": {"USERNAME": "srp-admin@example.com", "SRP_A": srp.srp_a()}}),
        )
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    let now = local.now().await;
    let mut answer = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now);
    answer["UserPoolId"] = json!(POOL);
    let signed_in = local
        .call("AdminRespondToAuthChallenge", answer.clone())
        .await
        .unwrap();
    let result = &signed_in["AuthenticationResult"];
    assert_eq!(
        claims(result["IdToken"].as_str().unwrap())["email"],
        "srp-admin@example.com"
    );
    // A secret block answers once.
    assert_eq!(
        local.call("AdminRespondToAuthChallenge", answer).await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    // A wrong password.
    let srp = Client::new().unwrap();
    let challenge = local
        .call(
            "AdminInitiateAuth",
            json!({"UserPoolId": POOL, "ClientId": CLIENT, "AuthFlow": "USER_SRP_AUTH",
                "AuthParameters": {"USERNAME": "srp-admin@example.com", "SRP_A": srp.srp_a()}}),
        )
        .await
        .unwrap();
    let mut wrong = local.answer(CLIENT, &srp, &challenge, POOL, "Wr0ng!pass", now);
    wrong["UserPoolId"] = json!(POOL);
    assert_eq!(
        local.call("AdminRespondToAuthChallenge", wrong).await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    // A challenge begun by InitiateAuth, answered through another client, fails.
    let admin = client_with(&local, &["ALLOW_USER_SRP_AUTH"]).await;
    let (srp, challenge) = local
        .start_srp(CLIENT, "srp-admin@example.com")
        .await
        .unwrap();
    let mut crossed = local.answer(&admin, &srp, &challenge, POOL, PASSWORD, now);
    crossed["UserPoolId"] = json!(POOL);
    assert_eq!(
        local
            .call("AdminRespondToAuthChallenge", crossed)
            .await
            .unwrap_err()
            .1,
        "Incorrect username or password."
    );
    // An unknown challenge.
    assert_eq!(
        local
            .call(
                "AdminRespondToAuthChallenge",
                json!({"UserPoolId": POOL, "ClientId": CLIENT, "ChallengeName": "SMS_MFA",
                    "ChallengeResponses": {}}),
            )
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
}

#[tokio::test]
async fn a_new_user_sets_a_password_through_the_admin_operations() {
    let local = start().await;
    let admin = client_with(&local, &["ALLOW_ADMIN_USER_PASSWORD_AUTH"]).await;
    local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": POOL, "Username": "new@example.com", "TemporaryPassword": "Temporary-pass1",
                "UserAttributes": [{"Name": "email", "Value": "new@example.com"}, {"Name": "email_verified", "Value": "true"}],
                "MessageAction": "SUPPRESS"}),
        )
        .await
        .unwrap();
    let challenge = local
        .call(
            "AdminInitiateAuth",
            admin_password(&admin, "new@example.com", "Temporary-pass1"),
        )
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let session = challenge["Session"].clone();
    let user_id = challenge["ChallengeParameters"]["USER_ID_FOR_SRP"].clone();
    let respond = |password: &str| {
        json!({"UserPoolId": POOL, "ClientId": admin, "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": session, "ChallengeResponses": {"USERNAME": user_id, "NEW_PASSWORD": password}})
    };
    // A password the policy refuses leaves the session to try again.
    assert_eq!(
        local
            .call("AdminRespondToAuthChallenge", respond("short"))
            .await
            .unwrap_err()
            .0,
        "InvalidPasswordException"
    );
    let done = local
        .call("AdminRespondToAuthChallenge", respond("Permanent-pass1"))
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    assert_eq!(
        local.admin_user("new@example.com").await.unwrap()["UserStatus"],
        "CONFIRMED"
    );
    // The session is spent.
    assert_eq!(
        local
            .call("AdminRespondToAuthChallenge", respond("Another-pass1"))
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    local
        .call(
            "AdminInitiateAuth",
            admin_password(&admin, "new@example.com", "Permanent-pass1"),
        )
        .await
        .unwrap();
}
