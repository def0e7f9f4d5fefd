//! Each verifier's table of powers (what an SRP answer raises v^u from):
//! kept when a password is set, made at start-up for users kept before
//! there were tables, made again by a sign-in that finds none, a new one
//! when the password changes, the old one gone at the next prune. Sign-ins
//! go on passing and failing as before; modp3072's and cognito-srp's tests
//! check that the arithmetic from a table is the same.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::time::Duration;

use serde_json::json;
use support::*;

/// The data directory's database, opened beside the server.
fn database(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("local-cognito.sqlite3")).unwrap()
}

/// (users whose verifier has its table, tables kept).
fn tables(dir: &Path) -> (i64, i64) {
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

/// Every user's table begins with the verifier itself (the first of its
/// four rows), as 384 big-endian bytes.
fn assert_tables_are_the_users(dir: &Path) {
    let db = database(dir);
    let mut rows = db
        .prepare(
            "SELECT users.verifier, verifier_powers.powers FROM users
             JOIN verifier_powers ON verifier_powers.verifier = users.verifier",
        )
        .unwrap();
    let pairs: Vec<(String, Vec<u8>)> = rows
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!pairs.is_empty());
    for (verifier, powers) in pairs {
        assert_eq!(powers.len(), 4 * 384);
        let first: String = powers[..384].iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(first, format!("{verifier:0>768}"));
    }
}

/// The decoys' table, which no user holds: one, kept through prunes.
fn users_tables_besides_the_decoys(dir: &Path) -> (i64, i64) {
    let (with, kept) = tables(dir);
    (with, kept - 1)
}

#[tokio::test]
async fn a_users_table_is_kept_with_the_password_and_made_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    local.confirmed_user("kept@example.com").await;
    local.confirmed_user("old@example.com").await;
    // A table lost while the server runs: the next sign-in makes it again.
    database(dir.path())
        .execute(
            "DELETE FROM verifier_powers WHERE verifier =
                (SELECT verifier FROM users WHERE email_key = 'kept@example.com')",
            [],
        )
        .unwrap();
    assert_eq!(users_tables_besides_the_decoys(dir.path()), (1, 1));
    local.tokens("kept@example.com", PASSWORD).await;
    assert_eq!(users_tables_besides_the_decoys(dir.path()), (2, 2));
    local.running.stop().await;
    assert_tables_are_the_users(dir.path());
    // As a data directory from before tables: the users have none.
    database(dir.path())
        .execute("DELETE FROM verifier_powers", [])
        .unwrap();

    let again = start_with(Some(dir.path().to_path_buf()), 0).await;
    assert_eq!(
        users_tables_besides_the_decoys(dir.path()),
        (2, 2),
        "made at start-up"
    );
    assert_tables_are_the_users(dir.path());
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
    // The old verifier's table waits for the next prune: two users' tables,
    // the old one and this start's decoys'. The next start makes its own
    // decoys' table and prunes both the old one and the decoys' before.
    assert_eq!(tables(dir.path()), (2, 4));
    let last = start_with(Some(dir.path().to_path_buf()), 0).await;
    let mut waited = Duration::ZERO;
    while tables(dir.path()).1 > 3 && waited < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    }
    assert_eq!(users_tables_besides_the_decoys(dir.path()), (2, 2));
    assert!(last
        .srp_sign_in("kept@example.com", "New-pass1")
        .await
        .is_ok());
}

#[tokio::test]
async fn a_directory_of_a_newer_local_cognito_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    local.running.stop().await;
    database(dir.path())
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let refused = local_cognito::start(local_cognito::Settings {
        port: 0,
        data: Some(dir.path().to_path_buf()),
        ..local_cognito::Settings::default()
    })
    .await
    .err()
    .unwrap();
    assert!(
        refused.contains("version 99, from a newer local-cognito"),
        "{refused}"
    );
}
