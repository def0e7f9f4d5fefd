//! What expires is removed on a schedule, so that the database does not
//! grow without end: challenges, sessions and codes past their time,
//! refresh tokens a day past theirs (a revoked one still refuses its
//! sign-in's access tokens until those have expired too), and emails older
//! than a week.

use super::Db;
use crate::model::CODE_WINDOW_SECS;

/// How long an expired refresh token is kept: the longest an access token
/// lives.
const REFRESH_TOKEN_AFTERLIFE_SECS: i64 = 24 * 3600;
/// How long the outbox keeps an email.
const MESSAGE_LIFETIME_SECS: i64 = 7 * 24 * 3600;

/// Rows removed, by table.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub challenges: usize,
    pub sessions: usize,
    pub codes: usize,
    pub refresh_tokens: usize,
    pub messages: usize,
}

impl Db<'_> {
    pub fn prune(&self, now: i64) -> rusqlite::Result<Pruned> {
        Ok(Pruned {
            challenges: self
                .0
                .execute("DELETE FROM challenges WHERE expires < ?1", [now])?,
            sessions: self
                .0
                .execute("DELETE FROM sessions WHERE expires < ?1", [now])?,
            // A code's counts live as long as the code or its window.
            codes: self.0.execute(
                "DELETE FROM codes WHERE expires < ?1 AND window_start < ?2",
                [now, now.saturating_sub(CODE_WINDOW_SECS)],
            )?,
            refresh_tokens: self.0.execute(
                "DELETE FROM refresh_tokens WHERE expires < ?1",
                [now.saturating_sub(REFRESH_TOKEN_AFTERLIFE_SECS)],
            )?,
            messages: self.0.execute(
                "DELETE FROM messages WHERE created < ?1",
                [now.saturating_sub(MESSAGE_LIFETIME_SECS)],
            )?,
        })
    }
}
