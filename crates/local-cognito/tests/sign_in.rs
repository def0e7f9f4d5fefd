//! Signing in, over real HTTP: SRP, USER_PASSWORD_AUTH, the lockout, hidden
//! users, the tokens' claims and the JWKS, GetUser's token checks (forged,
//! refreshed, revoked, expired), and a restart that keeps users and keys.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::*;

// --- SRP sign-in ----------------------------------------------------------------

#[tokio::test]
async fn srp_refuses_wrong_passwords_replays_tampering_and_stale_clocks() {
    let local = start().await;
    local.confirmed_user("srp@example.com").await;
    let incorrect = Err(fault(
        "NotAuthorizedException",
        "Incorrect username or password.",
    ));
    assert_eq!(
        local.srp_sign_in("srp@example.com", "Un1corns?").await,
        incorrect
    );

    // A challenge answers once.
    let (srp, challenge) = local.start_srp(CLIENT, "srp@example.com").await.unwrap();
    let now = local.now().await;
    let answer = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now);
    local
        .call("RespondToAuthChallenge", answer.clone())
        .await
        .unwrap();
    assert_eq!(
        local.call("RespondToAuthChallenge", answer).await,
        incorrect
    );

    // A secret block that was not issued.
    let (srp, challenge) = local.start_srp(CLIENT, "srp@example.com").await.unwrap();
    let mut answer = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now);
    answer["ChallengeResponses"]["PASSWORD_CLAIM_SECRET_BLOCK"] = json!("AAAA");
    assert_eq!(
        local.call("RespondToAuthChallenge", answer).await,
        incorrect
    );

    // A clock ten minutes behind.
    let (srp, challenge) = local.start_srp(CLIENT, "srp@example.com").await.unwrap();
    let stale = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now - 600);
    assert_eq!(local.call("RespondToAuthChallenge", stale).await, incorrect);

    // A TIMESTAMP that is not the format.
    let (srp, challenge) = local.start_srp(CLIENT, "srp@example.com").await.unwrap();
    let mut garbled = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now);
    garbled["ChallengeResponses"]["TIMESTAMP"] = json!("2026-11-22T10:00:00Z");
    assert_eq!(
        local.call("RespondToAuthChallenge", garbled).await,
        Err(fault(
            "InvalidParameterException",
            "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english."
        ))
    );

    // Missing parameters and unknown users.
    let no_a = local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT,
            "AuthParameters": {"USERNAME": "srp@example.com"}}),
        )
        .await;
    assert_eq!(
        no_a,
        Err(fault(
            "InvalidParameterException",
            "Missing required parameter SRP_A"
        ))
    );
    let zero_a = local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT,
            "AuthParameters": {"USERNAME": "srp@example.com", "SRP_A": "0"}}),
        )
        .await;
    assert_eq!(zero_a.unwrap_err().0, "InvalidParameterException");
    assert_eq!(
        local.srp_sign_in("nobody@example.com", PASSWORD).await,
        Err(fault("UserNotFoundException", "User does not exist."))
    );
    // Still fine with the right password: none of the above locked it (3 failures).
    local
        .srp_sign_in("srp@example.com", PASSWORD)
        .await
        .unwrap();
}

/// The answer to a challenge is checked with no lock held, then the
/// challenge is taken in one write: sent many times at once, it still signs
/// in once, and sign-ins of many users at once all succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_challenge_answered_many_times_at_once_signs_in_once() {
    let local = start().await;
    local.confirmed_user("race@example.com").await;
    let (srp, challenge) = local.start_srp(CLIENT, "race@example.com").await.unwrap();
    let now = local.now().await;
    let answer = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now);
    let answers = (0..8).map(|_| local.call("RespondToAuthChallenge", answer.clone()));
    let results = futures::future::join_all(answers).await;
    let signed_in = results
        .iter()
        .filter(|r| {
            r.as_ref()
                .is_ok_and(|v| v["AuthenticationResult"]["IdToken"].is_string())
        })
        .count();
    assert_eq!(signed_in, 1, "{results:?}");
    for refused in results.iter().filter(|r| r.is_err()) {
        assert_eq!(
            refused,
            &Err(fault(
                "NotAuthorizedException",
                "Incorrect username or password."
            ))
        );
    }

    let emails: Vec<String> = (0..6).map(|i| format!("crowd{i}@example.com")).collect();
    for email in &emails {
        local.confirmed_user(email).await;
    }
    let sign_ins = emails
        .iter()
        .map(|email| local.srp_sign_in(email, PASSWORD));
    for result in futures::future::join_all(sign_ins).await {
        assert!(result.unwrap()["AuthenticationResult"]["AccessToken"].is_string());
    }
}

