//! A user's passkeys: StartWebAuthnRegistration (the options for
//! `navigator.credentials.create()`, with a challenge kept 5 minutes),
//! CompleteWebAuthnRegistration (the credential checked by `webauthn` and
//! kept), ListWebAuthnCredentials and DeleteWebAuthnCredential. A pool
//! registers passkeys where it allows them to sign in (WEB_AUTHN among its
//! AllowedFirstAuthFactors) and has a relying party ID
//! (SetUserPoolMfaConfig's WebAuthnConfiguration): Cognito would fall
//! back on the pool's domain, and local-cognito has none.

use cognito_idp::json::Document;
use cognito_idp::op;
use cognito_idp::types::{
    AccessTokenRequest, CompleteWebAuthnRegistrationRequest, DeleteWebAuthnCredentialRequest,
    Empty, ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse,
    StartWebAuthnRegistrationResponse, WebAuthnCredentialDescription,
};
use cognito_idp::webauthn::{
    AuthenticatorSelection, CredentialCreationOptions, CredentialDescriptor, CredentialParameters,
    RegistrationResponse, RelyingParty, UserEntity, ES256, PUBLIC_KEY, RS256,
};
use cognito_idp::ErrorCode;

use super::page::Page;
use crate::context::{Ctx, Handler, Serve};
use crate::error::{ApiError, ApiResult};
use crate::model::{
    AuthFactor, Passkey, PasskeyCeremony, PasskeyChallenge, Pool, User, UserVerification,
};
use crate::server::Server;
use crate::tokens::{check_access_token, check_access_token_of_client};
use crate::validate::{check_len, check_range};
use crate::webauthn::{self, Expected, Refusal, Registration, MAX_CREDENTIAL_ID_BYTES};

/// How long a registration's challenge waits for its answer, and the
/// timeout the browser is given (milliseconds): 5 minutes.
const REGISTRATION_CHALLENGE_SECS: i64 = 300;
/// Random bytes of a challenge (WebAuthn asks at least 16).
const CHALLENGE_BYTES: usize = 32;
/// Passkeys a user may have, as on Cognito.
const MAX_PASSKEYS: usize = 20;
/// ListWebAuthnCredentials' MaxResults: up to 20 (also the default).
const MAX_RESULTS: u32 = 20;
/// Transports kept of a credential, and the names WebAuthn defines (an
/// unknown one is ignored, as WebAuthn asks).
const MAX_TRANSPORTS: usize = 8;
const TRANSPORTS: [&str; 6] = ["usb", "nfc", "ble", "smart-card", "hybrid", "internal"];

/// The pool's RP ID, or Cognito's refusal when it has none.
pub(super) fn relying_party(pool: &Pool) -> ApiResult<&str> {
    pool.relying_party_id().ok_or_else(|| {
        ApiError::new(
            ErrorCode::WebAuthnConfigurationMissingException,
            "The user pool does not have a relying party ID configured for WebAuthn.",
        )
    })
}

/// The pool's RP ID, where it registers passkeys: it must allow them to
/// sign in, and have an RP ID.
fn registration_relying_party(pool: &Pool) -> ApiResult<&str> {
    if !pool.first_auth_factors().contains(&AuthFactor::WebAuthn) {
        return Err(ApiError::new(
            ErrorCode::WebAuthnNotEnabledException,
            "Passkeys are not enabled for this user pool.",
        ));
    }
    relying_party(pool)
}

/// A new random challenge, base64url: a user's challenge for `user` and
/// `client_id`, living until `expires`.
pub(super) fn new_challenge(
    pool: &Pool,
    user: &User,
    client_id: &str,
    expires: i64,
) -> PasskeyChallenge {
    PasskeyChallenge {
        challenge: webauthn::to_base64url(&crate::random::bytes(CHALLENGE_BYTES)),
        pool_id: pool.id.clone(),
        client_id: client_id.to_string(),
        username: user.username.clone(),
        expires,
    }
}

pub(super) fn challenge_not_found() -> ApiError {
    ApiError::new(
        ErrorCode::WebAuthnChallengeNotFoundException,
        "The WebAuthn challenge was not found or has expired.",
    )
}

/// What a ceremony of this pool must match.
pub(super) fn expected<'a>(
    pool: &Pool,
    relying_party_id: &'a str,
    challenge: &'a str,
) -> Expected<'a> {
    Expected {
        challenge,
        relying_party_id,
        user_verification_required: pool.user_verification() == UserVerification::Required,
    }
}

/// A user's passkeys as WebAuthn's descriptors (excludeCredentials,
/// allowCredentials).
pub(super) fn descriptors(passkeys: &[Passkey]) -> Vec<CredentialDescriptor> {
    passkeys
        .iter()
        .map(|passkey| CredentialDescriptor {
            credential_type: PUBLIC_KEY.into(),
            id: passkey.credential_id.clone(),
            transports: Some(passkey.transports.clone()).filter(|t| !t.is_empty()),
        })
        .collect()
}

