//! Every operation of the API, written once: its method name, its
//! `X-Amz-Target` name, and its request and response types. The
//! [`Operation`] enum, the [`op`] types that tie each name to its bodies,
//! the client's methods and local-cognito's dispatch are all made from this
//! one table ([`for_each_operation!`]), so an operation is added in one line
//! (and, in local-cognito, one handler: its dispatch will not compile
//! without it).

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Calls the macro `$then` with the table of operations, one entry each:
/// `method => Name(Request) -> Response;`, the types named in
/// [`crate::types`].
#[macro_export]
macro_rules! for_each_operation {
    ($then:ident) => {
        $then! {
            sign_up => SignUp(SignUpRequest) -> SignUpResponse;
            confirm_sign_up => ConfirmSignUp(ConfirmSignUpRequest) -> Empty;
            resend_confirmation_code => ResendConfirmationCode(ResendConfirmationCodeRequest) -> CodeDeliveryResponse;
            initiate_auth => InitiateAuth(InitiateAuthRequest) -> AuthResponse;
            respond_to_auth_challenge => RespondToAuthChallenge(RespondToAuthChallengeRequest) -> AuthResponse;
            forgot_password => ForgotPassword(ForgotPasswordRequest) -> CodeDeliveryResponse;
            confirm_forgot_password => ConfirmForgotPassword(ConfirmForgotPasswordRequest) -> Empty;
            change_password => ChangePassword(ChangePasswordRequest) -> Empty;
            get_user => GetUser(AccessTokenRequest) -> GetUserResponse;
            update_user_attributes => UpdateUserAttributes(UpdateUserAttributesRequest) -> UpdateUserAttributesResponse;
            get_user_attribute_verification_code => GetUserAttributeVerificationCode(GetUserAttributeVerificationCodeRequest) -> CodeDeliveryResponse;
            verify_user_attribute => VerifyUserAttribute(VerifyUserAttributeRequest) -> Empty;
            delete_user => DeleteUser(AccessTokenRequest) -> Empty;
            global_sign_out => GlobalSignOut(AccessTokenRequest) -> Empty;
            revoke_token => RevokeToken(RevokeTokenRequest) -> Empty;
            create_user_pool => CreateUserPool(CreateUserPoolRequest) -> UserPoolResponse;
            describe_user_pool => DescribeUserPool(UserPoolIdRequest) -> UserPoolResponse;
            list_user_pools => ListUserPools(ListUserPoolsRequest) -> ListUserPoolsResponse;
            create_user_pool_client => CreateUserPoolClient(CreateUserPoolClientRequest) -> UserPoolClientResponse;
            describe_user_pool_client => DescribeUserPoolClient(DescribeUserPoolClientRequest) -> UserPoolClientResponse;
            admin_create_user => AdminCreateUser(AdminCreateUserRequest) -> AdminCreateUserResponse;
            admin_confirm_sign_up => AdminConfirmSignUp(AdminUserRequest) -> Empty;
            admin_get_user => AdminGetUser(AdminUserRequest) -> AdminGetUserResponse;
            admin_delete_user => AdminDeleteUser(AdminUserRequest) -> Empty;
            admin_set_user_password => AdminSetUserPassword(AdminSetUserPasswordRequest) -> Empty;
            list_users => ListUsers(ListUsersRequest) -> ListUsersResponse;
            update_user_pool => UpdateUserPool(UpdateUserPoolRequest) -> Empty;
            delete_user_pool => DeleteUserPool(UserPoolIdRequest) -> Empty;
            update_user_pool_client => UpdateUserPoolClient(UpdateUserPoolClientRequest) -> UserPoolClientResponse;
            delete_user_pool_client => DeleteUserPoolClient(DescribeUserPoolClientRequest) -> Empty;
            list_user_pool_clients => ListUserPoolClients(ListUserPoolClientsRequest) -> ListUserPoolClientsResponse;
            admin_update_user_attributes => AdminUpdateUserAttributes(AdminUpdateUserAttributesRequest) -> Empty;
            admin_delete_user_attributes => AdminDeleteUserAttributes(AdminDeleteUserAttributesRequest) -> Empty;
            admin_disable_user => AdminDisableUser(AdminUserRequest) -> Empty;
            admin_enable_user => AdminEnableUser(AdminUserRequest) -> Empty;
            admin_reset_user_password => AdminResetUserPassword(AdminUserRequest) -> Empty;
            admin_user_global_sign_out => AdminUserGlobalSignOut(AdminUserRequest) -> Empty;
            create_group => CreateGroup(CreateGroupRequest) -> GroupResponse;
            get_group => GetGroup(GroupRequest) -> GroupResponse;
            list_groups => ListGroups(ListGroupsRequest) -> ListGroupsResponse;
            delete_group => DeleteGroup(GroupRequest) -> Empty;
            admin_add_user_to_group => AdminAddUserToGroup(AdminGroupUserRequest) -> Empty;
            admin_remove_user_from_group => AdminRemoveUserFromGroup(AdminGroupUserRequest) -> Empty;
            admin_list_groups_for_user => AdminListGroupsForUser(AdminListGroupsForUserRequest) -> ListGroupsResponse;
            list_users_in_group => ListUsersInGroup(ListUsersInGroupRequest) -> ListUsersInGroupResponse;
            get_tokens_from_refresh_token => GetTokensFromRefreshToken(GetTokensFromRefreshTokenRequest) -> GetTokensFromRefreshTokenResponse;
            admin_initiate_auth => AdminInitiateAuth(AdminInitiateAuthRequest) -> AuthResponse;
            admin_respond_to_auth_challenge => AdminRespondToAuthChallenge(AdminRespondToAuthChallengeRequest) -> AuthResponse;
            associate_software_token => AssociateSoftwareToken(AssociateSoftwareTokenRequest) -> AssociateSoftwareTokenResponse;
            verify_software_token => VerifySoftwareToken(VerifySoftwareTokenRequest) -> VerifySoftwareTokenResponse;
            set_user_mfa_preference => SetUserMFAPreference(SetUserMfaPreferenceRequest) -> Empty;
            admin_set_user_mfa_preference => AdminSetUserMFAPreference(AdminSetUserMfaPreferenceRequest) -> Empty;
            set_user_pool_mfa_config => SetUserPoolMfaConfig(SetUserPoolMfaConfigRequest) -> UserPoolMfaConfigResponse;
            get_user_pool_mfa_config => GetUserPoolMfaConfig(UserPoolIdRequest) -> UserPoolMfaConfigResponse;
            confirm_device => ConfirmDevice(ConfirmDeviceRequest) -> ConfirmDeviceResponse;
            update_device_status => UpdateDeviceStatus(UpdateDeviceStatusRequest) -> Empty;
            list_devices => ListDevices(ListDevicesRequest) -> ListDevicesResponse;
            get_device => GetDevice(DeviceRequest) -> GetDeviceResponse;
            forget_device => ForgetDevice(DeviceRequest) -> Empty;
            admin_get_device => AdminGetDevice(AdminDeviceRequest) -> GetDeviceResponse;
            admin_list_devices => AdminListDevices(AdminListDevicesRequest) -> ListDevicesResponse;
            admin_update_device_status => AdminUpdateDeviceStatus(AdminUpdateDeviceStatusRequest) -> Empty;
            admin_forget_device => AdminForgetDevice(AdminDeviceRequest) -> Empty;
            start_web_authn_registration => StartWebAuthnRegistration(AccessTokenRequest) -> StartWebAuthnRegistrationResponse;
            complete_web_authn_registration => CompleteWebAuthnRegistration(CompleteWebAuthnRegistrationRequest) -> Empty;
            list_web_authn_credentials => ListWebAuthnCredentials(ListWebAuthnCredentialsRequest) -> ListWebAuthnCredentialsResponse;
            delete_web_authn_credential => DeleteWebAuthnCredential(DeleteWebAuthnCredentialRequest) -> Empty;
        }
    };
}

