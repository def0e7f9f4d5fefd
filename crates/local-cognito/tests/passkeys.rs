//! Passkeys over real HTTP, with a software authenticator that makes real
//! attestation objects and assertions (support/authenticator.rs):
//! StartWebAuthnRegistration's options, CompleteWebAuthnRegistration and
//! what it refuses (a credential that is no RegistrationResponseJSON,
//! wrong origin, RP ID hash, challenge, client, a credential registered
//! twice, user verification the pool requires, a bad self-attestation,
//! keys that could never verify, a pool that does not allow passkeys), ListWebAuthnCredentials, DeleteWebAuthnCredential,
//! RS256 as well as ES256, and the pool's WebAuthnConfiguration; then
//! sign-in with USER_AUTH's WEB_AUTHN: each session's own challenge, the
//! lock, a passkey of an earlier RP ID.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use ciborium::Value as Cbor;
use serde_json::{json, Value};
use support::authenticator::{b64, cbor, Authenticator};
use support::*;

/// A confirmed user of the default pool, signed in: the access token.
async fn signed_in(local: &Local, email: &str) -> Value {
    local.confirmed_user(email).await;
    local.tokens(email, PASSWORD).await["AccessToken"].clone()
}

async fn start_registration(local: &Local, access: &Value) -> Result<Value, Fault> {
    local
        .call("StartWebAuthnRegistration", json!({"AccessToken": access}))
        .await
        .map(|started| started["CredentialCreationOptions"].clone())
}

async fn complete(local: &Local, access: &Value, credential: Value) -> Result<Value, Fault> {
    local
        .call(
            "CompleteWebAuthnRegistration",
            json!({"AccessToken": access, "Credential": credential}),
        )
        .await
}

/// Start, the authenticator's answer, complete.
async fn register(
    local: &Local,
    access: &Value,
    authenticator: &Authenticator,
) -> Result<Value, Fault> {
    let options = start_registration(local, access).await?;
    complete(local, access, authenticator.register(&options)).await
}

async fn list(local: &Local, access: &Value) -> Vec<Value> {
    local
        .call("ListWebAuthnCredentials", json!({"AccessToken": access}))
        .await
        .unwrap()["Credentials"]
        .as_array()
        .unwrap()
        .clone()
}

fn refused(kind: &str) -> impl Fn(Result<Value, Fault>) {
    let kind = kind.to_string();
    move |result| assert_eq!(result.unwrap_err().0, kind, "expected {kind}")
}

