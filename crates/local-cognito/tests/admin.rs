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
    // Disabled while the challenge is open: no way in, and the session
    // still works once the user is enabled again.
    let admin = |operation: &'static str| {
        local.call(
            operation,
            json!({"UserPoolId": POOL, "Username": "invited@example.com"}),
        )
    };
    admin("AdminDisableUser").await.unwrap();
    assert_eq!(
        local
            .call("RespondToAuthChallenge", respond("Chosen-pass1"))
            .await,
        Err(fault("NotAuthorizedException", "User is disabled."))
    );
    admin("AdminEnableUser").await.unwrap();
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

// --- the data directory ---------------------------------------------------------

/// The data directory's database, opened beside the running server.
fn database(dir: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("local-cognito.sqlite3")).unwrap()
}

#[tokio::test]
async fn a_data_directory_from_before_groups_opens_and_gains_them() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    local.confirmed_user("before@example.com").await;
    local.running.stop().await;
    // Back to version 2, as a local-cognito before groups left it: the
    // same tables but the two of version 3, the column of version 5, the
    // table of version 6, what version 7 adds, the table of version 8, the
    // tables of version 10, what version 11 adds, the column of version 12
    // and the table of version 13 (so its user has no table of powers).
    database(dir.path())
        .execute_batch(
            "DROP TABLE group_members; DROP TABLE user_groups; DROP TABLE software_tokens;
             DROP TABLE devices; DROP TABLE email_mfa; DROP TABLE webauthn_credentials;
             DROP TABLE webauthn_challenges; DROP TABLE hidden_failures;
             ALTER TABLE sessions DROP COLUMN hidden; ALTER TABLE challenges DROP COLUMN hidden;
             ALTER TABLE challenges DROP COLUMN device_key;
             ALTER TABLE challenges DROP COLUMN srp_b; DROP TABLE verifier_powers;
             PRAGMA user_version = 2;",
        )
        .unwrap();

    let again = start_with(Some(dir.path().to_path_buf()), 0).await;
    let version: i64 = database(dir.path())
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, 13, "brought up to the latest version");
    let tokens = again.tokens("before@example.com", PASSWORD).await;
    assert!(claims(tokens["IdToken"].as_str().unwrap())
        .get("cognito:groups")
        .is_none());
    again
        .call(
            "CreateGroup",
            json!({"UserPoolId": POOL, "GroupName": "riders"}),
        )
        .await
        .unwrap();
    again
        .call(
            "AdminAddUserToGroup",
            json!({"UserPoolId": POOL, "Username": "before@example.com", "GroupName": "riders"}),
        )
        .await
        .unwrap();
    let tokens = again.tokens("before@example.com", PASSWORD).await;
    for token in ["IdToken", "AccessToken"] {
        assert_eq!(
            claims(tokens[token].as_str().unwrap())["cognito:groups"],
            json!(["riders"])
        );
    }
}

/// DeleteUserPool leaves no row of the pool in any table (what the API
/// cannot show: codes, refresh tokens, emails, memberships), and no other
/// pool loses any.
#[tokio::test]
async fn a_deleted_pool_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    local.confirmed_user("stays@example.com").await;
    let (pool, client) = local
        .pool_with_user(
            "Doomed",
            "gone",
            json!([{"Name": "email", "Value": "gone@example.com"},
                {"Name": "email_verified", "Value": "true"}]),
        )
        .await;
    local
        .srp_sign_in_to(&pool, &client, "gone", PASSWORD)
        .await
        .unwrap();
    local
        .call("CreateGroup", json!({"UserPoolId": pool, "GroupName": "g"}))
        .await
        .unwrap();
    local
        .call(
            "AdminAddUserToGroup",
            json!({"UserPoolId": pool, "Username": "gone", "GroupName": "g"}),
        )
        .await
        .unwrap();
    local
        .call(
            "AdminResetUserPassword",
            json!({"UserPoolId": pool, "Username": "gone"}),
        )
        .await
        .unwrap();

    let tables = [
        "clients",
        "users",
        "codes",
        "refresh_tokens",
        "messages",
        "user_groups",
        "group_members",
    ];
    let count = |pool: &str| -> Vec<i64> {
        let db = database(dir.path());
        tables
            .iter()
            .map(|table| {
                db.query_row(
                    &format!("SELECT COUNT(*) FROM {table} WHERE pool_id = ?1"),
                    [pool],
                    |row| row.get(0),
                )
                .unwrap()
            })
            .collect()
    };
    assert!(count(&pool).iter().all(|&n| n > 0), "{:?}", count(&pool));
    let others = count(POOL);

    local
        .call("DeleteUserPool", json!({"UserPoolId": pool}))
        .await
        .unwrap();
    assert_eq!(count(&pool), vec![0; tables.len()]);
    assert_eq!(count(POOL), others);
    let pools: i64 = database(dir.path())
        .query_row("SELECT COUNT(*) FROM pools WHERE id = ?1", [&pool], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(pools, 0);
}
