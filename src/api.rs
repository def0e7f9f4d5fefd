//! Every request the app makes, through cognito-idp's client over fetch.
//! The rest of the app sees `Api`'s methods and their results as values.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use cognito_idp::client::{Client, ClientError, Fetch};
use cognito_idp::json::Document;
use cognito_idp::types::*;
use cognito_idp::webauthn::RegistrationResponse;
use cognito_idp::ErrorCode;
use cognito_srp::device::{Device, DeviceChallenge};
use cognito_srp::Challenge;

use crate::clock;
use crate::config::{Config, FirstFactor};
use crate::session::{self, RememberedDevice, Session};

/// The Cognito user pool of js/config.js. Copy: the settings are read once
/// and live as long as the page.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    config: &'static Config,
}

/// Why a sign-in (or a refresh) did not give a session.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthError {
    Service(ClientError),
    /// The pool wants a step this app does not offer (MFA).
    Challenge(String),
    /// The SRP math refused the server's values.
    Srp(cognito_srp::Error),
    /// The service answered without tokens, or with tokens that are not
    /// JWTs with an expiry.
    Tokens,
    /// The passkey ceremony in the browser gave no credential.
    Passkey(webauthn_json::PasskeyError),
    /// The account cannot sign in this way (the service offered other
    /// choices: no passkey registered, say).
    Unavailable(FirstFactor),
}

/// Where a right password leads.
#[derive(Debug, Clone, PartialEq)]
pub enum SignIn {
    Done(Session),
    /// NEW_PASSWORD_REQUIRED: the password was an administrator's temporary
    /// one; a new password, and the attributes listed, finish signing in.
    NewPassword(NewPasswordStep),
    /// SOFTWARE_TOKEN_MFA or EMAIL_OTP: the code from the user's
    /// authenticator app, or the one just emailed, finishes signing in.
    Code(CodeStep),
    /// MFA_SETUP: the pool requires two-step sign-in and the user has none
    /// yet; an authenticator app is set up first.
    SetUp(CodeStep),
}

/// The second step of a two-step sign-in: whose, the service's session,
/// and where the code comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeStep {
    user: String,
    session: Option<String>,
    pub factor: Factor,
}

/// Where a two-step sign-in's code comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Factor {
    /// SOFTWARE_TOKEN_MFA: an authenticator app.
    App,
    /// EMAIL_OTP: an email just sent to `destination` (masked, as the
    /// service names it).
    Email { destination: String },
    /// EMAIL_OTP as the first factor: the emailed code stands in for the
    /// password.
    SignInEmail { destination: String },
}