#[tokio::test]
async fn a_passkey_is_registered_listed_and_deleted() {
    let local = start().await;
    let access = signed_in(&local, "keyed@example.com").await;
    let options = start_registration(&local, &access).await.unwrap();
    // The options the browser is given: the pool's relying party, the
    // user's sub as the handle, ES256 and RS256, a resident key.
    assert_eq!(
        options["rp"],
        json!({"id": "localhost", "name": "localhost"})
    );
    let sub = claims(access.as_str().unwrap())["sub"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(options["user"]["id"], json!(b64(sub.as_bytes())));
    assert_eq!(options["user"]["name"], "keyed@example.com");
    assert_eq!(
        options["pubKeyCredParams"],
        json!([{"type": "public-key", "alg": -7}, {"type": "public-key", "alg": -257}])
    );
    assert_eq!(options["timeout"], 300_000);
    assert_eq!(options["excludeCredentials"], json!([]));
    assert_eq!(
        options["authenticatorSelection"],
        json!({"residentKey": "required", "requireResidentKey": true, "userVerification": "preferred"})
    );
    assert_eq!(options["challenge"].as_str().unwrap().len(), 43);

    let authenticator = Authenticator::es256();
    assert_eq!(
        complete(&local, &access, authenticator.register(&options)).await,
        Ok(json!({}))
    );
    let listed = list(&local, &access).await;
    let now = local.now().await as f64;
    assert_eq!(listed.len(), 1);
    assert!((now - listed[0]["CreatedAt"].as_f64().unwrap()).abs() < 5.0);
    assert_eq!(
        listed[0],
        json!({"CredentialId": authenticator.id(), "FriendlyCredentialName": "Platform passkey",
            "RelyingPartyId": "localhost", "AuthenticatorAttachment": "platform",
            "AuthenticatorTransports": ["internal", "hybrid"], "CreatedAt": listed[0]["CreatedAt"]})
    );
    // The next registration's options exclude it.
    let again = start_registration(&local, &access).await.unwrap();
    assert_eq!(
        again["excludeCredentials"],
        json!([{"type": "public-key", "id": authenticator.id(), "transports": ["internal", "hybrid"]}])
    );
    // The same credential again is refused.
    refused("InvalidParameterException")(
        complete(&local, &access, authenticator.register(&again)).await,
    );

    // Another user cannot delete it; its owner can.
    let other = signed_in(&local, "other@example.com").await;
    let delete =
        |access: &Value| json!({"AccessToken": access, "CredentialId": authenticator.id()});
    assert_eq!(
        local.call("DeleteWebAuthnCredential", delete(&other)).await,
        Err(fault("ResourceNotFoundException", "Credential not found."))
    );
    assert_eq!(
        local
            .call("DeleteWebAuthnCredential", delete(&access))
            .await,
        Ok(json!({}))
    );
    assert!(list(&local, &access).await.is_empty());
    refused("ResourceNotFoundException")(
        local
            .call("DeleteWebAuthnCredential", delete(&access))
            .await,
    );
    // Now it may be registered again, and by the other user too.
    register(&local, &other, &authenticator).await.unwrap();
    assert_eq!(list(&local, &other).await.len(), 1);
}

#[tokio::test]
async fn registrations_are_checked_for_real() {
    let local = start().await;
    let access = signed_in(&local, "checked@example.com").await;

    // A page of another site.
    let mut elsewhere = Authenticator::es256();
    elsewhere.origin = "https://evil.example".into();
    refused("WebAuthnOriginNotAllowedException")(register(&local, &access, &elsewhere).await);
    // Plain http beyond localhost.
    elsewhere.origin = "http://localhost.evil.example".into();
    refused("WebAuthnOriginNotAllowedException")(register(&local, &access, &elsewhere).await);

    // A credential scoped to another relying party.
    let mut other_rp = Authenticator::es256();
    other_rp.rp_id_hashed = Some("example.com".into());
    refused("WebAuthnRelyingPartyMismatchException")(register(&local, &access, &other_rp).await);

    // Without user presence.
    let mut absent = Authenticator::es256();
    absent.user_present = false;
    refused("InvalidParameterException")(register(&local, &access, &absent).await);

    // A challenge that is not the one given, then one answered twice.
    let authenticator = Authenticator::es256();
    let mut options = start_registration(&local, &access).await.unwrap();
    let given = options["challenge"].clone();
    options["challenge"] = json!(b64(&[7u8; 32]));
    refused("WebAuthnChallengeNotFoundException")(
        complete(&local, &access, authenticator.register(&options)).await,
    );
    // The refusal spent the challenge given.
    options["challenge"] = given;
    refused("WebAuthnChallengeNotFoundException")(
        complete(&local, &access, authenticator.register(&options)).await,
    );
    let options = start_registration(&local, &access).await.unwrap();
    let answer = authenticator.register(&options);
    complete(&local, &access, answer.clone()).await.unwrap();
    refused("WebAuthnChallengeNotFoundException")(complete(&local, &access, answer).await);

    // A challenge past its 5 minutes.
    let late = Authenticator::es256();
    let options = start_registration(&local, &access).await.unwrap();
    local.advance(301).await;
    refused("WebAuthnChallengeNotFoundException")(
        complete(&local, &access, late.register(&options)).await,
    );

    // A packed self-attestation whose signature was tampered with.
    let mut packed = Authenticator::es256();
    packed.packed = true;
    packed.tampered = true;
    refused("InvalidParameterException")(register(&local, &access, &packed).await);
    packed.tampered = false;
    // Untampered, it registers.
    register(&local, &access, &packed).await.unwrap();

    // ids that disagree with the attested credential, and garbage.
    let odd = Authenticator::es256();
    let options = start_registration(&local, &access).await.unwrap();
    let mut answer = odd.register(&options);
    answer["id"] = json!(b64(b"another"));
    answer["rawId"] = json!(b64(b"another"));
    refused("InvalidParameterException")(complete(&local, &access, answer).await);
    let options = start_registration(&local, &access).await.unwrap();
    let mut answer = odd.register(&options);
    answer["response"]["attestationObject"] = json!("not base64!");
    refused("InvalidParameterException")(complete(&local, &access, answer).await);
    refused("InvalidParameterException")(complete(&local, &access, json!({"id": "AA"})).await);
    assert_eq!(list(&local, &access).await.len(), 2);
}

/// The options and the credential are JSON documents: objects on the wire,
/// not strings holding them. A credential of another shape (its JSON in a
/// string, too) is refused before the challenge is taken; fields a later
/// WebAuthn adds are carried and ignored.
#[tokio::test]
async fn the_documents_are_json_values_and_a_misshapen_credential_spends_nothing() {
    let local = start().await;
    let access = signed_in(&local, "document@example.com").await;
    let options = start_registration(&local, &access).await.unwrap();
    assert!(options.is_object(), "{options}");
    let answer = Authenticator::es256().register(&options);
    let mut mistyped = answer.clone();
    mistyped["response"]["transports"] = json!("internal");
    for credential in [
        json!(answer.to_string()),
        json!(null),
        json!([answer]),
        json!({"id": "AA"}),
        mistyped,
    ] {
        assert_eq!(
            complete(&local, &access, credential).await,
            Err(fault(
                "InvalidParameterException",
                "Invalid credential: not a RegistrationResponseJSON."
            ))
        );
    }
    let mut later = answer;
    later["response"]["future"] = json!({"x": [1.5, null]});
    later["clientExtensionResults"]["largeBlob"] = json!({"supported": true});
    assert_eq!(complete(&local, &access, later).await, Ok(json!({})));
    assert_eq!(list(&local, &access).await.len(), 1);
}

#[tokio::test]
async fn an_rs256_passkey_registers_with_and_without_self_attestation() {
    let local = start().await;
    let access = signed_in(&local, "rsa@example.com").await;
    let mut authenticator = Authenticator::rs256();
    authenticator.attachment = "cross-platform";
    register(&local, &access, &authenticator).await.unwrap();
    let mut packed = Authenticator::rs256();
    packed.packed = true;
    register(&local, &access, &packed).await.unwrap();
    let names: Vec<Value> = list(&local, &access)
        .await
        .iter()
        .map(|c| c["FriendlyCredentialName"].clone())
        .collect();
    assert_eq!(names, [json!("Roaming passkey"), json!("Platform passkey")]);
}

#[tokio::test]
async fn the_pool_may_require_user_verification() {
    let local = start().await;
    let access = signed_in(&local, "verified@example.com").await;
    let set = local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "WebAuthnConfiguration":
                {"RelyingPartyId": "LocalHost", "UserVerification": "required"}}),
        )
        .await
        .unwrap();
    assert_eq!(
        set["WebAuthnConfiguration"],
        json!({"RelyingPartyId": "localhost", "UserVerification": "required"})
    );
    assert_eq!(
        local
            .call("GetUserPoolMfaConfig", json!({"UserPoolId": POOL}))
            .await
            .unwrap(),
        set
    );
    let options = start_registration(&local, &access).await.unwrap();
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    let mut unverified = Authenticator::es256();
    unverified.user_verified = false;
    refused("WebAuthnCredentialNotSupportedException")(
        complete(&local, &access, unverified.register(&options)).await,
    );
    register(&local, &access, &Authenticator::es256())
        .await
        .unwrap();

    // What SetUserPoolMfaConfig refuses.
    for config in [
        json!({"RelyingPartyId": "https://localhost"}),
        json!({"RelyingPartyId": ""}),
        json!({"RelyingPartyId": "a".repeat(128)}),
        json!({"UserVerification": "discouraged"}),
        json!({"FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"}),
    ] {
        refused("InvalidParameterException")(
            local
                .call(
                    "SetUserPoolMfaConfig",
                    json!({"UserPoolId": POOL, "WebAuthnConfiguration": config}),
                )
                .await,
        );
    }
}