/// Cognito's answer to a credential or assertion `webauthn` refused, in
/// `ceremony` (the messages are guesses: Cognito's are not documented). At
/// sign-in, what only the passkey's owner could have made right (its
/// signature, its counter) reads as a sign-in that failed.
pub(super) fn refused(refusal: Refusal, ceremony: PasskeyCeremony) -> ApiError {
    let sign_in = ceremony == PasskeyCeremony::SignIn;
    match refusal {
        Refusal::ChallengeMismatch => challenge_not_found(),
        Refusal::OriginNotAllowed => ApiError::new(
            ErrorCode::WebAuthnOriginNotAllowedException,
            "The origin of the credential is not allowed for the user pool's relying party.",
        ),
        Refusal::RelyingPartyMismatch => ApiError::new(
            ErrorCode::WebAuthnRelyingPartyMismatchException,
            "The credential's relying party does not match the user pool's relying party ID.",
        ),
        Refusal::UserNotVerified => ApiError::new(
            ErrorCode::WebAuthnCredentialNotSupportedException,
            "The user pool requires user verification, and the credential did not verify the user.",
        ),
        Refusal::NotSupported(what) => ApiError::new(
            ErrorCode::WebAuthnCredentialNotSupportedException,
            format!("The credential is not supported: {what}."),
        ),
        Refusal::BadSignature | Refusal::CounterNotIncreased if sign_in => ApiError::new(
            ErrorCode::NotAuthorizedException,
            "The passkey could not be verified.",
        ),
        Refusal::UserNotPresent => {
            ApiError::invalid("Invalid credential: the user was not present.")
        }
        Refusal::WrongCeremony => ApiError::invalid("Invalid credential: clientDataJSON.type."),
        Refusal::BadSignature => ApiError::invalid("Invalid credential: attestation signature."),
        Refusal::Malformed(what) => ApiError::invalid(format!("Invalid credential: {what}.")),
        // A new credential has no counter to go back on.
        Refusal::CounterNotIncreased => ApiError::invalid("Invalid credential."),
    }
}

fn too_many_passkeys() -> ApiError {
    ApiError::new(
        ErrorCode::LimitExceededException,
        format!("A user can register at most {MAX_PASSKEYS} passkeys."),
    )
}

/// The name the user signs in with: the email where it is the username.
fn sign_in_name(pool: &Pool, user: &User) -> String {
    match user.email() {
        Some(email) if pool.email_is_username() => email.to_string(),
        _ => user.username.clone(),
    }
}

impl Handler for op::StartWebAuthnRegistration {
    fn handle(
        ctx: &Ctx<'_>,
        req: AccessTokenRequest,
    ) -> ApiResult<StartWebAuthnRegistrationResponse> {
        let (pool, user, client_id) = check_access_token_of_client(ctx, &req.access_token)?;
        let relying_party_id = registration_relying_party(&pool)?.to_string();
        let passkeys = ctx.db.passkeys(&pool.id, &user.username)?;
        if passkeys.len() >= MAX_PASSKEYS {
            return Err(too_many_passkeys());
        }
        let pending = new_challenge(
            &pool,
            &user,
            &client_id,
            ctx.now.saturating_add(REGISTRATION_CHALLENGE_SECS),
        );
        ctx.db.put_registration_challenge(&pending)?;
        let challenge = pending.challenge;
        let name = sign_in_name(&pool, &user);
        let options = CredentialCreationOptions {
            challenge,
            rp: RelyingParty {
                name: relying_party_id.clone(),
                id: relying_party_id,
            },
            // The user handle an assertion gives back: the user's sub.
            user: UserEntity {
                id: webauthn::to_base64url(user.sub().as_bytes()),
                display_name: name.clone(),
                name,
            },
            pub_key_cred_params: [ES256, RS256]
                .into_iter()
                .map(|alg| CredentialParameters {
                    credential_type: PUBLIC_KEY.into(),
                    alg,
                })
                .collect(),
            timeout: Some(REGISTRATION_CHALLENGE_SECS as u64 * 1000),
            exclude_credentials: descriptors(&passkeys),
            authenticator_selection: Some(AuthenticatorSelection {
                resident_key: "required".into(),
                require_resident_key: Some(true),
                user_verification: pool.user_verification().as_str().into(),
            }),
            attestation: Some("none".into()),
        };
        Ok(StartWebAuthnRegistrationResponse {
            credential_creation_options: Document::of(&options)
                .ok_or_else(|| ApiError::internal("the creation options have no JSON"))?,
        })
    }
}

/// Registers the credential. It is read, and its attestation checked,
/// before the transaction (CBOR and a signature: no lock is held over
/// them); in it, the challenge is spent whatever the outcome (a refusal
/// keeps the taking): a new registration starts again. A credential that
/// is not a RegistrationResponseJSON at all is refused before, as a
/// request of the wrong shape is: the challenge stays.
impl Serve for op::CompleteWebAuthnRegistration {
    fn serve(server: &Server, req: CompleteWebAuthnRegistrationRequest) -> ApiResult<Empty> {
        let credential = req.credential.read().ok_or_else(|| {
            ApiError::invalid("Invalid credential: not a RegistrationResponseJSON.")
        })?;
        let read = webauthn::read_registration(&credential);
        Ctx::write(server, server.now(), |ctx| {
            complete_registration(ctx, &req.access_token, &credential, read)
        })
    }
}

