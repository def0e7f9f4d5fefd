//! A user's remembered devices: ConfirmDevice (the device's SRP verifier,
//! after a sign-in gave its NewDeviceMetadata), UpdateDeviceStatus,
//! ListDevices, GetDevice, ForgetDevice, and their administrator's forms.
//! A device never confirmed is not the user's yet: none of these but
//! ConfirmDevice sees it.

use cognito_idp::op;
use cognito_idp::types::{
    AdminDeviceRequest, AdminListDevicesRequest, AdminUpdateDeviceStatusRequest, AttributeType,
    ConfirmDeviceRequest, ConfirmDeviceResponse, DeviceRequest, DeviceType, Empty,
    GetDeviceResponse, ListDevicesRequest, ListDevicesResponse, UpdateDeviceStatusRequest,
};

use super::device_auth::{no_such_device, MAX_DEVICE_KEY};
use super::page::Page;
use crate::context::{Ctx, Handler};
use crate::error::{ApiError, ApiResult};
use crate::model::{Device, DeviceState, Pool, User};
use crate::tokens::check_access_token;
use crate::validate::check_len;

/// DeviceNameType's bound.
const MAX_DEVICE_NAME: usize = 1024;

/// The user's device `key` names; with `confirmed`, only once confirmed.
fn device_of(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    key: &str,
    confirmed: bool,
) -> ApiResult<Device> {
    check_len("DeviceKey", key, 1, MAX_DEVICE_KEY)?;
    ctx.db
        .device(&pool.id, key)?
        .filter(|device| device.username == user.username)
        .filter(|device| !confirmed || device.state != DeviceState::Unconfirmed)
        .ok_or_else(no_such_device)
}

/// The signed-in user of an access token that is optional in Cognito's
/// model (GetDevice, ForgetDevice).
fn signed_in_user(ctx: &Ctx<'_>, token: Option<&str>) -> ApiResult<(Pool, User)> {
    check_access_token(ctx, token.ok_or_else(|| ApiError::missing("AccessToken"))?)
}

impl Handler for op::ConfirmDevice {
    fn handle(ctx: &Ctx<'_>, req: ConfirmDeviceRequest) -> ApiResult<ConfirmDeviceResponse> {
        let (pool, user) = check_access_token(ctx, &req.access_token)?;
        if let Some(name) = &req.device_name {
            check_len("DeviceName", name, 1, MAX_DEVICE_NAME)?;
        }
        let mut device = device_of(ctx, &pool, &user, &req.device_key, false)?;
        // A second ConfirmDevice would replace the verifier the device
        // signs in with. Cognito's answer here is a guess.
        if device.state != DeviceState::Unconfirmed {
            return Err(ApiError::invalid("Device has already been confirmed."));
        }
        let config = req
            .device_secret_verifier_config
            .ok_or_else(|| ApiError::missing("DeviceSecretVerifierConfig"))?;
        let config = cognito_srp::device::DeviceSecretVerifierConfig {
            password_verifier: config
                .password_verifier
                .ok_or_else(|| ApiError::missing("DeviceSecretVerifierConfig.PasswordVerifier"))?,
            salt: config
                .salt
                .ok_or_else(|| ApiError::missing("DeviceSecretVerifierConfig.Salt"))?,
        };
        let verifier = config
            .verifier()
            .map_err(|e| ApiError::invalid(format!("DeviceSecretVerifierConfig: {e}")))?;
        // Remembered at once, unless the pool leaves it to the user.
        let on_prompt = pool
            .devices()
            .is_some_and(|config| config.device_only_remembered_on_user_prompt);
        device.state = if on_prompt {
            DeviceState::NotRemembered
        } else {
            DeviceState::Remembered
        };
        device.name = req.device_name;
        device.salt = verifier.salt_hex();
        device.verifier = verifier.verifier_hex();
        device.modified = ctx.now;
        device.last_authenticated = Some(ctx.now);
        ctx.db.update_device(&device)?;
        Ok(ConfirmDeviceResponse {
            user_confirmation_necessary: on_prompt,
        })
    }
}

/// DeviceRememberedStatusType; absent (optional in Cognito's model): no
/// change.
fn remembered_status(status: Option<&str>) -> ApiResult<Option<DeviceState>> {
    match status {
        None => Ok(None),
        Some(text @ ("remembered" | "not_remembered")) => Ok(DeviceState::parse(text)),
        Some(other) => Err(ApiError::invalid(format!(
            "1 validation error detected: Value '{other}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]"
        ))),
    }
}

