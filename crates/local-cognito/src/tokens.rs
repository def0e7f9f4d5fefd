//! ID, access and refresh tokens, as Cognito issues them, and the checks
//! on an access token that operations like GetUser make.

use cognito_idp::types::{AuthenticationResult, NewDeviceMetadata, UserPoolClient};
use cognito_idp::ErrorCode;
use serde_json::{json, Map, Value};

use crate::context::Ctx;
use crate::digest::sha256_hex;
use crate::error::{ApiError, ApiResult};
use crate::keys::Keys;
use crate::model::{Pool, RefreshToken, User};
use crate::validate::MAX_TOKEN;

const ACCESS_SCOPE: &str = "aws.cognito.signin.user.admin";

/// Tokens decided in an operation's transaction and signed after it
/// commits: signing is the costly part, and needs nothing from the store.
#[must_use = "tokens are of no use unsigned"]
pub struct Unsigned {
    access: Value,
    id: Value,
    expires_in: u64,
    refresh_token: Option<String>,
    new_device: Option<NewDeviceMetadata>,
}

impl Unsigned {
    /// The tokens with the device the pool offers to remember.
    pub fn with_new_device(mut self, device: NewDeviceMetadata) -> Self {
        self.new_device = Some(device);
        self
    }

    pub fn sign(self, keys: &Keys) -> ApiResult<AuthenticationResult> {
        let sign = |claims| {
            keys.sign(claims)
                .map_err(|_| ApiError::internal("RS256 signing failed"))
        };
        Ok(AuthenticationResult {
            access_token: sign(&self.access)?,
            expires_in: self.expires_in,
            id_token: sign(&self.id)?,
            refresh_token: self.refresh_token,
            token_type: "Bearer".into(),
            new_device_metadata: self.new_device,
        })
    }
}

/// A fresh sign-in: ID and access tokens, and a refresh token that starts a
/// new `origin_jti` (revoking it revokes every token of this sign-in).
pub fn sign_in(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    user: &User,
) -> ApiResult<Unsigned> {
    let now = ctx.now;
    let origin_jti = crate::random::uuid();
    let refresh_token = crate::random::token(96);
    ctx.db.put_refresh_token(
        &hash(&refresh_token),
        &RefreshToken {
            pool_id: pool.id.clone(),
            client_id: client.client_id.clone(),
            username: user.username.clone(),
            origin_jti: origin_jti.clone(),
            auth_time: now,
            expires: now.saturating_add(validity(
                client.refresh_token_validity,
                &client.token_validity_units.refresh_token,
            )),
            revoked: false,
        },
    )?;
    let mut tokens = issue(ctx, pool, client, user, &origin_jti, now)?;
    tokens.refresh_token = Some(refresh_token);
    Ok(tokens)
}

/// REFRESH_TOKEN_AUTH: new ID and access tokens of the same sign-in.
pub fn refresh(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    token: &str,
) -> ApiResult<Unsigned> {
    let invalid = || ApiError::new(ErrorCode::NotAuthorizedException, "Invalid Refresh Token");
    let stored = ctx.db.refresh_token(&hash(token))?.ok_or_else(invalid)?;
    if stored.client_id != client.client_id || stored.pool_id != pool.id {
        return Err(invalid());
    }
    if stored.revoked {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "Refresh Token has been revoked",
        ));
    }
    if stored.expires < ctx.now {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "Refresh Token has expired",
        ));
    }
    if let Some(until) = ctx.db.retired_until(&hash(token))? {
        if until <= ctx.now {
            return Err(reused());
        }
    }
    let user = ctx
        .db
        .find_user(pool, &stored.username)?
        .ok_or_else(invalid)?;
    if !user.enabled {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "User is disabled.",
        ));
    }
    issue(
        ctx,
        pool,
        client,
        &user,
        &stored.origin_jti,
        stored.auth_time,
    )
}

/// GetTokensFromRefreshToken on a client that rotates refresh tokens: the
/// checks and tokens of [`refresh`], and a new refresh token of the same
/// sign-in (its `origin_jti`, `auth_time` and expiry). The token given, and
/// any other of the sign-in not yet replaced, works `grace` seconds more.
pub fn rotate(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    token: &str,
    grace: i64,
) -> ApiResult<Unsigned> {
    let mut result = refresh(ctx, pool, client, token)?;
    let stored = ctx
        .db
        .refresh_token(&hash(token))?
        .ok_or_else(|| ApiError::internal("a refresh token checked is gone"))?;
    let new_token = crate::random::token(96);
    ctx.db.rotate_refresh_token(
        &stored.origin_jti,
        ctx.now.saturating_add(grace),
        &hash(&new_token),
        &stored,
    )?;
    result.refresh_token = Some(new_token);
    Ok(result)
}

/// A refresh token rotation replaced, past its grace period.
pub fn reused() -> ApiError {
    ApiError::new(
        ErrorCode::RefreshTokenReuseException,
        "Refresh Token has been reused",
    )
}

