//! What expires is removed on a schedule, so that the database does not
//! grow without end: challenges (SRP's and WebAuthn's), sessions and codes
//! past their time,
//! refresh tokens a day past theirs (a revoked one still refuses its
//! sign-in's access tokens until those have expired too), emails older
//! than a week, devices never confirmed a day on, hidden names' failed
//! sign-ins a day after the last (unless still locked), and the tables of
//! powers of verifiers no user has any more.

use super::db::Db;
use crate::model::{DeviceState, CODE_WINDOW_SECS};

/// How long an expired refresh token is kept: the longest an access token
/// lives.
const REFRESH_TOKEN_AFTERLIFE_SECS: i64 = 24 * 3600;
/// How long a device given at a sign-in waits for its ConfirmDevice:
/// every sign-in without a known device makes one.
const UNCONFIRMED_DEVICE_LIFETIME_SECS: i64 = 24 * 3600;
/// How long the outbox keeps an email.
const MESSAGE_LIFETIME_SECS: i64 = 7 * 24 * 3600;
/// How long a hidden name's failures are counted after its last: anyone
/// can make these rows, one a name, so they cannot stay as a user's count.
const HIDDEN_FAILURES_LIFETIME_SECS: i64 = 24 * 3600;

/// Rows removed, by table.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub challenges: usize,
    pub webauthn_challenges: usize,
    pub sessions: usize,
    pub codes: usize,
    pub refresh_tokens: usize,
    pub messages: usize,
    pub devices: usize,
    pub hidden_failures: usize,
    pub verifier_powers: usize,
}

impl Db<'_> {
    /// `decoy_verifier`: the decoys' verifier, whose table stays (no user
    /// holds it).
    pub fn prune(&self, now: i64, decoy_verifier: &str) -> rusqlite::Result<Pruned> {
        Ok(Pruned {
            challenges: self.execute("DELETE FROM challenges WHERE expires < ?1", [now])?,
            webauthn_challenges: self
                .execute("DELETE FROM webauthn_challenges WHERE expires < ?1", [now])?,
            sessions: self.execute("DELETE FROM sessions WHERE expires < ?1", [now])?,
            // A code's counts live as long as the code or its window.
            codes: self.execute(
                "DELETE FROM codes WHERE expires < ?1 AND window_start < ?2",
                [now, now.saturating_sub(CODE_WINDOW_SECS)],
            )?,
            refresh_tokens: self.execute(
                "DELETE FROM refresh_tokens WHERE expires < ?1",
                [now.saturating_sub(REFRESH_TOKEN_AFTERLIFE_SECS)],
            )?,
            messages: self.execute(
                "DELETE FROM messages WHERE created < ?1",
                [now.saturating_sub(MESSAGE_LIFETIME_SECS)],
            )?,
            devices: self.execute(
                "DELETE FROM devices WHERE state = ?1 AND created < ?2",
                rusqlite::params![
                    DeviceState::Unconfirmed,
                    now.saturating_sub(UNCONFIRMED_DEVICE_LIFETIME_SECS)
                ],
            )?,
            hidden_failures: self.execute(
                "DELETE FROM hidden_failures WHERE last_failure < ?1 AND locked_until < ?2",
                [now.saturating_sub(HIDDEN_FAILURES_LIFETIME_SECS), now],
            )?,
            verifier_powers: self.execute(
                "DELETE FROM verifier_powers
                    WHERE verifier <> ?1 AND verifier NOT IN (SELECT verifier FROM users)",
                [decoy_verifier],
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AuthSession, Code, CodePurpose, FailureCount, PasskeyChallenge, RefreshToken,
        SessionChallenge, SessionSubject, SrpChallenge,
    };
    use crate::store::Store;

    #[test]
    fn what_has_expired_goes_and_the_rest_stays() {
        let store = Store::in_memory().unwrap();
        let now = 1_000_000;
        let fill = |db: Db<'_>, name: &str, expires: i64| -> rusqlite::Result<()> {
            db.put_challenge(
                name,
                &SrpChallenge {
                    pool_id: "p".into(),
                    client_id: "c".into(),
                    subject: SessionSubject::User(name.into()),
                    srp_a: "a".into(),
                    b: "b".into(),
                    srp_b: "bb".into(),
                    device_key: None,
                    expires,
                },
            )?;
            db.put_session(
                name,
                &AuthSession {
                    pool_id: "p".into(),
                    client_id: "c".into(),
                    subject: SessionSubject::Hidden(name.into()),
                    challenge: SessionChallenge::NewPasswordRequired,
                    expires,
                },
            )?;
            db.put_code(
                "p",
                name,
                CodePurpose::SignUp,
                &Code {
                    code: "123456".into(),
                    expires,
                    attempts: 0,
                    sends: 1,
                    window_start: expires - 24 * 3600,
                },
            )?;
            db.put_refresh_token(
                name,
                &RefreshToken {
                    pool_id: "p".into(),
                    client_id: "c".into(),
                    username: name.into(),
                    origin_jti: name.into(),
                    auth_time: 0,
                    expires: expires - REFRESH_TOKEN_AFTERLIFE_SECS,
                    revoked: false,
                },
            )?;
            db.put_registration_challenge(&PasskeyChallenge {
                challenge: name.into(),
                pool_id: "p".into(),
                client_id: "c".into(),
                username: name.into(),
                expires,
            })?;
            db.put_hidden_failures(
                "p",
                name,
                &FailureCount {
                    failed_attempts: 5,
                    locked_until: expires,
                },
                expires - HIDDEN_FAILURES_LIFETIME_SECS,
            )?;
            db.add_message("p", name, "s", "b", expires - MESSAGE_LIFETIME_SECS)
        };
        store
            .transaction(|db| {
                fill(db, "old", now - 1)?;
                fill(db, "new", now + 1)?;
                // A table whose verifier no user has (its password changed),
                // and the decoys' (which no user has either, but stays).
                db.put_verifier_powers("0abc", b"powers")?;
                db.put_verifier_powers("0dec0", b"powers")?;
                Ok(())
            })
            .unwrap();
        let pruned = store.prune(now, "0dec0").unwrap();
        assert_eq!(
            pruned,
            Pruned {
                challenges: 1,
                webauthn_challenges: 1,
                sessions: 1,
                codes: 1,
                refresh_tokens: 1,
                messages: 1,
                devices: 0,
                hidden_failures: 1,
                verifier_powers: 1,
            }
        );
        store
            .read(|db| {
                assert!(db.code("p", "new", CodePurpose::SignUp)?.is_some());
                assert!(db.refresh_token("new")?.is_some());
                assert!(db.hidden_failures("p", "new")?.is_some());
                assert_eq!(
                    db.take_session("new")?.map(|session| session.subject),
                    Some(SessionSubject::Hidden("new".into()))
                );
                assert_eq!(db.messages(None)?.len(), 1);
                assert!(db.verifier_powers("0dec0")?.is_some());
                Ok::<_, rusqlite::Error>(())
            })
            .unwrap();
    }
}
