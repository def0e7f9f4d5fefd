//! Pools and app clients. Real Cognito signs these with IAM credentials;
//! local-cognito takes them unsigned. Settings are held to Cognito's ranges.

use cognito_idp::op;
use cognito_idp::types::{
    CreateUserPoolClientRequest, CreateUserPoolRequest, DescribeUserPoolClientRequest, Empty,
    ListUserPoolClientsRequest, ListUserPoolClientsResponse, ListUserPoolsRequest,
    ListUserPoolsResponse, RefreshTokenRotation, TokenValidityUnits, UpdateUserPoolClientRequest,
    UpdateUserPoolRequest, UserPool, UserPoolClient, UserPoolClientDescription,
    UserPoolClientResponse, UserPoolDescription, UserPoolIdRequest, UserPoolResponse,
    UsernameConfiguration, WebAuthnConfiguration,
};
use cognito_idp::ErrorCode;
use serde::Deserialize;

use crate::context::{Ctx, Handler};
use crate::error::{ApiError, ApiResult};
use crate::model::{AuthFactor, Pool, UserPoolTier};
use crate::pool_schema;
use crate::tokens::validity;
use crate::validate::{check_len, check_range};

use super::page::Page;

pub(super) const REGION: &str = "us-east-1";
const AUTH_FLOWS: [&str; 9] = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
];
/// A client's flows when it names none, as on Cognito.
const DEFAULT_AUTH_FLOWS: [&str; 3] = [
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_CUSTOM_AUTH",
];
/// Cognito's ranges: ID and access tokens 5 minutes to a day, refresh tokens
/// an hour to ten years (seconds).
const ACCESS_OR_ID_VALIDITY: (i64, i64) = (300, 86_400);
const REFRESH_VALIDITY: (i64, i64) = (3_600, 3_650 * 86_400);

/// The pool and app client made on first start; `public/js/config.js`
/// names the same ids.
pub const DEFAULT_POOL: &str = include_str!("../../default-pool.json");

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
    /// Set as SetUserPoolMfaConfig would (CreateUserPool does not take it):
    /// the app on http://localhost registers passkeys.
    #[serde(default)]
    web_authn_configuration: Option<WebAuthnConfiguration>,
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

/// The ids of `default-pool.json`'s pool and client.
pub fn default_ids() -> Result<(String, String), String> {
    let default: DefaultPool = serde_json::from_str(DEFAULT_POOL).map_err(|e| e.to_string())?;
    Ok((default.user_pool.id, default.user_pool_client.client_id))
}

/// Makes the committed default pool and client unless they exist.
pub fn create_default_pool(ctx: &Ctx<'_>) -> ApiResult<()> {
    let default: DefaultPool = serde_json::from_str(DEFAULT_POOL).map_err(ApiError::internal)?;
    let pool_id = default.user_pool.id;
    if ctx.db.pool(&pool_id)?.is_none() {
        let mut pool = insert_pool(ctx, &pool_id, default.user_pool.settings)?;
        if let Some(config) = &default.user_pool.web_authn_configuration {
            pool.web_authn = Some(super::mfa_config::checked_web_authn(&pool, config)?);
            ctx.db.update_pool(&pool)?;
        }
    }
    let client = default.user_pool_client;
    if client.settings.user_pool_id != pool_id {
        return Err(ApiError::internal(
            "default-pool.json: the client names another pool",
        ));
    }
    if ctx.db.client(&client.client_id)?.is_none() {
        insert_client(ctx, &client.client_id, client.settings)?;
    }
    Ok(())
}

impl Handler for op::CreateUserPool {
    fn handle(ctx: &Ctx<'_>, req: CreateUserPoolRequest) -> ApiResult<UserPoolResponse> {
        let id = format!(
            "{REGION}_{}",
            crate::random::chars(
                9,
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            )
        );
        let pool = insert_pool(ctx, &id, req)?;
        Ok(UserPoolResponse {
            user_pool: describe(ctx, &pool)?,
        })
    }
}

