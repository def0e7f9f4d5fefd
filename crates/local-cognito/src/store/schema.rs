//! The tables, and the steps from each earlier version (`PRAGMA
//! user_version`), so that a data directory of an older local-cognito opens.

use rusqlite::Connection;

/// Version 1: the tables of the first releases.
const V1: &str = "
CREATE TABLE IF NOT EXISTS pools (
    id TEXT PRIMARY KEY,
    settings TEXT NOT NULL,
    created INTEGER NOT NULL,
    modified INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS clients (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES pools(id),
    settings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    pool_id TEXT NOT NULL REFERENCES pools(id),
    username TEXT NOT NULL,
    username_key TEXT NOT NULL,
    email_key TEXT,
    attributes TEXT NOT NULL,
    status TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    salt TEXT NOT NULL,
    verifier TEXT NOT NULL,
    password_expires INTEGER,
    created INTEGER NOT NULL,
    modified INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    tokens_valid_after INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pool_id, username_key)
);
CREATE INDEX IF NOT EXISTS users_email ON users(pool_id, email_key);
CREATE TABLE IF NOT EXISTS codes (
    pool_id TEXT NOT NULL,
    username TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code TEXT NOT NULL,
    expires INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pool_id, username, purpose)
);
CREATE TABLE IF NOT EXISTS challenges (
    secret_block TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    username TEXT NOT NULL,
    srp_a TEXT NOT NULL,
    b TEXT NOT NULL,
    expires INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    session TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    username TEXT NOT NULL,
    challenge TEXT NOT NULL,
    expires INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    username TEXT NOT NULL,
    origin_jti TEXT NOT NULL UNIQUE,
    auth_time INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pool_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS keys (
    kid TEXT PRIMARY KEY,
    private_pem TEXT NOT NULL,
    created INTEGER NOT NULL
);
";

/// Version 2: codes count sends and keep their counts in a window; the
/// server's secret (its decoys); indexes for pruning.
const V2: &str = "
ALTER TABLE codes ADD COLUMN sends INTEGER NOT NULL DEFAULT 1;
ALTER TABLE codes ADD COLUMN window_start INTEGER NOT NULL DEFAULT 0;
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
CREATE INDEX challenges_expires ON challenges(expires);
CREATE INDEX sessions_expires ON sessions(expires);
CREATE INDEX refresh_tokens_expires ON refresh_tokens(expires);
CREATE INDEX messages_created ON messages(created);
";

/// Version 3: groups and their members (by internal username).
const V3: &str = "
CREATE TABLE user_groups (
    pool_id TEXT NOT NULL REFERENCES pools(id),
    name TEXT NOT NULL,
    description TEXT,
    role_arn TEXT,
    precedence INTEGER,
    created INTEGER NOT NULL,
    modified INTEGER NOT NULL,
    PRIMARY KEY (pool_id, name)
);
CREATE TABLE group_members (
    pool_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    username TEXT NOT NULL,
    PRIMARY KEY (pool_id, group_name, username),
    FOREIGN KEY (pool_id, group_name) REFERENCES user_groups(pool_id, name)
);
CREATE INDEX group_members_user ON group_members(pool_id, username);
";

/// Version 4: refresh token rotation. A sign-in (`origin_jti`) may hold
/// several refresh tokens, each rotated one with the time it stops working
/// (`retired_until`; NULL while it is the sign-in's current token). SQLite
/// cannot drop the UNIQUE on `origin_jti`, so the table is made again.
const V4: &str = "
CREATE TABLE refresh_tokens_v4 (
    hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    username TEXT NOT NULL,
    origin_jti TEXT NOT NULL,
    auth_time INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0,
    retired_until INTEGER
);
INSERT INTO refresh_tokens_v4 (hash, pool_id, client_id, username, origin_jti, auth_time, expires, revoked)
    SELECT hash, pool_id, client_id, username, origin_jti, auth_time, expires, revoked FROM refresh_tokens;
DROP TABLE refresh_tokens;
ALTER TABLE refresh_tokens_v4 RENAME TO refresh_tokens;
CREATE INDEX refresh_tokens_expires ON refresh_tokens(expires);
CREATE INDEX refresh_tokens_origin ON refresh_tokens(origin_jti);
";

/// Version 5: a challenge keeps its B, so that the answer to it does not
/// compute g^b again (an older row, empty here, is computed as before).
const V5: &str = "
ALTER TABLE challenges ADD COLUMN srp_b TEXT NOT NULL DEFAULT '';
";

/// Version 6: users' TOTP software tokens (by internal username).
const V6: &str = "
CREATE TABLE software_tokens (
    pool_id TEXT NOT NULL,
    username TEXT NOT NULL,
    pending TEXT,
    secret TEXT,
    preference TEXT NOT NULL DEFAULT 'OFF',
    last_step INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pool_id, username)
);
";

