//! The signed-in session, in `localStorage` under amazon-cognito-identity-js's
//! keys and conventions (docs/srp.md §7), so that the library on the same origin
//! sees our session and we see its:
//!
//! `CognitoIdentityServiceProvider.<clientId>.LastAuthUser` = `<user>` and
//! `….<clientId>.<user>.idToken | accessToken | refreshToken | clockDrift`,
//! where `<user>` is `USER_ID_FOR_SRP`, and clockDrift (seconds, as a string)
//! is the client's clock minus the server's at sign-in.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::Deserialize;

/// Refresh this long before the session expires, or half the tokens'
/// lifetime if that is shorter (a pool may issue 5-minute tokens).
pub const REFRESH_MARGIN_SECS: i64 = 5 * 60;
/// Tokens issued this recently are not refreshed sooner: a service whose
/// fresh tokens are already due is not asked again in a loop.
pub const MIN_REFRESH_GAP_SECS: i64 = 30;
/// The longest wait of a refresh timer (a browser's timer overflows past
/// 24.8 days); after it the session is looked at again.
pub const MAX_REFRESH_WAIT_SECS: i64 = 24 * 3600;

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub user: String,
    pub id_token: String,
    pub access_token: String,
    pub refresh_token: String,
    /// Client clock minus server clock, seconds.
    pub clock_drift: i64,
    pub id: Claims,
    pub access: Claims,
}

/// The claims the app reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Claims {
    pub exp: i64,
    pub iat: i64,
    #[serde(default)]
    pub email: Option<String>,
}

impl Session {
    /// Builds a session from fresh tokens, at the client's time `now`: the
    /// clock drift is `now` minus the older of the two tokens' `iat`.
    pub fn new(
        user: &str,
        id_token: &str,
        access_token: &str,
        refresh_token: &str,
        now: i64,
    ) -> Option<Session> {
        let session = Session::stored(user, id_token, access_token, refresh_token, 0)?;
        Some(Session {
            clock_drift: now - session.id.iat.min(session.access.iat),
            ..session
        })
    }

    /// A session read back from storage, with the drift stored beside it.
    pub fn stored(
        user: &str,
        id_token: &str,
        access_token: &str,
        refresh_token: &str,
        clock_drift: i64,
    ) -> Option<Session> {
        Some(Session {
            id: claims(id_token)?,
            access: claims(access_token)?,
            user: user.to_string(),
            id_token: id_token.to_string(),
            access_token: access_token.to_string(),
            refresh_token: refresh_token.to_string(),
            clock_drift,
        })
    }

    /// As identity-js's `isValid()`: both tokens unexpired on the server's clock.
    pub fn is_valid(&self, now: i64) -> bool {
        let server_now = now - self.clock_drift;
        server_now < self.access.exp && server_now < self.id.exp
    }

    /// When the session ends, on the client's clock.
    pub fn expires_at(&self) -> i64 {
        self.access
            .exp
            .min(self.id.exp)
            .saturating_add(self.clock_drift)
    }

    /// Seconds from `now` (client clock) until a refresh is due: 0 if due,
    /// never sooner than [`MIN_REFRESH_GAP_SECS`] after the tokens were
    /// issued, never more than [`MAX_REFRESH_WAIT_SECS`].
    pub fn refresh_in(&self, now: i64) -> i64 {
        let lifetime = self.access.exp.saturating_sub(self.access.iat);
        let margin = (lifetime / 2).clamp(0, REFRESH_MARGIN_SECS);
        let due = self.expires_at().saturating_sub(margin).saturating_sub(now);
        let issued_ago = now
            .saturating_sub(self.clock_drift)
            .saturating_sub(self.access.iat);
        due.max(MIN_REFRESH_GAP_SECS.saturating_sub(issued_ago.max(0)))
            .clamp(0, MAX_REFRESH_WAIT_SECS)
    }

    pub fn email(&self) -> &str {
        self.id.email.as_deref().unwrap_or(&self.user)
    }
}

/// The payload of a JWT, unverified: the server verifies; the app only reads.
pub fn claims(token: &str) -> Option<Claims> {
    let payload = token.split('.').nth(1)?;
    let payload = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    cognito_idp::json::from_str(std::str::from_utf8(&payload).ok()?)
}

fn prefix(client_id: &str) -> String {
    format!("CognitoIdentityServiceProvider.{client_id}")
}

const TOKEN_KEYS: [&str; 4] = ["idToken", "accessToken", "refreshToken", "clockDrift"];

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saves the session as identity-js does.
pub fn save(client_id: &str, session: &Session) {
    let Some(storage) = storage() else { return };
    let user_prefix = format!("{}.{}", prefix(client_id), session.user);
    let _ = storage.set_item(&format!("{user_prefix}.idToken"), &session.id_token);
    let _ = storage.set_item(&format!("{user_prefix}.accessToken"), &session.access_token);
    let _ = storage.set_item(
        &format!("{user_prefix}.refreshToken"),
        &session.refresh_token,
    );
    let _ = storage.set_item(
        &format!("{user_prefix}.clockDrift"),
        &session.clock_drift.to_string(),
    );
    let _ = storage.set_item(
        &format!("{}.LastAuthUser", prefix(client_id)),
        &session.user,
    );
}

/// What is stored, if it is a whole session. Anything partial or corrupt
/// is cleared, so that the user is simply asked to sign in.
pub fn load(client_id: &str) -> Option<Session> {
    let storage = storage()?;
    let user = storage
        .get_item(&format!("{}.LastAuthUser", prefix(client_id)))
        .ok()
        .flatten()?;
    let get = |key: &str| {
        storage
            .get_item(&format!("{}.{user}.{key}", prefix(client_id)))
            .ok()
            .flatten()
    };
    let session = (|| {
        let id = get("idToken")?;
        let access = get("accessToken")?;
        let refresh = get("refreshToken").filter(|r| !r.is_empty())?;
        // identity-js: parseInt(clockDrift) || 0.
        let drift = get("clockDrift")
            .and_then(|d| d.trim().parse().ok())
            .unwrap_or(0);
        Session::stored(&user, &id, &access, &refresh, drift)
    })();
    if session.is_none() {
        clear(client_id);
    }
    session
}