fn insert_pool(ctx: &Ctx<'_>, id: &str, mut settings: CreateUserPoolRequest) -> ApiResult<Pool> {
    check_pool_settings(&settings)?;
    // Only CreateUserPool sets the schema: UpdateUserPool keeps it.
    pool_schema::check(&settings.schema)?;
    super::mfa_config::check_create(&settings)?;
    settings
        .username_configuration
        .get_or_insert(UsernameConfiguration {
            case_sensitive: false,
        });
    settings
        .user_pool_tier
        .get_or_insert_with(|| UserPoolTier::Essentials.as_str().into());
    let pool = Pool {
        id: id.to_string(),
        settings,
        software_token_mfa: false,
        email_mfa: None,
        web_authn: None,
        created: ctx.now,
        modified: ctx.now,
    };
    ctx.db.insert_pool(&pool)?;
    Ok(pool)
}

/// The settings CreateUserPool and UpdateUserPool both hold to Cognito's
/// ranges.
fn check_pool_settings(settings: &CreateUserPoolRequest) -> ApiResult<()> {
    check_len("PoolName", &settings.pool_name, 1, 128)?;
    if let Some(attribute) = settings
        .auto_verified_attributes
        .iter()
        .find(|a| *a != "email" && *a != "phone_number")
    {
        return Err(ApiError::invalid(format!(
            "1 validation error detected: Value '[{attribute}]' at 'autoVerifiedAttributes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [phone_number, email]]"
        )));
    }
    for attribute in &settings.username_attributes {
        if attribute != "email" && attribute != "phone_number" {
            return Err(ApiError::invalid(format!(
                "Invalid UsernameAttribute {attribute}."
            )));
        }
    }
    let policy = &settings.policies.password_policy;
    check_range(
        "policies.passwordPolicy.minimumLength",
        policy.minimum_length.into(),
        6,
        99,
    )?;
    check_range(
        "policies.passwordPolicy.temporaryPasswordValidityDays",
        policy.temporary_password_validity_days.into(),
        0,
        365,
    )?;
    check_tier_and_factors(settings)
}

/// The feature plan and the first factors of choice-based sign-in: names
/// Cognito knows, each factor once, the password among them, and only the
/// password on the Lite plan.
fn check_tier_and_factors(settings: &CreateUserPoolRequest) -> ApiResult<()> {
    let tier = match settings.user_pool_tier.as_deref() {
        None => UserPoolTier::Essentials,
        Some(name) => UserPoolTier::parse(name).ok_or_else(|| {
            ApiError::invalid(format!(
                "1 validation error detected: Value '{name}' at 'userPoolTier' failed to satisfy constraint: Member must satisfy enum value set: [LITE, ESSENTIALS, PLUS]"
            ))
        })?,
    };
    let factors = &settings.policies.sign_in_policy.allowed_first_auth_factors;
    for (index, name) in factors.iter().enumerate() {
        if name == "SOFTWARE_TOKEN" {
            return Err(ApiError::invalid(
                "SOFTWARE_TOKEN is not supported as a first authentication factor.",
            ));
        }
        if AuthFactor::parse(name).is_none() {
            return Err(ApiError::invalid(format!(
                "1 validation error detected: Value '[{name}]' at 'policies.signInPolicy.allowedFirstAuthFactors' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN, SOFTWARE_TOKEN]]"
            )));
        }
        if factors[..index].contains(name) {
            return Err(ApiError::invalid(format!(
                "AllowedFirstAuthFactors lists {name} more than once."
            )));
        }
    }
    let password = AuthFactor::Password.as_str();
    if !factors.iter().any(|name| name == password) {
        return Err(ApiError::invalid(
            "AllowedFirstAuthFactors must include PASSWORD.",
        ));
    }
    if tier == UserPoolTier::Lite && factors.iter().any(|name| name != password) {
        return Err(ApiError::new(
            ErrorCode::FeatureUnavailableInTierException,
            "Passwordless first authentication factors are not available in the LITE tier.",
        ));
    }
    Ok(())
}

