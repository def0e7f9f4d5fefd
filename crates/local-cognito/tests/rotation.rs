//! GetTokensFromRefreshToken and a client's RefreshTokenRotation, over real
//! HTTP: a new refresh token each time, the one it replaced working for the
//! grace period only, REFRESH_TOKEN_AUTH refused where tokens rotate, the
//! same errors as REFRESH_TOKEN_AUTH, and RevokeToken and GlobalSignOut
//! ending every token of a rotated sign-in.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::*;

const FLOWS: [&str; 3] = [
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
];

/// A client of the default pool with rotation set as given.
async fn rotating_client(local: &Local, rotation: Value) -> String {
    let made = local
        .call(
            "CreateUserPoolClient",
            json!({"UserPoolId": POOL, "ClientName": "rotating", "ExplicitAuthFlows": FLOWS,
                "RefreshTokenRotation": rotation}),
        )
        .await
        .unwrap();
    assert_eq!(made["UserPoolClient"]["RefreshTokenRotation"], rotation);
    made["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// USER_PASSWORD_AUTH through `client`: AuthenticationResult.
async fn password_sign_in(local: &Local, client: &str, username: &str) -> Value {
    local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
                "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
        )
        .await
        .unwrap()["AuthenticationResult"]
        .clone()
}

async fn get_tokens(local: &Local, client: &str, refresh_token: &Value) -> Result<Value, Fault> {
    local
        .call(
            "GetTokensFromRefreshToken",
            json!({"ClientId": client, "RefreshToken": refresh_token}),
        )
        .await
        .map(|body| body["AuthenticationResult"].clone())
}

fn reused() -> Result<Value, Fault> {
    Err(fault(
        "RefreshTokenReuseException",
        "Refresh Token has been reused",
    ))
}

fn origin(result: &Value) -> Value {
    claims(result["IdToken"].as_str().unwrap())["origin_jti"].clone()
}

#[tokio::test]
async fn rotation_issues_a_new_refresh_token_and_retires_the_old_one_at_once() {
    let local = start().await;
    local.confirmed_user("rotate@example.com").await;
    let client = rotating_client(
        &local,
        json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}),
    )
    .await;
    let described = local
        .call(
            "DescribeUserPoolClient",
            json!({"UserPoolId": POOL, "ClientId": client}),
        )
        .await
        .unwrap();
    assert_eq!(
        described["UserPoolClient"]["RefreshTokenRotation"],
        json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 0})
    );

    let signed_in = password_sign_in(&local, &client, "rotate@example.com").await;
    let first = get_tokens(&local, &client, &signed_in["RefreshToken"])
        .await
        .unwrap();
    assert!(first["RefreshToken"].is_string());
    assert_ne!(first["RefreshToken"], signed_in["RefreshToken"]);
    assert_eq!(first["TokenType"], "Bearer");
    assert_eq!(first["ExpiresIn"], 3600);
    // The same sign-in: its origin_jti and auth_time.
    assert_eq!(origin(&first), origin(&signed_in));
    let id = claims(first["IdToken"].as_str().unwrap());
    assert_eq!(
        id["auth_time"],
        claims(signed_in["IdToken"].as_str().unwrap())["auth_time"]
    );
    assert_eq!(id["aud"], client.as_str());
    local
        .call("GetUser", json!({"AccessToken": first["AccessToken"]}))
        .await
        .unwrap();

    // Grace 0: the replaced token never works again, even within the second.
    assert_eq!(
        get_tokens(&local, &client, &signed_in["RefreshToken"]).await,
        reused()
    );
    let second = get_tokens(&local, &client, &first["RefreshToken"])
        .await
        .unwrap();
    assert_ne!(second["RefreshToken"], first["RefreshToken"]);
    assert_eq!(
        get_tokens(&local, &client, &first["RefreshToken"]).await,
        reused()
    );
    // Tokens of earlier rounds stay valid until they expire.
    local
        .call("GetUser", json!({"AccessToken": signed_in["AccessToken"]}))
        .await
        .unwrap();

    // REFRESH_TOKEN_AUTH is refused on a rotating client, even with its
    // current token.
    let refresh_auth = json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client,
        "AuthParameters": {"REFRESH_TOKEN": second["RefreshToken"]}});
    assert_eq!(
        local.call("InitiateAuth", refresh_auth).await,
        Err(fault(
            "InvalidParameterException",
            "REFRESH_TOKEN_AUTH flow not enabled for this client"
        ))
    );
    let admin_refresh = json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client,
        "UserPoolId": POOL, "AuthParameters": {"REFRESH_TOKEN": second["RefreshToken"]}});
    assert_eq!(
        local
            .call("AdminInitiateAuth", admin_refresh)
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
    get_tokens(&local, &client, &second["RefreshToken"])
        .await
        .unwrap();
}

