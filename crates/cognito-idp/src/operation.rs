/// The operations, by their `X-Amz-Target` names.
macro_rules! operations {
    ($($name:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Operation { $($name),* }

        impl Operation {
            pub const ALL: &'static [Operation] = &[$(Operation::$name),*];

            pub fn name(self) -> &'static str {
                match self { $(Operation::$name => stringify!($name)),* }
            }
        }
    };
}

operations!(
    SignUp,
    ConfirmSignUp,
    ResendConfirmationCode,
    InitiateAuth,
    RespondToAuthChallenge,
    ForgotPassword,
    ConfirmForgotPassword,
    ChangePassword,
    GetUser,
    UpdateUserAttributes,
    GetUserAttributeVerificationCode,
    VerifyUserAttribute,
    DeleteUser,
    GlobalSignOut,
    RevokeToken,
    CreateUserPool,
    DescribeUserPool,
    ListUserPools,
    CreateUserPoolClient,
    DescribeUserPoolClient,
    AdminCreateUser,
    AdminConfirmSignUp,
    AdminGetUser,
    AdminDeleteUser,
    AdminSetUserPassword,
    ListUsers,
);

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
    }
}