#[tokio::test]
async fn a_pool_without_a_relying_party_registers_no_passkeys() {
    let local = start().await;
    let (pool, client) = local.pool_with_user("no-rp", "rider", json!([])).await;
    allow_first_factors(&local, &pool, json!(["PASSWORD", "WEB_AUTHN"])).await;
    let access = local
        .srp_sign_in_to(&pool, &client, "rider", PASSWORD)
        .await
        .unwrap()["AuthenticationResult"]["AccessToken"]
        .clone();
    assert!(local
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": pool}))
        .await
        .unwrap()
        .get("WebAuthnConfiguration")
        .is_none());
    refused("WebAuthnConfigurationMissingException")(start_registration(&local, &access).await);
    // Its other operations still answer: there is nothing to list.
    assert!(list(&local, &access).await.is_empty());
}

/// UpdateUserPool with these AllowedFirstAuthFactors.
async fn allow_first_factors(local: &Local, pool: &str, factors: Value) {
    local
        .call(
            "UpdateUserPool",
            json!({"UserPoolId": pool,
                "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": factors}}}),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn passkeys_are_registered_only_where_they_may_sign_in() {
    let local = start().await;
    let access = signed_in(&local, "not-enabled@example.com").await;
    let authenticator = Authenticator::es256();
    let options = start_registration(&local, &access).await.unwrap();
    // The pool stops allowing WEB_AUTHN between the start and the end.
    allow_first_factors(&local, POOL, json!(["PASSWORD", "EMAIL_OTP"])).await;
    let not_enabled = || {
        Err(fault(
            "WebAuthnNotEnabledException",
            "Passkeys are not enabled for this user pool.",
        ))
    };
    assert_eq!(
        complete(&local, &access, authenticator.register(&options)).await,
        not_enabled()
    );
    assert_eq!(start_registration(&local, &access).await, not_enabled());
    assert!(list(&local, &access).await.is_empty());
    // Allowed again, the user registers.
    allow_first_factors(&local, POOL, json!(["PASSWORD", "WEB_AUTHN"])).await;
    register(&local, &access, &authenticator).await.unwrap();
}