/// Version 7: users' devices (by internal username), and the device a
/// DEVICE_PASSWORD_VERIFIER challenge is for ('' for a user's challenge).
const V7: &str = "
CREATE TABLE devices (
    pool_id TEXT NOT NULL,
    username TEXT NOT NULL,
    device_key TEXT NOT NULL,
    group_key TEXT NOT NULL,
    state TEXT NOT NULL,
    name TEXT,
    salt TEXT NOT NULL DEFAULT '',
    verifier TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL,
    modified INTEGER NOT NULL,
    last_authenticated INTEGER,
    PRIMARY KEY (pool_id, device_key)
);
CREATE INDEX devices_user ON devices(pool_id, username);
CREATE INDEX devices_state ON devices(state, created);
ALTER TABLE challenges ADD COLUMN device_key TEXT NOT NULL DEFAULT '';
";

/// Version 8: users' choice of email MFA (SetUserMFAPreference's
/// EmailMfaSettings), by internal username; no row, off.
const V8: &str = "
CREATE TABLE email_mfa (
    pool_id TEXT NOT NULL,
    username TEXT NOT NULL,
    preference TEXT NOT NULL,
    PRIMARY KEY (pool_id, username)
);
";

/// Version 9: feature plans. A pool stored before them is on the Lite
/// tier, where Cognito left the user pools made before its tiers (a new
/// one is Essentials unless CreateUserPool says otherwise).
const V9: &str = "
UPDATE pools SET settings = json_set(settings, '$.UserPoolTier', 'LITE')
    WHERE json_extract(settings, '$.UserPoolTier') IS NULL;
";