impl Factor {
    /// The challenge, and the key its answer carries the code under.
    fn challenge(&self) -> (&'static str, &'static str) {
        match self {
            Factor::App => ("SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE"),
            Factor::Email { .. } | Factor::SignInEmail { .. } => ("EMAIL_OTP", "EMAIL_OTP_CODE"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewPasswordStep {
    user: String,
    session: Option<String>,
    /// The pool's required attributes the user has no value for (names
    /// without the `userAttributes.` prefix Cognito lists them with).
    pub required: Vec<String>,
}

/// A passkey of the user's, as the account page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Passkey {
    pub id: String,
    /// The service's name for it (the authenticator's kind, say).
    pub name: String,
    /// When it was added, in seconds since 1970.
    pub added: f64,
}

/// What the account page shows of the user (GetUser).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub email: String,
    pub email_verified: bool,
    /// Two-step sign-in with an authenticator app is on.
    pub two_step: bool,
}

/// Whether the service answered that the session's access token (or its
/// user) is no longer good: revoked, expired, the user disabled or deleted.
pub fn ends_session(error: &ClientError) -> bool {
    matches!(error, ClientError::Service(e)
        if matches!(e.code, ErrorCode::NotAuthorizedException | ErrorCode::UserNotFoundException)
            && (e.message.starts_with("Access Token")
                || e.message == "User is disabled."
                || e.message == "User does not exist."))
}

/// Only expired: a refresh gives a token the service takes again.
pub fn access_token_expired(error: &ClientError) -> bool {
    matches!(error, ClientError::Service(e) if e.message == "Access Token has expired")
}

/// The app client was found to rotate refresh tokens (REFRESH_TOKEN_AUTH
/// refused): later refreshes go straight to GetTokensFromRefreshToken.
static ROTATES: AtomicBool = AtomicBool::new(false);

/// How a remembered browser is named in the account's device list.
const DEVICE_NAME: &str = "Wild Rydes in a web browser";

/// The prefix of an attribute in the NEW_PASSWORD_REQUIRED challenge and
/// its answer (amazon-cognito-identity-js's
/// `getNewPasswordRequiredChallengeUserAttributePrefix`).
const ATTRIBUTE_PREFIX: &str = "userAttributes.";

impl Api {
    /// The settings stay for the page's life (one small allocation).
    pub fn new(config: Config) -> Api {
        Api {
            config: Box::leak(Box::new(config)),
        }
    }

    pub fn config(self) -> &'static Config {
        self.config
    }

    fn client(self) -> Client<Fetch> {
        match &self.config.endpoint {
            Some(endpoint) => Client::with_endpoint(endpoint, Fetch),
            None => Client::for_region(&self.config.region, Fetch),
        }
    }

    fn client_id(self) -> String {
        self.config.client_id.clone()
    }

    pub async fn sign_up(self, email: &str, password: &str) -> Result<(), ClientError> {
        self.client()
            .sign_up(&SignUpRequest {
                client_id: self.client_id(),
                username: email.to_string(),
                password: password.to_string(),
                user_attributes: vec![AttributeType::new("email", email)],
                client_metadata: None,
            })
            .await
            .map(drop)
    }

    pub async fn confirm(self, email: &str, code: &str) -> Result<(), ClientError> {
        self.client()
            .confirm_sign_up(&ConfirmSignUpRequest {
                client_id: self.client_id(),
                username: email.to_string(),
                confirmation_code: code.to_string(),
            })
            .await
            .map(drop)
    }

    pub async fn resend_code(self, email: &str) -> Result<CodeDeliveryDetails, ClientError> {
        let request = ResendConfirmationCodeRequest {
            client_id: self.client_id(),
            username: email.to_string(),
        };
        Ok(self
            .client()
            .resend_confirmation_code(&request)
            .await?
            .code_delivery_details)
    }

    /// ForgotPassword: a code to the user's verified email.
    pub async fn forgot_password(self, email: &str) -> Result<CodeDeliveryDetails, ClientError> {
        let request = ForgotPasswordRequest {
            client_id: self.client_id(),
            username: email.to_string(),
        };
        Ok(self
            .client()
            .forgot_password(&request)
            .await?
            .code_delivery_details)
    }

    /// ConfirmForgotPassword: the emailed code and the new password (one of
    /// the requests Cognito's API takes a password in).
    pub async fn confirm_forgot_password(
        self,
        email: &str,
        code: &str,
        password: &str,
    ) -> Result<(), ClientError> {
        self.client()
            .confirm_forgot_password(&ConfirmForgotPasswordRequest {
                client_id: self.client_id(),
                username: email.to_string(),
                confirmation_code: code.to_string(),
                password: password.to_string(),
            })
            .await
            .map(drop)
    }

    /// USER_SRP_AUTH: the password never leaves this function.
    pub async fn sign_in(self, email: &str, password: &str) -> Result<SignIn, AuthError> {
        let cognito = self.client();
        let srp = crate::srp::take().map_err(AuthError::Srp)?;
        let started = cognito
            .initiate_auth(&InitiateAuthRequest {
                auth_flow: "USER_SRP_AUTH".into(),
                client_id: self.client_id(),
                auth_parameters: BTreeMap::from([
                    ("USERNAME".into(), Some(email.to_string())),
                    ("SRP_A".into(), Some(srp.srp_a())),
                ]),
                client_metadata: Some(BTreeMap::new()),
            })
            .await
            .map_err(AuthError::Service)?;
        if started.challenge_name.as_deref() != Some("PASSWORD_VERIFIER") {
            return Err(AuthError::Challenge(
                started.challenge_name.unwrap_or_default(),
            ));
        }
        let params = &started.challenge_parameters;
        let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
        let user = param("USER_ID_FOR_SRP").to_string();
        let challenge = Challenge {
            srp_b: param("SRP_B"),
            salt: param("SALT"),
            secret_block: param("SECRET_BLOCK"),
            user_id_for_srp: &user,
        };
        let answer = crate::srp::answer(
            srp,
            &self.config.user_pool_id,
            password,
            &challenge,
            clock::now(),
        )
        .map_err(AuthError::Srp)?;
        let client_id = &self.config.client_id;
        // A device this browser remembers for the user goes with the claim
        // (as identity-js sends it), so that the pool can skip the code of
        // two-step sign-in for it.
        let mut device = session::device(client_id, &user);
        let claim = |device: Option<&RememberedDevice>| RespondToAuthChallengeRequest {
            challenge_name: "PASSWORD_VERIFIER".into(),
            client_id: self.client_id(),
            challenge_responses: claim_responses(
                &user,
                challenge.secret_block,
                &answer,
                device.map(|d| d.key.clone()),
            ),
            session: started.session.clone(),
            client_metadata: Some(BTreeMap::new()),
        };
        let responded = match cognito
            .respond_to_auth_challenge(&claim(device.as_ref()))
            .await
        {
            // The pool no longer knows the device (forgotten elsewhere):
            // forget it here too, and send the same claim without it (the
            // refusal did not spend the challenge), as identity-js does.
            Err(ClientError::Service(e))
                if device.is_some()
                    && e.code == ErrorCode::ResourceNotFoundException
                    && e.message.to_ascii_lowercase().contains("device") =>
            {
                session::forget_device(client_id, &user);
                device = None;
                cognito.respond_to_auth_challenge(&claim(None)).await
            }
            answer => answer,
        }
        .map_err(AuthError::Service)?;
        match (responded.challenge_name.as_deref(), device) {
            (Some("DEVICE_SRP_AUTH"), Some(device)) => {
                let responded = self.device_round(&user, &device, responded.session).await?;
                next_step(user, responded)
            }
            _ => next_step(user, responded),
        }
    }

    /// The ways this account can sign in without its password, as the
    /// service lists them (USER_AUTH with no preference answers
    /// SELECT_CHALLENGE and its AvailableChallenges). None where the app
    /// client does not take USER_AUTH, or the service cannot be reached.
    pub async fn first_factors(self, email: &str) -> Vec<FirstFactor> {
        let started = self.start_user_auth(email, None).await;
        let listed = started.ok().and_then(|s| s.available_challenges);
        listed
            .iter()
            .flatten()
            .filter_map(|name| FirstFactor::named(name))
            .collect()
    }

    /// Signs in without the password: with a passkey (the browser asks for
    /// it, then the service checks its signature), or by a code the
    /// service emails now (the step that takes it comes back).
    pub async fn sign_in_with(self, email: &str, factor: FirstFactor) -> Result<SignIn, AuthError> {
        let started = match self.start_user_auth(email, Some(factor)).await {
            // Refused outright rather than answered with other choices
            // (local-cognito names the challenge; what Cognito says here is
            // not documented, so SELECT_CHALLENGE below is read as well).
            Err(ClientError::Service(e))
                if e.code == ErrorCode::InvalidParameterException
                    && e.message.contains(factor.challenge()) =>
            {
                return Err(AuthError::Unavailable(factor))
            }
            started => started.map_err(AuthError::Service)?,
        };
        let param = |name: &str| started.challenge_parameters.get(name).cloned();
        let user = param("USERNAME").unwrap_or_else(|| email.to_string());
        match (factor, started.challenge_name.as_deref()) {
            (FirstFactor::Passkey, Some("WEB_AUTHN")) => {
                let options = param("CREDENTIAL_REQUEST_OPTIONS").unwrap_or_default();
                let credential = webauthn_json::get(&options)
                    .await
                    .map_err(AuthError::Passkey)?;
                let responded = self
                    .client()
                    .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
                        challenge_name: "WEB_AUTHN".into(),
                        client_id: self.client_id(),
                        challenge_responses: BTreeMap::from([
                            ("USERNAME".into(), Some(user.clone())),
                            ("CREDENTIAL".into(), Some(credential)),
                        ]),
                        session: started.session,
                        client_metadata: Some(BTreeMap::new()),
                    })
                    .await
                    .map_err(AuthError::Service)?;
                next_step(user, responded)
            }
            (FirstFactor::EmailCode, Some("EMAIL_OTP")) => Ok(SignIn::Code(CodeStep {
                factor: Factor::SignInEmail {
                    destination: param("CODE_DELIVERY_DESTINATION").unwrap_or_default(),
                },
                session: started.session,
                user,
            })),
            // The service offers other ways instead: this one is not set
            // up for the account.
            (_, Some("SELECT_CHALLENGE")) => Err(AuthError::Unavailable(factor)),
            _ => next_step(user, started),
        }
    }

    /// InitiateAuth with USER_AUTH, the choice-based sign-in.
    async fn start_user_auth(
        self,
        email: &str,
        preferred: Option<FirstFactor>,
    ) -> Result<AuthResponse, ClientError> {
        self.client()
            .initiate_auth(&InitiateAuthRequest {
                auth_flow: "USER_AUTH".into(),
                client_id: self.client_id(),
                auth_parameters: BTreeMap::from([
                    ("USERNAME".into(), Some(email.to_string())),
                    (
                        "PREFERRED_CHALLENGE".into(),
                        preferred.map(|f| f.challenge().to_string()),
                    ),
                ]),
                client_metadata: Some(BTreeMap::new()),
            })
            .await
    }

    /// A remembered device's round: DEVICE_SRP_AUTH with a new `A`, then the
    /// DEVICE_PASSWORD_VERIFIER claim from the device's random password.
    async fn device_round(
        self,
        user: &str,
        device: &RememberedDevice,
        session: Option<String>,
    ) -> Result<AuthResponse, AuthError> {
        let cognito = self.client();
        let srp = crate::srp::take().map_err(AuthError::Srp)?;
        let started = cognito
            .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
                challenge_name: "DEVICE_SRP_AUTH".into(),
                client_id: self.client_id(),
                challenge_responses: BTreeMap::from([
                    ("USERNAME".into(), Some(user.to_string())),
                    ("DEVICE_KEY".into(), Some(device.key.clone())),
                    ("SRP_A".into(), Some(srp.srp_a())),
                ]),
                session,
                client_metadata: Some(BTreeMap::new()),
            })
            .await
            .map_err(AuthError::Service)?;
        let params = &started.challenge_parameters;
        let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
        let challenge = DeviceChallenge {
            srp_b: param("SRP_B"),
            salt: param("SALT"),
            secret_block: param("SECRET_BLOCK"),
        };
        let keys = Device {
            group_key: &device.group_key,
            key: &device.key,
        };
        let answer =
            crate::srp::answer_device(srp, keys, &device.password, &challenge, clock::now())
                .map_err(AuthError::Srp)?;
        let answered = cognito
            .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
                challenge_name: "DEVICE_PASSWORD_VERIFIER".into(),
                client_id: self.client_id(),
                challenge_responses: claim_responses(
                    user,
                    challenge.secret_block,
                    &answer,
                    Some(device.key.clone()),
                ),
                session: started.session,
                client_metadata: Some(BTreeMap::new()),
            })
            .await;
        // A device whose claim is refused (its password lost, or it was
        // remembered anew elsewhere) is forgotten here: the next sign-in
        // asks for the code instead of failing again and again.
        if matches!(&answered, Err(e) if e.code() == Some(ErrorCode::NotAuthorizedException)) {
            session::forget_device(&self.config.client_id, user);
        }
        answered.map_err(AuthError::Service)
    }

    /// The NEW_PASSWORD_REQUIRED answer: the new password (one of the
    /// requests Cognito's API takes a password in) and the attributes the
    /// challenge listed, as (name, value).
    pub async fn set_first_password(
        self,
        step: &NewPasswordStep,
        password: &str,
        attributes: &[(String, String)],
    ) -> Result<SignIn, AuthError> {
        let mut responses = BTreeMap::from([
            ("USERNAME".into(), Some(step.user.clone())),
            ("NEW_PASSWORD".into(), Some(password.to_string())),
        ]);
        for (name, value) in attributes {
            responses.insert(format!("{ATTRIBUTE_PREFIX}{name}"), Some(value.clone()));
        }
        let responded = self
            .client()
            .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
                challenge_name: "NEW_PASSWORD_REQUIRED".into(),
                client_id: self.client_id(),
                challenge_responses: responses,
                session: step.session.clone(),
                client_metadata: Some(BTreeMap::new()),
            })
            .await
            .map_err(AuthError::Service)?;
        next_step(step.user.clone(), responded)
    }

    /// The SOFTWARE_TOKEN_MFA or EMAIL_OTP answer: the code.
    /// With the session, the device the pool would remember (if it tracks
    /// devices and this one is new).
    pub async fn answer_code(
        self,
        step: &CodeStep,
        code: &str,
    ) -> Result<(Session, Option<NewDeviceMetadata>), AuthError> {
        let (challenge, code_key) = step.factor.challenge();
        // A remembered device goes with the code too (as identity-js sends
        // it): the pool then goes on to the device's round instead of
        // naming a new device.
        let device = session::device(&self.config.client_id, &step.user);
        let mut responded = self
            .client()
            .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
                challenge_name: challenge.into(),
                client_id: self.client_id(),
                challenge_responses: BTreeMap::from([
                    ("USERNAME".into(), Some(step.user.clone())),
                    (code_key.into(), Some(code.to_string())),
                    ("DEVICE_KEY".into(), device.as_ref().map(|d| d.key.clone())),
                ]),
                session: step.session.clone(),
                client_metadata: Some(BTreeMap::new()),
            })
            .await
            .map_err(AuthError::Service)?;
        if let (Some("DEVICE_SRP_AUTH"), Some(device)) =
            (responded.challenge_name.as_deref(), &device)
        {
            responded = self
                .device_round(&step.user, device, responded.session)
                .await?;
        }
        let new_device = responded
            .authentication_result
            .as_ref()
            .and_then(|tokens| tokens.new_device_metadata.clone());
        Ok((signed_in(&step.user, responded)?, new_device))
    }

    /// Remembers this browser as `new`, the device a sign-in named:
    /// ConfirmDevice with a verifier made from a random password (which
    /// stays here), then UpdateDeviceStatus where the pool waits for the
    /// user's say, and the keys stored as identity-js stores them.
    pub async fn remember_device(
        self,
        session: &Session,
        new: &NewDeviceMetadata,
    ) -> Result<(), ClientError> {
        let keys = Device {
            group_key: &new.device_group_key,
            key: &new.device_key,
        };
        let srp_failed = |e: cognito_srp::Error| ClientError::Network(e.to_string());
        let password = cognito_srp::device::random_password().map_err(srp_failed)?;
        let config = cognito_srp::device::DeviceSecretVerifierConfig::generate(keys, &password)
            .map_err(srp_failed)?;
        let cognito = self.client();
        let confirmed = cognito
            .confirm_device(&ConfirmDeviceRequest {
                access_token: session.access_token.clone(),
                device_key: new.device_key.clone(),
                device_secret_verifier_config: Some(DeviceSecretVerifierConfig {
                    password_verifier: Some(config.password_verifier),
                    salt: Some(config.salt),
                }),
                device_name: Some(DEVICE_NAME.into()),
            })
            .await?;
        // Kept as soon as the pool has the verifier (as identity-js keeps
        // it): without the password the confirmed device could never sign in.
        let device = RememberedDevice {
            key: new.device_key.clone(),
            group_key: new.device_group_key.clone(),
            password,
        };
        session::save_device(&self.config.client_id, &session.user, &device);
        if confirmed.user_confirmation_necessary {
            cognito
                .update_device_status(&UpdateDeviceStatusRequest {
                    access_token: session.access_token.clone(),
                    device_key: new.device_key.clone(),
                    device_remembered_status: Some("remembered".into()),
                })
                .await?;
        }
        Ok(())
    }

    /// ListDevices: the user's remembered devices, as (key, name).
    pub async fn devices(self, session: &Session) -> Result<Vec<(String, String)>, ClientError> {
        let listed = self
            .client()
            .list_devices(&ListDevicesRequest {
                access_token: session.access_token.clone(),
                limit: Some(60),
                pagination_token: None,
            })
            .await?;
        Ok(listed
            .devices
            .into_iter()
            .map(|device| {
                let name = device
                    .device_attributes
                    .iter()
                    .find(|a| a.name == "device_name")
                    .map(|a| a.value.clone())
                    .unwrap_or_default();
                (device.device_key, name)
            })
            .collect())
    }

    /// ForgetDevice; this browser forgets its keys too if it was this one.
    pub async fn forget_device(self, session: &Session, key: &str) -> Result<(), ClientError> {
        let forgotten = self
            .client()
            .forget_device(&DeviceRequest {
                access_token: Some(session.access_token.clone()),
                device_key: key.to_string(),
            })
            .await
            .map(drop);
        // Forgotten now, or already: either way this browser stops using it.
        let gone = match &forgotten {
            Ok(()) => true,
            Err(e) => e.code() == Some(ErrorCode::ResourceNotFoundException),
        };
        let client_id = &self.config.client_id;
        if gone && session::device(client_id, &session.user).is_some_and(|d| d.key == key) {
            session::forget_device(client_id, &session.user);
        }
        forgotten
    }

    /// The user's passkeys (ListWebAuthnCredentials): (id, name, added at
    /// in seconds since 1970), oldest first.
    pub async fn passkeys(self, session: &Session) -> Result<Vec<Passkey>, ClientError> {
        let listed = self
            .client()
            .list_web_authn_credentials(&ListWebAuthnCredentialsRequest {
                access_token: session.access_token.clone(),
                next_token: None,
                max_results: None,
            })
            .await?;
        Ok(listed
            .credentials
            .into_iter()
            .map(|c| Passkey {
                id: c.credential_id,
                name: c.friendly_credential_name,
                added: c.created_at,
            })
            .collect())
    }

    /// A passkey's registration, first: the options for the browser, as
    /// WebAuthn's JSON (StartWebAuthnRegistration), passed on unread.
    pub async fn passkey_options(self, session: &Session) -> Result<String, ClientError> {
        let started = self
            .client()
            .start_web_authn_registration(&access(session))
            .await?;
        Ok(started.credential_creation_options.text().into())
    }

    /// Then: the browser's new credential, as WebAuthn's JSON, for the
    /// service to check and keep (CompleteWebAuthnRegistration).
    pub async fn add_passkey(
        self,
        session: &Session,
        credential: Document<RegistrationResponse>,
    ) -> Result<(), ClientError> {
        self.client()
            .complete_web_authn_registration(&CompleteWebAuthnRegistrationRequest {
                access_token: session.access_token.clone(),
                credential,
            })
            .await
            .map(drop)
    }

    pub async fn remove_passkey(self, session: &Session, id: &str) -> Result<(), ClientError> {
        self.client()
            .delete_web_authn_credential(&DeleteWebAuthnCredentialRequest {
                access_token: session.access_token.clone(),
                credential_id: id.to_string(),
            })
            .await
            .map(drop)
    }

    /// MFA_SETUP, first: the secret for the authenticator app, and the step
    /// with the session that goes on.
    pub async fn setup_secret(self, step: &CodeStep) -> Result<(String, CodeStep), ClientError> {
        let associated = self
            .client()
            .associate_software_token(&AssociateSoftwareTokenRequest {
                access_token: None,
                session: step.session.clone(),
            })
            .await?;
        let next = CodeStep {
            user: step.user.clone(),
            session: associated.session,
            factor: Factor::App,
        };
        Ok((associated.secret_code, next))
    }

    /// MFA_SETUP, then: the app's first code (VerifySoftwareToken with the
    /// session), and the challenge's answer, which signs in.
    pub async fn finish_setup(self, step: &CodeStep, code: &str) -> Result<Session, AuthError> {
        let cognito = self.client();
        let verified = cognito
            .verify_software_token(&VerifySoftwareTokenRequest {
                access_token: None,
                session: step.session.clone(),
                user_code: code.to_string(),
                friendly_device_name: None,
            })
            .await
            .map_err(AuthError::Service)?;
        let responded = cognito
            .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
                challenge_name: "MFA_SETUP".into(),
                client_id: self.client_id(),
                challenge_responses: BTreeMap::from([("USERNAME".into(), Some(step.user.clone()))]),
                session: verified.session,
                client_metadata: Some(BTreeMap::new()),
            })
            .await
            .map_err(AuthError::Service)?;
        signed_in(&step.user, responded)
    }

    /// AssociateSoftwareToken: a new secret for the user's authenticator app
    /// (base32), not in use until a code from it is verified.
    pub async fn totp_secret(self, session: &Session) -> Result<String, ClientError> {
        Ok(self
            .client()
            .associate_software_token(&AssociateSoftwareTokenRequest {
                access_token: Some(session.access_token.clone()),
                session: None,
            })
            .await?
            .secret_code)
    }

    /// VerifySoftwareToken with the app's first code, then
    /// SetUserMFAPreference: sign-in asks for a code from then on.
    pub async fn turn_on_two_step(self, session: &Session, code: &str) -> Result<(), ClientError> {
        self.client()
            .verify_software_token(&VerifySoftwareTokenRequest {
                access_token: Some(session.access_token.clone()),
                session: None,
                user_code: code.to_string(),
                friendly_device_name: None,
            })
            .await?;
        self.set_two_step(session, true).await
    }

    /// SetUserMFAPreference for the authenticator app: on (and preferred)
    /// or off.
    pub async fn set_two_step(self, session: &Session, on: bool) -> Result<(), ClientError> {
        self.client()
            .set_user_mfa_preference(&SetUserMfaPreferenceRequest {
                access_token: session.access_token.clone(),
                sms_mfa_settings: None,
                software_token_mfa_settings: Some(MfaSettings {
                    enabled: Some(on),
                    preferred_mfa: Some(on),
                }),
                email_mfa_settings: None,
            })
            .await
            .map(drop)
    }

    /// A renewed session. A client with refresh-token rotation renews with
    /// GetTokensFromRefreshToken, which also replaces the refresh token;
    /// any other keeps REFRESH_TOKEN_AUTH. config.js may say which; if it
    /// does not, a REFRESH_TOKEN_AUTH that the service refuses is tried
    /// again the other way (Cognito refuses that flow to a rotating client,
    /// and a token refused for any other reason is refused there too).
    pub async fn refresh(self, current: &Session) -> Result<Session, AuthError> {
        if !self.config.refresh_token_rotation && !ROTATES.load(Ordering::Relaxed) {
            match self.refresh_token_auth(current).await {
                Err(AuthError::Service(e))
                    if e.code() == Some(ErrorCode::InvalidParameterException) =>
                {
                    ROTATES.store(true, Ordering::Relaxed);
                }
                Err(AuthError::Service(e))
                    if e.code() == Some(ErrorCode::NotAuthorizedException) => {}
                renewed => return renewed,
            }
        }
        let response = self
            .client()
            .get_tokens_from_refresh_token(&GetTokensFromRefreshTokenRequest {
                refresh_token: current.refresh_token.clone(),
                client_id: self.client_id(),
                client_secret: None,
                device_key: self.device_key(current),
                client_metadata: None,
            })
            .await
            .map_err(AuthError::Service)?;
        session(
            &current.user,
            response.authentication_result,
            Some(&current.refresh_token),
        )
    }

    async fn refresh_token_auth(self, current: &Session) -> Result<Session, AuthError> {
        let response = self
            .client()
            .initiate_auth(&InitiateAuthRequest {
                auth_flow: "REFRESH_TOKEN_AUTH".into(),
                client_id: self.client_id(),
                auth_parameters: BTreeMap::from([
                    ("REFRESH_TOKEN".into(), Some(current.refresh_token.clone())),
                    ("DEVICE_KEY".into(), self.device_key(current)),
                ]),
                client_metadata: Some(BTreeMap::new()),
            })
            .await
            .map_err(AuthError::Service)?;
        let tokens = response.authentication_result.ok_or(AuthError::Tokens)?;
        session(&current.user, tokens, Some(&current.refresh_token))
    }

    /// GlobalSignOut: every refresh token of the user stops working. When
    /// the access token is no longer taken (it expired while the laptop
    /// slept), RevokeToken ends at least this browser's refresh token.
    pub async fn sign_out(self, session: &Session) -> Result<(), ClientError> {
        match self.sign_out_everywhere(session).await {
            Err(e) if e.code() == Some(ErrorCode::NotAuthorizedException) => self
                .client()
                .revoke_token(&RevokeTokenRequest {
                    token: session.refresh_token.clone(),
                    client_id: self.client_id(),
                })
                .await
                .map(drop),
            other => other,
        }
    }

    /// GlobalSignOut alone: the account page's "Sign out everywhere" says
    /// when it did not happen.
    pub async fn sign_out_everywhere(self, session: &Session) -> Result<(), ClientError> {
        self.client()
            .global_sign_out(&access(session))
            .await
            .map(drop)
    }

    /// GetUser: the email and whether it is verified.
    pub async fn profile(self, session: &Session) -> Result<Profile, ClientError> {
        let user = self.client().get_user(&access(session)).await?;
        let attribute = |name: &str| {
            user.user_attributes
                .iter()
                .find(|a| a.name == name)
                .map(|a| a.value.clone())
                .unwrap_or_default()
        };
        Ok(Profile {
            email: attribute("email"),
            email_verified: attribute("email_verified") == "true",
            two_step: user
                .user_mfa_setting_list
                .iter()
                .any(|m| m == "SOFTWARE_TOKEN_MFA"),
        })
    }

    /// ChangePassword: the current password and the new one (both go only
    /// here, as Cognito's API requires).
    pub async fn change_password(
        self,
        session: &Session,
        current: &str,
        new: &str,
    ) -> Result<(), ClientError> {
        self.client()
            .change_password(&ChangePasswordRequest {
                access_token: session.access_token.clone(),
                previous_password: current.to_string(),
                proposed_password: new.to_string(),
            })
            .await
            .map(drop)
    }

    /// UpdateUserAttributes with a new email, which is then unverified;
    /// true if a code went out to it (a pool that verifies email sends one).
    pub async fn change_email(self, session: &Session, email: &str) -> Result<bool, ClientError> {
        let answer = self
            .client()
            .update_user_attributes(&UpdateUserAttributesRequest {
                access_token: session.access_token.clone(),
                user_attributes: vec![AttributeType::new("email", email)],
            })
            .await?;
        Ok(!answer.code_delivery_details_list.is_empty())
    }

    /// GetUserAttributeVerificationCode: a new code for the email.
    pub async fn resend_email_code(
        self,
        session: &Session,
    ) -> Result<CodeDeliveryDetails, ClientError> {
        Ok(self
            .client()
            .get_user_attribute_verification_code(&GetUserAttributeVerificationCodeRequest {
                access_token: session.access_token.clone(),
                attribute_name: "email".into(),
            })
            .await?
            .code_delivery_details)
    }

    /// VerifyUserAttribute: the emailed code verifies the email.
    pub async fn verify_email(self, session: &Session, code: &str) -> Result<(), ClientError> {
        self.client()
            .verify_user_attribute(&VerifyUserAttributeRequest {
                access_token: session.access_token.clone(),
                attribute_name: "email".into(),
                code: code.to_string(),
            })
            .await
            .map(drop)
    }

    /// DeleteUser: the account is gone.
    pub async fn delete_account(self, session: &Session) -> Result<(), ClientError> {
        self.client().delete_user(&access(session)).await?;
        // The account is gone, and with it any reason to keep its device.
        session::forget_device(&self.config.client_id, &session.user);
        Ok(())
    }

    /// The key of the device this browser remembers for the session's user:
    /// refreshes name it, as identity-js's do (Cognito may refuse a refresh
    /// of a remembered device's tokens without it).
    fn device_key(self, current: &Session) -> Option<String> {
        session::device(&self.config.client_id, &current.user).map(|d| d.key)
    }
}

