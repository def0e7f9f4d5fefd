//! Choice-based sign-in (AuthFlow USER_AUTH) over real HTTP: the pool's
//! feature plan and first factors, SELECT_CHALLENGE and its
//! AvailableChallenges, each factor to tokens (PASSWORD, PASSWORD_SRP,
//! EMAIL_OTP), wrong, expired and replayed codes and sessions, a client
//! without ALLOW_USER_AUTH, and a name with no user where the client hides
//! users, answered, spent, locked and masked as a user is.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use cognito_srp::Client;
use serde_json::{json, Value};
use support::*;

fn user_auth(client: &str, params: Value) -> Value {
    json!({"AuthFlow": "USER_AUTH", "ClientId": client, "AuthParameters": params})
}

/// USER_AUTH preferring EMAIL_OTP, for `username`.
fn prefer_code(client: &str, username: &str) -> Value {
    user_auth(
        client,
        json!({"USERNAME": username, "PREFERRED_CHALLENGE": "EMAIL_OTP"}),
    )
}

/// EMAIL_OTP preferred by a user who cannot use it.
fn code_not_available() -> Fault {
    fault(
        "InvalidParameterException",
        "The challenge EMAIL_OTP is not available for this user.",
    )
}

fn select(client: &str, session: &Value, responses: Value) -> Value {
    json!({"ChallengeName": "SELECT_CHALLENGE", "ClientId": client, "Session": session,
        "ChallengeResponses": responses})
}

/// RespondToAuthChallenge SELECT_CHALLENGE.
async fn choose(
    local: &Local,
    client: &str,
    session: &Value,
    responses: Value,
) -> Result<Value, Fault> {
    local
        .call("RespondToAuthChallenge", select(client, session, responses))
        .await
}

/// RespondToAuthChallenge EMAIL_OTP.
async fn answer_code(
    local: &Local,
    client: &str,
    session: &Value,
    username: &str,
    code: &str,
) -> Result<Value, Fault> {
    local
        .call(
            "RespondToAuthChallenge",
            email_answer(client, session, username, code),
        )
        .await
}

/// InitiateAuth USER_AUTH.
async fn initiate(local: &Local, client: &str, params: Value) -> Result<Value, Fault> {
    local.call("InitiateAuth", user_auth(client, params)).await
}

fn expired_session() -> Fault {
    fault(
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    )
}

/// SELECT_CHALLENGE for `username` through the default client: its Session.
async fn selecting(local: &Local, username: &str) -> Value {
    let offered = initiate(local, CLIENT, json!({"USERNAME": username}))
        .await
        .unwrap();
    assert_eq!(offered["ChallengeName"], "SELECT_CHALLENGE");
    offered["Session"].clone()
}

/// The answer to a PASSWORD_VERIFIER challenge of the default pool, sent.
async fn prove(local: &Local, srp: &Client, challenge: &Value) -> Result<Value, Fault> {
    let now = local.now().await;
    local
        .call(
            "RespondToAuthChallenge",
            local.answer(CLIENT, srp, challenge, POOL, PASSWORD, now),
        )
        .await
}

fn has_tokens(response: &Value) -> bool {
    response["AuthenticationResult"]["AccessToken"].is_string()
        && response["AuthenticationResult"]["RefreshToken"].is_string()
}