/// Removes the session of the last user.
pub fn clear(client_id: &str) {
    let Some(storage) = storage() else { return };
    let last = format!("{}.LastAuthUser", prefix(client_id));
    if let Ok(Some(user)) = storage.get_item(&last) {
        forget(client_id, &user);
    }
    let _ = storage.remove_item(&last);
}

/// A remembered device: its keys (NewDeviceMetadata's) and the random
/// password its verifier was made from, kept under identity-js's keys
/// (`deviceKey`, `deviceGroupKey`, `randomPasswordKey`), which signing out
/// leaves, as identity-js leaves them.
#[derive(Clone, PartialEq)]
pub struct RememberedDevice {
    pub key: String,
    pub group_key: String,
    pub password: String,
}

impl std::fmt::Debug for RememberedDevice {
    // The random password is a secret: not printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RememberedDevice")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

const DEVICE_KEYS: [&str; 3] = ["deviceKey", "deviceGroupKey", "randomPasswordKey"];

/// `user`'s remembered device on this browser, if all of it is there.
pub fn device(client_id: &str, user: &str) -> Option<RememberedDevice> {
    let storage = storage()?;
    let [key, group_key, password] = DEVICE_KEYS.map(|name| {
        storage
            .get_item(&format!("{}.{user}.{name}", prefix(client_id)))
            .ok()
            .flatten()
            .filter(|value| !value.is_empty())
    });
    Some(RememberedDevice {
        key: key?,
        group_key: group_key?,
        password: password?,
    })
}

pub fn save_device(client_id: &str, user: &str, device: &RememberedDevice) {
    let Some(storage) = storage() else { return };
    for (name, value) in DEVICE_KEYS
        .iter()
        .zip([&device.key, &device.group_key, &device.password])
    {
        let _ = storage.set_item(&format!("{}.{user}.{name}", prefix(client_id)), value);
    }
}

/// The device is no longer remembered (forgotten, or unknown to the pool).
pub fn forget_device(client_id: &str, user: &str) {
    let Some(storage) = storage() else { return };
    for name in DEVICE_KEYS {
        let _ = storage.remove_item(&format!("{}.{user}.{name}", prefix(client_id)));
    }
}

/// Removes `user`'s tokens (a user signed in before another one was).
pub fn forget(client_id: &str, user: &str) {
    let Some(storage) = storage() else { return };
    for key in TOKEN_KEYS {
        let _ = storage.remove_item(&format!("{}.{user}.{key}", prefix(client_id)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(exp: i64, iat: i64) -> String {
        let payload =
            serde_json::json!({"exp": exp, "iat": iat, "email": "r@example.com"}).to_string();
        format!(
            "eyJhbGciOiJSUzI1NiJ9.{}.sig",
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn clock_drift_follows_identity_js() {
        // The client is 7 s ahead of the server that issued the tokens.
        let session = Session::new(
            "u",
            &token(1_000 + 3600, 1_000),
            &token(1_000 + 3600, 1_001),
            "r",
            1_007,
        )
        .unwrap();
        assert_eq!(session.clock_drift, 7);
        assert!(session.is_valid(1_007 + 3599));
        assert!(!session.is_valid(1_007 + 3600));
        assert_eq!(session.expires_at(), 1_000 + 3600 + 7);
        assert_eq!(session.refresh_in(1_007), 3600 - REFRESH_MARGIN_SECS);
        assert_eq!(session.refresh_in(1_007 + 3599), 0);
        assert_eq!(session.email(), "r@example.com");
    }

    #[test]
    fn refreshes_are_due_in_time_and_never_in_a_loop() {
        let session = |lifetime: i64, iat: i64| {
            Session::new(
                "u",
                &token(iat + lifetime, iat),
                &token(iat + lifetime, iat),
                "r",
                iat,
            )
            .unwrap()
        };
        // 5-minute tokens: halfway, not at once.
        assert_eq!(session(300, 1_000).refresh_in(1_000), 150);
        // Tokens already due when issued: not before 30 s.
        assert_eq!(session(20, 1_000).refresh_in(1_000), MIN_REFRESH_GAP_SECS);
        assert_eq!(
            session(20, 1_000).refresh_in(1_010),
            MIN_REFRESH_GAP_SECS - 10
        );
        // Stored tokens issued long ago and due: at once.
        assert_eq!(session(3600, 1_000).refresh_in(1_000 + 3500), 0);
        // A year-long token, or a corrupt drift: the timer waits a day at most.
        assert_eq!(
            session(365 * 86_400, 1_000).refresh_in(1_000),
            MAX_REFRESH_WAIT_SECS
        );
        let mut drifted = session(3600, 1_000);
        drifted.clock_drift = i64::MAX;
        assert_eq!(drifted.refresh_in(1_000), MAX_REFRESH_WAIT_SECS);
        drifted.clock_drift = i64::MIN;
        assert_eq!(drifted.refresh_in(1_000), 0);
    }

    #[test]
    fn corrupt_tokens_make_no_session() {
        assert!(Session::new("u", "garbage", &token(1, 0), "r", 0).is_none());
        assert!(Session::new("u", "a.%%%.c", &token(1, 0), "r", 0).is_none());
        assert!(Session::new("u", "a.e30.c", &token(1, 0), "r", 0).is_none()); // {} has no exp
    }
}