fn issue(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &UserPoolClient,
    user: &User,
    origin_jti: &str,
    auth_time: i64,
) -> ApiResult<Unsigned> {
    let (server, now) = (ctx.server, ctx.now);
    let units = &client.token_validity_units;
    let access_life = validity(client.access_token_validity, &units.access_token);
    let id_life = validity(client.id_token_validity, &units.id_token);
    let event_id = crate::random::uuid();
    let issuer = server.issuer(&pool.id);

    let mut id = Map::new();
    for (name, value) in &user.attributes {
        let value = match name.as_str() {
            "email_verified" | "phone_number_verified" => json!(value == "true"),
            _ => json!(value),
        };
        id.insert(name.clone(), value);
    }
    id.extend([
        ("sub".into(), json!(user.sub())),
        ("iss".into(), json!(issuer)),
        ("cognito:username".into(), json!(user.username)),
        ("origin_jti".into(), json!(origin_jti)),
        ("aud".into(), json!(client.client_id)),
        ("event_id".into(), json!(event_id)),
        ("token_use".into(), json!("id")),
        ("auth_time".into(), json!(auth_time)),
        ("exp".into(), json!(now.saturating_add(id_life))),
        ("iat".into(), json!(now)),
        ("jti".into(), json!(crate::random::uuid())),
    ]);
    let mut access = json!({
        "sub": user.sub(),
        "iss": issuer,
        "client_id": client.client_id,
        "origin_jti": origin_jti,
        "event_id": event_id,
        "token_use": "access",
        "scope": ACCESS_SCOPE,
        "auth_time": auth_time,
        "exp": now.saturating_add(access_life),
        "iat": now,
        "jti": crate::random::uuid(),
        "username": user.username,
    });
    // The user's groups, in both tokens; no claim at all without groups.
    let groups = ctx.db.user_groups(&pool.id, &user.username)?;
    if !groups.is_empty() {
        id.insert("cognito:groups".into(), json!(groups));
        access["cognito:groups"] = json!(groups);
    }
    Ok(Unsigned {
        access,
        id: Value::Object(id),
        expires_in: access_life as u64,
        refresh_token: None,
        new_device: None,
    })
}

/// The pool and user of a valid access token: signed here, of this kind,
/// not expired, not signed out or revoked, and its user still there.
pub fn check_access_token(ctx: &Ctx<'_>, token: &str) -> ApiResult<(Pool, User)> {
    check_access_token_of_client(ctx, token).map(|(pool, user, _)| (pool, user))
}

/// [`check_access_token`], with the app client the token was issued to
/// (its `client_id` claim).
pub fn check_access_token_of_client(ctx: &Ctx<'_>, token: &str) -> ApiResult<(Pool, User, String)> {
    let server = ctx.server;
    let invalid = || ApiError::new(ErrorCode::NotAuthorizedException, "Invalid Access Token");
    if token.len() > MAX_TOKEN {
        return Err(invalid());
    }
    let claims = server.keys.verify(token).ok_or_else(invalid)?;
    if claims["token_use"] != "access" {
        return Err(invalid());
    }
    let issuer = claims["iss"].as_str().ok_or_else(invalid)?;
    let pool_id = issuer.rsplit('/').next().ok_or_else(invalid)?;
    if server.issuer(pool_id) != issuer {
        return Err(invalid());
    }
    let pool = ctx.pool(pool_id).map_err(|_| invalid())?;
    if claims["exp"].as_i64().is_none_or(|exp| exp < ctx.now) {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "Access Token has expired",
        ));
    }
    let revoked = || {
        ApiError::new(
            ErrorCode::NotAuthorizedException,
            "Access Token has been revoked",
        )
    };
    let username = claims["username"].as_str().ok_or_else(invalid)?;
    let user = ctx
        .db
        .find_user(&pool, username)?
        .filter(|u| u.sub() == claims["sub"])
        .ok_or_else(|| ApiError::new(ErrorCode::NotAuthorizedException, "User does not exist."))?;
    let origin_jti = claims["origin_jti"].as_str().unwrap_or_default();
    if claims["iat"].as_i64().unwrap_or(0) < user.tokens_valid_after
        || ctx.db.origin_revoked(origin_jti)?
    {
        return Err(revoked());
    }
    // Tokens issued since (in the second of the disabling, say).
    if !user.enabled {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "User is disabled.",
        ));
    }
    let client_id = claims["client_id"].as_str().unwrap_or_default().to_string();
    Ok((pool, user, client_id))
}

/// Refresh tokens are stored only as this hash.
pub fn hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// A validity in seconds from a value and its unit.
pub fn validity(value: u64, unit: &str) -> i64 {
    let seconds = match unit {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        _ => 86_400,
    };
    (value as i64).saturating_mul(seconds)
}
