//! InitiateAuth and RespondToAuthChallenge: SRP (PASSWORD_VERIFIER), plain
//! passwords where the client allows them, refresh tokens, and the
//! NEW_PASSWORD_REQUIRED challenge of users an administrator created.

use std::collections::BTreeMap;

use cognito_idp::types::{AuthResponse, InitiateAuthRequest, RespondToAuthChallengeRequest};
use cognito_idp::ErrorCode;
use cognito_srp::{Claim, PasswordVerifier, Server};
use sha2::{Digest, Sha256};

use super::*;
use crate::store::{AuthSession, Challenge};
use crate::tokens;

/// How long a challenge (SECRET_BLOCK) or a NEW_PASSWORD_REQUIRED session lives.
const CHALLENGE_LIFETIME_SECS: i64 = 300;
const SESSION_LIFETIME_SECS: i64 = 180;
/// Failures in a row before sign-in locks, and the longest lock.
const FAILURES_BEFORE_LOCK: i64 = 5;
const MAX_LOCK_SECS: i64 = 900;
/// Bytes of a SECRET_BLOCK: opaque to the client, a random key to the state here.
const SECRET_BLOCK_BYTES: usize = 96;

pub fn initiate_auth(app: &App, req: InitiateAuthRequest) -> ApiResult<AuthResponse> {
    let db = app.store();
    let (client, pool) = client_and_pool(&db, &req.client_id)?;
    let params = &req.auth_parameters;
    let flow = req.auth_flow.as_str();
    let allowed = |name: &str| {
        client
            .explicit_auth_flows
            .iter()
            .any(|f| f == &format!("ALLOW_{name}") || f == name)
    };
    match flow {
        "USER_SRP_AUTH" => {
            if !allowed("USER_SRP_AUTH") {
                return Err(ApiError::invalid("USER_SRP_AUTH flow not enabled for this client"));
            }
            let username = param(params, "USERNAME", MAX_USERNAME)?;
            let srp_a = param(params, "SRP_A", cognito_srp::MAX_PUBLIC_KEY_HEX)?;
            let Some(user) = db.find_user(&pool, username)? else {
                if client.prevent_user_existence_errors == "ENABLED" {
                    return decoy_challenge(app, &db, &pool, &client.client_id, username, srp_a);
                }
                return Err(ApiError::user_not_found());
            };
            check_can_sign_in(app, &user)?;
            let verifier = PasswordVerifier::from_hex(&user.salt, &user.verifier).map_err(ApiError::internal)?;
            let server = Server::start(&verifier, srp_a).map_err(|e| ApiError::invalid(format!("SRP_A: {e}")))?;
            let secret_block = base64::engine::general_purpose::STANDARD.encode(random_bytes(SECRET_BLOCK_BYTES));
            db.put_challenge(
                &secret_block,
                &Challenge {
                    pool_id: pool.id.clone(),
                    client_id: client.client_id.clone(),
                    username: user.username.clone(),
                    srp_a: srp_a.to_string(),
                    b: server.secret_hex(),
                    expires: app.now() + CHALLENGE_LIFETIME_SECS,
                },
            )?;
            Ok(password_verifier(&user.username, &user.salt, &server.srp_b(), &secret_block))
        }
        "USER_PASSWORD_AUTH" => {
            if !allowed("USER_PASSWORD_AUTH") {
                return Err(ApiError::invalid("USER_PASSWORD_AUTH flow not enabled for this client"));
            }
            let username = param(params, "USERNAME", MAX_USERNAME)?;
            let password = param(params, "PASSWORD", MAX_PASSWORD)?;
            let Some(mut user) = db.find_user(&pool, username)? else {
                if client.prevent_user_existence_errors == "ENABLED" {
                    return Err(ApiError::wrong_password());
                }
                return Err(ApiError::user_not_found());
            };
            check_can_sign_in(app, &user)?;
            if !password_matches(&pool, &user, password) {
                record_failure(app, &db, &pool, &mut user)?;
                return Err(ApiError::wrong_password());
            }
            signed_in(app, &db, &pool, &client, user)
        }
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => {
            if !allowed("REFRESH_TOKEN_AUTH") && !client.explicit_auth_flows.is_empty() {
                return Err(ApiError::invalid("REFRESH_TOKEN_AUTH flow not enabled for this client"));
            }
            let token = param(params, "REFRESH_TOKEN", MAX_TOKEN)?;
            let result = tokens::refresh(app, &db, &pool, &client, token)?;
            Ok(AuthResponse { authentication_result: Some(result), ..AuthResponse::default() })
        }
        other => Err(ApiError::invalid(format!(
            "1 validation error detected: Value '{other}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, USER_PASSWORD_AUTH]"
        ))),
    }
}

