//! Everything the server keeps, in SQLite: pools, clients, users (salt and
//! verifier, never a password), codes, SRP challenges, auth sessions,
//! refresh tokens (hashed), the outbox and the signing keys.

use std::collections::BTreeMap;
use std::path::Path;

use cognito_idp::types::{CreateUserPoolRequest, UserPoolClient};
use rusqlite::{params, Connection, OptionalExtension, Row};

const SCHEMA: &str = "
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

pub struct Store {
    db: Connection,
}

#[derive(Debug, Clone)]
pub struct Pool {
    pub id: String,
    pub settings: CreateUserPoolRequest,
    pub created: i64,
    pub modified: i64,
}

impl Pool {
    /// Email is the username: users get a UUID as their name, and sign in
    /// with their email as an alias.
    pub fn email_is_username(&self) -> bool {
        self.settings
            .username_attributes
            .iter()
            .any(|a| a == "email")
    }

    pub fn case_sensitive(&self) -> bool {
        self.settings
            .username_configuration
            .as_ref()
            .is_some_and(|c| c.case_sensitive)
    }

    pub fn auto_verifies_email(&self) -> bool {
        self.settings
            .auto_verified_attributes
            .iter()
            .any(|a| a == "email")
    }

    pub fn username_key(&self, name: &str) -> String {
        if self.case_sensitive() {
            name.to_string()
        } else {
            name.to_lowercase()
        }
    }
}

#[derive(Debug, Clone)]
pub struct User {
    pub pool_id: String,
    pub username: String,
    pub attributes: BTreeMap<String, String>,
    pub status: String,
    pub enabled: bool,
    pub salt: String,
    pub verifier: String,
    pub password_expires: Option<i64>,
    pub created: i64,
    pub modified: i64,
    pub failed_attempts: i64,
    pub locked_until: i64,
    pub tokens_valid_after: i64,
}

impl User {
    pub fn email(&self) -> Option<&str> {
        self.attributes.get("email").map(String::as_str)
    }

    pub fn sub(&self) -> &str {
        self.attributes.get("sub").map_or("", String::as_str)
    }