/// A password changed between the challenge and its answer: the answer,
/// made with the old password, is refused.
#[tokio::test]
async fn a_password_changed_during_a_sign_in_fails_it() {
    let local = start().await;
    local.confirmed_user("moved@example.com").await;
    let (srp, challenge) = local.start_srp(CLIENT, "moved@example.com").await.unwrap();
    local
        .call(
            "AdminSetUserPassword",
            json!({"UserPoolId": POOL, "Username": "moved@example.com",
                   "Password": "N3wUnicorns!", "Permanent": true}),
        )
        .await
        .unwrap();
    let now = local.now().await;
    let answer = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now);
    assert_eq!(
        local.call("RespondToAuthChallenge", answer).await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    assert!(local
        .srp_sign_in("moved@example.com", "N3wUnicorns!")
        .await
        .is_ok());
}

/// Flows InitiateAuth does not take: an administrator's (Cognito's
/// answer), Cognito's own that local-cognito does not serve (said so), and
/// a name that is no flow (the enum listed).
#[tokio::test]
async fn initiate_auth_names_the_flows_it_does_not_take() {
    let local = start().await;
    let initiate = |flow: &str| {
        local.call(
            "InitiateAuth",
            json!({"AuthFlow": flow, "ClientId": CLIENT, "AuthParameters": {"USERNAME": "a@example.com"}}),
        )
    };
    assert_eq!(
        initiate("ADMIN_USER_PASSWORD_AUTH").await,
        Err(fault(
            "InvalidParameterException",
            "Initiate Auth method not supported."
        ))
    );
    assert_eq!(
        initiate("CUSTOM_AUTH").await,
        Err(fault(
            "InvalidParameterException",
            "CUSTOM_AUTH is not supported by local-cognito."
        ))
    );
    let unknown = initiate("MAGIC_AUTH").await.unwrap_err();
    assert_eq!(unknown.0, "InvalidParameterException");
    assert!(
        unknown.1.contains("'MAGIC_AUTH' at 'authFlow'") && unknown.1.contains("USER_AUTH]"),
        "{}",
        unknown.1
    );
}

#[tokio::test]
async fn five_wrong_passwords_lock_sign_in() {
    let local = start().await;
    local.confirmed_user("lock@example.com").await;
    for _ in 0..5 {
        assert_eq!(
            local
                .srp_sign_in("lock@example.com", "Wr0ng!pass")
                .await
                .unwrap_err()
                .1,
            "Incorrect username or password."
        );
    }
    assert_eq!(
        local.srp_sign_in("lock@example.com", PASSWORD).await,
        Err(fault(
            "NotAuthorizedException",
            "Password attempts exceeded"
        ))
    );
    local.advance(61).await;
    local
        .srp_sign_in("lock@example.com", PASSWORD)
        .await
        .unwrap();
}

#[tokio::test]
async fn user_password_auth_only_where_the_client_allows_it() {
    let local = start().await;
    local.confirmed_user("plain@example.com").await;
    let plain = |client: &str, password: &str| {
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
            "AuthParameters": {"USERNAME": "plain@example.com", "PASSWORD": password}})
    };
    let ok = local
        .call("InitiateAuth", plain(CLIENT, PASSWORD))
        .await
        .unwrap();
    assert!(ok["AuthenticationResult"]["IdToken"].is_string());
    assert_eq!(
        local
            .call("InitiateAuth", plain(CLIENT, "nope"))
            .await
            .unwrap_err()
            .1,
        "Incorrect username or password."
    );

    let srp_only = &local
        .create_client(json!({"UserPoolId": POOL, "ClientName": "srp-only",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}))
        .await;
    assert_eq!(
        local.call("InitiateAuth", plain(srp_only, PASSWORD)).await,
        Err(fault(
            "InvalidParameterException",
            "USER_PASSWORD_AUTH flow not enabled for this client"
        ))
    );
    local
        .srp_sign_in_to(POOL, srp_only, "plain@example.com", PASSWORD)
        .await
        .unwrap();
    let bad_flow = local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "MAGIC", "ClientId": CLIENT, "AuthParameters": {}}),
        )
        .await;
    assert_eq!(bad_flow.unwrap_err().0, "InvalidParameterException");
}

