//! The domain: user pools, users and what hangs off them, as the operations
//! see them. Stored by `store`; states are enums, written to SQLite as the
//! names Cognito uses on the wire.

use std::collections::BTreeMap;

use cognito_idp::types::{
    CreateUserPoolRequest, DeviceConfiguration, EmailMfaConfig, UserPoolClient,
    WebAuthnConfiguration,
};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// A user pool and its settings (CreateUserPool's request, as given).
#[derive(Debug, Clone)]
pub struct Pool {
    pub id: String,
    pub settings: CreateUserPoolRequest,
    /// SetUserPoolMfaConfig's SoftwareTokenMfaConfiguration: whether TOTP
    /// is one of the pool's MFA types (CreateUserPool cannot set it).
    pub software_token_mfa: bool,
    /// SetUserPoolMfaConfig's EmailMfaConfiguration: `Some`, email is one
    /// of the pool's MFA types, its message and subject as given.
    pub email_mfa: Option<EmailMfaConfig>,
    /// SetUserPoolMfaConfig's WebAuthnConfiguration: the passkeys' relying
    /// party; `None` until set.
    pub web_authn: Option<WebAuthnConfiguration>,
    pub created: i64,
    pub modified: i64,
}

impl Pool {
    /// Email is the username: users get a UUID as their name, and sign in
    /// with their email as an alias.
    pub fn email_is_username(&self) -> bool {
        self.settings
            .username_attributes
            .iter()
            .any(|a| a == "email")
    }

    pub fn case_sensitive(&self) -> bool {
        self.settings
            .username_configuration
            .as_ref()
            .is_some_and(|c| c.case_sensitive)
    }

    pub fn auto_verifies_email(&self) -> bool {
        self.settings
            .auto_verified_attributes
            .iter()
            .any(|a| a == "email")
    }

    /// The pool's MFA setting; OFF when never set (or unreadable, which
    /// CreateUserPool and SetUserPoolMfaConfig do not store).
    pub fn mfa(&self) -> MfaConfiguration {
        self.settings
            .mfa_configuration
            .as_deref()
            .and_then(MfaConfiguration::parse)
            .unwrap_or(MfaConfiguration::Off)
    }

    /// Whether sign-in asks for a TOTP code (of users who have one): MFA
    /// ON or OPTIONAL, with TOTP one of the pool's MFA types.
    pub fn asks_for_totp(&self) -> bool {
        self.software_token_mfa && self.mfa() != MfaConfiguration::Off
    }

    /// Whether sign-in asks for an emailed code (of users who turned email
    /// MFA on): MFA ON or OPTIONAL, with email one of the pool's MFA types.
    pub fn asks_for_email(&self) -> bool {
        self.email_mfa.is_some() && self.mfa() != MfaConfiguration::Off
    }

    /// The pool's feature plan; ESSENTIALS when never set (CreateUserPool
    /// fills it in, and pools stored before it existed were made LITE).
    pub fn tier(&self) -> UserPoolTier {
        self.settings
            .user_pool_tier
            .as_deref()
            .and_then(UserPoolTier::parse)
            .unwrap_or(UserPoolTier::Essentials)
    }

    /// The first factors choice-based sign-in may offer (SignInPolicy's
    /// AllowedFirstAuthFactors, checked when set).
    pub fn first_auth_factors(&self) -> Vec<AuthFactor> {
        self.settings
            .policies
            .sign_in_policy
            .allowed_first_auth_factors
            .iter()
            .filter_map(|name| AuthFactor::parse(name))
            .collect()
    }

    /// The pool's DeviceConfiguration: `None`, it remembers no devices.
    pub fn devices(&self) -> Option<DeviceConfiguration> {
        self.settings.device_configuration
    }

    /// The relying party ID passkeys are made for; `None`, passkeys cannot
    /// be registered (local-cognito has no pool domains to default to).
    pub fn relying_party_id(&self) -> Option<&str> {
        self.web_authn
            .as_ref()
            .and_then(|config| config.relying_party_id.as_deref())
    }

