//! Administration, over real HTTP: user pools, app clients, and the Admin*
//! user operations.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::*;

#[tokio::test]
async fn pools_and_clients() {
    let local = start().await;
    let created = local
        .call(
            "CreateUserPool",
            json!({"PoolName": "Stable", "Policies": {"PasswordPolicy": {"MinimumLength": 12}}}),
        )
        .await
        .unwrap();
    let pool = created["UserPool"]["Id"].as_str().unwrap().to_string();
    assert!(pool.starts_with("us-east-1_") && pool.len() == 19, "{pool}");
    let described = local
        .call("DescribeUserPool", json!({"UserPoolId": pool}))
        .await
        .unwrap();
    assert_eq!(described["UserPool"]["Name"], "Stable");
    assert_eq!(
        described["UserPool"]["Policies"]["PasswordPolicy"]["MinimumLength"],
        12
    );
    assert_eq!(
        described["UserPool"]["UsernameConfiguration"]["CaseSensitive"],
        false
    );
    assert_eq!(
        local
            .call(
                "DescribeUserPool",
                json!({"UserPoolId": "us-east-1_Nothing"})
            )
            .await,
        Err(fault(
            "ResourceNotFoundException",
            "User pool us-east-1_Nothing does not exist."
        ))
    );

    let first = local
        .call("ListUserPools", json!({"MaxResults": 1}))
        .await
        .unwrap();
    assert_eq!(first["UserPools"].as_array().unwrap().len(), 1);
    let rest = local
        .call(
            "ListUserPools",
            json!({"MaxResults": 60, "NextToken": first["NextToken"]}),
        )
        .await
        .unwrap();
    let mut ids: Vec<&str> = first["UserPools"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["UserPools"].as_array().unwrap())
        .map(|p| p["Id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, {
        let mut expected = vec![POOL, pool.as_str()];
        expected.sort();
        expected
    });
    assert!(rest.get("NextToken").is_none());

    let client = local
        .call("CreateUserPoolClient", json!({"UserPoolId": pool, "ClientName": "web",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], "AccessTokenValidity": 5,
            "TokenValidityUnits": {"AccessToken": "minutes"}}))
        .await
        .unwrap();
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    assert!(
        client_id.len() == 26
            && client_id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    );
    let described = local
        .call(
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool, "ClientId": client_id}),
        )
        .await
        .unwrap();
    assert_eq!(described["UserPoolClient"]["AccessTokenValidity"], 5);
    assert_eq!(described["UserPoolClient"]["RefreshTokenValidity"], 30);
    assert_eq!(
        local
            .call(
                "DescribeUserPoolClient",
                json!({"UserPoolId": POOL, "ClientId": client_id})
            )
            .await
            .unwrap_err()
            .0,
        "ResourceNotFoundException"
    );
    let bad = local
        .call("CreateUserPoolClient", json!({"UserPoolId": pool, "ClientName": "x", "ExplicitAuthFlows": ["ALLOW_EVERYTHING"]}))
        .await;
    assert_eq!(bad.unwrap_err().0, "InvalidParameterException");

    // A pool with plain usernames: case-insensitive, and the username is the SRP user id.
    local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "Alice", "TemporaryPassword": "Temporary-pass1",
        "MessageAction": "SUPPRESS"}),
        )
        .await
        .unwrap();
    local
        .call(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool, "Username": "alice", "Password": "Permanent-pass1",
        "Permanent": true}),
        )
        .await
        .unwrap();
    let (_, challenge) = local.start_srp(client_id, "ALICE").await.unwrap();
    assert_eq!(challenge["ChallengeParameters"]["USER_ID_FOR_SRP"], "Alice");
    let tokens = local
        .srp_sign_in_to(&pool, client_id, "alice", "Permanent-pass1")
        .await
        .unwrap();
    assert_eq!(tokens["AuthenticationResult"]["ExpiresIn"], 300);
}

#[tokio::test]
async fn administrators_create_confirm_inspect_and_delete_users() {
    let local = start().await;
    let created = local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": POOL, "Username": "invited@example.com",
            "UserAttributes": [{"Name": "email_verified", "Value": "true"}]}),
        )
        .await
        .unwrap();
    assert_eq!(created["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(
        local
            .call(
                "AdminCreateUser",
                json!({"UserPoolId": POOL, "Username": "INVITED@example.com"})
            )
            .await,
        Err(fault(
            "UsernameExistsException",
            "User account already exists"
        ))
    );
    // The invitation carries the temporary password; sign in with it and meet NEW_PASSWORD_REQUIRED.
    let invitation = local.messages("invited@example.com").await;
    let body = invitation[0]["body"].as_str().unwrap();
    let temporary = body
        .trim_end_matches('.')
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    let challenge = local
        .srp_sign_in("invited@example.com", &temporary)
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let session = challenge["Session"].as_str().unwrap();
    let respond = |password: &str| {
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": CLIENT, "Session": session,
            "ChallengeResponses": {"USERNAME": challenge["ChallengeParameters"]["USER_ID_FOR_SRP"], "NEW_PASSWORD": password,
                "userAttributes.name": "Invitee"}})
    };
    assert_eq!(
        local
            .call("RespondToAuthChallenge", respond("weak"))
            .await
            .unwrap_err()
            .0,
        "InvalidPasswordException"
    );
    let done = local
        .call("RespondToAuthChallenge", respond("Chosen-pass1"))
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    assert_eq!(
        local
            .call("RespondToAuthChallenge", respond("Chosen-pass2"))
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    let user = local.admin_user("invited@example.com").await.unwrap();
    assert_eq!(user["UserStatus"], "CONFIRMED");
    assert!(user["UserAttributes"]
        .as_array()
        .unwrap()
        .contains(&json!({"Name": "name", "Value": "Invitee"})));

    local
        .sign_up("pending@example.com", PASSWORD)
        .await
        .unwrap();
    local
        .call(
            "AdminConfirmSignUp",
            json!({"UserPoolId": POOL, "Username": "pending@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(
        local
            .call(
                "AdminConfirmSignUp",
                json!({"UserPoolId": POOL, "Username": "pending@example.com"})
            )
            .await
            .unwrap_err()
            .1,
        "User cannot be confirmed. Current status is CONFIRMED"
    );
    local
        .srp_sign_in("pending@example.com", PASSWORD)
        .await
        .unwrap();

    let page = local
        .call("ListUsers", json!({"UserPoolId": POOL, "Limit": 1}))
        .await
        .unwrap();
    assert_eq!(page["Users"].as_array().unwrap().len(), 1);
    let rest = local
        .call(
            "ListUsers",
            json!({"UserPoolId": POOL, "PaginationToken": page["PaginationToken"]}),
        )
        .await
        .unwrap();
    assert_eq!(rest["Users"].as_array().unwrap().len(), 1);
    assert_eq!(
        local
            .call("ListUsers", json!({"UserPoolId": POOL, "Limit": 0}))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );

    local.call("AdminSetUserPassword", json!({"UserPoolId": POOL, "Username": "pending@example.com", "Password": "Reset-pass1"}))
        .await
        .unwrap();
    assert_eq!(
        local
            .srp_sign_in("pending@example.com", "Reset-pass1")
            .await
            .unwrap()["ChallengeName"],
        "NEW_PASSWORD_REQUIRED"
    );
    local
        .call(
            "AdminDeleteUser",
            json!({"UserPoolId": POOL, "Username": "pending@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(
        local.admin_user("pending@example.com").await,
        Err(fault("UserNotFoundException", "User does not exist."))
    );
}
