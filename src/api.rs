//! Every request the app makes, through cognito-idp's client over fetch.

use std::collections::BTreeMap;

use cognito_idp::client::{Client, ClientError, Fetch};
use cognito_idp::types::*;
use cognito_srp::Challenge;

use crate::config::Config;
use crate::session::Session;

fn client(config: &Config) -> Client<Fetch> {
    match &config.endpoint {
        Some(endpoint) => Client::with_endpoint(endpoint, Fetch),
        None => Client::for_region(&config.region, Fetch),
    }
}

/// The client's clock, Unix seconds.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

pub async fn sign_up(
    config: &Config,
    email: &str,
    password: &str,
) -> Result<SignUpResponse, ClientError> {
    client(config)
        .sign_up(&SignUpRequest {
            client_id: config.client_id.clone(),
            username: email.to_string(),
            password: password.to_string(),
            user_attributes: vec![AttributeType::new("email", email)],
            client_metadata: None,
        })
        .await
}

pub async fn confirm(config: &Config, email: &str, code: &str) -> Result<(), ClientError> {
    client(config)
        .confirm_sign_up(&ConfirmSignUpRequest {
            client_id: config.client_id.clone(),
            username: email.to_string(),
            confirmation_code: code.to_string(),
        })
        .await
        .map(drop)
}

pub async fn resend_code(config: &Config, email: &str) -> Result<CodeDeliveryDetails, ClientError> {
    let request = ResendConfirmationCodeRequest {
        client_id: config.client_id.clone(),
        username: email.to_string(),
    };
    Ok(client(config)
        .resend_confirmation_code(&request)
        .await?
        .code_delivery_details)
}

/// Why a sign-in did not give a session.
#[derive(Debug, Clone, PartialEq)]
pub enum SignInError {
    Service(ClientError),
    /// The pool wants a step this app does not offer (a new password, MFA).
    Challenge(String),
    /// The SRP math refused the server's values.
    Srp(String),
}

/// USER_SRP_AUTH: the password never leaves this function.
pub async fn sign_in(config: &Config, email: &str, password: &str) -> Result<Session, SignInError> {
    let cognito = client(config);
    let srp = crate::srp::take().map_err(|e| SignInError::Srp(e.to_string()))?;
    let started = cognito
        .initiate_auth(&InitiateAuthRequest {
            auth_flow: "USER_SRP_AUTH".into(),
            client_id: config.client_id.clone(),
            auth_parameters: BTreeMap::from([
                ("USERNAME".into(), Some(email.to_string())),
                ("SRP_A".into(), Some(srp.srp_a())),
            ]),
            client_metadata: Some(BTreeMap::new()),
        })
        .await
        .map_err(SignInError::Service)?;
    if started.challenge_name.as_deref() != Some("PASSWORD_VERIFIER") {
        return Err(SignInError::Challenge(
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
    let answer = crate::timing::srp(|| {
        srp.answer(
            &config.user_pool_id,
            password,
            &challenge,
            now().max(0) as u64,
        )
    })
    .map_err(|e| SignInError::Srp(e.to_string()))?;
    crate::timing::signed();
    let responded = cognito
        .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
            challenge_name: "PASSWORD_VERIFIER".into(),
            client_id: config.client_id.clone(),
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
        .map_err(SignInError::Service)?;
    let Some(tokens) = responded.authentication_result else {
        return Err(SignInError::Challenge(
            responded.challenge_name.unwrap_or_default(),
        ));
    };
    let refresh = tokens.refresh_token.unwrap_or_default();
    Session::new(
        &user,
        &tokens.id_token,
        &tokens.access_token,
        &refresh,
        now(),
    )
    .ok_or_else(|| SignInError::Srp("the tokens could not be read".into()))
}

/// REFRESH_TOKEN_AUTH: a session with new ID and access tokens.
pub async fn refresh(config: &Config, session: &Session) -> Result<Session, ClientError> {
    let response = client(config)
        .initiate_auth(&InitiateAuthRequest {
            auth_flow: "REFRESH_TOKEN_AUTH".into(),
            client_id: config.client_id.clone(),
            auth_parameters: BTreeMap::from([
                ("REFRESH_TOKEN".into(), Some(session.refresh_token.clone())),
                ("DEVICE_KEY".into(), None),
            ]),
            client_metadata: Some(BTreeMap::new()),
        })
        .await?;
    let tokens = response
        .authentication_result
        .ok_or_else(|| ClientError::Unexpected {
            status: 200,
            body: "no tokens in the refresh answer".into(),
        })?;
    let refresh = tokens
        .refresh_token
        .unwrap_or_else(|| session.refresh_token.clone());
    Session::new(
        &session.user,
        &tokens.id_token,
        &tokens.access_token,
        &refresh,
        now(),
    )
    .ok_or(ClientError::Unexpected {
        status: 200,
        body: "unreadable tokens".into(),
    })
}

pub async fn sign_out(config: &Config, session: &Session) -> Result<(), ClientError> {
    client(config)
        .global_sign_out(&AccessTokenRequest {
            access_token: session.access_token.clone(),
        })
        .await
        .map(drop)
}