#[tokio::test]
async fn the_replaced_token_works_for_the_grace_period_only() {
    let local = start().await;
    local.confirmed_user("grace@example.com").await;
    let client = rotating_client(
        &local,
        json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 30}),
    )
    .await;
    let signed_in = password_sign_in(&local, &client, "grace@example.com").await;
    let r0 = &signed_in["RefreshToken"];
    let first = get_tokens(&local, &client, r0).await.unwrap();
    // A retry with the old token within the grace: new tokens again, the
    // same sign-in, and a newer refresh token (the first one given now has
    // its own grace).
    local.advance(10).await;
    let retry = get_tokens(&local, &client, r0).await.unwrap();
    assert_eq!(origin(&retry), origin(&signed_in));
    assert_ne!(retry["RefreshToken"], first["RefreshToken"]);
    assert_ne!(retry["RefreshToken"], *r0);
    // 30 seconds after its rotation r0 stops; `first`, retired 10 s later, has 10 s more.
    local.advance(20).await;
    assert_eq!(get_tokens(&local, &client, r0).await, reused());
    local.advance(5).await;
    let from_first = get_tokens(&local, &client, &first["RefreshToken"])
        .await
        .unwrap();
    local.advance(10).await;
    assert_eq!(
        get_tokens(&local, &client, &first["RefreshToken"]).await,
        reused()
    );
    // The retry's token, replaced 10 s ago by `from_first` (grace to 30 s),
    // works; so does `from_first`, replaced just now.
    get_tokens(&local, &client, &retry["RefreshToken"])
        .await
        .unwrap();
    get_tokens(&local, &client, &from_first["RefreshToken"])
        .await
        .unwrap();

    // Rotation turned off: a retired token past its grace stays refused,
    // by REFRESH_TOKEN_AUTH as by GetTokensFromRefreshToken.
    local
        .call(
            "UpdateUserPoolClient",
            json!({"UserPoolId": POOL, "ClientId": client, "ExplicitAuthFlows": FLOWS}),
        )
        .await
        .unwrap();
    let refresh_auth = |token: &Value| {
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client,
            "AuthParameters": {"REFRESH_TOKEN": token}})
    };
    assert_eq!(local.call("InitiateAuth", refresh_auth(r0)).await, reused());
    assert_eq!(get_tokens(&local, &client, r0).await, reused());
}