#[tokio::test]
async fn select_challenge_lists_what_the_user_can_use() {
    let local = start().await;
    local.confirmed_user("rider@example.com").await;
    let offered = initiate(&local, CLIENT, json!({"USERNAME": "rider@example.com"}))
        .await
        .unwrap();
    assert_eq!(offered["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(
        offered["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"])
    );
    assert_eq!(offered["ChallengeParameters"], json!({}));
    assert!(offered["Session"].as_str().unwrap().len() >= 20);
    // The administrator's operation offers the same.
    let admin = local
        .call(
            "AdminInitiateAuth",
            json!({"UserPoolId": POOL, "ClientId": CLIENT, "AuthFlow": "USER_AUTH",
                "AuthParameters": {"USERNAME": "rider@example.com"}}),
        )
        .await
        .unwrap();
    assert_eq!(admin["AvailableChallenges"], offered["AvailableChallenges"]);

    // A user whose password is followed by TOTP MFA is offered no
    // passwordless factor, and cannot prefer one.
    local.user_with_optional_totp("mfa@example.com").await;
    let offered = initiate(&local, CLIENT, json!({"USERNAME": "mfa@example.com"}))
        .await
        .unwrap();
    assert_eq!(
        offered["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP"])
    );
    assert_eq!(
        local
            .call("InitiateAuth", prefer_code(CLIENT, "mfa@example.com"))
            .await,
        Err(code_not_available())
    );
    assert!(
        local.messages("mfa@example.com").await.len() == 1,
        "only the sign-up code"
    );
    // Nor is a user who never confirmed the sign-up.
    local.sign_up("new@example.com", PASSWORD).await.unwrap();
    let offered = initiate(&local, CLIENT, json!({"USERNAME": "new@example.com"}))
        .await
        .unwrap();
    assert_eq!(
        offered["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP"])
    );
}