/// An operation as a type: its name and its bodies.
pub trait Op {
    const OPERATION: Operation;
    /// The `X-Amz-Target` header value. A constant of its own, so that a
    /// client (the app's wasm) carries the names of the operations it
    /// calls and no others.
    const TARGET: &'static str;
    type Request: Serialize + DeserializeOwned + Clone;
    type Response: Serialize + DeserializeOwned;
}

macro_rules! define_operations {
    ($($method:ident => $name:ident($request:ident) -> $response:ident;)*) => {
        /// The operations, by their `X-Amz-Target` names.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Operation { $($name),* }

        impl Operation {
            pub const ALL: &'static [Operation] = &[$(Operation::$name),*];

            pub fn name(self) -> &'static str {
                match self { $(Operation::$name => stringify!($name)),* }
            }
        }

        /// One type per operation, for code generic over operations.
        pub mod op {
            $(
                #[derive(Debug, Clone, Copy)]
                pub struct $name;

                impl super::Op for $name {
                    const OPERATION: super::Operation = super::Operation::$name;
                    const TARGET: &'static str =
                        concat!("AWSCognitoIdentityProviderService.", stringify!($name));
                    type Request = crate::types::$request;
                    type Response = crate::types::$response;
                }
            )*
        }

        #[cfg(feature = "client")]
        impl<T: crate::client::Transport> crate::client::Client<T> {
            $(
                pub async fn $method(
                    &self,
                    request: &crate::types::$request,
                ) -> Result<crate::types::$response, crate::client::ClientError> {
                    self.call::<op::$name>(request).await
                }
            )*
        }
    };
}

for_each_operation!(define_operations);

impl Operation {
    /// The operation an `X-Amz-Target` header names.
    pub fn from_target(target: &str) -> Option<Operation> {
        let name = target.strip_prefix(crate::TARGET_PREFIX)?;
        Operation::ALL.iter().copied().find(|op| op.name() == name)
    }

    /// The `X-Amz-Target` header value.
    pub fn target(self) -> String {
        format!("{}{}", crate::TARGET_PREFIX, self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip() {
        for op in Operation::ALL {
            assert_eq!(Operation::from_target(&op.target()), Some(*op));
        }
        assert_eq!(
            Operation::from_target("AWSCognitoIdentityProviderService.Nope"),
            None
        );
        assert_eq!(Operation::from_target("SignUp"), None);
        assert_eq!(<op::SignUp as Op>::OPERATION, Operation::SignUp);
        assert_eq!(<op::SignUp as Op>::TARGET, Operation::SignUp.target());
        assert!(<op::ListUsers as Op>::TARGET.starts_with(crate::TARGET_PREFIX));
    }
}