#[tokio::test]
async fn without_rotation_it_refreshes_as_refresh_token_auth_does() {
    let local = start().await;
    local.confirmed_user("plain@example.com").await;
    let signed_in = local.tokens("plain@example.com", PASSWORD).await;
    let token = &signed_in["RefreshToken"];
    for _ in 0..2 {
        let again = get_tokens(&local, CLIENT, token).await.unwrap();
        assert!(again.get("RefreshToken").is_none());
        assert_eq!(origin(&again), origin(&signed_in));
        local
            .call("GetUser", json!({"AccessToken": again["AccessToken"]}))
            .await
            .unwrap();
    }
    // An explicit DISABLED is the same.
    let disabled = rotating_client(&local, json!({"Feature": "DISABLED"})).await;
    let other = password_sign_in(&local, &disabled, "plain@example.com").await;
    let again = get_tokens(&local, &disabled, &other["RefreshToken"])
        .await
        .unwrap();
    assert!(again.get("RefreshToken").is_none());
    local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": disabled,
                "AuthParameters": {"REFRESH_TOKEN": other["RefreshToken"]}}),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn refresh_errors_are_those_of_refresh_token_auth() {
    let local = start().await;
    local.confirmed_user("errors@example.com").await;
    let client = rotating_client(
        &local,
        json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 5}),
    )
    .await;
    let invalid = Err(fault("NotAuthorizedException", "Invalid Refresh Token"));
    assert_eq!(get_tokens(&local, &client, &json!("bogus")).await, invalid);
    // Another client's token, either way round.
    let signed_in = password_sign_in(&local, &client, "errors@example.com").await;
    assert_eq!(
        get_tokens(&local, CLIENT, &signed_in["RefreshToken"]).await,
        invalid
    );
    let default = local.tokens("errors@example.com", PASSWORD).await;
    assert_eq!(
        get_tokens(&local, &client, &default["RefreshToken"]).await,
        invalid
    );
    assert_eq!(
        local
            .call(
                "GetTokensFromRefreshToken",
                json!({"ClientId": "nosuchclient", "RefreshToken": "x"})
            )
            .await,
        Err(fault(
            "ResourceNotFoundException",
            "User pool client nosuchclient does not exist."
        ))
    );
    assert_eq!(
        local
            .call("GetTokensFromRefreshToken", json!({"ClientId": client}))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );

    // A disabled user, then enabled again.
    local
        .call(
            "AdminDisableUser",
            json!({"UserPoolId": POOL, "Username": "errors@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(
        get_tokens(&local, &client, &signed_in["RefreshToken"]).await,
        Err(fault("NotAuthorizedException", "User is disabled."))
    );
    local
        .call(
            "AdminEnableUser",
            json!({"UserPoolId": POOL, "Username": "errors@example.com"}),
        )
        .await
        .unwrap();
    let rotated = get_tokens(&local, &client, &signed_in["RefreshToken"])
        .await
        .unwrap();

    // Expired: a rotated token lives no longer than its sign-in (30 days).
    local.advance(30 * 86_400 + 1).await;
    let expired = Err(fault("NotAuthorizedException", "Refresh Token has expired"));
    assert_eq!(
        get_tokens(&local, &client, &rotated["RefreshToken"]).await,
        expired
    );
    assert_eq!(
        get_tokens(&local, &client, &signed_in["RefreshToken"]).await,
        expired
    );

    // The setting's values are checked.
    for (rotation, field) in [
        (json!({"Feature": "MAYBE"}), "refreshTokenRotation.feature"),
        (
            json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 61}),
            "refreshTokenRotation.retryGracePeriodSeconds",
        ),
        (
            json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": -1}),
            "refreshTokenRotation.retryGracePeriodSeconds",
        ),
    ] {
        let made = local
            .call(
                "CreateUserPoolClient",
                json!({"UserPoolId": POOL, "ClientName": "bad", "RefreshTokenRotation": rotation}),
            )
            .await
            .unwrap_err();
        assert_eq!(made.0, "InvalidParameterException");
        assert!(made.1.contains(field), "{}", made.1);
        let updated = local
            .call(
                "UpdateUserPoolClient",
                json!({"UserPoolId": POOL, "ClientId": client, "RefreshTokenRotation": rotation}),
            )
            .await
            .unwrap_err();
        assert_eq!(updated.0, "InvalidParameterException");
    }
}

#[tokio::test]
async fn revoke_token_and_global_sign_out_end_a_rotated_sign_in() {
    let local = start().await;
    local.confirmed_user("family@example.com").await;
    let client = rotating_client(
        &local,
        json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 60}),
    )
    .await;
    let revoked_refresh = Err(fault(
        "NotAuthorizedException",
        "Refresh Token has been revoked",
    ));
    let revoked_access = Err(fault(
        "NotAuthorizedException",
        "Access Token has been revoked",
    ));

    // RevokeToken with the first token of the sign-in ends every round of it.
    let signed_in = password_sign_in(&local, &client, "family@example.com").await;
    let first = get_tokens(&local, &client, &signed_in["RefreshToken"])
        .await
        .unwrap();
    let second = get_tokens(&local, &client, &first["RefreshToken"])
        .await
        .unwrap();
    let other = password_sign_in(&local, &client, "family@example.com").await;
    local
        .call(
            "RevokeToken",
            json!({"Token": signed_in["RefreshToken"], "ClientId": client}),
        )
        .await
        .unwrap();
    for result in [&signed_in, &first, &second] {
        assert_eq!(
            get_tokens(&local, &client, &result["RefreshToken"]).await,
            revoked_refresh
        );
        assert_eq!(
            local
                .call("GetUser", json!({"AccessToken": result["AccessToken"]}))
                .await,
            revoked_access
        );
    }
    // Another sign-in of the user is untouched.
    let other_next = get_tokens(&local, &client, &other["RefreshToken"])
        .await
        .unwrap();

    // RevokeToken with the newest token does the same.
    let newer = get_tokens(&local, &client, &other_next["RefreshToken"])
        .await
        .unwrap();
    local
        .call(
            "RevokeToken",
            json!({"Token": newer["RefreshToken"], "ClientId": client}),
        )
        .await
        .unwrap();
    for token in [
        &other["RefreshToken"],
        &other_next["RefreshToken"],
        &newer["RefreshToken"],
    ] {
        assert_eq!(get_tokens(&local, &client, token).await, revoked_refresh);
    }

    // GlobalSignOut ends every token of every rotated sign-in.
    let third = password_sign_in(&local, &client, "family@example.com").await;
    let third_next = get_tokens(&local, &client, &third["RefreshToken"])
        .await
        .unwrap();
    local
        .call(
            "GlobalSignOut",
            json!({"AccessToken": third_next["AccessToken"]}),
        )
        .await
        .unwrap();
    for token in [&third["RefreshToken"], &third_next["RefreshToken"]] {
        assert_eq!(get_tokens(&local, &client, token).await, revoked_refresh);
    }
    assert_eq!(
        local
            .call("GetUser", json!({"AccessToken": third["AccessToken"]}))
            .await,
        revoked_access
    );
}

