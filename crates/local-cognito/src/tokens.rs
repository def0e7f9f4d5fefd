//! ID, access and refresh tokens, as Cognito issues them, and the checks
//! on an access token that operations like GetUser make.

use cognito_idp::types::{AuthenticationResult, UserPoolClient};
use cognito_idp::ErrorCode;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};
use crate::ops::{pool, random_token, MAX_TOKEN};
use crate::store::{Pool, RefreshToken, Store, User};
use crate::App;

const ACCESS_SCOPE: &str = "aws.cognito.signin.user.admin";

/// A fresh sign-in: ID and access tokens, and a refresh token that starts a
/// new `origin_jti` (revoking it revokes every token of this sign-in).
pub fn sign_in(
    app: &App,
    db: &Store,
    pool: &Pool,
    client: &UserPoolClient,
    user: &User,
) -> ApiResult<AuthenticationResult> {
    let now = app.now();
    let origin_jti = uuid::Uuid::new_v4().to_string();
    let refresh_token = random_token(96);
    db.put_refresh_token(
        &hash(&refresh_token),
        &RefreshToken {
            pool_id: pool.id.clone(),
            client_id: client.client_id.clone(),
            username: user.username.clone(),
            origin_jti: origin_jti.clone(),
            auth_time: now,
            expires: now
                + validity(
                    client.refresh_token_validity,
                    &client.token_validity_units.refresh_token,
                ),
            revoked: false,
        },
    )?;
    let mut result = issue(app, pool, client, user, &origin_jti, now);
    result.refresh_token = Some(refresh_token);
    Ok(result)
}

/// REFRESH_TOKEN_AUTH: new ID and access tokens of the same sign-in.
pub fn refresh(
    app: &App,
    db: &Store,
    pool: &Pool,
    client: &UserPoolClient,
    token: &str,
) -> ApiResult<AuthenticationResult> {
    let invalid = || ApiError::new(ErrorCode::NotAuthorizedException, "Invalid Refresh Token");
    let stored = db.refresh_token(&hash(token))?.ok_or_else(invalid)?;
    if stored.client_id != client.client_id || stored.pool_id != pool.id {
        return Err(invalid());
    }
    if stored.revoked {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "Refresh Token has been revoked",
        ));
    }
    if stored.expires < app.now() {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "Refresh Token has expired",
        ));
    }
    let user = db.find_user(pool, &stored.username)?.ok_or_else(invalid)?;
    if !user.enabled {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "User is disabled.",
        ));
    }
    Ok(issue(
        app,
        pool,
        client,
        &user,
        &stored.origin_jti,
        stored.auth_time,
    ))
}

fn issue(
    app: &App,
    pool: &Pool,
    client: &UserPoolClient,
    user: &User,
    origin_jti: &str,
    auth_time: i64,
) -> AuthenticationResult {
    let now = app.now();
    let units = &client.token_validity_units;
    let access_life = validity(client.access_token_validity, &units.access_token);
    let id_life = validity(client.id_token_validity, &units.id_token);
    let event_id = uuid::Uuid::new_v4().to_string();
    let issuer = app.issuer(&pool.id);

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
        ("exp".into(), json!(now + id_life)),
        ("iat".into(), json!(now)),
        ("jti".into(), json!(uuid::Uuid::new_v4().to_string())),
    ]);
    let access = json!({
        "sub": user.sub(),
        "iss": issuer,
        "client_id": client.client_id,
        "origin_jti": origin_jti,
        "event_id": event_id,
        "token_use": "access",
        "scope": ACCESS_SCOPE,
        "auth_time": auth_time,
        "exp": now + access_life,
        "iat": now,
        "jti": uuid::Uuid::new_v4().to_string(),
        "username": user.username,
    });
    AuthenticationResult {
        access_token: app.keys.sign(&access),
        expires_in: access_life as u64,
        id_token: app.keys.sign(&Value::Object(id)),
        refresh_token: None,
        token_type: "Bearer".into(),
    }
}

/// The pool and user of a valid access token: signed here, of this kind,
/// not expired, not signed out or revoked, and its user still there.
pub fn check_access_token(app: &App, db: &Store, token: &str) -> ApiResult<(Pool, User)> {
    let invalid = || ApiError::new(ErrorCode::NotAuthorizedException, "Invalid Access Token");
    if token.len() > MAX_TOKEN {
        return Err(invalid());
    }
    let claims = app.keys.verify(token).ok_or_else(invalid)?;
    if claims["token_use"] != "access" {
        return Err(invalid());
    }
    let issuer = claims["iss"].as_str().ok_or_else(invalid)?;
    let pool_id = issuer.rsplit('/').next().ok_or_else(invalid)?;
    if app.issuer(pool_id) != issuer {
        return Err(invalid());
    }
    let pool = pool(db, pool_id).map_err(|_| invalid())?;
    if claims["exp"].as_i64().is_none_or(|exp| exp < app.now()) {
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
    let user = db
        .find_user(&pool, username)?
        .filter(|u| u.sub() == claims["sub"])
        .ok_or_else(|| ApiError::new(ErrorCode::NotAuthorizedException, "User does not exist."))?;
    let origin_jti = claims["origin_jti"].as_str().unwrap_or_default();
    if claims["iat"].as_i64().unwrap_or(0) < user.tokens_valid_after
        || db.origin_revoked(origin_jti)?
    {
        return Err(revoked());
    }
    Ok((pool, user))
}

/// Refresh tokens are stored only as this hash.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
