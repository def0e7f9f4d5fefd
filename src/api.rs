//! Every request the app makes, through cognito-idp's client over fetch.
//! The rest of the app sees `Api`'s methods and their results as values.

use std::collections::BTreeMap;

use cognito_idp::client::{Client, ClientError, Fetch};
use cognito_idp::types::*;
use cognito_srp::Challenge;

use crate::clock;
use crate::config::Config;
use crate::session::Session;

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
    /// The pool wants a step this app does not offer (a new password, MFA).
    Challenge(String),
    /// The SRP math refused the server's values.
    Srp(cognito_srp::Error),
    /// The service answered without tokens, or with tokens that are not
    /// JWTs with an expiry.
    Tokens,
}

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
    pub async fn sign_in(self, email: &str, password: &str) -> Result<Session, AuthError> {
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
        let responded = cognito
            .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
                challenge_name: "PASSWORD_VERIFIER".into(),
                client_id: self.client_id(),
                challenge_responses: BTreeMap::from([
                    ("USERNAME".into(), Some(user.clone())),
                    (
                        "PASSWORD_CLAIM_SECRET_BLOCK".into(),
                        Some(challenge.secret_block.to_string()),
                    ),
                    ("TIMESTAMP".into(), Some(answer.timestamp)),
                    ("PASSWORD_CLAIM_SIGNATURE".into(), Some(answer.signature)),
                ]),
                session: started.session,
                client_metadata: Some(BTreeMap::new()),
            })
            .await
            .map_err(AuthError::Service)?;
        match responded.authentication_result {
            Some(tokens) => session(&user, tokens, None),
            None => Err(AuthError::Challenge(
                responded.challenge_name.unwrap_or_default(),
            )),
        }
    }

    /// REFRESH_TOKEN_AUTH: the session with new ID and access tokens.
    pub async fn refresh(self, current: &Session) -> Result<Session, AuthError> {
        let response = self
            .client()
            .initiate_auth(&InitiateAuthRequest {
                auth_flow: "REFRESH_TOKEN_AUTH".into(),
                client_id: self.client_id(),
                auth_parameters: BTreeMap::from([
                    ("REFRESH_TOKEN".into(), Some(current.refresh_token.clone())),
                    ("DEVICE_KEY".into(), None),
                ]),
                client_metadata: Some(BTreeMap::new()),
            })
            .await
            .map_err(AuthError::Service)?;
        let tokens = response.authentication_result.ok_or(AuthError::Tokens)?;
        session(&current.user, tokens, Some(&current.refresh_token))
    }

    /// GlobalSignOut: every refresh token of the user stops working.
    pub async fn sign_out(self, session: &Session) -> Result<(), ClientError> {
        self.client()
            .global_sign_out(&AccessTokenRequest {
                access_token: session.access_token.clone(),
            })
            .await
            .map(drop)
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