    fn from_row(row: &Row<'_>) -> rusqlite::Result<User> {
        let attributes: String = row.get("attributes")?;
        Ok(User {
            pool_id: row.get("pool_id")?,
            username: row.get("username")?,
            attributes: serde_json::from_str(&attributes).unwrap_or_default(),
            status: row.get("status")?,
            enabled: row.get("enabled")?,
            salt: row.get("salt")?,
            verifier: row.get("verifier")?,
            password_expires: row.get("password_expires")?,
            created: row.get("created")?,
            modified: row.get("modified")?,
            failed_attempts: row.get("failed_attempts")?,
            locked_until: row.get("locked_until")?,
            tokens_valid_after: row.get("tokens_valid_after")?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Code {
    pub code: String,
    pub expires: i64,
    pub attempts: i64,
}

#[derive(Debug, Clone)]
pub struct Challenge {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub srp_a: String,
    pub b: String,
    pub expires: i64,
}

#[derive(Debug, Clone)]
pub struct AuthSession {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub challenge: String,
    pub expires: i64,
}

#[derive(Debug, Clone)]
pub struct RefreshToken {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub origin_jti: String,
    pub auth_time: i64,
    pub expires: i64,
    pub revoked: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Message {
    pub id: i64,
    pub pool_id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created: i64,
}

impl Store {
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let db = Connection::open(path)?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        Self::init(db)
    }

    pub fn in_memory() -> rusqlite::Result<Store> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(db: Connection) -> rusqlite::Result<Store> {
        db.pragma_update(None, "foreign_keys", "ON")?;
        db.execute_batch(SCHEMA)?;
        Ok(Store { db })
    }

    // --- pools and clients

    pub fn insert_pool(&self, pool: &Pool) -> rusqlite::Result<()> {
        self.db.execute(
            "INSERT INTO pools (id, settings, created, modified) VALUES (?1, ?2, ?3, ?4)",
            params![pool.id, json(&pool.settings), pool.created, pool.modified],
        )?;
        Ok(())
    }

    pub fn pool(&self, id: &str) -> rusqlite::Result<Option<Pool>> {
        self.db
            .query_row("SELECT * FROM pools WHERE id = ?1", [id], pool_from_row)
            .optional()
    }

    pub fn pools(&self) -> rusqlite::Result<Vec<Pool>> {
        let mut statement = self
            .db
            .prepare("SELECT * FROM pools ORDER BY created, id")?;
        let rows = statement.query_map([], pool_from_row)?;
        rows.collect()
    }

    pub fn insert_client(&self, client: &UserPoolClient) -> rusqlite::Result<()> {
        self.db.execute(
            "INSERT INTO clients (id, pool_id, settings) VALUES (?1, ?2, ?3)",
            params![client.client_id, client.user_pool_id, json(client)],
        )?;
        Ok(())
    }

    pub fn client(&self, id: &str) -> rusqlite::Result<Option<UserPoolClient>> {
        self.db
            .query_row("SELECT settings FROM clients WHERE id = ?1", [id], |row| {
                let settings: String = row.get(0)?;
                Ok(serde_json::from_str(&settings).ok())
            })
            .optional()
            .map(Option::flatten)
    }

    // --- users

    pub fn insert_user(&self, pool: &Pool, user: &User) -> rusqlite::Result<()> {
        self.db.execute(
            "INSERT INTO users (pool_id, username, username_key, email_key, attributes, status, enabled,
                salt, verifier, password_expires, created, modified)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                user.pool_id,
                user.username,
                pool.username_key(&user.username),
                user.email().map(str::to_lowercase),
                json(&user.attributes),
                user.status,
                user.enabled,
                user.salt,
                user.verifier,
                user.password_expires,
                user.created,
                user.modified,
            ],
        )?;
        Ok(())
    }

    /// Writes every field of a user back (the username never changes).
    pub fn update_user(&self, pool: &Pool, user: &User) -> rusqlite::Result<()> {
        self.db.execute(
            "UPDATE users SET email_key = ?3, attributes = ?4, status = ?5, enabled = ?6, salt = ?7,
                verifier = ?8, password_expires = ?9, modified = ?10, failed_attempts = ?11,
                locked_until = ?12, tokens_valid_after = ?13
             WHERE pool_id = ?1 AND username_key = ?2",
            params![
                user.pool_id,
                pool.username_key(&user.username),
                user.email().map(str::to_lowercase),
                json(&user.attributes),
                user.status,
                user.enabled,
                user.salt,
                user.verifier,
                user.password_expires,
                user.modified,
                user.failed_attempts,
                user.locked_until,
                user.tokens_valid_after,
            ],
        )?;
        Ok(())
    }

    /// A user by username, or by email where email is the username.
    pub fn find_user(&self, pool: &Pool, name: &str) -> rusqlite::Result<Option<User>> {
        let by_name = self
            .db
            .query_row(
                "SELECT * FROM users WHERE pool_id = ?1 AND username_key = ?2",
                params![pool.id, pool.username_key(name)],
                User::from_row,
            )
            .optional()?;
        if by_name.is_some() || !pool.email_is_username() {
            return Ok(by_name);
        }
        self.user_by_email(pool, name)
    }

    pub fn user_by_email(&self, pool: &Pool, email: &str) -> rusqlite::Result<Option<User>> {
        self.db
            .query_row(
                "SELECT * FROM users WHERE pool_id = ?1 AND email_key = ?2 ORDER BY created LIMIT 1",
                params![pool.id, email.to_lowercase()],
                User::from_row,
            )
            .optional()
    }

    pub fn users(&self, pool_id: &str) -> rusqlite::Result<Vec<User>> {
        let mut statement = self
            .db
            .prepare("SELECT * FROM users WHERE pool_id = ?1 ORDER BY created, username")?;
        let rows = statement.query_map([pool_id], User::from_row)?;
        rows.collect()
    }

    pub fn count_users(&self, pool_id: &str) -> rusqlite::Result<u64> {
        self.db.query_row(
            "SELECT COUNT(*) FROM users WHERE pool_id = ?1",
            [pool_id],
            |row| row.get(0),
        )
    }

    /// Deletes a user and everything that hangs off it.
    pub fn delete_user(&self, pool: &Pool, user: &User) -> rusqlite::Result<()> {
        let tx = self.db.unchecked_transaction()?;
        tx.execute(
            "DELETE FROM users WHERE pool_id = ?1 AND username_key = ?2",
            params![pool.id, pool.username_key(&user.username)],
        )?;
        for table in ["codes", "challenges", "sessions", "refresh_tokens"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE pool_id = ?1 AND username = ?2"),
                params![pool.id, user.username],
            )?;
        }
        tx.commit()
    }

    // --- codes

    pub fn put_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
        code: &str,
        expires: i64,
    ) -> rusqlite::Result<()> {
        self.db.execute(
            "INSERT OR REPLACE INTO codes (pool_id, username, purpose, code, expires, attempts)
             VALUES (?1, ?2, ?3, ?4, ?5, 0)",
            params![pool_id, username, purpose, code, expires],
        )?;
        Ok(())
    }

