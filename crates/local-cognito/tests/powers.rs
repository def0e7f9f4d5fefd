//! Each verifier's table of powers (what an SRP answer raises v^u from):
//! kept when a password is set, made at start-up for users kept before
//! there were tables, a new one when the password changes. Sign-ins go on
//! passing and failing as before; cognito-srp's tests check that the
//! arithmetic from a table is the same.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::*;

/// The data directory's database, opened beside the server.
fn database(dir: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("local-cognito.sqlite3")).unwrap()
}

/// The users' verifiers that have a table, and the tables kept.
fn tables(dir: &std::path::Path) -> (i64, i64) {
    let db = database(dir);
    let with = db
        .query_row(
            "SELECT count(*) FROM users WHERE verifier IN (SELECT verifier FROM verifier_powers)",
            [],
            |row| row.get(0),
        )
        .unwrap();
    let kept = db
        .query_row("SELECT count(*) FROM verifier_powers", [], |row| row.get(0))
        .unwrap();
    (with, kept)
}

#[tokio::test]
async fn a_users_table_is_kept_with_the_password_and_made_for_users_from_before() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    local.confirmed_user("kept@example.com").await;
    local.confirmed_user("old@example.com").await;
    local.running.stop().await;
    assert_eq!(tables(dir.path()), (2, 2), "one table a user, from sign-up");
    // As a data directory from before tables: the users have none.
    database(dir.path())
        .execute("DELETE FROM verifier_powers", [])
        .unwrap();

    let again = start_with(Some(dir.path().to_path_buf()), 0).await;
    again.running.stop().await;
    assert_eq!(tables(dir.path()), (2, 2), "made at start-up");
    let again = start_with(Some(dir.path().to_path_buf()), 0).await;
    for user in ["kept@example.com", "old@example.com"] {
        let tokens = again.srp_sign_in(user, PASSWORD).await.unwrap();
        assert!(tokens["AuthenticationResult"]["IdToken"].is_string());
        assert_eq!(
            again.srp_sign_in(user, "Wrong-pass1").await.unwrap_err(),
            fault("NotAuthorizedException", "Incorrect username or password.")
        );
    }

    // A new password has its own table, and signs in by it.
    let access = again.tokens("kept@example.com", PASSWORD).await["AccessToken"].clone();
    again
        .call(
            "ChangePassword",
            json!({"AccessToken": access, "PreviousPassword": PASSWORD,
                   "ProposedPassword": "New-pass1"}),
        )
        .await
        .unwrap();
    assert!(again
        .srp_sign_in("kept@example.com", "New-pass1")
        .await
        .is_ok());
    assert!(again
        .srp_sign_in("kept@example.com", PASSWORD)
        .await
        .is_err());
    again.running.stop().await;
    // The old verifier's table waits for the next prune.
    assert_eq!(tables(dir.path()), (2, 3));
}