pub fn respond_to_auth_challenge(
    app: &App,
    req: RespondToAuthChallengeRequest,
) -> ApiResult<AuthResponse> {
    let db = app.store();
    let (client, pool) = client_and_pool(&db, &req.client_id)?;
    let responses = &req.challenge_responses;
    match req.challenge_name.as_str() {
        "PASSWORD_VERIFIER" => {
            let username = param(responses, "USERNAME", MAX_USERNAME)?;
            let secret_block = param(
                responses,
                "PASSWORD_CLAIM_SECRET_BLOCK",
                cognito_srp::MAX_SECRET_BLOCK_B64,
            )?;
            let timestamp = param(responses, "TIMESTAMP", 64)?;
            let signature = param(responses, "PASSWORD_CLAIM_SIGNATURE", 128)?;
            // Taken, so a secret block answers once, whatever happens next.
            let challenge = db
                .take_challenge(secret_block, app.now())?
                .ok_or_else(ApiError::wrong_password)?;
            if challenge.client_id != client.client_id || challenge.username.is_empty() {
                return Err(ApiError::wrong_password());
            }
            let mut user = db
                .find_user(&pool, &challenge.username)?
                .ok_or_else(ApiError::wrong_password)?;
            // USERNAME may be the internal name or an alias of the same user.
            if db.find_user(&pool, username)?.map(|u| u.username) != Some(user.username.clone()) {
                return Err(ApiError::wrong_password());
            }
            check_can_sign_in(app, &user)?;
            let verifier = PasswordVerifier::from_hex(&user.salt, &user.verifier)
                .map_err(ApiError::internal)?;
            let server = Server::with_secret(&verifier, &challenge.srp_a, &challenge.b)
                .map_err(ApiError::internal)?;
            let claim = Claim {
                secret_block,
                timestamp,
                signature,
            };
            match server.verify(&pool.id, &user.username, &claim, app.now().max(0) as u64) {
                Ok(()) => signed_in(app, &db, &pool, &client, user),
                Err(cognito_srp::Error::InvalidTimestamp) => Err(ApiError::invalid(
                    cognito_srp::Error::InvalidTimestamp.to_string(),
                )),
                Err(_) => {
                    record_failure(app, &db, &pool, &mut user)?;
                    Err(ApiError::wrong_password())
                }
            }
        }
        "NEW_PASSWORD_REQUIRED" => {
            let session_id = req
                .session
                .as_deref()
                .ok_or_else(|| ApiError::missing("Session"))?;
            check_len("Session", session_id, 20, 2048)?;
            let new_password = param(responses, "NEW_PASSWORD", MAX_PASSWORD)?;
            let expired = || {
                ApiError::new(
                    ErrorCode::NotAuthorizedException,
                    "Invalid session for the user, session is expired.",
                )
            };
            let session = db.take_session(session_id)?.ok_or_else(expired)?;
            if session.expires < app.now()
                || session.client_id != client.client_id
                || session.challenge != "NEW_PASSWORD_REQUIRED"
            {
                return Err(expired());
            }
            let mut user = db
                .find_user(&pool, &session.username)?
                .ok_or_else(expired)?;
            // A password the policy refuses keeps the session, so the user can try again.
            if let Err(e) = check_password(&pool.settings.policies.password_policy, new_password) {
                db.put_session(session_id, &session)?;
                return Err(e);
            }
            let updates: Vec<AttributeType> = responses
                .iter()
                .filter_map(|(k, v)| {
                    Some(AttributeType::new(
                        k.strip_prefix("userAttributes.")?,
                        v.as_deref()?,
                    ))
                })
                .collect();
            user.attributes.extend(attributes(&updates, false)?);
            set_password(&pool, &mut user, new_password)?;
            user.status = "CONFIRMED".into();
            user.password_expires = None;
            user.modified = app.now();
            db.update_user(&pool, &user)?;
            signed_in(app, &db, &pool, &client, user)
        }
        other => Err(ApiError::invalid(format!(
            "Challenge {other} is not supported by local-cognito."
        ))),
    }
}