    pub fn code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
    ) -> rusqlite::Result<Option<Code>> {
        self.db
            .query_row(
                "SELECT code, expires, attempts FROM codes WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3",
                params![pool_id, username, purpose],
                |row| Ok(Code { code: row.get(0)?, expires: row.get(1)?, attempts: row.get(2)? }),
            )
            .optional()
    }

    pub fn count_code_attempt(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
    ) -> rusqlite::Result<()> {
        self.db.execute(
            "UPDATE codes SET attempts = attempts + 1 WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3",
            params![pool_id, username, purpose],
        )?;
        Ok(())
    }

    pub fn delete_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
    ) -> rusqlite::Result<()> {
        self.db.execute(
            "DELETE FROM codes WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3",
            params![pool_id, username, purpose],
        )?;
        Ok(())
    }

    // --- SRP challenges: taken once

    pub fn put_challenge(&self, secret_block: &str, challenge: &Challenge) -> rusqlite::Result<()> {
        self.db.execute(
            "INSERT INTO challenges (secret_block, pool_id, client_id, username, srp_a, b, expires)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                secret_block,
                challenge.pool_id,
                challenge.client_id,
                challenge.username,
                challenge.srp_a,
                challenge.b,
                challenge.expires
            ],
        )?;
        Ok(())
    }

    /// Removes and returns the challenge: a secret block answers once.
    pub fn take_challenge(
        &self,
        secret_block: &str,
        now: i64,
    ) -> rusqlite::Result<Option<Challenge>> {
        self.db
            .execute("DELETE FROM challenges WHERE expires < ?1", [now])?;
        // One statement: a challenge is read and spent at once.
        self.db
            .query_row(
                "DELETE FROM challenges WHERE secret_block = ?1
                 RETURNING pool_id, client_id, username, srp_a, b, expires",
                [secret_block],
                |row| {
                    Ok(Challenge {
                        pool_id: row.get(0)?,
                        client_id: row.get(1)?,
                        username: row.get(2)?,
                        srp_a: row.get(3)?,
                        b: row.get(4)?,
                        expires: row.get(5)?,
                    })
                },
            )
            .optional()
    }

    // --- auth sessions (NEW_PASSWORD_REQUIRED): taken once

    pub fn put_session(&self, session: &str, value: &AuthSession) -> rusqlite::Result<()> {
        self.db.execute(
            "INSERT INTO sessions (session, pool_id, client_id, username, challenge, expires)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                session,
                value.pool_id,
                value.client_id,
                value.username,
                value.challenge,
                value.expires
            ],
        )?;
        Ok(())
    }

    pub fn take_session(&self, session: &str) -> rusqlite::Result<Option<AuthSession>> {
        self.db
            .query_row(
                "DELETE FROM sessions WHERE session = ?1
                 RETURNING pool_id, client_id, username, challenge, expires",
                [session],
                |row| {
                    Ok(AuthSession {
                        pool_id: row.get(0)?,
                        client_id: row.get(1)?,
                        username: row.get(2)?,
                        challenge: row.get(3)?,
                        expires: row.get(4)?,
                    })
                },
            )
            .optional()
    }

    // --- refresh tokens, by hash

    pub fn put_refresh_token(&self, hash: &str, token: &RefreshToken) -> rusqlite::Result<()> {
        self.db.execute(
            "INSERT INTO refresh_tokens (hash, pool_id, client_id, username, origin_jti, auth_time, expires, revoked)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
            params![
                hash,
                token.pool_id,
                token.client_id,
                token.username,
                token.origin_jti,
                token.auth_time,
                token.expires
            ],
        )?;
        Ok(())
    }

    pub fn refresh_token(&self, hash: &str) -> rusqlite::Result<Option<RefreshToken>> {
        self.db
            .query_row(
                "SELECT pool_id, client_id, username, origin_jti, auth_time, expires, revoked
                 FROM refresh_tokens WHERE hash = ?1",
                [hash],
                |row| {
                    Ok(RefreshToken {
                        pool_id: row.get(0)?,
                        client_id: row.get(1)?,
                        username: row.get(2)?,
                        origin_jti: row.get(3)?,
                        auth_time: row.get(4)?,
                        expires: row.get(5)?,
                        revoked: row.get(6)?,
                    })
                },
            )
            .optional()
    }

    /// Whether the sign-in `origin_jti` began with has been revoked.
    pub fn origin_revoked(&self, origin_jti: &str) -> rusqlite::Result<bool> {
        Ok(self
            .db
            .query_row(
                "SELECT revoked FROM refresh_tokens WHERE origin_jti = ?1",
                [origin_jti],
                |row| row.get::<_, bool>(0),
            )
            .optional()?
            .unwrap_or(false))
    }

    pub fn revoke_refresh_token(&self, hash: &str) -> rusqlite::Result<()> {
        self.db.execute(
            "UPDATE refresh_tokens SET revoked = 1 WHERE hash = ?1",
            [hash],
        )?;
        Ok(())
    }

    pub fn revoke_user_tokens(&self, pool_id: &str, username: &str) -> rusqlite::Result<()> {
        self.db.execute(
            "UPDATE refresh_tokens SET revoked = 1 WHERE pool_id = ?1 AND username = ?2",
            params![pool_id, username],
        )?;
        Ok(())
    }

    // --- outbox

    pub fn add_message(
        &self,
        pool_id: &str,
        to: &str,
        subject: &str,
        body: &str,
        now: i64,
    ) -> rusqlite::Result<()> {
        self.db.execute(
            "INSERT INTO messages (pool_id, recipient, subject, body, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![pool_id, to, subject, body, now],
        )?;
        Ok(())
    }

    /// Messages, newest last; only those to `to` (case-insensitive) when given.
    pub fn messages(&self, to: Option<&str>) -> rusqlite::Result<Vec<Message>> {
        let mut statement = self.db.prepare(
            "SELECT id, pool_id, recipient, subject, body, created FROM messages
             WHERE ?1 IS NULL OR lower(recipient) = lower(?1) ORDER BY id",
        )?;
        let rows = statement.query_map([to], |row| {
            Ok(Message {
                id: row.get(0)?,
                pool_id: row.get(1)?,
                to: row.get(2)?,
                subject: row.get(3)?,
                body: row.get(4)?,
                created: row.get(5)?,
            })
        })?;
        rows.collect()
    }

    // --- signing keys

    pub fn keys(&self) -> rusqlite::Result<Vec<(String, String)>> {
        let mut statement = self
            .db
            .prepare("SELECT kid, private_pem FROM keys ORDER BY created")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect()
    }

    pub fn add_key(&self, kid: &str, private_pem: &str, now: i64) -> rusqlite::Result<()> {
        self.db.execute(
            "INSERT INTO keys (kid, private_pem, created) VALUES (?1, ?2, ?3)",
            params![kid, private_pem, now],
        )?;
        Ok(())
    }
}

fn pool_from_row(row: &Row<'_>) -> rusqlite::Result<Pool> {
    let settings: String = row.get("settings")?;
    Ok(Pool {
        id: row.get("id")?,
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        created: row.get("created")?,
        modified: row.get("modified")?,
    })
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("settings serialise")
}