#[tokio::test]
async fn prevent_user_existence_errors_hides_unknown_users() {
    let local = start().await;
    let client = &local
        .create_client(json!({"UserPoolId": POOL, "ClientName": "quiet",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED"}))
        .await;
    let (_, challenge) = local.start_srp(client, "ghost@example.com").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    assert_eq!(
        local
            .srp_sign_in_to(POOL, client, "ghost@example.com", PASSWORD)
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    // Account confirmation and recovery: a code "sent" to a simulated
    // destination, and a wrong code, never "no such user".
    for operation in ["ResendConfirmationCode", "ForgotPassword"] {
        let sent = local
            .call(
                operation,
                json!({"ClientId": client, "Username": "ghost@example.com"}),
            )
            .await
            .unwrap();
        assert_eq!(
            sent["CodeDeliveryDetails"],
            json!({"Destination": "g***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}),
            "{operation}"
        );
    }
    let confirm = local
        .call(
            "ConfirmSignUp",
            json!({"ClientId": client, "Username": "ghost@example.com", "ConfirmationCode": "123456"}),
        )
        .await;
    assert_eq!(
        confirm.unwrap_err(),
        fault(
            "CodeMismatchException",
            "Invalid verification code provided, please try again."
        )
    );
    let reset = local
        .call(
            "ConfirmForgotPassword",
            json!({"ClientId": client, "Username": "ghost@example.com",
                "ConfirmationCode": "123456", "Password": PASSWORD}),
        )
        .await;
    assert_eq!(reset.unwrap_err().0, "CodeMismatchException");
    // Nothing was sent anywhere.
    let outbox = local
        .get_json("/_local/messages?to=ghost@example.com")
        .await;
    assert_eq!(outbox, json!([]));
    // The same calls through the pool's own client (LEGACY) still say so.
    let legacy = local
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": CLIENT, "Username": "ghost@example.com"}),
        )
        .await;
    assert_eq!(legacy.unwrap_err().0, "UserNotFoundException");
}

/// A client of `pool` that hides unknown names, with every password flow.
async fn hiding_client_of(local: &Local, pool: &str) -> String {
    local
        .create_client(json!({"UserPoolId": pool, "ClientName": "hiding",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED"}))
        .await
}

/// What `name` is answered, step by step: seven SRP challenges started
/// at once, the first answered naming `other` instead (not counted, as
/// for any answer that names someone else), the rest with a wrong
/// password, named alternately by USER_ID_FOR_SRP and by the name; then a
/// new sign-in by each flow, with the right password where one is sent.
/// A challenge is its name, an error its fault.
async fn wrong_srp_claims(
    local: &Local,
    pool: &str,
    client: &str,
    name: &str,
    other: &str,
) -> Vec<Result<String, Fault>> {
    let shown = |response: Result<Value, Fault>| {
        response.map(|body| {
            body["ChallengeName"]
                .as_str()
                .unwrap_or("tokens")
                .to_string()
        })
    };
    let mut challenges = Vec::new();
    for _ in 0..7 {
        challenges.push(local.start_srp(client, name).await.unwrap());
    }
    let mut steps = Vec::new();
    for (index, (srp, challenge)) in challenges.iter().enumerate() {
        let now = local.now().await;
        let mut answer = local.answer(client, srp, challenge, pool, "Wr0ng!pass", now);
        match index {
            0 => answer["ChallengeResponses"]["USERNAME"] = json!(other),
            _ if index % 2 == 0 => answer["ChallengeResponses"]["USERNAME"] = json!(name),
            _ => {}
        }
        steps.push(shown(local.call("RespondToAuthChallenge", answer).await));
    }
    let sign_in = |flow: &str, params: Value| json!({"AuthFlow": flow, "ClientId": client, "AuthParameters": params});
    for request in [
        sign_in(
            "USER_SRP_AUTH",
            json!({"USERNAME": name, "SRP_A": cognito_srp::Client::new().unwrap().srp_a()}),
        ),
        sign_in(
            "USER_PASSWORD_AUTH",
            json!({"USERNAME": name, "PASSWORD": PASSWORD}),
        ),
        sign_in("USER_AUTH", json!({"USERNAME": name})),
        sign_in(
            "USER_AUTH",
            json!({"USERNAME": name, "PREFERRED_CHALLENGE": "PASSWORD_SRP",
                "SRP_A": cognito_srp::Client::new().unwrap().srp_a()}),
        ),
    ] {
        steps.push(shown(local.call("InitiateAuth", request).await));
    }
    steps
}

#[tokio::test]
async fn a_hidden_names_wrong_srp_passwords_lock_it_as_a_users_do() {
    let local = start().await;
    let incorrect = fault("NotAuthorizedException", "Incorrect username or password.");
    let locked = fault("NotAuthorizedException", "Password attempts exceeded");
    // The first answer names someone else; five wrong passwords lock the
    // sixth answer and every new sign-in.
    let expected: Vec<Result<String, Fault>> = [
        vec![Err(incorrect.clone()); 6],
        vec![Err(locked.clone()); 5],
    ]
    .concat();
    // Email as the username (the answers carry a UUID for both), and a
    // pool of plain usernames.
    local.confirmed_user("rider@example.com").await;
    let (plain_pool, _) = local.pool_with_user("plain", "rider", json!([])).await;
    for (pool, real, ghost) in [
        (POOL.to_string(), "rider@example.com", "ghost@example.com"),
        (plain_pool, "rider", "ghost"),
    ] {
        let client = hiding_client_of(&local, &pool).await;
        let user = wrong_srp_claims(&local, &pool, &client, real, ghost).await;
        let hidden = wrong_srp_claims(&local, &pool, &client, ghost, real).await;
        assert_eq!(user, expected, "{real}");
        assert_eq!(hidden, user, "{ghost}");
        // Once the lock is over, both start again; a wrong password locks
        // both again at once (the count goes on).
        local.advance(61).await;
        for name in [real, ghost] {
            assert_eq!(
                local
                    .srp_sign_in_to(&pool, &client, name, "Wr0ng!pass")
                    .await,
                Err(incorrect.clone()),
                "{name}"
            );
            assert_eq!(
                local.start_srp(&client, name).await.map(|_| ()),
                Err(locked.clone()),
                "{name} after the lock"
            );
        }
    }
}

// --- tokens -----------------------------------------------------------------------

#[tokio::test]
async fn tokens_carry_cognitos_claims_and_verify_against_the_jwks() {
    let local = start().await;
    local.confirmed_user("claims@example.com").await;
    let tokens = local.tokens("claims@example.com", PASSWORD).await;
    let id = claims(tokens["IdToken"].as_str().unwrap());
    let access = claims(tokens["AccessToken"].as_str().unwrap());
    let issuer = format!("{}/{POOL}", local.url);
    assert_eq!(id["iss"], issuer.as_str());
    assert_eq!(id["aud"], CLIENT);
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["email"], "claims@example.com");
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["cognito:username"], id["sub"]);
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["client_id"], CLIENT);
    assert_eq!(access["username"], id["sub"]);
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(access["origin_jti"], id["origin_jti"]);
    assert_eq!(access["event_id"], id["event_id"]);
    assert_ne!(access["jti"], id["jti"]);
    assert_eq!(
        access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap(),
        3600
    );
    for claim in ["auth_time", "iat", "exp"] {
        assert!(id[claim].is_i64(), "{claim}");
    }

    let jwks = local
        .get_json(&format!("/{POOL}/.well-known/jwks.json"))
        .await;
    let key = &jwks["keys"][0];
    assert_eq!(
        (
            key["kty"].as_str(),
            key["alg"].as_str(),
            key["use"].as_str()
        ),
        (Some("RSA"), Some("RS256"), Some("sig"))
    );
    let header = claims_of_header(tokens["IdToken"].as_str().unwrap());
    assert_eq!(header["kid"], key["kid"]);
    assert_eq!(header["alg"], "RS256");
    let openid = local
        .get_json(&format!("/{POOL}/.well-known/openid-configuration"))
        .await;
    assert_eq!(openid["issuer"], issuer.as_str());
    assert_eq!(
        openid["jwks_uri"],
        format!("{}/{POOL}/.well-known/jwks.json", local.url)
    );
    assert_eq!(
        local
            .get("/us-east-1_Nothing/.well-known/jwks.json")
            .await
            .0,
        404
    );
}

fn claims_of_header(token: &str) -> Value {
    use base64::Engine as _;
    let header = token.split('.').next().unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn get_user_refuses_forged_expired_and_signed_out_tokens() {
    let local = start().await;
    local.confirmed_user("guard@example.com").await;
    let tokens = local.tokens("guard@example.com", PASSWORD).await;
    let access = tokens["AccessToken"].as_str().unwrap();
    let get_user = |token: &str| local.call("GetUser", json!({"AccessToken": token}));
    get_user(access).await.unwrap();

    let invalid = Err(fault("NotAuthorizedException", "Invalid Access Token"));
    // Claims changed (a longer life), signature kept.
    let mut parts: Vec<String> = access.split('.').map(String::from).collect();
    let mut forged = claims(access);
    forged["exp"] = json!(forged["exp"].as_i64().unwrap() + 86_400);
    use base64::Engine as _;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged.to_string());
    assert_eq!(get_user(&parts.join(".")).await, invalid);
    assert_eq!(get_user("not.a.token").await, invalid);
    assert_eq!(get_user(tokens["IdToken"].as_str().unwrap()).await, invalid);

    // Refresh, with DEVICE_KEY null as browsers send it: new tokens, no new refresh token.
    let refresh = json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
        "AuthParameters": {"REFRESH_TOKEN": tokens["RefreshToken"], "DEVICE_KEY": null}});
    let refreshed =
        local.call("InitiateAuth", refresh.clone()).await.unwrap()["AuthenticationResult"].clone();
    assert!(refreshed.get("RefreshToken").is_none());
    assert_eq!(
        claims(refreshed["IdToken"].as_str().unwrap())["origin_jti"],
        claims(access)["origin_jti"]
    );
    get_user(refreshed["AccessToken"].as_str().unwrap())
        .await
        .unwrap();
    let bogus = json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT, "AuthParameters": {"REFRESH_TOKEN": "bogus"}});
    assert_eq!(
        local.call("InitiateAuth", bogus).await,
        Err(fault("NotAuthorizedException", "Invalid Refresh Token"))
    );

    // A second sign-in survives a RevokeToken of the first, not a GlobalSignOut.
    let second = local.tokens("guard@example.com", PASSWORD).await;
    local
        .call(
            "RevokeToken",
            json!({"Token": tokens["RefreshToken"], "ClientId": CLIENT}),
        )
        .await
        .unwrap();
    let revoked = Err(fault(
        "NotAuthorizedException",
        "Access Token has been revoked",
    ));
    assert_eq!(get_user(access).await, revoked);
    assert_eq!(
        local.call("InitiateAuth", refresh).await,
        Err(fault(
            "NotAuthorizedException",
            "Refresh Token has been revoked"
        ))
    );
    assert_eq!(
        local
            .call("RevokeToken", json!({"Token": access, "ClientId": CLIENT}))
            .await
            .unwrap_err()
            .0,
        "UnsupportedTokenTypeException"
    );
    let second_access = second["AccessToken"].as_str().unwrap();
    get_user(second_access).await.unwrap();
    local
        .call("GlobalSignOut", json!({"AccessToken": second_access}))
        .await
        .unwrap();
    assert_eq!(get_user(second_access).await, revoked);
    let second_refresh = json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
        "AuthParameters": {"REFRESH_TOKEN": second["RefreshToken"]}});
    assert_eq!(
        local
            .call("InitiateAuth", second_refresh)
            .await
            .unwrap_err()
            .1,
        "Refresh Token has been revoked"
    );

    // An hour later a fresh token has expired.
    let third = local.tokens("guard@example.com", PASSWORD).await;
    local.advance(3601).await;
    assert_eq!(
        get_user(third["AccessToken"].as_str().unwrap()).await,
        Err(fault("NotAuthorizedException", "Access Token has expired"))
    );
}