/// The password was right: reset the failure count, then tokens, or the
/// challenge or error the user's status calls for.
fn signed_in(
    app: &App,
    db: &Store,
    pool: &Pool,
    client: &UserPoolClient,
    mut user: User,
) -> ApiResult<AuthResponse> {
    if user.failed_attempts != 0 {
        user.failed_attempts = 0;
        user.locked_until = 0;
        db.update_user(pool, &user)?;
    }
    match user.status.as_str() {
        "UNCONFIRMED" => Err(ApiError::new(
            ErrorCode::UserNotConfirmedException,
            "User is not confirmed.",
        )),
        "RESET_REQUIRED" => Err(ApiError::new(
            ErrorCode::PasswordResetRequiredException,
            "Password reset required for the user",
        )),
        "FORCE_CHANGE_PASSWORD" => {
            if user.password_expires.is_some_and(|at| at < app.now()) {
                return Err(ApiError::new(
                    ErrorCode::NotAuthorizedException,
                    "Temporary password has expired and must be reset by an administrator.",
                ));
            }
            let session = random_token(96);
            db.put_session(
                &session,
                &AuthSession {
                    pool_id: pool.id.clone(),
                    client_id: client.client_id.clone(),
                    username: user.username.clone(),
                    challenge: "NEW_PASSWORD_REQUIRED".into(),
                    expires: app.now() + SESSION_LIFETIME_SECS,
                },
            )?;
            let visible: BTreeMap<&String, &String> = user
                .attributes
                .iter()
                .filter(|(k, _)| *k != "sub" && *k != "email_verified")
                .collect();
            Ok(AuthResponse {
                challenge_name: Some("NEW_PASSWORD_REQUIRED".into()),
                session: Some(session),
                challenge_parameters: BTreeMap::from([
                    ("USER_ID_FOR_SRP".into(), user.username.clone()),
                    ("requiredAttributes".into(), "[]".into()),
                    (
                        "userAttributes".into(),
                        serde_json::to_string(&visible).map_err(ApiError::internal)?,
                    ),
                ]),
                authentication_result: None,
            })
        }
        _ => Ok(AuthResponse {
            authentication_result: Some(tokens::sign_in(app, db, pool, client, &user)?),
            ..AuthResponse::default()
        }),
    }
}

fn password_verifier(username: &str, salt: &str, srp_b: &str, secret_block: &str) -> AuthResponse {
    AuthResponse {
        challenge_name: Some("PASSWORD_VERIFIER".into()),
        challenge_parameters: BTreeMap::from([
            ("SALT".into(), salt.to_string()),
            ("SECRET_BLOCK".into(), secret_block.to_string()),
            ("SRP_B".into(), srp_b.to_string()),
            ("USERNAME".into(), username.to_string()),
            ("USER_ID_FOR_SRP".into(), username.to_string()),
        ]),
        ..AuthResponse::default()
    }
}

/// With PreventUserExistenceErrors, an unknown user gets a challenge that
/// looks like a real one (a salt derived from the name, so it is stable) and
/// then "Incorrect username or password.".
fn decoy_challenge(
    app: &App,
    db: &Store,
    pool: &Pool,
    client_id: &str,
    username: &str,
    srp_a: &str,
) -> ApiResult<AuthResponse> {
    let salt: String = Sha256::digest(format!("{}:{}", pool.id, username.to_lowercase()))[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let verifier = PasswordVerifier::with_salt(&pool.id, username, &random_token(16), &salt)
        .map_err(ApiError::internal)?;
    let server =
        Server::start(&verifier, srp_a).map_err(|e| ApiError::invalid(format!("SRP_A: {e}")))?;
    let secret_block =
        base64::engine::general_purpose::STANDARD.encode(random_bytes(SECRET_BLOCK_BYTES));
    db.put_challenge(
        &secret_block,
        &Challenge {
            pool_id: pool.id.clone(),
            client_id: client_id.to_string(),
            username: String::new(),
            srp_a: srp_a.to_string(),
            b: server.secret_hex(),
            expires: app.now() + CHALLENGE_LIFETIME_SECS,
        },
    )?;
    Ok(password_verifier(
        username,
        &salt,
        &server.srp_b(),
        &secret_block,
    ))
}

fn check_can_sign_in(app: &App, user: &User) -> ApiResult<()> {
    if !user.enabled {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "User is disabled.",
        ));
    }
    if user.locked_until > app.now() {
        return Err(ApiError::new(
            ErrorCode::NotAuthorizedException,
            "Password attempts exceeded",
        ));
    }
    Ok(())
}

/// Counts a wrong password; from the fifth in a row, sign-in locks for a
/// minute, doubling with each further failure up to 15 minutes.
pub(super) fn record_failure(app: &App, db: &Store, pool: &Pool, user: &mut User) -> ApiResult<()> {
    user.failed_attempts += 1;
    if user.failed_attempts >= FAILURES_BEFORE_LOCK {
        let doublings = (user.failed_attempts - FAILURES_BEFORE_LOCK).min(10) as u32;
        user.locked_until = app.now() + (60 * 2i64.pow(doublings)).min(MAX_LOCK_SECS);
    }
    db.update_user(pool, user)?;
    Ok(())
}

/// A required parameter of AuthParameters or ChallengeResponses.
fn param<'a>(
    params: &'a BTreeMap<String, Option<String>>,
    name: &str,
    max: usize,
) -> ApiResult<&'a str> {
    let value = params
        .get(name)
        .and_then(|v| v.as_deref())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid(format!("Missing required parameter {name}")))?;
    if value.len() > max {
        return Err(ApiError::invalid(format!(
            "{name} is longer than {max} characters."
        )));
    }
    Ok(value)
}

fn random_bytes(len: usize) -> Vec<u8> {
    use rand::RngCore;
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}