    /// Whether passkeys must verify the user; Cognito's default: preferred.
    pub fn user_verification(&self) -> UserVerification {
        self.web_authn
            .as_ref()
            .and_then(|config| config.user_verification.as_deref())
            .and_then(UserVerification::parse)
            .unwrap_or(UserVerification::Preferred)
    }

    /// How a name is compared: folded unless the pool is case-sensitive.
    pub fn username_key(&self, name: &str) -> String {
        if self.case_sensitive() {
            name.to_string()
        } else {
            name.to_lowercase()
        }
    }

    /// How sign-in compares a name that has no user: as a username, or
    /// where email is the username, as an email (always folded: users are
    /// found by email case-insensitively).
    pub fn sign_in_key(&self, name: &str) -> String {
        if self.email_is_username() {
            name.to_lowercase()
        } else {
            self.username_key(name)
        }
    }
}

/// A client's PreventUserExistenceErrors: whether it may say that a user
/// does not exist.
pub fn hides_users(client: &UserPoolClient) -> bool {
    client.prevent_user_existence_errors == "ENABLED"
}

macro_rules! stored_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($(#[$vdoc])* $variant,)* }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| {
                    FromSqlError::Other(format!("{} is not a {}", text, stringify!($name)).into())
                })
            }
        }
    };
}

stored_enum! {
    /// A user's status, Cognito's `UserStatus`.
    UserStatus {
        /// Signed up, the code not yet confirmed.
        Unconfirmed => "UNCONFIRMED",
        Confirmed => "CONFIRMED",
        /// Made by an administrator: the temporary password must be changed.
        ForceChangePassword => "FORCE_CHANGE_PASSWORD",
        ResetRequired => "RESET_REQUIRED",
    }
}

stored_enum! {
    /// What an emailed code is for.
    CodePurpose {
        SignUp => "signup",
        ForgotPassword => "forgot",
        VerifyEmail => "verify_email",
        /// The second step of a sign-in (EMAIL_OTP).
        EmailMfa => "email_mfa",
    }
}

#[derive(Debug, Clone)]
pub struct User {
    pub pool_id: String,
    /// The internal name: a UUID where email is the username.
    pub username: String,
    pub attributes: BTreeMap<String, String>,
    pub status: UserStatus,
    pub enabled: bool,
    /// The SRP salt and verifier of the password; never the password.
    pub salt: String,
    pub verifier: String,
    /// When a temporary password stops working.
    pub password_expires: Option<i64>,
    pub created: i64,
    pub modified: i64,
    /// Wrong passwords in a row, and the lock they set.
    pub failed_attempts: i64,
    pub locked_until: i64,
    /// Tokens issued before this (GlobalSignOut) are refused.
    pub tokens_valid_after: i64,
}

impl User {
    pub fn email(&self) -> Option<&str> {
        self.attributes.get("email").map(String::as_str)
    }

    pub fn email_verified(&self) -> bool {
        self.attributes
            .get("email_verified")
            .is_some_and(|v| v == "true")
    }

    pub fn sub(&self) -> &str {
        self.attributes.get("sub").map_or("", String::as_str)
    }
}

/// Failed sign-ins in a row and the lock they set: a hidden name's (a
/// user keeps theirs in `User`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FailureCount {
    pub failed_attempts: i64,
    pub locked_until: i64,
}

/// How long the counts of a user's codes (wrong tries, codes sent) last:
/// a new code does not reset them, the end of this window does.
pub const CODE_WINDOW_SECS: i64 = 3600;

/// An emailed code, with the counts that limit guessing: wrong tries and
/// codes sent, both kept across new codes until the window ends.
#[derive(Debug, Clone)]
pub struct Code {
    pub code: String,
    pub expires: i64,
    pub attempts: i64,
    pub sends: i64,
    pub window_start: i64,
}