fn access(session: &Session) -> AccessTokenRequest {
    AccessTokenRequest {
        access_token: session.access_token.clone(),
    }
}

/// A claim's answer (PASSWORD_VERIFIER's, DEVICE_PASSWORD_VERIFIER's): the
/// secret block echoed, the time and signature, and the device if any.
fn claim_responses(
    user: &str,
    secret_block: &str,
    answer: &cognito_srp::ChallengeAnswer,
    device_key: Option<String>,
) -> BTreeMap<String, Option<String>> {
    BTreeMap::from([
        ("USERNAME".into(), Some(user.to_string())),
        (
            "PASSWORD_CLAIM_SECRET_BLOCK".into(),
            Some(secret_block.to_string()),
        ),
        ("TIMESTAMP".into(), Some(answer.timestamp.clone())),
        (
            "PASSWORD_CLAIM_SIGNATURE".into(),
            Some(answer.signature.clone()),
        ),
        ("DEVICE_KEY".into(), device_key),
    ])
}

/// Where a right password (or a new one) leads: tokens, or the next step.
fn next_step(user: String, responded: AuthResponse) -> Result<SignIn, AuthError> {
    let step = |session, factor| CodeStep {
        user: user.clone(),
        session,
        factor,
    };
    match (responded.authentication_result, responded.challenge_name) {
        (Some(tokens), _) => session(&user, tokens, None).map(SignIn::Done),
        (None, Some(name)) if name == "SOFTWARE_TOKEN_MFA" => {
            Ok(SignIn::Code(step(responded.session, Factor::App)))
        }
        (None, Some(name)) if name == "EMAIL_OTP" => {
            let destination = responded
                .challenge_parameters
                .get("CODE_DELIVERY_DESTINATION")
                .cloned()
                .unwrap_or_default();
            Ok(SignIn::Code(step(
                responded.session,
                Factor::Email { destination },
            )))
        }
        (None, Some(name)) if name == "MFA_SETUP" => {
            Ok(SignIn::SetUp(step(responded.session, Factor::App)))
        }
        (None, Some(name)) if name == "NEW_PASSWORD_REQUIRED" => {
            let listed = responded
                .challenge_parameters
                .get("requiredAttributes")
                .and_then(|list| cognito_idp::json::from_str::<Vec<String>>(list))
                .unwrap_or_default();
            Ok(SignIn::NewPassword(NewPasswordStep {
                session: responded.session,
                required: listed
                    .iter()
                    .map(|name| name.trim_start_matches(ATTRIBUTE_PREFIX).to_string())
                    .collect(),
                user,
            }))
        }
        (None, name) => Err(AuthError::Challenge(name.unwrap_or_default())),
    }
}

/// The tokens that end a sign-in's last step; any other challenge is one
/// this app does not offer.
fn signed_in(user: &str, responded: AuthResponse) -> Result<Session, AuthError> {
    match responded.authentication_result {
        Some(tokens) => session(user, tokens, None),
        None => Err(AuthError::Challenge(
            responded.challenge_name.unwrap_or_default(),
        )),
    }
}

/// The session of fresh tokens; a refresh answer may leave out the refresh
/// token, which then stays `kept`.
fn session(
    user: &str,
    tokens: AuthenticationResult,
    kept: Option<&str>,
) -> Result<Session, AuthError> {
    let refresh = tokens
        .refresh_token
        .or_else(|| kept.map(String::from))
        .unwrap_or_default();
    Session::new(
        user,
        &tokens.id_token,
        &tokens.access_token,
        &refresh,
        clock::now(),
    )
    .ok_or(AuthError::Tokens)
}
