//! Pools and app clients.

use cognito_idp::types::{
    CreateUserPoolRequest, EmailMfaConfig, UserPoolClient, WebAuthnConfiguration,
};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::db::{from_json, to_json, Db};
use crate::model::Pool;

impl Db<'_> {
    pub fn insert_pool(&self, pool: &Pool) -> rusqlite::Result<()> {
        self.execute(
            "INSERT INTO pools (id, settings, created, modified) VALUES (?1, ?2, ?3, ?4)",
            params![
                pool.id,
                to_json(&StoredSettings::of(pool))?,
                pool.created,
                pool.modified
            ],
        )?;
        Ok(())
    }

    pub fn pool(&self, id: &str) -> rusqlite::Result<Option<Pool>> {
        self.query_row(
            "SELECT id, settings, created, modified FROM pools WHERE id = ?1",
            [id],
            pool_from_row,
        )
        .optional()
    }

    pub fn pools(&self) -> rusqlite::Result<Vec<Pool>> {
        let mut statement = self.0.prepare_cached(
            "SELECT id, settings, created, modified FROM pools ORDER BY created, id",
        )?;
        let rows = statement.query_map([], pool_from_row)?;
        rows.collect()
    }

    /// Writes a pool's settings and modified time back (its id and
    /// creation never change).
    pub fn update_pool(&self, pool: &Pool) -> rusqlite::Result<()> {
        self.execute(
            "UPDATE pools SET settings = ?2, modified = ?3 WHERE id = ?1",
            params![pool.id, to_json(&StoredSettings::of(pool))?, pool.modified],
        )?;
        Ok(())
    }

    /// Deletes a pool and everything of it: groups, users and what hangs
    /// off them, clients, the outbox's emails.
    pub fn delete_pool(&self, id: &str) -> rusqlite::Result<()> {
        for table in [
            "group_members",
            "user_groups",
            "codes",
            "challenges",
            "sessions",
            "refresh_tokens",
            "software_tokens",
            "email_mfa",
            "devices",
            "webauthn_credentials",
            "webauthn_challenges",
            "messages",
            "users",
            "clients",
        ] {
            self.execute(&format!("DELETE FROM {table} WHERE pool_id = ?1"), [id])?;
        }
        self.execute("DELETE FROM pools WHERE id = ?1", [id])?;
        Ok(())
    }

    pub fn insert_client(&self, client: &UserPoolClient) -> rusqlite::Result<()> {
        self.execute(
            "INSERT INTO clients (id, pool_id, settings) VALUES (?1, ?2, ?3)",
            params![client.client_id, client.user_pool_id, to_json(client)?],
        )?;
        Ok(())
    }

    pub fn client(&self, id: &str) -> rusqlite::Result<Option<UserPoolClient>> {
        self.query_row("SELECT settings FROM clients WHERE id = ?1", [id], |row| {
            from_json(0, &row.get::<_, String>(0)?)
        })
        .optional()
    }

    /// Writes a client's settings back (its id and pool never change).
    pub fn update_client(&self, client: &UserPoolClient) -> rusqlite::Result<()> {
        self.execute(
            "UPDATE clients SET settings = ?2 WHERE id = ?1",
            params![client.client_id, to_json(client)?],
        )?;
        Ok(())
    }

    /// A pool's clients, in the order they were made.
    pub fn clients(&self, pool_id: &str) -> rusqlite::Result<Vec<UserPoolClient>> {
        let mut statement = self
            .0
            .prepare_cached("SELECT settings FROM clients WHERE pool_id = ?1 ORDER BY rowid")?;
        let rows = statement.query_map([pool_id], |row| from_json(0, &row.get::<_, String>(0)?))?;
        rows.collect()
    }

    /// Deletes a client and the sign-ins made through it: its refresh
    /// tokens (and with them its sign-ins' access tokens), its challenges
    /// (SRP's and WebAuthn's) and sessions.
    pub fn delete_client(&self, id: &str) -> rusqlite::Result<()> {
        for table in [
            "refresh_tokens",
            "challenges",
            "sessions",
            "webauthn_challenges",
        ] {
            self.execute(&format!("DELETE FROM {table} WHERE client_id = ?1"), [id])?;
        }
        self.execute("DELETE FROM clients WHERE id = ?1", [id])?;
        Ok(())
    }
}

/// A pool's settings as stored: CreateUserPool's, and beside them what
/// only SetUserPoolMfaConfig sets (absent in settings stored before it
/// existed: off).
#[derive(Serialize, Deserialize)]
struct StoredSettings {
    #[serde(flatten)]
    settings: CreateUserPoolRequest,
    #[serde(
        rename = "SoftwareTokenMfaEnabled",
        default,
        skip_serializing_if = "std::ops::Not::not"
    )]
    software_token_mfa: bool,
    #[serde(
        rename = "EmailMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    email_mfa: Option<EmailMfaConfig>,
    #[serde(
        rename = "WebAuthnConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    web_authn: Option<WebAuthnConfiguration>,
}

impl StoredSettings {
    fn of(pool: &Pool) -> StoredSettings {
        StoredSettings {
            settings: pool.settings.clone(),
            software_token_mfa: pool.software_token_mfa,
            email_mfa: pool.email_mfa.clone(),
            web_authn: pool.web_authn.clone(),
        }
    }
}

fn pool_from_row(row: &Row<'_>) -> rusqlite::Result<Pool> {
    let stored: StoredSettings = from_json(1, &row.get::<_, String>(1)?)?;
    Ok(Pool {
        id: row.get(0)?,
        settings: stored.settings,
        software_token_mfa: stored.software_token_mfa,
        email_mfa: stored.email_mfa,
        web_authn: stored.web_authn,
        created: row.get(2)?,
        modified: row.get(3)?,
    })
}