/// The server's half of an SRP sign-in between InitiateAuth and
/// RespondToAuthChallenge, kept by its SECRET_BLOCK.
#[derive(Debug, Clone)]
pub struct SrpChallenge {
    pub pool_id: String,
    pub client_id: String,
    /// Who signs in: a user, or a name with no user that the client hides
    /// (its decoy challenge), kept as an auth session's subject is.
    pub subject: SessionSubject,
    pub srp_a: String,
    pub b: String,
    /// B as sent; empty in a challenge stored before B was kept.
    pub srp_b: String,
    /// The remembered device a DEVICE_PASSWORD_VERIFIER challenge is for
    /// (stored as an empty string for a user's PASSWORD_VERIFIER).
    pub device_key: Option<String>,
    pub expires: i64,
}

stored_enum! {
    /// The challenge an auth session (a `Session` token) waits on.
    SessionChallenge {
        NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
        /// A TOTP code, the password being right.
        SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
        /// A pool with MFA ON, a user without it: AssociateSoftwareToken
        /// and VerifySoftwareToken take this session.
        MfaSetup => "MFA_SETUP",
        /// The token verified: RespondToAuthChallenge MFA_SETUP takes
        /// this session (never sent as a challenge's name).
        MfaSetupVerified => "MFA_SETUP_VERIFIED",
        /// A code emailed to the user, the password being right.
        EmailOtp => "EMAIL_OTP",
        /// The password (and any MFA) passed on a remembered device: its
        /// SRP round (RespondToAuthChallenge DEVICE_SRP_AUTH) comes next.
        DeviceSrpAuth => "DEVICE_SRP_AUTH",
        /// Choice-based sign-in (USER_AUTH): the user picks a first factor.
        SelectChallenge => "SELECT_CHALLENGE",
        /// A passkey's assertion, over the WebAuthn challenge kept with
        /// this session (`PasskeyCeremony::SignIn`).
        WebAuthn => "WEB_AUTHN",
    }
}

stored_enum! {
    /// A pool's feature plan, Cognito's UserPoolTierType.
    UserPoolTier {
        Lite => "LITE",
        Essentials => "ESSENTIALS",
        Plus => "PLUS",
    }
}

stored_enum! {
    /// A first factor a pool may allow for choice-based sign-in, Cognito's
    /// AuthFactorType (less SOFTWARE_TOKEN, which Cognito does not take as
    /// a first factor).
    AuthFactor {
        Password => "PASSWORD",
        EmailOtp => "EMAIL_OTP",
        /// Accepted in the policy; local-cognito sends no SMS, so it is
        /// never offered.
        SmsOtp => "SMS_OTP",
        WebAuthn => "WEB_AUTHN",
    }
}

stored_enum! {
    /// A pool's MfaConfiguration.
    MfaConfiguration {
        Off => "OFF",
        On => "ON",
        Optional => "OPTIONAL",
    }
}

stored_enum! {
    /// What a user chose for one MFA type, their software token or email
    /// (SetUserMFAPreference).
    MfaPreference {
        Off => "OFF",
        Enabled => "ENABLED",
        Preferred => "PREFERRED",
    }
}

/// A user's TOTP software token. The secrets are base32, as
/// AssociateSoftwareToken gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoftwareToken {
    /// Associated, not yet verified: VerifySoftwareToken checks codes
    /// against this one.
    pub pending: Option<String>,
    /// Verified: sign-in checks codes against this one.
    pub secret: Option<String>,
    /// Set only while `secret` is.
    pub preference: MfaPreference,
    /// The last 30-second step a code was accepted for: a code is good
    /// once, so a step at or below it is refused.
    pub last_step: i64,
}

impl Default for SoftwareToken {
    fn default() -> Self {
        SoftwareToken {
            pending: None,
            secret: None,
            preference: MfaPreference::Off,
            last_step: 0,
        }
    }
}

impl SoftwareToken {
    /// Whether MFA by this token is on for the user.
    pub fn enabled(&self) -> bool {
        self.secret.is_some() && self.preference != MfaPreference::Off
    }
}