// --- persistence --------------------------------------------------------------------

#[tokio::test]
async fn a_restart_keeps_users_and_keys() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    let port = local.running.addr.port();
    local.confirmed_user("stays@example.com").await;
    let tokens = local.tokens("stays@example.com", PASSWORD).await;
    let jwks = local
        .get_json(&format!("/{POOL}/.well-known/jwks.json"))
        .await;
    local.running.stop().await;
    assert!(dir.path().join("local-cognito.sqlite3").is_file());

    // Same data, same address: the same keys, so tokens issued before still work.
    let again = start_with(Some(dir.path().to_path_buf()), port).await;
    assert_eq!(
        again
            .get_json(&format!("/{POOL}/.well-known/jwks.json"))
            .await,
        jwks
    );
    let user = again
        .call("GetUser", json!({"AccessToken": tokens["AccessToken"]}))
        .await
        .unwrap();
    assert_eq!(
        user["Username"],
        claims(tokens["IdToken"].as_str().unwrap())["sub"]
    );
    let refresh = json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
        "AuthParameters": {"REFRESH_TOKEN": tokens["RefreshToken"]}});
    again.call("InitiateAuth", refresh).await.unwrap();
    again
        .srp_sign_in("stays@example.com", PASSWORD)
        .await
        .unwrap();
    assert_eq!(again.messages("stays@example.com").await.len(), 1);
}