/// A COSE key of these labels and values.
fn cose(entries: Vec<(i64, Cbor)>) -> Vec<u8> {
    cbor(&Cbor::Map(
        entries.into_iter().map(|(k, v)| (k.into(), v)).collect(),
    ))
}

/// An RS256 COSE key of this modulus and exponent.
fn rsa_key(n: Vec<u8>, e: Vec<u8>) -> Vec<u8> {
    cose(vec![
        (1, 3.into()),
        (3, (-257).into()),
        (-1, Cbor::Bytes(n)),
        (-2, Cbor::Bytes(e)),
    ])
}

#[tokio::test]
async fn keys_that_could_never_verify_are_not_registered() {
    let local = start().await;
    let access = signed_in(&local, "bad-keys@example.com").await;
    // An RSA modulus of 2048 bits whose low bit is set.
    let modulus = [vec![0xc5; 255], vec![0x01]].concat();
    let keys = [
        // A P-256 point that is not on the curve.
        cose(vec![
            (1, 2.into()),
            (3, (-7).into()),
            (-1, 1.into()),
            (-2, Cbor::Bytes(vec![1; 32])),
            (-3, Cbor::Bytes(vec![2; 32])),
        ]),
        // A 1024-bit modulus; exponents 1 and 65536; an even modulus.
        rsa_key(vec![0xc5; 128], vec![1, 0, 1]),
        rsa_key(modulus.clone(), vec![1]),
        rsa_key(modulus.clone(), vec![1, 0, 0]),
        rsa_key([vec![0xc5; 255], vec![0x02]].concat(), vec![1, 0, 1]),
    ];
    for key in keys {
        let mut authenticator = Authenticator::es256();
        authenticator.cose_key_sent = Some(key);
        refused("WebAuthnCredentialNotSupportedException")(
            register(&local, &access, &authenticator).await,
        );
    }
    // A key of more entries than any WebAuthn map has: its own five and 60
    // labels of no meaning.
    let mut padded = Authenticator::es256();
    let Cbor::Map(mut entries) = ciborium::de::from_reader(padded.cose_key().as_slice()).unwrap()
    else {
        panic!("a COSE key is a map")
    };
    entries.extend((100..160).map(|label| (Cbor::from(label), Cbor::from(0))));
    padded.cose_key_sent = Some(cbor(&Cbor::Map(entries)));
    refused("InvalidParameterException")(register(&local, &access, &padded).await);
    assert!(list(&local, &access).await.is_empty());
}

#[tokio::test]
async fn the_registration_finishes_on_the_client_that_started_it() {
    let local = start().await;
    local.confirmed_user("two@example.com").await;
    let access = local.tokens("two@example.com", PASSWORD).await["AccessToken"].clone();
    let other_client = second_client(&local).await;
    let other_access = local
        .srp_sign_in_to(POOL, &other_client, "two@example.com", PASSWORD)
        .await
        .unwrap()["AuthenticationResult"]["AccessToken"]
        .clone();
    let authenticator = Authenticator::es256();
    let options = start_registration(&local, &access).await.unwrap();
    refused("WebAuthnClientMismatchException")(
        complete(&local, &other_access, authenticator.register(&options)).await,
    );
}