/// A challenge between two RespondToAuthChallenge calls, kept by its Session.
#[derive(Debug, Clone)]
pub struct AuthSession {
    pub pool_id: String,
    pub client_id: String,
    pub subject: SessionSubject,
    pub challenge: SessionChallenge,
    pub expires: i64,
}

/// Whom an auth session (or an SRP challenge) is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionSubject {
    /// A user, by internal username.
    User(String),
    /// A name with no user that the client hides (a decoy's session or
    /// SRP challenge), kept as the pool compares names
    /// (`Pool::sign_in_key`), so that an answer must name it as a user's
    /// must name the user, and its failures count under the name. No
    /// answer to it can pass.
    Hidden(String),
}

stored_enum! {
    /// Where a device stands: made at a sign-in (its NewDeviceMetadata
    /// given), then confirmed with its verifier, remembered or not
    /// (Cognito's DeviceRememberedStatusType for the last two).
    DeviceState {
        Unconfirmed => "unconfirmed",
        NotRemembered => "not_remembered",
        Remembered => "remembered",
    }
}

/// A user's device (by internal username). Its SRP salt and verifier are
/// hex, as a user's; empty until ConfirmDevice.
#[derive(Debug, Clone)]
pub struct Device {
    pub pool_id: String,
    pub username: String,
    pub key: String,
    pub group_key: String,
    pub state: DeviceState,
    pub name: Option<String>,
    pub salt: String,
    pub verifier: String,
    pub created: i64,
    pub modified: i64,
    pub last_authenticated: Option<i64>,
}

/// A group of a pool's users; its name is its key in the pool (compared
/// exactly, whatever the pool's usernames do).
#[derive(Debug, Clone)]
pub struct Group {
    pub pool_id: String,
    pub name: String,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    /// Lower goes first; none goes after every number.
    pub precedence: Option<i64>,
    pub created: i64,
    pub modified: i64,
}

/// A refresh token, stored by its hash.
#[derive(Debug, Clone)]
pub struct RefreshToken {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    /// The sign-in it belongs to: revoking it revokes that sign-in's tokens.
    pub origin_jti: String,
    pub auth_time: i64,
    pub expires: i64,
    pub revoked: bool,
}

/// An email the server would have sent.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Message {
    pub id: i64,
    pub pool_id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created: i64,
}

stored_enum! {
    /// A pool's WebAuthnConfiguration UserVerification, WebAuthn's
    /// UserVerificationRequirement as Cognito allows it.
    UserVerification {
        /// A passkey must verify the user (PIN, biometrics): the UV flag.
        Required => "required",
        Preferred => "preferred",
    }
}

/// A user's passkey (by internal username): its credential id
/// (base64url), its COSE public key as the authenticator gave it, and the
/// signature counter it last reported.
#[derive(Debug, Clone)]
pub struct Passkey {
    pub pool_id: String,
    pub username: String,
    pub credential_id: String,
    pub public_key: Vec<u8>,
    pub sign_count: u32,
    pub transports: Vec<String>,
    /// `platform` or `cross-platform`, as the browser said.
    pub attachment: Option<String>,
    pub relying_party_id: String,
    pub friendly_name: String,
    pub created: i64,
}

stored_enum! {
    /// What a WebAuthn challenge is for, and so what takes it.
    PasskeyCeremony {
        /// StartWebAuthnRegistration's, answered by
        /// CompleteWebAuthnRegistration: a user has one at a time (a new
        /// start replaces it).
        Registration => "registration",
        /// The WEB_AUTHN sign-in challenge's: kept with its session, which
        /// only its answer takes, and living as long.
        SignIn => "sign_in",
    }
}

/// A WebAuthn challenge waiting for its answer, single-use, until
/// `expires`.
#[derive(Debug, Clone)]
pub struct PasskeyChallenge {
    /// The random challenge (base64url) the browser's client data repeats.
    pub challenge: String,
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub expires: i64,
}