#[tokio::test]
async fn the_password_chosen_or_preferred_gives_tokens() {
    let local = start().await;
    local.confirmed_user("rider@example.com").await;
    // Chosen: ANSWER PASSWORD with the password.
    let session = selecting(&local, "rider@example.com").await;
    let signed_in = choose(
        &local,
        CLIENT,
        &session,
        json!({"USERNAME": "rider@example.com", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .unwrap();
    assert!(has_tokens(&signed_in), "{signed_in}");
    // The choice spent the session.
    assert_eq!(
        choose(
            &local,
            CLIENT,
            &session,
            json!({"USERNAME": "rider@example.com", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
        )
        .await,
        Err(expired_session())
    );
    // Preferred: PREFERRED_CHALLENGE PASSWORD with the password, at once.
    let signed_in = initiate(
        &local,
        CLIENT,
        json!({"USERNAME": "rider@example.com", "PREFERRED_CHALLENGE": "PASSWORD",
                    "PASSWORD": PASSWORD}),
    )
    .await
    .unwrap();
    assert!(has_tokens(&signed_in), "{signed_in}");
    // A wrong one is a wrong password, counted, and spends the session.
    let session = selecting(&local, "rider@example.com").await;
    let answer = select(
        CLIENT,
        &session,
        json!({"USERNAME": "rider@example.com", "ANSWER": "PASSWORD", "PASSWORD": "Wr0ngPassword"}),
    );
    assert_eq!(
        local.call("RespondToAuthChallenge", answer.clone()).await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    assert_eq!(
        local.call("RespondToAuthChallenge", answer).await,
        Err(expired_session())
    );
}

#[tokio::test]
async fn the_password_by_srp_chosen_or_preferred_gives_tokens() {
    let local = start().await;
    local.confirmed_user("rider@example.com").await;
    // Preferred: PASSWORD_VERIFIER at once, answered as USER_SRP_AUTH's.
    let srp = Client::new().unwrap();
    let challenge = initiate(
        &local,
        CLIENT,
        json!({"USERNAME": "rider@example.com", "PREFERRED_CHALLENGE": "PASSWORD_SRP",
                    "SRP_A": srp.srp_a()}),
    )
    .await
    .unwrap();
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(has_tokens(&prove(&local, &srp, &challenge).await.unwrap()));
    // Chosen: ANSWER PASSWORD_SRP with SRP_A.
    let session = selecting(&local, "rider@example.com").await;
    let srp = Client::new().unwrap();
    let challenge = choose(
        &local,
        CLIENT,
        &session,
        json!({"USERNAME": "rider@example.com", "ANSWER": "PASSWORD_SRP",
                    "SRP_A": srp.srp_a()}),
    )
    .await
    .unwrap();
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(has_tokens(&prove(&local, &srp, &challenge).await.unwrap()));
}

#[tokio::test]
async fn an_emailed_code_signs_in_once() {
    let local = start().await;
    local.confirmed_user("rider@example.com").await;
    let user_id = local.admin_user("rider@example.com").await.unwrap()["Username"]
        .as_str()
        .unwrap()
        .to_string();
    let session = selecting(&local, "rider@example.com").await;
    let challenge = choose(
        &local,
        CLIENT,
        &session,
        json!({"USERNAME": "rider@example.com", "ANSWER": "EMAIL_OTP"}),
    )
    .await
    .unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        challenge["ChallengeParameters"],
        json!({"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "r***@e***"})
    );
    let code = local.latest_code("rider@example.com").await;
    let otp_session = challenge["Session"].clone();
    // A wrong code leaves the session for another try.
    assert_eq!(
        answer_code(&local, CLIENT, &otp_session, &user_id, wrong(&code)).await,
        Err(fault(
            "CodeMismatchException",
            "Invalid code received for user"
        ))
    );
    let signed_in = answer_code(&local, CLIENT, &otp_session, "rider@example.com", &code)
        .await
        .unwrap();
    assert!(has_tokens(&signed_in), "{signed_in}");
    let claims = claims(
        signed_in["AuthenticationResult"]["IdToken"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(claims["sub"], user_id.as_str());
    // Replayed: the session and the code are spent.
    assert_eq!(
        answer_code(&local, CLIENT, &otp_session, "rider@example.com", &code).await,
        Err(expired_session())
    );
    // Preferred: the code at once, and the failures forgotten with it.
    let challenge = local
        .call("InitiateAuth", prefer_code(CLIENT, "rider@example.com"))
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    let code = local.latest_code("rider@example.com").await;
    let signed_in = answer_code(
        &local,
        CLIENT,
        &challenge["Session"],
        "rider@example.com",
        &code,
    )
    .await
    .unwrap();
    assert!(has_tokens(&signed_in));
}

#[tokio::test]
async fn an_emailed_code_expires_with_its_session() {
    let local = start().await;
    local.confirmed_user("rider@example.com").await;
    let challenge = local
        .call("InitiateAuth", prefer_code(CLIENT, "rider@example.com"))
        .await
        .unwrap();
    let code = local.latest_code("rider@example.com").await;
    local.advance(181).await;
    assert_eq!(
        answer_code(
            &local,
            CLIENT,
            &challenge["Session"],
            "rider@example.com",
            &code
        )
        .await,
        Err(expired_session())
    );
    // A SELECT_CHALLENGE session expires as well.
    let session = selecting(&local, "rider@example.com").await;
    local.advance(181).await;
    assert_eq!(
        choose(
            &local,
            CLIENT,
            &session,
            json!({"USERNAME": "rider@example.com", "ANSWER": "EMAIL_OTP"}),
        )
        .await,
        Err(expired_session())
    );
}

#[tokio::test]
async fn wrong_codes_lock_as_wrong_passwords_do() {
    let local = start().await;
    local.confirmed_user("rider@example.com").await;
    let challenge = local
        .call("InitiateAuth", prefer_code(CLIENT, "rider@example.com"))
        .await
        .unwrap();
    let code = local.latest_code("rider@example.com").await;
    for _ in 0..5 {
        assert_eq!(
            answer_code(
                &local,
                CLIENT,
                &challenge["Session"],
                "rider@example.com",
                wrong(&code)
            )
            .await
            .unwrap_err()
            .0,
            "CodeMismatchException"
        );
    }
    let locked = fault("NotAuthorizedException", "Password attempts exceeded");
    // Locked: the right code, a new sign-in and the password all wait.
    assert_eq!(
        answer_code(
            &local,
            CLIENT,
            &challenge["Session"],
            "rider@example.com",
            &code
        )
        .await,
        Err(locked.clone())
    );
    assert_eq!(
        initiate(&local, CLIENT, json!({"USERNAME": "rider@example.com"})).await,
        Err(locked.clone())
    );
    assert_eq!(
        local.srp_sign_in("rider@example.com", PASSWORD).await,
        Err(locked)
    );
}

#[tokio::test]
async fn codes_sent_without_a_password_are_limited() {
    let local = start().await;
    local.confirmed_user("rider@example.com").await;
    let prefer_email = prefer_code(CLIENT, "rider@example.com");
    for _ in 0..5 {
        local
            .call("InitiateAuth", prefer_email.clone())
            .await
            .unwrap();
    }
    assert_eq!(
        local.call("InitiateAuth", prefer_email.clone()).await,
        Err(fault(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time."
        ))
    );
    // Sign-up code and five sign-in codes.
    assert_eq!(local.messages("rider@example.com").await.len(), 6);
    // The password still works meanwhile; after the hour, codes again.
    assert!(has_tokens(
        &local
            .srp_sign_in("rider@example.com", PASSWORD)
            .await
            .unwrap()
    ));
    local.advance(3600).await;
    local.call("InitiateAuth", prefer_email).await.unwrap();
}

#[tokio::test]
async fn an_unverified_email_is_offered_no_code() {
    let local = start().await;
    pool_user(
        &local,
        POOL,
        "unverified@example.com",
        json!([{"Name": "email", "Value": "unverified@example.com"}]),
    )
    .await;
    let offered = || {
        initiate(
            &local,
            CLIENT,
            json!({"USERNAME": "unverified@example.com"}),
        )
    };
    assert_eq!(
        offered().await.unwrap()["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP"])
    );
    assert_eq!(
        local
            .call(
                "InitiateAuth",
                prefer_code(CLIENT, "unverified@example.com")
            )
            .await,
        Err(code_not_available())
    );
    assert!(local.messages("unverified@example.com").await.is_empty());
    // Verified, it is.
    local
        .call(
            "AdminUpdateUserAttributes",
            json!({"UserPoolId": POOL, "Username": "unverified@example.com",
                "UserAttributes": [{"Name": "email_verified", "Value": "true"}]}),
        )
        .await
        .unwrap();
    assert_eq!(
        offered().await.unwrap()["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"])
    );
}

#[tokio::test]
async fn a_passkey_is_not_available_to_a_user_without_one() {
    let local = start().await;
    local.confirmed_user("rider@example.com").await;
    let refused = Err(fault(
        "InvalidParameterException",
        "The challenge WEB_AUTHN is not available for this user.",
    ));
    assert_eq!(
        initiate(
            &local,
            CLIENT,
            json!({"USERNAME": "rider@example.com", "PREFERRED_CHALLENGE": "WEB_AUTHN"}),
        )
        .await,
        refused
    );
    // A refused choice leaves the session for another.
    let session = selecting(&local, "rider@example.com").await;
    assert_eq!(
        choose(
            &local,
            CLIENT,
            &session,
            json!({"USERNAME": "rider@example.com", "ANSWER": "WEB_AUTHN"}),
        )
        .await,
        refused
    );
    assert_eq!(
        choose(
            &local,
            CLIENT,
            &session,
            json!({"USERNAME": "rider@example.com", "ANSWER": "SOMETHING"}),
        )
        .await,
        Err(fault(
            "InvalidParameterException",
            "The challenge SOMETHING is not available for this user."
        ))
    );
    let signed_in = choose(
        &local,
        CLIENT,
        &session,
        json!({"USERNAME": "rider@example.com", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    )
    .await
    .unwrap();
    assert!(has_tokens(&signed_in));
}

#[tokio::test]
async fn a_client_without_allow_user_auth_is_refused() {
    let local = start().await;
    local.confirmed_user("rider@example.com").await;
    let client = local
        .create_client(json!({"UserPoolId": POOL, "ClientName": "srp-only",
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}))
        .await;
    assert_eq!(
        initiate(&local, &client, json!({"USERNAME": "rider@example.com"})).await,
        Err(fault(
            "InvalidParameterException",
            "USER_AUTH flow not enabled for this client"
        ))
    );
    // And a session of another client's is not this one's.
    let session = selecting(&local, "rider@example.com").await;
    assert_eq!(
        choose(
            &local,
            &client,
            &session,
            json!({"USERNAME": "rider@example.com", "ANSWER": "EMAIL_OTP"}),
        )
        .await,
        Err(expired_session())
    );
}

#[tokio::test]
async fn feature_plans_and_first_factors() {
    let local = start().await;
    // Left out: Essentials, the password only.
    let pool = local
        .call("CreateUserPool", json!({"PoolName": "plain"}))
        .await
        .unwrap()["UserPool"]
        .clone();
    assert_eq!(pool["UserPoolTier"], "ESSENTIALS");
    assert_eq!(
        pool["Policies"]["SignInPolicy"],
        json!({"AllowedFirstAuthFactors": ["PASSWORD"]})
    );
    // The default pool, as `default-pool.json` makes it.
    let default = local
        .call("DescribeUserPool", json!({"UserPoolId": POOL}))
        .await
        .unwrap()["UserPool"]
        .clone();
    assert_eq!(default["UserPoolTier"], "ESSENTIALS");
    assert_eq!(
        default["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"])
    );
    let with_factors = |tier: &str, factors: Value| {
        json!({"PoolName": "p", "UserPoolTier": tier,
            "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": factors}}})
    };
    // Lite: the password only.
    assert_eq!(
        local
            .call(
                "CreateUserPool",
                with_factors("LITE", json!(["PASSWORD", "EMAIL_OTP"]))
            )
            .await
            .unwrap_err()
            .0,
        "FeatureUnavailableInTierException"
    );
    let lite = local
        .call("CreateUserPool", with_factors("LITE", json!(["PASSWORD"])))
        .await
        .unwrap()["UserPool"]["Id"]
        .clone();
    let update = |tier: Option<&str>, factors: Value| {
        let mut body = json!({"UserPoolId": lite,
            "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": factors}}});
        if let Some(tier) = tier {
            body["UserPoolTier"] = json!(tier);
        }
        local.call("UpdateUserPool", body)
    };
    assert_eq!(
        update(None, json!(["PASSWORD", "WEB_AUTHN"]))
            .await
            .unwrap_err()
            .0,
        "FeatureUnavailableInTierException"
    );
    // Moved to Plus with the factors in one call; the plan then stays.
    update(Some("PLUS"), json!(["PASSWORD", "SMS_OTP"]))
        .await
        .unwrap();
    update(None, json!(["EMAIL_OTP", "PASSWORD"]))
        .await
        .unwrap();
    let described = local
        .call("DescribeUserPool", json!({"UserPoolId": lite}))
        .await
        .unwrap()["UserPool"]
        .clone();
    assert_eq!(described["UserPoolTier"], "PLUS");
    assert_eq!(
        described["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(["EMAIL_OTP", "PASSWORD"])
    );
    // Names Cognito knows, each once, the password among them.
    for (factors, message) in [
        (
            json!(["EMAIL_OTP"]),
            "AllowedFirstAuthFactors must include PASSWORD.",
        ),
        (
            json!(["PASSWORD", "SOFTWARE_TOKEN"]),
            "SOFTWARE_TOKEN is not supported as a first authentication factor.",
        ),
        (
            json!(["PASSWORD", "PASSWORD"]),
            "AllowedFirstAuthFactors lists PASSWORD more than once.",
        ),
    ] {
        assert_eq!(
            local
                .call("CreateUserPool", with_factors("ESSENTIALS", factors))
                .await,
            Err(fault("InvalidParameterException", message))
        );
    }
    assert_eq!(
        local
            .call("CreateUserPool", with_factors("ESSENTIALS", json!(["KEY"])))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
    assert_eq!(
        local
            .call("CreateUserPool", with_factors("GOLD", json!(["PASSWORD"])))
            .await
            .unwrap_err()
            .1,
        "1 validation error detected: Value 'GOLD' at 'userPoolTier' failed to satisfy constraint: Member must satisfy enum value set: [LITE, ESSENTIALS, PLUS]"
    );
}

/// A pool with email as username, the password and emailed codes as first
/// factors, and a client that hides users: (pool, client).
async fn hiding_pool(local: &Local) -> (String, String) {
    hiding_pool_of(local, json!(["email"])).await
}

/// As `hiding_pool`, its UsernameAttributes `username_attributes`.
async fn hiding_pool_of(local: &Local, username_attributes: Value) -> (String, String) {
    let pool = local
        .call(
            "CreateUserPool",
            json!({"PoolName": "hiding", "UsernameAttributes": username_attributes,
                "AutoVerifiedAttributes": ["email"],
                "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}}}),
        )
        .await
        .unwrap()["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let client = local
        .create_client(json!({"UserPoolId": pool, "ClientName": "hiding",
                "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "PreventUserExistenceErrors": "ENABLED"}))
        .await;
    (pool, client)
}

/// A user of `pool` named `username`, with `email` verified and the
/// password PASSWORD.
async fn real_user(local: &Local, pool: &str, username: &str, email: &str) {
    pool_user(
        local,
        pool,
        username,
        json!([{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]),
    )
    .await;
}

/// A user of `pool` named `username`, with `attributes` and the password
/// PASSWORD, sent nothing.
async fn pool_user(local: &Local, pool: &str, username: &str, attributes: Value) {
    local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": username, "MessageAction": "SUPPRESS",
                "UserAttributes": attributes}),
        )
        .await
        .unwrap();
    local
        .call(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool, "Username": username, "Password": PASSWORD,
                "Permanent": true}),
        )
        .await
        .unwrap();
}

const REAL: &str = "real@example.com";
const GHOST: &str = "ghost@example.com";

/// `hiding_pool`'s client, its pool having the user REAL (GHOST has none).
async fn hiding_client(local: &Local) -> String {
    let (pool, client) = hiding_pool(local).await;
    real_user(local, &pool, REAL, REAL).await;
    client
}

/// A code that is wrong for `name`'s latest EMAIL_OTP challenge (REAL's
/// code is in the outbox; GHOST's is never right).
async fn wrong_code_for(local: &Local, name: &str) -> String {
    if name == REAL {
        wrong(&local.latest_code(name).await).to_string()
    } else {
        "123456".to_string()
    }
}

#[tokio::test]
async fn a_hidden_name_is_answered_as_a_user_and_never_passes() {
    let local = start().await;
    let client = hiding_client(&local).await;
    let offer = |name: &str| initiate(&local, &client, json!({"USERNAME": name}));
    let real = offer(REAL).await.unwrap();
    let hidden = offer(GHOST).await.unwrap();
    assert_eq!(hidden["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(hidden["AvailableChallenges"], real["AvailableChallenges"]);
    assert_eq!(hidden["ChallengeParameters"], json!({}));
    // The emailed code: a challenge like a real one, nothing sent, and
    // any code is wrong.
    let challenge = choose(
        &local,
        &client,
        &hidden["Session"],
        json!({"USERNAME": GHOST, "ANSWER": "EMAIL_OTP"}),
    )
    .await
    .unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        challenge["ChallengeParameters"],
        json!({"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "g***@e***"})
    );
    assert!(local.messages(GHOST).await.is_empty());
    assert_eq!(
        answer_code(&local, &client, &challenge["Session"], GHOST, "123456").await,
        Err(fault(
            "CodeMismatchException",
            "Invalid code received for user"
        ))
    );
    // The password: a wrong one, whatever it is.
    let hidden = offer(GHOST).await.unwrap();
    assert_eq!(
        choose(
            &local,
            &client,
            &hidden["Session"],
            json!({"USERNAME": GHOST, "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
        )
        .await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    // The codes "sent" to a hidden name are limited as a user's are.
    let prefer_email = prefer_code(&client, GHOST);
    for _ in 0..4 {
        local
            .call("InitiateAuth", prefer_email.clone())
            .await
            .unwrap();
    }
    assert_eq!(
        local
            .call("InitiateAuth", prefer_email)
            .await
            .unwrap_err()
            .0,
        "LimitExceededException"
    );
}

#[tokio::test]
async fn a_session_answers_only_to_the_name_it_was_given() {
    let local = start().await;
    let client = hiding_client(&local).await;
    let (local, client) = (&local, client.as_str());
    let choose_code = |session: Value, name: &str| {
        let answer = json!({"USERNAME": name, "ANSWER": "EMAIL_OTP"});
        async move { choose(local, client, &session, answer).await }
    };
    // A real user's session and a hidden name's read the same: another
    // name, real or not, is refused alike and leaves the session as it
    // was, and the session's own name (in any case) goes on.
    for (own, others) in [
        (REAL, [GHOST, "made-up@example.com"]),
        (GHOST, [REAL, "made-up@example.com"]),
    ] {
        let session = initiate(local, client, json!({"USERNAME": own}))
            .await
            .unwrap()["Session"]
            .clone();
        for other in others {
            assert_eq!(
                choose_code(session.clone(), other).await,
                Err(expired_session()),
                "{own}'s session answered as {other}"
            );
        }
        let challenge = choose_code(session, &own.to_uppercase()).await.unwrap();
        assert_eq!(challenge["ChallengeName"], "EMAIL_OTP", "{own}");
        // The code's answer, too, must name the session's name.
        let code = wrong_code_for(local, own).await;
        for other in others {
            assert_eq!(
                answer_code(local, client, &challenge["Session"], other, &code).await,
                Err(expired_session()),
                "{own}'s code answered as {other}"
            );
        }
        assert_eq!(
            answer_code(local, client, &challenge["Session"], own, &code)
                .await
                .unwrap_err()
                .0,
            "CodeMismatchException",
            "{own}"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_spends_a_real_and_a_hidden_names_session_alike() {
    let local = start().await;
    let client = hiding_client(&local).await;
    for name in [REAL, GHOST] {
        let session = initiate(&local, &client, json!({"USERNAME": name}))
            .await
            .unwrap()["Session"]
            .clone();
        let answer = json!({"USERNAME": name, "ANSWER": "PASSWORD", "PASSWORD": "Wr0ng-pass!"});
        assert_eq!(
            choose(&local, &client, &session, answer.clone()).await,
            Err(fault(
                "NotAuthorizedException",
                "Incorrect username or password."
            ))
        );
        assert_eq!(
            choose(&local, &client, &session, answer).await,
            Err(expired_session()),
            "{name}'s session replayed"
        );
    }
}

#[tokio::test]
async fn a_hidden_names_wrong_codes_lock_as_a_users_do() {
    let local = start().await;
    let client = hiding_client(&local).await;
    let locked = fault("NotAuthorizedException", "Password attempts exceeded");
    for name in [REAL, GHOST] {
        let challenge = local
            .call("InitiateAuth", prefer_code(&client, name))
            .await
            .unwrap();
        let code = wrong_code_for(&local, name).await;
        for _ in 0..5 {
            assert_eq!(
                answer_code(&local, &client, &challenge["Session"], name, &code)
                    .await
                    .unwrap_err()
                    .0,
                "CodeMismatchException"
            );
        }
        assert_eq!(
            answer_code(&local, &client, &challenge["Session"], name, &code).await,
            Err(locked.clone()),
            "{name}'s sixth code"
        );
        assert_eq!(
            initiate(&local, &client, json!({"USERNAME": name})).await,
            Err(locked.clone()),
            "{name} signing in again"
        );
    }
    // The lock over, the hour's wrong tries still hold back a new code
    // for both (a new code gives no new guesses).
    local.advance(61).await;
    for name in [REAL, GHOST] {
        assert_eq!(
            local.call("InitiateAuth", prefer_code(&client, name)).await,
            Err(fault(
                "LimitExceededException",
                "Attempt limit exceeded, please try after some time."
            )),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_hidden_name_that_is_no_email_is_masked_as_an_address() {
    let local = start().await;
    let (pool, client) = hiding_pool_of(&local, json!([])).await;
    real_user(&local, &pool, "rider", "rider@example.com").await;
    let destination = |name: &str| {
        let prefer_email = prefer_code(&client, name);
        let local = &local;
        async move {
            local.call("InitiateAuth", prefer_email).await.unwrap()["ChallengeParameters"]
                ["CODE_DELIVERY_DESTINATION"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    assert_eq!(destination("rider").await, "r***@e***");
    let hidden = destination("ghost").await;
    let domain = hidden.strip_prefix("g***@").unwrap().strip_suffix("***");
    assert!(
        domain.is_some_and(
            |initial| initial.len() == 1 && initial.chars().all(|c| c.is_ascii_lowercase())
        ),
        "{hidden}"
    );
    // The same each time, as a real user's address is.
    assert_eq!(destination("ghost").await, hidden);
}

#[tokio::test]
async fn an_unknown_name_is_not_found_where_users_are_not_hidden() {
    let local = start().await;
    assert_eq!(
        initiate(&local, CLIENT, json!({"USERNAME": "nobody@example.com"})).await,
        Err(fault("UserNotFoundException", "User does not exist."))
    );
}