#[tokio::test]
async fn a_user_has_at_most_twenty_passkeys_listed_in_pages() {
    let local = start().await;
    let access = signed_in(&local, "many@example.com").await;
    let mut ids = Vec::new();
    for _ in 0..20 {
        let authenticator = Authenticator::es256();
        register(&local, &access, &authenticator).await.unwrap();
        ids.push(json!(authenticator.id()));
    }
    refused("LimitExceededException")(start_registration(&local, &access).await);
    let page = |token: Option<&str>| {
        let mut body = json!({"AccessToken": access, "MaxResults": 15});
        if let Some(token) = token {
            body["NextToken"] = json!(token);
        }
        local.call("ListWebAuthnCredentials", body)
    };
    let first = page(None).await.unwrap();
    let second = page(first["NextToken"].as_str()).await.unwrap();
    assert!(second.get("NextToken").is_none());
    let listed: Vec<Value> = [first, second]
        .iter()
        .flat_map(|p| p["Credentials"].as_array().unwrap().clone())
        .map(|c| c["CredentialId"].clone())
        .collect();
    assert_eq!(listed, ids);
    refused("InvalidParameterException")(
        local
            .call(
                "ListWebAuthnCredentials",
                json!({"AccessToken": access, "MaxResults": 21}),
            )
            .await,
    );
}

#[tokio::test]
async fn passkeys_need_a_valid_access_token_and_go_with_their_user() {
    let local = start().await;
    refused("NotAuthorizedException")(start_registration(&local, &json!("not.a.token")).await);
    let access = signed_in(&local, "leaving@example.com").await;
    register(&local, &access, &Authenticator::es256())
        .await
        .unwrap();
    local
        .call("DeleteUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    // Signed up again under the same email: a new user, with no passkeys.
    let access = signed_in(&local, "leaving@example.com").await;
    assert!(list(&local, &access).await.is_empty());
}

// --- Sign-in: USER_AUTH with WEB_AUTHN ------------------------------------------------

/// InitiateAuth USER_AUTH through `client`, the passkey preferred.
async fn passkey_challenge(local: &Local, client: &str, username: &str) -> Result<Value, Fault> {
    local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_AUTH", "ClientId": client,
                "AuthParameters": {"USERNAME": username, "PREFERRED_CHALLENGE": "WEB_AUTHN"}}),
        )
        .await
}

/// The WEB_AUTHN challenge's options.
fn request_options(challenge: &Value) -> Value {
    assert_eq!(challenge["ChallengeName"], "WEB_AUTHN");
    serde_json::from_str(
        challenge["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]
            .as_str()
            .unwrap(),
    )
    .unwrap()
}

/// RespondToAuthChallenge WEB_AUTHN with the assertion.
async fn answer_with(
    local: &Local,
    challenge: &Value,
    username: &str,
    assertion: &Value,
) -> Result<Value, Fault> {
    local
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "WEB_AUTHN", "ClientId": CLIENT, "Session": challenge["Session"],
                "ChallengeResponses": {"USERNAME": username, "CREDENTIAL": assertion.to_string()}}),
        )
        .await
}

/// A whole passkey sign-in through the default client.
async fn passkey_sign_in(
    local: &Local,
    username: &str,
    authenticator: &mut Authenticator,
    user_handle: &str,
) -> Result<Value, Fault> {
    let challenge = passkey_challenge(local, CLIENT, username).await?;
    let assertion = authenticator.assert(&request_options(&challenge), user_handle);
    answer_with(local, &challenge, username, &assertion).await
}

/// A confirmed user with a registered passkey: the user handle.
async fn user_with_passkey(local: &Local, email: &str, authenticator: &Authenticator) -> String {
    let access = signed_in(local, email).await;
    register(local, &access, authenticator).await.unwrap();
    b64(claims(access.as_str().unwrap())["sub"]
        .as_str()
        .unwrap()
        .as_bytes())
}