/// Replaces the settings UpdateUserPool names; as on Cognito, one left out
/// goes back to its default. How users sign in (username attributes, case)
/// cannot change.
impl Handler for op::UpdateUserPool {
    fn handle(ctx: &Ctx<'_>, req: UpdateUserPoolRequest) -> ApiResult<Empty> {
        let mut pool = ctx.pool(&req.user_pool_id)?;
        let settings = CreateUserPoolRequest {
            // Left out, the feature plan stays, as the name does.
            user_pool_tier: req.user_pool_tier.or(pool.settings.user_pool_tier),
            pool_name: req.pool_name.unwrap_or(pool.settings.pool_name),
            policies: req.policies.unwrap_or_default(),
            auto_verified_attributes: req.auto_verified_attributes,
            device_configuration: req.device_configuration,
            ..pool.settings
        };
        check_pool_settings(&settings)?;
        pool.settings = settings;
        pool.modified = ctx.now;
        ctx.db.update_pool(&pool)?;
        Ok(Empty {})
    }
}

/// Deletes the pool and everything in it, in the one transaction.
impl Handler for op::DeleteUserPool {
    fn handle(ctx: &Ctx<'_>, req: UserPoolIdRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        ctx.db.delete_pool(&pool.id)?;
        Ok(Empty {})
    }
}

impl Handler for op::DescribeUserPool {
    fn handle(ctx: &Ctx<'_>, req: UserPoolIdRequest) -> ApiResult<UserPoolResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        Ok(UserPoolResponse {
            user_pool: describe(ctx, &pool)?,
        })
    }
}

fn describe(ctx: &Ctx<'_>, pool: &Pool) -> ApiResult<UserPool> {
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
        schema_attributes: pool_schema::describe(&settings.schema),
        creation_date: pool.created as f64,
        last_modified_date: pool.modified as f64,
        estimated_number_of_users: ctx.db.count_users(&pool.id)?,
        mfa_configuration: pool.mfa().as_str().into(),
        device_configuration: settings.device_configuration,
        user_pool_tier: Some(pool.tier().as_str().into()),
    })
}