/// Version 10: users' passkeys (by internal username; a credential id is
/// unique in its pool), and the WebAuthn challenges waiting for their
/// answers, each taken once: a registration's, one a user; a sign-in's,
/// one a session (the WEB_AUTHN session it was given with, by id).
const V10: &str = "
CREATE TABLE webauthn_credentials (
    pool_id TEXT NOT NULL,
    username TEXT NOT NULL,
    credential_id TEXT NOT NULL,
    public_key BLOB NOT NULL,
    sign_count INTEGER NOT NULL,
    transports TEXT NOT NULL,
    attachment TEXT,
    relying_party_id TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (pool_id, credential_id)
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials(pool_id, username);
CREATE TABLE webauthn_challenges (
    challenge TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    username TEXT NOT NULL,
    ceremony TEXT NOT NULL,
    session_id TEXT,
    expires INTEGER NOT NULL,
    CHECK ((ceremony = 'sign_in') = (session_id IS NOT NULL))
);
CREATE UNIQUE INDEX webauthn_challenges_registration ON webauthn_challenges(pool_id, username)
    WHERE ceremony = 'registration';
CREATE UNIQUE INDEX webauthn_challenges_session ON webauthn_challenges(session_id)
    WHERE session_id IS NOT NULL;
CREATE INDEX webauthn_challenges_expires ON webauthn_challenges(expires);
";

/// Version 11: an auth session's subject may be a hidden name (choice-based
/// sign-in's decoy, kept by its name), and hidden names' failed sign-ins
/// are counted, by their decoy key, toward a lock as users' are.
const V11: &str = "
ALTER TABLE sessions ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
CREATE TABLE hidden_failures (
    pool_id TEXT NOT NULL,
    holder TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL,
    locked_until INTEGER NOT NULL,
    last_failure INTEGER NOT NULL,
    PRIMARY KEY (pool_id, holder)
);
CREATE INDEX hidden_failures_last ON hidden_failures(last_failure);
";

/// Version 12: an SRP challenge's subject may be a hidden name (its decoy
/// challenge, kept by the name), so that a wrong claim counts under it. A
/// decoy challenge made before kept no name ('') and could only fail: it
/// goes.
const V12: &str = "
ALTER TABLE challenges ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
DELETE FROM challenges WHERE username = '';
";

/// Version 13: each verifier's table of powers (cognito_srp's `Powers`),
/// kept by the verifier, from which an SRP answer raises v^u with about a
/// quarter of the products. Users from before get theirs at start-up
/// (`verifiers::backfill_powers`).
const V13: &str = "
CREATE TABLE verifier_powers (
    verifier TEXT NOT NULL PRIMARY KEY,
    powers BLOB NOT NULL
);
";

const STEPS: [&str; 13] = [V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13];

/// Brings the schema up to date, in one write transaction, the version
/// read inside it: two servers starting on one old directory do not both
/// migrate it.
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| {
        let version: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > STEPS.len() {
            // A newer local-cognito's directory: this one would not keep
            // what that one expects (such as a verifier's table of powers).
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISMATCH),
                Some(format!(
                    "version {version}, from a newer local-cognito (this one knows up to {})",
                    STEPS.len()
                )),
            ));
        }
        for (index, step) in STEPS.iter().enumerate().skip(version) {
            conn.execute_batch(step)?;
            conn.pragma_update(None, "user_version", index + 1)?;
        }
        Ok(())
    })();
    conn.execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_release_database_is_brought_up_to_date() {
        // The first releases made these tables and left user_version at 0.
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(V1).unwrap();
        conn.execute(
            "INSERT INTO codes (pool_id, username, purpose, code, expires) VALUES ('p', 'u', 'signup', '123456', 9)",
            [],
        )
        .unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap(); // and again: nothing to do
        let (code, sends): (String, i64) = conn
            .query_row("SELECT code, sends FROM codes", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap();
        assert_eq!((code.as_str(), sends), ("123456", 1));
        let version: usize = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, STEPS.len());
    }

    /// A database as local-cognito left it at `version`.
    fn database_at(version: usize) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        for step in &STEPS[..version] {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", version).unwrap();
        conn
    }

    #[test]
    fn a_pool_stored_before_tiers_is_on_the_lite_tier() {
        let conn = database_at(8);
        conn.execute(
            r#"INSERT INTO pools (id, settings, created, modified) VALUES ('p', '{"PoolName":"old"}', 1, 1)"#,
            [],
        )
        .unwrap();
        migrate(&conn).unwrap();
        let settings: String = conn
            .query_row("SELECT settings FROM pools WHERE id = 'p'", [], |row| {
                row.get(0)
            })
            .unwrap();
        let settings: serde_json::Value = serde_json::from_str(&settings).unwrap();
        assert_eq!(
            settings,
            serde_json::json!({"PoolName": "old", "UserPoolTier": "LITE"})
        );
    }

    #[test]
    fn a_decoy_challenge_stored_without_its_name_goes_at_version_12() {
        let conn = database_at(11);
        conn.execute_batch(
            "INSERT INTO challenges (secret_block, pool_id, client_id, username, srp_a, b, expires)
             VALUES ('user', 'p', 'c', 'rider', 'a', 'b', 9), ('decoy', 'p', 'c', '', 'a', 'b', 9);",
        )
        .unwrap();
        migrate(&conn).unwrap();
        let kept: Vec<(String, bool)> = conn
            .prepare("SELECT secret_block, hidden FROM challenges")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(kept, vec![("user".to_string(), false)]);
    }

    #[test]
    fn a_version_3_database_keeps_its_refresh_tokens_and_gains_rotation() {
        let conn = database_at(3);
        conn.execute(
            "INSERT INTO refresh_tokens (hash, pool_id, client_id, username, origin_jti, auth_time, expires, revoked)
             VALUES ('h1', 'p', 'c', 'u', 'o1', 5, 9, 1)",
            [],
        )
        .unwrap();
        migrate(&conn).unwrap();
        let kept: (String, bool, Option<i64>) = conn
            .query_row(
                "SELECT origin_jti, revoked, retired_until FROM refresh_tokens WHERE hash = 'h1'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        assert_eq!(kept, ("o1".to_string(), true, None));
        // A sign-in now holds a second (rotated) token.
        conn.execute(
            "INSERT INTO refresh_tokens (hash, pool_id, client_id, username, origin_jti, auth_time, expires)
             VALUES ('h2', 'p', 'c', 'u', 'o1', 5, 9)",
            [],
        )
        .unwrap();
        let indexes: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('refresh_tokens_expires', 'refresh_tokens_origin')",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 2);
    }
}