#[tokio::test]
async fn a_passkey_signs_in_through_user_auth() {
    let local = start().await;
    let mut authenticator = Authenticator::es256();
    let handle = user_with_passkey(&local, "passkey@example.com", &authenticator).await;
    local.confirmed_user("nopasskey@example.com").await;

    // Offered to the user who has one, not to the one who has none.
    let offer = |name: &str| {
        local.call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_AUTH", "ClientId": CLIENT, "AuthParameters": {"USERNAME": name}}),
        )
    };
    let offered = offer("passkey@example.com").await.unwrap();
    assert_eq!(
        offered["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "WEB_AUTHN"])
    );
    assert_eq!(
        offer("nopasskey@example.com").await.unwrap()["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"])
    );
    refused("InvalidParameterException")(
        passkey_challenge(&local, CLIENT, "nopasskey@example.com").await,
    );

    // Chosen from SELECT_CHALLENGE: the options name the user's passkey.
    let challenge = local
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "SELECT_CHALLENGE", "ClientId": CLIENT,
                "Session": offered["Session"],
                "ChallengeResponses": {"USERNAME": "passkey@example.com", "ANSWER": "WEB_AUTHN"}}),
        )
        .await
        .unwrap();
    let options = request_options(&challenge);
    assert_eq!(options["rpId"], "localhost");
    assert_eq!(options["userVerification"], "preferred");
    // The session's 3 minutes.
    assert_eq!(options["timeout"], 180_000);
    assert_eq!(
        options["allowCredentials"],
        json!([{"type": "public-key", "id": authenticator.id(), "transports": ["internal", "hybrid"]}])
    );
    assert!(challenge["Session"].is_string());
    let assertion = authenticator.assert(&options, &handle);
    let signed_in = answer_with(&local, &challenge, "passkey@example.com", &assertion)
        .await
        .unwrap();
    // Tokens at once: a passkey asks for no second factor.
    let access = &signed_in["AuthenticationResult"]["AccessToken"];
    assert!(signed_in["AuthenticationResult"]["RefreshToken"].is_string());
    let user = local
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_eq!(
        user["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Name"] == "email")
            .unwrap()["Value"],
        "passkey@example.com"
    );

    // Preferred up front; without a user handle (a non-discoverable
    // credential) too.
    passkey_sign_in(&local, "passkey@example.com", &mut authenticator, &handle)
        .await
        .unwrap();
    let challenge = passkey_challenge(&local, CLIENT, "passkey@example.com")
        .await
        .unwrap();
    let mut assertion = authenticator.assert(&request_options(&challenge), &handle);
    assertion["response"]
        .as_object_mut()
        .unwrap()
        .remove("userHandle");
    answer_with(&local, &challenge, "passkey@example.com", &assertion)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_rs256_passkey_signs_in() {
    let local = start().await;
    let mut authenticator = Authenticator::rs256();
    let handle = user_with_passkey(&local, "rsa-in@example.com", &authenticator).await;
    let signed_in = passkey_sign_in(&local, "rsa-in@example.com", &mut authenticator, &handle)
        .await
        .unwrap();
    assert!(signed_in["AuthenticationResult"]["AccessToken"].is_string());
}

