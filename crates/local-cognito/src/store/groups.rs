//! Groups and their members. A member is kept by the user's internal
//! username, as the other tables keep users.

use rusqlite::{params, OptionalExtension, Row};

use super::db::Db;
use crate::model::Group;

const COLUMNS: &str = "pool_id, name, description, role_arn, precedence, created, modified";
/// Cognito's order of a user's groups: by precedence, lowest first and
/// none last, then by name.
const ORDER: &str = "ORDER BY precedence IS NULL, precedence, name";

impl Db<'_> {
    pub fn insert_group(&self, group: &Group) -> rusqlite::Result<()> {
        self.execute(
            &format!("INSERT INTO user_groups ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
            params![
                group.pool_id,
                group.name,
                group.description,
                group.role_arn,
                group.precedence,
                group.created,
                group.modified
            ],
        )?;
        Ok(())
    }

    pub fn group(&self, pool_id: &str, name: &str) -> rusqlite::Result<Option<Group>> {
        self.query_row(
            &format!("SELECT {COLUMNS} FROM user_groups WHERE pool_id = ?1 AND name = ?2"),
            params![pool_id, name],
            group_from_row,
        )
        .optional()
    }

    /// A pool's groups, by name.
    pub fn groups(&self, pool_id: &str) -> rusqlite::Result<Vec<Group>> {
        let mut statement = self.0.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM user_groups WHERE pool_id = ?1 ORDER BY name"
        ))?;
        let rows = statement.query_map([pool_id], group_from_row)?;
        rows.collect()
    }

    /// The groups a user is in, in Cognito's order (see `ORDER`).
    pub fn groups_of_user(&self, pool_id: &str, username: &str) -> rusqlite::Result<Vec<Group>> {
        let mut statement = self.0.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM user_groups WHERE pool_id = ?1 AND name IN
                (SELECT group_name FROM group_members WHERE pool_id = ?1 AND username = ?2)
             {ORDER}"
        ))?;
        let rows = statement.query_map(params![pool_id, username], group_from_row)?;
        rows.collect()
    }

    /// The names of the groups a user is in, in Cognito's order: the
    /// `cognito:groups` claim.
    pub fn user_groups(&self, pool_id: &str, username: &str) -> rusqlite::Result<Vec<String>> {
        Ok(self
            .groups_of_user(pool_id, username)?
            .into_iter()
            .map(|group| group.name)
            .collect())
    }

    /// Adds a user to a group; a member already is one still.
    pub fn add_member(
        &self,
        pool_id: &str,
        group_name: &str,
        username: &str,
    ) -> rusqlite::Result<()> {
        self.execute(
            "INSERT OR IGNORE INTO group_members (pool_id, group_name, username) VALUES (?1, ?2, ?3)",
            params![pool_id, group_name, username],
        )?;
        Ok(())
    }

    pub fn remove_member(
        &self,
        pool_id: &str,
        group_name: &str,
        username: &str,
    ) -> rusqlite::Result<()> {
        self.execute(
            "DELETE FROM group_members WHERE pool_id = ?1 AND group_name = ?2 AND username = ?3",
            params![pool_id, group_name, username],
        )?;
        Ok(())
    }

    /// Deletes a group and its memberships.
    pub fn delete_group(&self, pool_id: &str, name: &str) -> rusqlite::Result<()> {
        self.execute(
            "DELETE FROM group_members WHERE pool_id = ?1 AND group_name = ?2",
            params![pool_id, name],
        )?;
        self.execute(
            "DELETE FROM user_groups WHERE pool_id = ?1 AND name = ?2",
            params![pool_id, name],
        )?;
        Ok(())
    }
}

fn group_from_row(row: &Row<'_>) -> rusqlite::Result<Group> {
    Ok(Group {
        pool_id: row.get(0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        role_arn: row.get(3)?,
        precedence: row.get(4)?,
        created: row.get(5)?,
        modified: row.get(6)?,
    })
}
