//! Users' devices, by pool and device key (a key is unique in its pool;
//! whose it is, the caller checks against the row's username).

use rusqlite::{params, OptionalExtension, Row};

use super::db::Db;
use crate::model::{Device, DeviceState};

/// A device's columns, in the order `device_from_row` reads them (a macro,
/// so that the queries stay static strings).
macro_rules! device_columns {
    () => {
        "pool_id, username, device_key, group_key, state, name, salt, verifier, created, modified, last_authenticated"
    };
}

impl Db<'_> {
    pub fn insert_device(&self, device: &Device) -> rusqlite::Result<()> {
        self.execute(
            concat!(
                "INSERT INTO devices (",
                device_columns!(),
                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ),
            params![
                device.pool_id,
                device.username,
                device.key,
                device.group_key,
                device.state,
                device.name,
                device.salt,
                device.verifier,
                device.created,
                device.modified,
                device.last_authenticated
            ],
        )?;
        Ok(())
    }

    /// Writes back what changes: state, name, salt and verifier, times.
    pub fn update_device(&self, device: &Device) -> rusqlite::Result<()> {
        self.execute(
            "UPDATE devices SET state = ?3, name = ?4, salt = ?5, verifier = ?6, modified = ?7,
                last_authenticated = ?8
             WHERE pool_id = ?1 AND device_key = ?2",
            params![
                device.pool_id,
                device.key,
                device.state,
                device.name,
                device.salt,
                device.verifier,
                device.modified,
                device.last_authenticated
            ],
        )?;
        Ok(())
    }

    pub fn device(&self, pool_id: &str, key: &str) -> rusqlite::Result<Option<Device>> {
        self.query_row(
            concat!(
                "SELECT ",
                device_columns!(),
                " FROM devices WHERE pool_id = ?1 AND device_key = ?2"
            ),
            params![pool_id, key],
            device_from_row,
        )
        .optional()
    }

    /// A user's confirmed devices, oldest first (an unconfirmed one is not
    /// the user's device yet).
    pub fn confirmed_devices(
        &self,
        pool_id: &str,
        username: &str,
    ) -> rusqlite::Result<Vec<Device>> {
        let mut statement = self.0.prepare_cached(concat!(
            "SELECT ",
            device_columns!(),
            " FROM devices WHERE pool_id = ?1 AND username = ?2 AND state != ?3
             ORDER BY created, rowid"
        ))?;
        let rows = statement.query_map(
            params![pool_id, username, DeviceState::Unconfirmed],
            device_from_row,
        )?;
        rows.collect()
    }

    pub fn delete_device(&self, pool_id: &str, key: &str) -> rusqlite::Result<()> {
        self.execute(
            "DELETE FROM devices WHERE pool_id = ?1 AND device_key = ?2",
            params![pool_id, key],
        )?;
        Ok(())
    }
}

fn device_from_row(row: &Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        pool_id: row.get(0)?,
        username: row.get(1)?,
        key: row.get(2)?,
        group_key: row.get(3)?,
        state: row.get(4)?,
        name: row.get(5)?,
        salt: row.get(6)?,
        verifier: row.get(7)?,
        created: row.get(8)?,
        modified: row.get(9)?,
        last_authenticated: row.get(10)?,
    })
}