#[tokio::test]
async fn assertions_are_checked_for_real() {
    let local = start().await;
    let mut authenticator = Authenticator::es256();
    let handle = user_with_passkey(&local, "asserted@example.com", &authenticator).await;
    let name = "asserted@example.com";
    let not_verified = || {
        Err(fault(
            "NotAuthorizedException",
            "The passkey could not be verified.",
        ))
    };

    // A signature tampered with.
    authenticator.tampered = true;
    assert_eq!(
        passkey_sign_in(&local, name, &mut authenticator, &handle).await,
        not_verified()
    );
    authenticator.tampered = false;
    // Another page's origin; another relying party's hash.
    authenticator.origin = "https://evil.example".into();
    refused("WebAuthnOriginNotAllowedException")(
        passkey_sign_in(&local, name, &mut authenticator, &handle).await,
    );
    authenticator.origin = "http://localhost:8080".into();
    authenticator.rp_id_hashed = Some("example.com".into());
    refused("WebAuthnRelyingPartyMismatchException")(
        passkey_sign_in(&local, name, &mut authenticator, &handle).await,
    );
    authenticator.rp_id_hashed = None;

    // A good one, then the same answer again (its session is spent), and
    // the same assertion in a new session (its challenge is not this one's).
    let challenge = passkey_challenge(&local, CLIENT, name).await.unwrap();
    let assertion = authenticator.assert(&request_options(&challenge), &handle);
    answer_with(&local, &challenge, name, &assertion)
        .await
        .unwrap();
    assert_eq!(
        answer_with(&local, &challenge, name, &assertion).await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    let fresh = passkey_challenge(&local, CLIENT, name).await.unwrap();
    refused("WebAuthnChallengeNotFoundException")(
        answer_with(&local, &fresh, name, &assertion).await,
    );

    // A counter that does not go up (a cloned authenticator).
    let challenge = passkey_challenge(&local, CLIENT, name).await.unwrap();
    authenticator.counter -= 1;
    let assertion = authenticator.assert(&request_options(&challenge), &handle);
    assert_eq!(
        answer_with(&local, &challenge, name, &assertion).await,
        not_verified()
    );
}

#[tokio::test]
async fn another_users_passkey_does_not_sign_in_and_failures_lock() {
    let local = start().await;
    let mine = Authenticator::es256();
    let handle = user_with_passkey(&local, "mine@example.com", &mine).await;
    let mut theirs = Authenticator::es256();
    let their_handle = user_with_passkey(&local, "theirs@example.com", &theirs).await;
    let name = "mine@example.com";
    let not_verified = || {
        Err(fault(
            "NotAuthorizedException",
            "The passkey could not be verified.",
        ))
    };
    // Their passkey, with their handle, then with mine.
    assert_eq!(
        passkey_sign_in(&local, name, &mut theirs, &their_handle).await,
        not_verified()
    );
    assert_eq!(
        passkey_sign_in(&local, name, &mut theirs, &handle).await,
        not_verified()
    );
    // A USERNAME that is not the session's user.
    let challenge = passkey_challenge(&local, CLIENT, name).await.unwrap();
    let assertion = theirs.assert(&request_options(&challenge), &their_handle);
    assert_eq!(
        answer_with(&local, &challenge, "theirs@example.com", &assertion).await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    // Failures count toward the lock of wrong passwords: three more lock.
    for _ in 0..3 {
        assert_eq!(
            passkey_sign_in(&local, name, &mut theirs, &their_handle).await,
            not_verified()
        );
    }
    assert_eq!(
        passkey_challenge(&local, CLIENT, name).await,
        Err(fault(
            "NotAuthorizedException",
            "Password attempts exceeded"
        ))
    );
    assert_eq!(
        local.srp_sign_in(name, PASSWORD).await.unwrap_err(),
        fault("NotAuthorizedException", "Password attempts exceeded")
    );
}

#[tokio::test]
async fn a_hidden_name_is_offered_no_passkey() {
    let local = start().await;
    let client = local
        .create_client(json!({"UserPoolId": POOL, "ClientName": "hiding",
                "ExplicitAuthFlows": ["ALLOW_USER_AUTH"], "PreventUserExistenceErrors": "ENABLED"}))
        .await;
    local.confirmed_user("plain@example.com").await;
    let offer = |name: &str| {
        local.call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_AUTH", "ClientId": client, "AuthParameters": {"USERNAME": name}}),
        )
    };
    // As a user without a passkey: no WEB_AUTHN, and preferring it is
    // refused the same way.
    assert_eq!(
        offer("ghost@example.com").await.unwrap()["AvailableChallenges"],
        offer("plain@example.com").await.unwrap()["AvailableChallenges"]
    );
    assert_eq!(
        passkey_challenge(&local, &client, "ghost@example.com").await,
        passkey_challenge(&local, &client, "plain@example.com").await
    );
}

#[tokio::test]
async fn passkeys_need_the_essentials_plan() {
    let local = start().await;
    let pool = local
        .call(
            "CreateUserPool",
            json!({"PoolName": "lite", "UserPoolTier": "LITE"}),
        )
        .await
        .unwrap()["UserPool"]["Id"]
        .clone();
    assert_eq!(
        local
            .call(
                "SetUserPoolMfaConfig",
                json!({"UserPoolId": pool, "WebAuthnConfiguration": {"RelyingPartyId": "localhost"}}),
            )
            .await,
        Err(fault(
            "FeatureUnavailableInTierException",
            "WebAuthnConfiguration is not available in the LITE tier."
        ))
    );
}

/// A second client of the default pool that signs in with SRP or USER_AUTH.
async fn second_client(local: &Local) -> String {
    local
        .create_client(json!({"UserPoolId": POOL, "ClientName": "second",
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH"]}))
        .await
}

#[tokio::test]
async fn each_sign_in_answers_its_own_challenge() {
    let local = start().await;
    let mut authenticator = Authenticator::es256();
    let name = "two-tabs@example.com";
    let handle = user_with_passkey(&local, name, &authenticator).await;
    let first = passkey_challenge(&local, CLIENT, name).await.unwrap();
    // Another sign-in of the same user (another tab, or anyone who knows
    // the name), answered with garbage: the first is left alone.
    let second = passkey_challenge(&local, CLIENT, name).await.unwrap();
    let mut stranger = Authenticator::es256();
    let garbage = stranger.assert(&request_options(&second), &handle);
    assert_eq!(
        answer_with(&local, &second, name, &garbage).await,
        Err(fault(
            "NotAuthorizedException",
            "The passkey could not be verified."
        ))
    );
    // The first session answered through another client: refused, and
    // left for its own.
    let other_client = second_client(&local).await;
    let assertion = authenticator.assert(&request_options(&first), &handle);
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                json!({"ChallengeName": "WEB_AUTHN", "ClientId": other_client,
                    "Session": first["Session"],
                    "ChallengeResponses": {"USERNAME": name, "CREDENTIAL": assertion.to_string()}}),
            )
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    let signed_in = answer_with(&local, &first, name, &assertion).await.unwrap();
    assert!(signed_in["AuthenticationResult"]["AccessToken"].is_string());

    // Assertions made for another session's challenge: refused, and not
    // counted toward the lock (five would lock).
    let elsewhere = request_options(&passkey_challenge(&local, CLIENT, name).await.unwrap());
    for _ in 0..5 {
        let challenge = passkey_challenge(&local, CLIENT, name).await.unwrap();
        let assertion = authenticator.assert(&elsewhere, &handle);
        refused("WebAuthnChallengeNotFoundException")(
            answer_with(&local, &challenge, name, &assertion).await,
        );
    }
    passkey_sign_in(&local, name, &mut authenticator, &handle)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_sign_in_challenge_lives_and_goes_with_its_session() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    let mut authenticator = Authenticator::es256();
    let name = "with-session@example.com";
    let handle = user_with_passkey(&local, name, &authenticator).await;
    let database = rusqlite::Connection::open(dir.path().join("local-cognito.sqlite3")).unwrap();
    let kept = |session: &Value| -> Vec<(i64, i64)> {
        let mut statement = database
            .prepare(
                "SELECT c.expires, s.expires FROM webauthn_challenges c
                 JOIN sessions s ON s.session = c.session_id WHERE s.session = ?1",
            )
            .unwrap();
        statement
            .query_map([session.as_str().unwrap()], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let challenge = passkey_challenge(&local, CLIENT, name).await.unwrap();
    let now = local.now().await as i64;
    assert_eq!(kept(&challenge["Session"]), [(now + 180, now + 180)]);
    // Still there at the session's last second; gone with its answer.
    local.advance(180).await;
    let assertion = authenticator.assert(&request_options(&challenge), &handle);
    answer_with(&local, &challenge, name, &assertion)
        .await
        .unwrap();
    let left: i64 = database
        .query_row("SELECT count(*) FROM webauthn_challenges", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(left, 0);
    // A second past it, the session and its challenge are expired.
    let challenge = passkey_challenge(&local, CLIENT, name).await.unwrap();
    local.advance(181).await;
    let assertion = authenticator.assert(&request_options(&challenge), &handle);
    assert_eq!(
        answer_with(&local, &challenge, name, &assertion).await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
}

#[tokio::test]
async fn a_passkey_of_an_earlier_relying_party_is_neither_offered_nor_taken() {
    let local = start().await;
    let mut old = Authenticator::es256();
    let name = "moved@example.com";
    let handle = user_with_passkey(&local, name, &old).await;
    local
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "WebAuthnConfiguration": {"RelyingPartyId": "example.com"}}),
        )
        .await
        .unwrap();
    // Not offered: the user has no passkey for example.com.
    let offered = local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_AUTH", "ClientId": CLIENT, "AuthParameters": {"USERNAME": name}}),
        )
        .await
        .unwrap();
    assert_eq!(
        offered["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"])
    );
    refused("InvalidParameterException")(passkey_challenge(&local, CLIENT, name).await);

    // A passkey for example.com, made on its site.
    let access = local.tokens(name, PASSWORD).await["AccessToken"].clone();
    let mut new = Authenticator::es256();
    new.origin = "https://example.com".into();
    register(&local, &access, &new).await.unwrap();
    let challenge = passkey_challenge(&local, CLIENT, name).await.unwrap();
    let options = request_options(&challenge);
    assert_eq!(options["rpId"], "example.com");
    assert_eq!(
        options["allowCredentials"],
        json!([{"type": "public-key", "id": new.id(), "transports": ["internal", "hybrid"]}])
    );
    // Not taken: the old passkey's assertion, even scoped to example.com
    // (as no browser would make it).
    old.origin = "https://example.com".into();
    let assertion = old.assert(&options, &handle);
    assert_eq!(
        answer_with(&local, &challenge, name, &assertion).await,
        Err(fault(
            "NotAuthorizedException",
            "The passkey could not be verified."
        ))
    );
    passkey_sign_in(&local, name, &mut new, &handle)
        .await
        .unwrap();
}