impl Handler for op::ListUserPools {
    fn handle(ctx: &Ctx<'_>, req: ListUserPoolsRequest) -> ApiResult<ListUserPoolsResponse> {
        let page = Page::read(
            "maxResults",
            req.next_token.as_deref(),
            Some(req.max_results),
        )?;
        let pools = ctx.db.pools()?;
        let next_token = page.next_token(pools.len());
        let user_pools = page
            .of(pools)
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
}

impl Handler for op::CreateUserPoolClient {
    fn handle(
        ctx: &Ctx<'_>,
        req: CreateUserPoolClientRequest,
    ) -> ApiResult<UserPoolClientResponse> {
        ctx.pool(&req.user_pool_id)?;
        let id = crate::random::chars(26, b"abcdefghijklmnopqrstuvwxyz0123456789");
        let user_pool_client = insert_client(ctx, &id, req)?;
        Ok(UserPoolClientResponse { user_pool_client })
    }
}

fn insert_client(
    ctx: &Ctx<'_>,
    id: &str,
    req: CreateUserPoolClientRequest,
) -> ApiResult<UserPoolClient> {
    let client = client_settings(id, req, ctx.now)?;
    ctx.db.insert_client(&client)?;
    Ok(client)
}

/// A client from CreateUserPoolClient's settings, checked, its defaults
/// filled in; made at `created`, modified now.
fn client_settings(
    id: &str,
    req: CreateUserPoolClientRequest,
    created: i64,
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
    if let Some(rotation) = &req.refresh_token_rotation {
        check_rotation(rotation)?;
    }
    let units = req.token_validity_units.unwrap_or_default();
    let client = UserPoolClient {
        user_pool_id: req.user_pool_id,
        client_id: id.to_string(),
        client_name: req.client_name,
        explicit_auth_flows: if req.explicit_auth_flows.is_empty() {
            DEFAULT_AUTH_FLOWS.map(String::from).to_vec()
        } else {
            req.explicit_auth_flows
        },
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
        creation_date: created as f64,
        last_modified_date: created as f64,
        refresh_token_rotation: req.refresh_token_rotation,
    };
    check_validities(&client)?;
    Ok(client)
}

/// RefreshTokenRotation: a Feature Cognito knows, a grace of 0 to 60 seconds.
fn check_rotation(rotation: &RefreshTokenRotation) -> ApiResult<()> {
    if rotation.feature != "ENABLED" && rotation.feature != "DISABLED" {
        return Err(ApiError::invalid(format!(
            "1 validation error detected: Value '{}' at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]",
            rotation.feature
        )));
    }
    if let Some(grace) = rotation.retry_grace_period_seconds {
        check_range("refreshTokenRotation.retryGracePeriodSeconds", grace, 0, 60)?;
    }
    Ok(())
}

/// Each token's lifetime within Cognito's range, in a unit it knows.
fn check_validities(client: &UserPoolClient) -> ApiResult<()> {
    let units = &client.token_validity_units;
    for (field, value, unit, (min, max)) in [
        (
            "AccessTokenValidity",
            client.access_token_validity,
            &units.access_token,
            ACCESS_OR_ID_VALIDITY,
        ),
        (
            "IdTokenValidity",
            client.id_token_validity,
            &units.id_token,
            ACCESS_OR_ID_VALIDITY,
        ),
        (
            "RefreshTokenValidity",
            client.refresh_token_validity,
            &units.refresh_token,
            REFRESH_VALIDITY,
        ),
    ] {
        if !["seconds", "minutes", "hours", "days"].contains(&unit.as_str()) {
            return Err(ApiError::invalid(format!(
                "Invalid TokenValidityUnits {unit}."
            )));
        }
        let seconds = validity(value, unit);
        if !(min..=max).contains(&seconds) {
            return Err(ApiError::invalid(format!(
                "Invalid range for token validity: {field} must be between {min} and {max} seconds."
            )));
        }
    }
    Ok(())
}

impl Handler for op::DescribeUserPoolClient {
    fn handle(
        ctx: &Ctx<'_>,
        req: DescribeUserPoolClientRequest,
    ) -> ApiResult<UserPoolClientResponse> {
        let (user_pool_client, pool) = ctx.client_and_pool(&req.client_id)?;
        if pool.id != req.user_pool_id {
            return Err(ApiError::new(
                ErrorCode::ResourceNotFoundException,
                format!("User pool client {} does not exist.", req.client_id),
            ));
        }
        Ok(UserPoolClientResponse { user_pool_client })
    }
}

/// Replaces the client's settings; as on Cognito, one left out goes back
/// to its default (the name, left out, stays).
impl Handler for op::UpdateUserPoolClient {
    fn handle(
        ctx: &Ctx<'_>,
        req: UpdateUserPoolClientRequest,
    ) -> ApiResult<UserPoolClientResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let old = ctx.client_of(&pool, &req.client_id)?;
        let settings = CreateUserPoolClientRequest {
            user_pool_id: pool.id,
            client_name: req.client_name.unwrap_or(old.client_name),
            explicit_auth_flows: req.explicit_auth_flows,
            access_token_validity: req.access_token_validity,
            id_token_validity: req.id_token_validity,
            refresh_token_validity: req.refresh_token_validity,
            token_validity_units: req.token_validity_units,
            prevent_user_existence_errors: req.prevent_user_existence_errors,
            generate_secret: None,
            refresh_token_rotation: req.refresh_token_rotation,
        };
        let mut user_pool_client = client_settings(&old.client_id, settings, ctx.now)?;
        user_pool_client.creation_date = old.creation_date;
        ctx.db.update_client(&user_pool_client)?;
        Ok(UserPoolClientResponse { user_pool_client })
    }
}

/// Deletes the client and the sign-ins made through it.
impl Handler for op::DeleteUserPoolClient {
    fn handle(ctx: &Ctx<'_>, req: DescribeUserPoolClientRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let client = ctx.client_of(&pool, &req.client_id)?;
        ctx.db.delete_client(&client.client_id)?;
        Ok(Empty {})
    }
}

impl Handler for op::ListUserPoolClients {
    fn handle(
        ctx: &Ctx<'_>,
        req: ListUserPoolClientsRequest,
    ) -> ApiResult<ListUserPoolClientsResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let page = Page::read("maxResults", req.next_token.as_deref(), req.max_results)?;
        let clients = ctx.db.clients(&pool.id)?;
        let next_token = page.next_token(clients.len());
        let user_pool_clients = page
            .of(clients)
            .map(|c| UserPoolClientDescription {
                client_id: c.client_id,
                user_pool_id: c.user_pool_id,
                client_name: c.client_name,
            })
            .collect();
        Ok(ListUserPoolClientsResponse {
            user_pool_clients,
            next_token,
        })
    }
}
