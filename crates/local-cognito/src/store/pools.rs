//! Pools and app clients.

use cognito_idp::types::UserPoolClient;
use rusqlite::{params, OptionalExtension, Row};

use super::db::{from_json, to_json, Db};
use crate::model::Pool;

impl Db<'_> {
    pub fn insert_pool(&self, pool: &Pool) -> rusqlite::Result<()> {
        self.0.execute(
            "INSERT INTO pools (id, settings, created, modified) VALUES (?1, ?2, ?3, ?4)",
            params![
                pool.id,
                to_json(&pool.settings)?,
                pool.created,
                pool.modified
            ],
        )?;
        Ok(())
    }

    pub fn pool(&self, id: &str) -> rusqlite::Result<Option<Pool>> {
        self.0
            .query_row(
                "SELECT id, settings, created, modified FROM pools WHERE id = ?1",
                [id],
                pool_from_row,
            )
            .optional()
    }

    pub fn pools(&self) -> rusqlite::Result<Vec<Pool>> {
        let mut statement = self
            .0
            .prepare("SELECT id, settings, created, modified FROM pools ORDER BY created, id")?;
        let rows = statement.query_map([], pool_from_row)?;
        rows.collect()
    }

    pub fn insert_client(&self, client: &UserPoolClient) -> rusqlite::Result<()> {
        self.0.execute(
            "INSERT INTO clients (id, pool_id, settings) VALUES (?1, ?2, ?3)",
            params![client.client_id, client.user_pool_id, to_json(client)?],
        )?;
        Ok(())
    }

    pub fn client(&self, id: &str) -> rusqlite::Result<Option<UserPoolClient>> {
        self.0
            .query_row("SELECT settings FROM clients WHERE id = ?1", [id], |row| {
                from_json(0, &row.get::<_, String>(0)?)
            })
            .optional()
    }
}

fn pool_from_row(row: &Row<'_>) -> rusqlite::Result<Pool> {
    Ok(Pool {
        id: row.get(0)?,
        settings: from_json(1, &row.get::<_, String>(1)?)?,
        created: row.get(2)?,
        modified: row.get(3)?,
    })
}