fn update_status(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    key: &str,
    status: Option<&str>,
) -> ApiResult<Empty> {
    let status = remembered_status(status)?;
    let mut device = device_of(ctx, pool, user, key, true)?;
    if let Some(state) = status {
        device.state = state;
        device.modified = ctx.now;
        ctx.db.update_device(&device)?;
    }
    Ok(Empty {})
}

impl Handler for op::UpdateDeviceStatus {
    fn handle(ctx: &Ctx<'_>, req: UpdateDeviceStatusRequest) -> ApiResult<Empty> {
        let (pool, user) = check_access_token(ctx, &req.access_token)?;
        update_status(
            ctx,
            &pool,
            &user,
            &req.device_key,
            req.device_remembered_status.as_deref(),
        )
    }
}

impl Handler for op::AdminUpdateDeviceStatus {
    fn handle(ctx: &Ctx<'_>, req: AdminUpdateDeviceStatusRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        update_status(
            ctx,
            &pool,
            &user,
            &req.device_key,
            req.device_remembered_status.as_deref(),
        )
    }
}

/// A page of the user's confirmed devices, oldest first.
fn list(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &User,
    limit: Option<u32>,
    token: Option<&str>,
) -> ApiResult<ListDevicesResponse> {
    let page = Page::read("limit", token, limit)?;
    let devices = ctx.db.confirmed_devices(&pool.id, &user.username)?;
    Ok(ListDevicesResponse {
        pagination_token: page.next_token(devices.len()),
        devices: page.of(devices).map(device_type).collect(),
    })
}

impl Handler for op::ListDevices {
    fn handle(ctx: &Ctx<'_>, req: ListDevicesRequest) -> ApiResult<ListDevicesResponse> {
        let (pool, user) = check_access_token(ctx, &req.access_token)?;
        list(
            ctx,
            &pool,
            &user,
            req.limit,
            req.pagination_token.as_deref(),
        )
    }
}

impl Handler for op::AdminListDevices {
    fn handle(ctx: &Ctx<'_>, req: AdminListDevicesRequest) -> ApiResult<ListDevicesResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        list(
            ctx,
            &pool,
            &user,
            req.limit,
            req.pagination_token.as_deref(),
        )
    }
}

impl Handler for op::GetDevice {
    fn handle(ctx: &Ctx<'_>, req: DeviceRequest) -> ApiResult<GetDeviceResponse> {
        let (pool, user) = signed_in_user(ctx, req.access_token.as_deref())?;
        Ok(GetDeviceResponse {
            device: device_type(device_of(ctx, &pool, &user, &req.device_key, true)?),
        })
    }
}

impl Handler for op::AdminGetDevice {
    fn handle(ctx: &Ctx<'_>, req: AdminDeviceRequest) -> ApiResult<GetDeviceResponse> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        Ok(GetDeviceResponse {
            device: device_type(device_of(ctx, &pool, &user, &req.device_key, true)?),
        })
    }
}

/// Forgets the device: its key is then refused at sign-in, which tells
/// identity-js to drop it and sign in as a new device.
fn forget(ctx: &Ctx<'_>, pool: &Pool, user: &User, key: &str) -> ApiResult<Empty> {
    let device = device_of(ctx, pool, user, key, true)?;
    ctx.db.delete_device(&pool.id, &device.key)?;
    Ok(Empty {})
}

impl Handler for op::ForgetDevice {
    fn handle(ctx: &Ctx<'_>, req: DeviceRequest) -> ApiResult<Empty> {
        let (pool, user) = signed_in_user(ctx, req.access_token.as_deref())?;
        forget(ctx, &pool, &user, &req.device_key)
    }
}

impl Handler for op::AdminForgetDevice {
    fn handle(ctx: &Ctx<'_>, req: AdminDeviceRequest) -> ApiResult<Empty> {
        let pool = ctx.pool(&req.user_pool_id)?;
        let user = ctx.admin_user(&pool, &req.username)?;
        forget(ctx, &pool, &user, &req.device_key)
    }
}

/// A device as Cognito lists it: `device_status` (always `valid` for a
/// device that is listed), its name, whether it is remembered. No
/// `last_ip_used`: the operations here do not see the caller's address.
fn device_type(device: Device) -> DeviceType {
    let mut attributes = vec![AttributeType::new("device_status", "valid")];
    if let Some(name) = &device.name {
        attributes.push(AttributeType::new("device_name", name));
    }
    attributes.push(AttributeType::new(
        "dev:device_remembered_status",
        device.state.as_str(),
    ));
    DeviceType {
        device_key: device.key,
        device_attributes: attributes,
        device_create_date: device.created as f64,
        device_last_modified_date: device.modified as f64,
        device_last_authenticated_date: device.last_authenticated.map(|at| at as f64),
    }
}