fn complete_registration(
    ctx: &Ctx<'_>,
    access_token: &str,
    credential: &RegistrationResponse,
    read: Result<Registration, Refusal>,
) -> ApiResult<Empty> {
    let (pool, user, client_id) = check_access_token_of_client(ctx, access_token)?;
    let relying_party_id = registration_relying_party(&pool)?;
    let pending = ctx
        .db
        .take_registration_challenge(&pool.id, &user.username, ctx.now)?
        .ok_or_else(challenge_not_found)?;
    if pending.client_id != client_id {
        return Err(ApiError::new(
                ErrorCode::WebAuthnClientMismatchException,
                "The access token is for a different client than the one that started the registration.",
            )
            .keeping_writes());
    }
    let verified = read
        .and_then(|registration| {
            registration.check(&expected(&pool, relying_party_id, &pending.challenge))
        })
        .map_err(|refusal| refused(refusal, PasskeyCeremony::Registration).keeping_writes())?;
    let credential_id = webauthn::to_base64url(&verified.id);
    if ctx.db.passkey(&pool.id, &credential_id)?.is_some() {
        return Err(ApiError::invalid("The credential is already registered.").keeping_writes());
    }
    if ctx.db.passkeys(&pool.id, &user.username)?.len() >= MAX_PASSKEYS {
        return Err(too_many_passkeys().keeping_writes());
    }
    let transports: Vec<String> = credential
        .response
        .transports
        .iter()
        .flatten()
        .filter(|name| TRANSPORTS.contains(&name.as_str()))
        .take(MAX_TRANSPORTS)
        .cloned()
        .collect();
    let attachment = credential
        .authenticator_attachment
        .clone()
        .filter(|a| a == "platform" || a == "cross-platform");
    ctx.db.insert_passkey(&Passkey {
        pool_id: pool.id.clone(),
        username: user.username.clone(),
        credential_id,
        public_key: verified.public_key,
        sign_count: verified.sign_count,
        transports,
        friendly_name: friendly_name(attachment.as_deref()).into(),
        attachment,
        relying_party_id: relying_party_id.to_string(),
        created: ctx.now,
    })?;
    Ok(Empty {})
}

/// The name Cognito gives a passkey: "Roaming passkey" for a
/// cross-platform one (the AWS CLI reference's example); the others are
/// guesses.
fn friendly_name(attachment: Option<&str>) -> &'static str {
    match attachment {
        Some("cross-platform") => "Roaming passkey",
        Some("platform") => "Platform passkey",
        _ => "Passkey",
    }
}

impl Handler for op::ListWebAuthnCredentials {
    fn handle(
        ctx: &Ctx<'_>,
        req: ListWebAuthnCredentialsRequest,
    ) -> ApiResult<ListWebAuthnCredentialsResponse> {
        let (pool, user) = check_access_token(ctx, &req.access_token)?;
        let limit = req.max_results.unwrap_or(MAX_RESULTS);
        check_range("MaxResults", limit.into(), 1, MAX_RESULTS.into())?;
        let page = Page::read("maxResults", req.next_token.as_deref(), Some(limit))?;
        let passkeys = ctx.db.passkeys(&pool.id, &user.username)?;
        Ok(ListWebAuthnCredentialsResponse {
            next_token: page.next_token(passkeys.len()),
            credentials: page.of(passkeys).map(description).collect(),
        })
    }
}

fn description(passkey: Passkey) -> WebAuthnCredentialDescription {
    WebAuthnCredentialDescription {
        credential_id: passkey.credential_id,
        friendly_credential_name: passkey.friendly_name,
        relying_party_id: passkey.relying_party_id,
        authenticator_attachment: passkey.attachment,
        authenticator_transports: passkey.transports,
        created_at: passkey.created as f64,
    }
}

impl Handler for op::DeleteWebAuthnCredential {
    fn handle(ctx: &Ctx<'_>, req: DeleteWebAuthnCredentialRequest) -> ApiResult<Empty> {
        let (pool, user) = check_access_token(ctx, &req.access_token)?;
        check_len(
            "CredentialId",
            &req.credential_id,
            1,
            MAX_CREDENTIAL_ID_BYTES.div_ceil(3) * 4,
        )?;
        // Another user's passkey is not found either.
        ctx.db
            .passkey(&pool.id, &req.credential_id)?
            .filter(|passkey| passkey.username == user.username)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::ResourceNotFoundException,
                    "Credential not found.",
                )
            })?;
        ctx.db.delete_passkey(&pool.id, &req.credential_id)?;
        Ok(Empty {})
    }
}
