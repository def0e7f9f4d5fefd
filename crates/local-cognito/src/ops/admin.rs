//! Pools, app clients and administrators' user operations. Real Cognito
//! signs these with IAM credentials; local-cognito takes them unsigned.

use cognito_idp::types::{
    AdminCreateUserRequest, AdminCreateUserResponse, AdminGetUserResponse,
    AdminSetUserPasswordRequest, AdminUserRequest, CreateUserPoolClientRequest,
    CreateUserPoolRequest, DescribeUserPoolClientRequest, Empty, ListUserPoolsRequest,
    ListUserPoolsResponse, ListUsersRequest, ListUsersResponse, TokenValidityUnits, UserPool,
    UserPoolClientResponse, UserPoolDescription, UserPoolIdRequest, UserPoolResponse, UserType,
    UsernameConfiguration,
};
use cognito_idp::ErrorCode;
use rand::seq::SliceRandom;
use serde::Deserialize;

use super::*;

const REGION: &str = "us-east-1";
const AUTH_FLOWS: [&str; 8] = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
];

/// `default-pool.json`: a pool and a client, with fixed ids.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DefaultPool {
    user_pool: DefaultUserPool,
    user_pool_client: DefaultClient,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DefaultUserPool {
    id: String,
    #[serde(flatten)]
    settings: CreateUserPoolRequest,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DefaultClient {
    client_id: String,
    #[serde(flatten)]
    settings: CreateUserPoolClientRequest,
}

/// Makes the committed default pool and client unless they exist.
pub fn create_default_pool(db: &Store, now: i64) -> ApiResult<()> {
    let default: DefaultPool =
        serde_json::from_str(crate::DEFAULT_POOL).map_err(ApiError::internal)?;
    let pool_id = default.user_pool.id;
    if db.pool(&pool_id)?.is_none() {
        insert_pool(db, &pool_id, default.user_pool.settings, now)?;
    }
    let client = default.user_pool_client;
    if client.settings.user_pool_id != pool_id {
        return Err(ApiError::internal(
            "default-pool.json: the client names another pool",
        ));
    }
    if db.client(&client.client_id)?.is_none() {
        insert_client(db, &client.client_id, client.settings, now)?;
    }
    Ok(())
}

pub fn create_user_pool(app: &App, req: CreateUserPoolRequest) -> ApiResult<UserPoolResponse> {
    let db = app.store();
    check_len("PoolName", &req.pool_name, 1, 128)?;
    for attribute in &req.username_attributes {
        if attribute != "email" && attribute != "phone_number" {
            return Err(ApiError::invalid(format!(
                "Invalid UsernameAttribute {attribute}."
            )));
        }
    }
    let id = format!(
        "{REGION}_{}",
        random_chars(
            9,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        )
    );
    let pool = insert_pool(&db, &id, req, app.now())?;
    Ok(UserPoolResponse {
        user_pool: describe(&db, &pool)?,
    })
}

fn insert_pool(
    db: &Store,
    id: &str,
    mut settings: CreateUserPoolRequest,
    now: i64,
) -> ApiResult<Pool> {
    settings
        .username_configuration
        .get_or_insert(UsernameConfiguration {
            case_sensitive: false,
        });
    let pool = Pool {
        id: id.to_string(),
        settings,
        created: now,
        modified: now,
    };
    db.insert_pool(&pool)?;
    Ok(pool)
}

pub fn describe_user_pool(app: &App, req: UserPoolIdRequest) -> ApiResult<UserPoolResponse> {
    let db = app.store();
    let pool = pool(&db, &req.user_pool_id)?;
    Ok(UserPoolResponse {
        user_pool: describe(&db, &pool)?,
    })
}

fn describe(db: &Store, pool: &Pool) -> ApiResult<UserPool> {
    let settings = pool.settings.clone();
    Ok(UserPool {
        id: pool.id.clone(),
        name: settings.pool_name,
        arn: format!(
            "arn:aws:cognito-idp:{REGION}:000000000000:userpool/{}",
            pool.id
        ),
        policies: settings.policies,
        auto_verified_attributes: settings.auto_verified_attributes,
        username_attributes: settings.username_attributes,
        username_configuration: settings
            .username_configuration
            .unwrap_or(UsernameConfiguration {
                case_sensitive: false,
            }),
        creation_date: pool.created as f64,
        last_modified_date: pool.modified as f64,
        estimated_number_of_users: db.count_users(&pool.id)?,
    })
}

pub fn list_user_pools(app: &App, req: ListUserPoolsRequest) -> ApiResult<ListUserPoolsResponse> {
    let db = app.store();
    let (start, limit) = page(req.next_token.as_deref(), Some(req.max_results))?;
    let pools = db.pools()?;
    let next_token = (start + limit < pools.len()).then(|| (start + limit).to_string());
    let user_pools = pools
        .into_iter()
        .skip(start)
        .take(limit)
        .map(|p| UserPoolDescription {
            id: p.id,
            name: p.settings.pool_name,
            creation_date: p.created as f64,
            last_modified_date: p.modified as f64,
        })
        .collect();
    Ok(ListUserPoolsResponse {
        user_pools,
        next_token,
    })
}

pub fn create_user_pool_client(
    app: &App,
    req: CreateUserPoolClientRequest,
) -> ApiResult<UserPoolClientResponse> {
    let db = app.store();
    pool(&db, &req.user_pool_id)?;
    let id = random_chars(26, b"abcdefghijklmnopqrstuvwxyz0123456789");
    let user_pool_client = insert_client(&db, &id, req, app.now())?;
    Ok(UserPoolClientResponse { user_pool_client })
}

fn insert_client(
    db: &Store,
    id: &str,
    req: CreateUserPoolClientRequest,
    now: i64,
) -> ApiResult<UserPoolClient> {
    check_len("ClientName", &req.client_name, 1, 128)?;
    if req.generate_secret == Some(true) {
        return Err(ApiError::invalid(
            "local-cognito does not support client secrets; browser apps cannot keep them.",
        ));
    }
    if let Some(flow) = req
        .explicit_auth_flows
        .iter()
        .find(|f| !AUTH_FLOWS.contains(&f.as_str()))
    {
        return Err(ApiError::invalid(format!(
            "Invalid ExplicitAuthFlow {flow}."
        )));
    }
    let prevent = req
        .prevent_user_existence_errors
        .unwrap_or_else(|| "LEGACY".into());
    if prevent != "LEGACY" && prevent != "ENABLED" {
        return Err(ApiError::invalid(format!(
            "Invalid PreventUserExistenceErrors {prevent}."
        )));
    }
    let units = req.token_validity_units.unwrap_or_default();
    let client = UserPoolClient {
        user_pool_id: req.user_pool_id,
        client_id: id.to_string(),
        client_name: req.client_name,
        explicit_auth_flows: req.explicit_auth_flows,
        access_token_validity: req.access_token_validity.unwrap_or(
            if units.access_token == "minutes" {
                60
            } else {
                1
            },
        ),
        id_token_validity: req
            .id_token_validity
            .unwrap_or(if units.id_token == "minutes" { 60 } else { 1 }),
        refresh_token_validity: req.refresh_token_validity.unwrap_or(30),
        token_validity_units: TokenValidityUnits { ..units },
        prevent_user_existence_errors: prevent,
        creation_date: now as f64,
        last_modified_date: now as f64,
    };
    db.insert_client(&client)?;
    Ok(client)
}

pub fn describe_user_pool_client(
    app: &App,
    req: DescribeUserPoolClientRequest,
) -> ApiResult<UserPoolClientResponse> {
    let db = app.store();
    let (user_pool_client, pool) = client_and_pool(&db, &req.client_id)?;
    if pool.id != req.user_pool_id {
        return Err(ApiError::new(
            ErrorCode::ResourceNotFoundException,
            format!("User pool client {} does not exist.", req.client_id),
        ));
    }
    Ok(UserPoolClientResponse { user_pool_client })
}

pub fn admin_create_user(
    app: &App,
    req: AdminCreateUserRequest,
) -> ApiResult<AdminCreateUserResponse> {
    let db = app.store();
    let pool = pool(&db, &req.user_pool_id)?;
    let mut user = new_user(app, &db, &pool, &req.username, &req.user_attributes, true)?;
    let policy = &pool.settings.policies.password_policy;
    let temporary = match &req.temporary_password {
        Some(password) => {
            check_password(policy, password)?;
            password.clone()
        }
        None => temporary_password(policy.minimum_length as usize),
    };
    user.password_expires =
        Some(user.created + i64::from(policy.temporary_password_validity_days) * 86_400);
    set_password(&pool, &mut user, &temporary)?;
    db.insert_user(&pool, &user)?;
    if req.message_action.as_deref() != Some("SUPPRESS") {
        if let Some(email) = user.email() {
            let body = format!(
                "Your username is {} and temporary password is {temporary}.",
                req.username
            );
            let printed = format!(
                "Your username is {} and a temporary password is in the outbox.",
                req.username
            );
            send_email(
                app,
                &db,
                &pool.id,
                email,
                "Your temporary password",
                &body,
                &printed,
            )?;
        }
    }
    Ok(AdminCreateUserResponse {
        user: user_type(&user),
    })
}

pub fn admin_confirm_sign_up(app: &App, req: AdminUserRequest) -> ApiResult<Empty> {
    let db = app.store();
    let pool = pool(&db, &req.user_pool_id)?;
    let mut user = admin_user(&db, &pool, &req.username)?;
    check_unconfirmed(&user)?;
    user.status = "CONFIRMED".into();
    user.modified = app.now();
    db.update_user(&pool, &user)?;
    Ok(Empty {})
}

pub fn admin_get_user(app: &App, req: AdminUserRequest) -> ApiResult<AdminGetUserResponse> {
    let db = app.store();
    let pool = pool(&db, &req.user_pool_id)?;
    let user = admin_user(&db, &pool, &req.username)?;
    let u = user_type(&user);
    Ok(AdminGetUserResponse {
        username: u.username,
        user_attributes: u.attributes,
        user_create_date: u.user_create_date,
        user_last_modified_date: u.user_last_modified_date,
        enabled: u.enabled,
        user_status: u.user_status,
    })
}

pub fn admin_delete_user(app: &App, req: AdminUserRequest) -> ApiResult<Empty> {
    let db = app.store();
    let pool = pool(&db, &req.user_pool_id)?;
    let user = admin_user(&db, &pool, &req.username)?;
    db.delete_user(&pool, &user)?;
    Ok(Empty {})
}

pub fn admin_set_user_password(app: &App, req: AdminSetUserPasswordRequest) -> ApiResult<Empty> {
    let db = app.store();
    let pool = pool(&db, &req.user_pool_id)?;
    let mut user = admin_user(&db, &pool, &req.username)?;
    let policy = &pool.settings.policies.password_policy;
    check_password(policy, &req.password)?;
    set_password(&pool, &mut user, &req.password)?;
    let now = app.now();
    if req.permanent {
        user.status = "CONFIRMED".into();
        user.password_expires = None;
    } else {
        user.status = "FORCE_CHANGE_PASSWORD".into();
        user.password_expires =
            Some(now + i64::from(policy.temporary_password_validity_days) * 86_400);
    }
    user.failed_attempts = 0;
    user.locked_until = 0;
    user.modified = now;
    db.update_user(&pool, &user)?;
    Ok(Empty {})
}

pub fn list_users(app: &App, req: ListUsersRequest) -> ApiResult<ListUsersResponse> {
    let db = app.store();
    let pool = pool(&db, &req.user_pool_id)?;
    let (start, limit) = page(req.pagination_token.as_deref(), req.limit)?;
    let users = db.users(&pool.id)?;
    let pagination_token = (start + limit < users.len()).then(|| (start + limit).to_string());
    let users = users
        .iter()
        .skip(start)
        .take(limit)
        .map(user_type)
        .collect();
    Ok(ListUsersResponse {
        users,
        pagination_token,
    })
}

/// A user by name (or email alias) for an administrator.
pub(crate) fn admin_user(db: &Store, pool: &Pool, username: &str) -> ApiResult<User> {
    check_len("Username", username, 1, MAX_USERNAME)?;
    db.find_user(pool, username)?
        .ok_or_else(ApiError::user_not_found)
}

fn user_type(user: &User) -> UserType {
    UserType {
        username: user.username.clone(),
        attributes: attribute_list(user),
        user_create_date: user.created as f64,
        user_last_modified_date: user.modified as f64,
        enabled: user.enabled,
        user_status: user.status.clone(),
    }
}

/// (offset, limit) from a page token and a limit of 1 to 60.
fn page(token: Option<&str>, limit: Option<u32>) -> ApiResult<(usize, usize)> {
    let limit = limit.unwrap_or(60);
    if !(1..=60).contains(&limit) {
        return Err(ApiError::invalid(
            "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 60",
        ));
    }
    let start = match token {
        None => 0,
        Some(t) => t
            .parse()
            .map_err(|_| ApiError::invalid("Invalid pagination token."))?,
    };
    Ok((start, limit as usize))
}

fn random_chars(len: usize, alphabet: &[u8]) -> String {
    let mut rng = rand::rngs::OsRng;
    (0..len)
        .map(|_| *alphabet.choose(&mut rng).expect("a non-empty alphabet") as char)
        .collect()
}

/// A temporary password that meets any policy: every kind of character.
fn temporary_password(min_len: usize) -> String {
    let mut password = format!(
        "{}{}{}{}",
        random_chars(1, b"ABCDEFGHJKLMNPQRSTUVWXYZ"),
        random_chars(1, b"abcdefghijkmnpqrstuvwxyz"),
        random_chars(1, b"23456789"),
        random_chars(1, b"!#%&*+-=?@^_"),
    );
    password.push_str(&random_chars(
        min_len.max(12) - 4,
        b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789",
    ));
    password
}