#[tokio::test]
async fn a_data_directory_keeps_rotated_sign_ins_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    local.confirmed_user("restart@example.com").await;
    let client = rotating_client(
        &local,
        json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}),
    )
    .await;
    let signed_in = password_sign_in(&local, &client, "restart@example.com").await;
    let first = get_tokens(&local, &client, &signed_in["RefreshToken"])
        .await
        .unwrap();
    local.running.stop().await;
    let again = start_with(Some(dir.path().to_path_buf()), 0).await;
    assert_eq!(
        get_tokens(&again, &client, &signed_in["RefreshToken"]).await,
        reused()
    );
    get_tokens(&again, &client, &first["RefreshToken"])
        .await
        .unwrap();
}

#[tokio::test]
async fn a_data_directory_from_before_rotation_opens_and_its_sign_ins_rotate() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    local.confirmed_user("older@example.com").await;
    let client = rotating_client(
        &local,
        json!({"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}),
    )
    .await;
    let signed_in = password_sign_in(&local, &client, "older@example.com").await;
    let plain = local.tokens("older@example.com", PASSWORD).await;
    let port = local.running.addr.port();
    local.running.stop().await;
    // Back to version 3, as a local-cognito before rotation left it: one
    // refresh token a sign-in (origin_jti UNIQUE), no retired_until, and
    // challenges without their B (version 5).
    rusqlite::Connection::open(dir.path().join("local-cognito.sqlite3"))
        .unwrap()
        .execute_batch(
            "CREATE TABLE refresh_tokens_v3 (
                hash TEXT PRIMARY KEY,
                pool_id TEXT NOT NULL,
                client_id TEXT NOT NULL,
                username TEXT NOT NULL,
                origin_jti TEXT NOT NULL UNIQUE,
                auth_time INTEGER NOT NULL,
                expires INTEGER NOT NULL,
                revoked INTEGER NOT NULL DEFAULT 0
            );
            INSERT INTO refresh_tokens_v3 SELECT hash, pool_id, client_id, username, origin_jti,
                auth_time, expires, revoked FROM refresh_tokens;
            DROP TABLE refresh_tokens;
            ALTER TABLE refresh_tokens_v3 RENAME TO refresh_tokens;
            CREATE INDEX refresh_tokens_expires ON refresh_tokens(expires);
            ALTER TABLE challenges DROP COLUMN srp_b;
            DROP TABLE software_tokens;
            DROP TABLE devices;
            DROP TABLE email_mfa;
            DROP TABLE webauthn_credentials;
            DROP TABLE webauthn_challenges;
            ALTER TABLE challenges DROP COLUMN device_key;
            DROP TABLE hidden_failures;
            ALTER TABLE sessions DROP COLUMN hidden;
            ALTER TABLE challenges DROP COLUMN hidden;
            DROP TABLE verifier_powers;
            PRAGMA user_version = 3;",
        )
        .unwrap();

    // The same address: the same issuer, so earlier access tokens are checked.
    let again = start_with(Some(dir.path().to_path_buf()), port).await;
    let version: i64 = rusqlite::Connection::open(dir.path().join("local-cognito.sqlite3"))
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, 13, "brought up to the latest version");
    // The sign-ins made before still refresh, and now rotate.
    again
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
                "AuthParameters": {"REFRESH_TOKEN": plain["RefreshToken"]}}),
        )
        .await
        .unwrap();
    let first = get_tokens(&again, &client, &signed_in["RefreshToken"])
        .await
        .unwrap();
    assert_eq!(origin(&first), origin(&signed_in));
    assert_eq!(
        get_tokens(&again, &client, &signed_in["RefreshToken"]).await,
        reused()
    );
    again
        .call(
            "RevokeToken",
            json!({"Token": first["RefreshToken"], "ClientId": client}),
        )
        .await
        .unwrap();
    assert_eq!(
        again
            .call("GetUser", json!({"AccessToken": signed_in["AccessToken"]}))
            .await
            .unwrap_err()
            .1,
        "Access Token has been revoked"
    );
}
