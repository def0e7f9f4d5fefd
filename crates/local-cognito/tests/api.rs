//! Every operation and every error, over real HTTP, against local-cognito
//! with its data in SQLite.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::*;

// --- the protocol -------------------------------------------------------------

#[tokio::test]
async fn protocol_errors_are_cognitos() {
    let local = start().await;
    let (status, headers, body) = local.raw(Some("NoSuchThing"), "{}").await;
    assert_eq!(status, 400);
    assert_eq!(headers["x-amzn-errortype"], "UnknownOperationException");
    assert!(body.contains("UnknownOperationException"), "{body}");
    let (status, _, body) = local.raw(None, "{}").await;
    assert_eq!(
        (status, body.contains("UnknownOperationException")),
        (400, true)
    );

    let (status, headers, body) = local.raw(Some("SignUp"), "{not json").await;
    assert_eq!(status, 400);
    assert_eq!(headers["x-amzn-errortype"], "SerializationException");
    assert!(body.contains("SerializationException"));
    let (_, headers, _) = local.raw(Some("SignUp"), "[1, 2]").await;
    assert_eq!(headers["x-amzn-errortype"], "SerializationException");

    let missing = local
        .call(
            "SignUp",
            json!({"Username": "a@example.com", "Password": PASSWORD}),
        )
        .await;
    assert_eq!(
        missing,
        Err(fault(
            "InvalidParameterException",
            "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null"
        ))
    );
    let mistyped = local
        .call(
            "SignUp",
            json!({"ClientId": CLIENT, "Username": 42, "Password": PASSWORD}),
        )
        .await;
    let (kind, message) = mistyped.unwrap_err();
    assert_eq!(kind, "InvalidParameterException");
    assert!(message.contains("'username'"), "{message}");

    let huge = json!({"ClientId": CLIENT, "Username": "x".repeat(100_000), "Password": PASSWORD})
        .to_string();
    let (status, headers, _) = local.raw(Some("SignUp"), &huge).await;
    assert_eq!(status, 413);
    assert_eq!(
        headers["x-amzn-errortype"],
        "RequestEntityTooLargeException"
    );

    let long_name = local
        .sign_up(&format!("{}@example.com", "x".repeat(200)), PASSWORD)
        .await;
    assert_eq!(long_name.unwrap_err().1, "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128");
}

#[tokio::test]
async fn pages_on_this_machine_may_call_it_from_a_browser() {
    let local = start().await;
    let preflight = |origin: &'static str| {
        reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, &local.url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,x-amz-target,x-amz-user-agent,cache-control",
            )
            .send()
    };
    let response = preflight("http://127.0.0.1:8080").await.unwrap();
    assert!(response.status().is_success());
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    assert!(headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    let allowed = headers["access-control-allow-headers"].to_str().unwrap();
    for header in [
        "content-type",
        "x-amz-target",
        "x-amz-user-agent",
        "cache-control",
    ] {
        assert!(allowed.contains(header), "{allowed}");
    }
    let (_, headers, _) = local
        .raw_from(
            Some("http://localhost:3000"),
            Some("GetUser"),
            r#"{"AccessToken": "x"}"#,
        )
        .await;
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://localhost:3000"
    );
    assert_eq!(
        headers["access-control-expose-headers"],
        "x-amzn-errortype, x-amzn-requestid"
    );
    assert!(headers.contains_key("x-amzn-requestid"));

    // Any other site is refused: no preflight, no answer it may read.
    let refused = preflight("https://evil.example").await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(!refused
        .headers()
        .contains_key("access-control-allow-origin"));
    let (_, headers, _) = local
        .raw_from(
            Some("https://evil.example"),
            Some("GetUser"),
            r#"{"AccessToken": "x"}"#,
        )
        .await;
    assert!(!headers.contains_key("access-control-allow-origin"));
    // And the console's data never has CORS, not even for this machine.
    let messages = reqwest::Client::new()
        .get(format!("{}/_local/messages", local.url))
        .header("origin", "http://127.0.0.1:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(messages.status(), 200);
    assert!(!messages
        .headers()
        .contains_key("access-control-allow-origin"));
}

// --- sign-up and confirmation --------------------------------------------------------

#[tokio::test]
async fn sign_up_confirm_and_sign_in_with_srp() {
    let local = start().await;
    let signed_up = local.sign_up("Rider@Example.com", PASSWORD).await.unwrap();
    assert_eq!(signed_up["UserConfirmed"], false);
    let sub = signed_up["UserSub"].as_str().unwrap().to_string();
    assert_eq!(
        signed_up["CodeDeliveryDetails"],
        json!({"Destination": "R***@E***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
    );
    let code = local.latest_code("rider@example.com").await;

    // Before confirmation the right password is not enough.
    assert_eq!(
        local.srp_sign_in("rider@example.com", PASSWORD).await,
        Err(fault("UserNotConfirmedException", "User is not confirmed."))
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let confirm = |code: &str| json!({"ClientId": CLIENT, "Username": "RIDER@example.com", "ConfirmationCode": code});
    assert_eq!(
        local.call("ConfirmSignUp", confirm(wrong)).await,
        Err(fault(
            "CodeMismatchException",
            "Invalid verification code provided, please try again."
        ))
    );
    local.call("ConfirmSignUp", confirm(&code)).await.unwrap();
    assert_eq!(
        local.call("ConfirmSignUp", confirm(&code)).await,
        Err(fault(
            "NotAuthorizedException",
            "User cannot be confirmed. Current status is CONFIRMED"
        ))
    );

    // The challenge: the internal username is the sub, SALT and SRP_B minimal lowercase hex, no Session.
    let (_, challenge) = local.start_srp(CLIENT, "rider@example.com").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(challenge.get("Session").is_none());
    let params = &challenge["ChallengeParameters"];
    assert_eq!(params["USER_ID_FOR_SRP"], sub.as_str());
    assert_eq!(params["USERNAME"], sub.as_str());
    for name in ["SALT", "SRP_B"] {
        let hex = params[name].as_str().unwrap();
        assert!(
            !hex.starts_with('0')
                && hex
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
            "{name} {hex}"
        );
    }

    let tokens = local.tokens("rider@example.com", PASSWORD).await;
    assert_eq!(tokens["TokenType"], "Bearer");
    assert_eq!(tokens["ExpiresIn"], 3600);
    assert!(tokens["RefreshToken"].as_str().unwrap().len() > 40);
    let user = local
        .call("GetUser", json!({"AccessToken": tokens["AccessToken"]}))
        .await
        .unwrap();
    assert_eq!(user["Username"], sub.as_str());
    let attributes: Vec<(String, String)> = user["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["Name"].as_str().unwrap().into(),
                a["Value"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(attributes[0], ("sub".into(), sub.clone()));
    assert!(attributes.contains(&("email".into(), "Rider@Example.com".into())));
    assert!(attributes.contains(&("email_verified".into(), "true".into())));
}

#[tokio::test]
async fn sign_up_refusals() {
    let local = start().await;
    local.sign_up("taken@example.com", PASSWORD).await.unwrap();
    assert_eq!(
        local.sign_up("TAKEN@example.com", PASSWORD).await,
        Err(fault(
            "UsernameExistsException",
            "An account with the given email already exists."
        ))
    );
    assert_eq!(
        local.sign_up("short@example.com", "Ab1!").await,
        Err(fault(
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough"
        ))
    );
    assert_eq!(
        local.sign_up("lower@example.com", "unicorns1!").await,
        Err(fault(
            "InvalidPasswordException",
            "Password did not conform with policy: Password must have uppercase characters"
        ))
    );
    assert_eq!(
        local.sign_up("not-an-email", PASSWORD).await,
        Err(fault(
            "InvalidParameterException",
            "Username should be an email."
        ))
    );
    let unknown_client = local
        .call(
            "SignUp",
            json!({"ClientId": "nope", "Username": "a@example.com", "Password": PASSWORD}),
        )
        .await;
    assert_eq!(
        unknown_client,
        Err(fault(
            "ResourceNotFoundException",
            "User pool client nope does not exist."
        ))
    );
    let sub_attribute = local
        .call(
            "SignUp",
            json!({"ClientId": CLIENT, "Username": "s@example.com", "Password": PASSWORD,
            "UserAttributes": [{"Name": "sub", "Value": "mine"}]}),
        )
        .await;
    assert_eq!(sub_attribute.unwrap_err().0, "InvalidParameterException");
    // Nothing half-made: the refused sign-ups left no users and sent nothing.
    assert!(local.messages("short@example.com").await.is_empty());
    assert_eq!(
        local
            .call(
                "ResendConfirmationCode",
                json!({"ClientId": CLIENT, "Username": "short@example.com"})
            )
            .await,
        Err(fault(
            "UserNotFoundException",
            "Username/client id combination not found."
        ))
    );
}

#[tokio::test]
async fn codes_expire_run_out_and_can_be_resent() {
    let local = start().await;
    local.sign_up("codes@example.com", PASSWORD).await.unwrap();
    let first = local.latest_code("codes@example.com").await;
    let resend = json!({"ClientId": CLIENT, "Username": "codes@example.com"});
    let resent = local
        .call("ResendConfirmationCode", resend.clone())
        .await
        .unwrap();
    assert_eq!(resent["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    assert_eq!(local.messages("codes@example.com").await.len(), 2);
    let second = local.latest_code("codes@example.com").await;
    let confirm = |code: &str| json!({"ClientId": CLIENT, "Username": "codes@example.com", "ConfirmationCode": code});
    if first != second {
        assert_eq!(
            local
                .call("ConfirmSignUp", confirm(&first))
                .await
                .unwrap_err()
                .0,
            "CodeMismatchException"
        );
    }

    // Five wrong tries use the code up, even for the right digits.
    let wrong = if second == "123456" {
        "654321"
    } else {
        "123456"
    };
    for _ in 0..4 {
        assert_eq!(
            local
                .call("ConfirmSignUp", confirm(wrong))
                .await
                .unwrap_err()
                .0,
            "CodeMismatchException"
        );
    }
    assert_eq!(
        local.call("ConfirmSignUp", confirm(&second)).await,
        Err(fault(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time."
        ))
    );

    // A new code gives no new guesses: the count stands until its window
    // (an hour) has passed.
    assert_eq!(
        local.call("ResendConfirmationCode", resend.clone()).await,
        Err(fault(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time."
        ))
    );
    local.advance(3600).await;

    // A fresh code, then 24 hours and a second.
    local
        .call("ResendConfirmationCode", resend.clone())
        .await
        .unwrap();
    let third = local.latest_code("codes@example.com").await;
    local.advance(24 * 3600 + 1).await;
    assert_eq!(
        local.call("ConfirmSignUp", confirm(&third)).await,
        Err(fault(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again."
        ))
    );
    local
        .call("ResendConfirmationCode", resend.clone())
        .await
        .unwrap();
    let fourth = local.latest_code("codes@example.com").await;
    local.call("ConfirmSignUp", confirm(&fourth)).await.unwrap();
    assert_eq!(
        local.call("ResendConfirmationCode", resend).await,
        Err(fault(
            "InvalidParameterException",
            "User is already confirmed."
        ))
    );
}

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

    let srp_only = local
        .call(
            "CreateUserPoolClient",
            json!({"UserPoolId": POOL, "ClientName": "srp-only",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await
        .unwrap();
    let srp_only = srp_only["UserPoolClient"]["ClientId"].as_str().unwrap();
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
    let client = local
        .call(
            "CreateUserPoolClient",
            json!({"UserPoolId": POOL, "ClientName": "quiet",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED"}),
        )
        .await
        .unwrap();
    let client = client["UserPoolClient"]["ClientId"].as_str().unwrap();
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

// --- passwords and the signed-in user -------------------------------------------------

#[tokio::test]
async fn forgotten_and_changed_passwords() {
    let local = start().await;
    local.confirmed_user("forgot@example.com").await;
    let sent = local
        .call(
            "ForgotPassword",
            json!({"ClientId": CLIENT, "Username": "forgot@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(sent["CodeDeliveryDetails"]["Destination"], "f***@e***");
    let code = local.latest_code("forgot@example.com").await;
    let reset = |password: &str, code: &str| json!({"ClientId": CLIENT, "Username": "forgot@example.com", "ConfirmationCode": code, "Password": password});
    assert_eq!(
        local
            .call("ConfirmForgotPassword", reset("weak", &code))
            .await
            .unwrap_err()
            .0,
        "InvalidPasswordException"
    );
    local
        .call("ConfirmForgotPassword", reset("N3w-unicorns", &code))
        .await
        .unwrap();
    assert_eq!(
        local
            .call("ConfirmForgotPassword", reset("N3w-unicorns", &code))
            .await
            .unwrap_err()
            .0,
        "ExpiredCodeException"
    );
    assert!(local
        .srp_sign_in("forgot@example.com", PASSWORD)
        .await
        .is_err());
    let tokens = local.tokens("forgot@example.com", "N3w-unicorns").await;

    let change = |previous: &str, proposed: &str| json!({"AccessToken": tokens["AccessToken"], "PreviousPassword": previous, "ProposedPassword": proposed});
    assert_eq!(
        local
            .call("ChangePassword", change("Wr0ng-one", "Third-0ne"))
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    assert_eq!(
        local
            .call("ChangePassword", change("N3w-unicorns", "short"))
            .await
            .unwrap_err()
            .0,
        "InvalidPasswordException"
    );
    local
        .call("ChangePassword", change("N3w-unicorns", "Third-0ne"))
        .await
        .unwrap();
    local
        .srp_sign_in("forgot@example.com", "Third-0ne")
        .await
        .unwrap();

    local
        .sign_up("unverified@example.com", PASSWORD)
        .await
        .unwrap();
    let unverified = local
        .call(
            "ForgotPassword",
            json!({"ClientId": CLIENT, "Username": "unverified@example.com"}),
        )
        .await;
    assert_eq!(unverified.unwrap_err().0, "InvalidParameterException");
}

#[tokio::test]
async fn users_update_their_attributes_and_delete_themselves() {
    let local = start().await;
    local.confirmed_user("self@example.com").await;
    local.confirmed_user("other@example.com").await;
    let tokens = local.tokens("self@example.com", PASSWORD).await;
    let access = tokens["AccessToken"].clone();
    let update = |attributes: Value| {
        local.call(
            "UpdateUserAttributes",
            json!({"AccessToken": access, "UserAttributes": attributes}),
        )
    };
    let named = update(json!([{"Name": "name", "Value": "Shadowfax"}]))
        .await
        .unwrap();
    assert!(named.get("CodeDeliveryDetailsList").is_none());
    assert_eq!(
        update(json!([{"Name": "email", "Value": "other@example.com"}])).await,
        Err(fault(
            "AliasExistsException",
            "An account with the given email already exists."
        ))
    );
    assert_eq!(
        update(json!([{"Name": "sub", "Value": "x"}]))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
    assert_eq!(
        update(json!([{"Name": "favourite", "Value": "x"}]))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );
    let moved = update(json!([{"Name": "email", "Value": "moved@example.com"}]))
        .await
        .unwrap();
    assert_eq!(
        moved["CodeDeliveryDetailsList"][0]["Destination"],
        "m***@e***"
    );
    assert_eq!(local.messages("moved@example.com").await.len(), 1);
    let user = local
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    let attributes = user["UserAttributes"].as_array().unwrap();
    assert!(attributes.contains(&json!({"Name": "name", "Value": "Shadowfax"})));
    assert!(attributes.contains(&json!({"Name": "email_verified", "Value": "false"})));

    local
        .call("DeleteUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_eq!(
        local.call("GetUser", json!({"AccessToken": access})).await,
        Err(fault("NotAuthorizedException", "User does not exist."))
    );
    assert_eq!(
        local
            .srp_sign_in("moved@example.com", PASSWORD)
            .await
            .unwrap_err()
            .0,
        "UserNotFoundException"
    );
}

#[tokio::test]
async fn a_changed_email_is_verified_with_its_code() {
    let local = start().await;
    local.confirmed_user("old@example.com").await;
    let access = local.tokens("old@example.com", PASSWORD).await["AccessToken"].clone();
    local
        .call(
            "UpdateUserAttributes",
            json!({"AccessToken": access, "UserAttributes": [{"Name": "email", "Value": "new@example.com"}]}),
        )
        .await
        .unwrap();
    let first = local.latest_code("new@example.com").await;
    let verify = |attribute: &str, code: &str| {
        local.call(
            "VerifyUserAttribute",
            json!({"AccessToken": access, "AttributeName": attribute, "Code": code}),
        )
    };
    let verified = || async {
        let user = local
            .call("GetUser", json!({"AccessToken": access}))
            .await
            .unwrap();
        user["UserAttributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email_verified", "Value": "true"}))
    };
    let wrong = if first == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert_eq!(
        verify("email", wrong).await,
        Err(fault(
            "CodeMismatchException",
            "Invalid verification code provided, please try again."
        ))
    );
    assert_eq!(
        verify("phone_number", &first).await.unwrap_err().0,
        "InvalidParameterException"
    );
    assert!(!verified().await);

    // A lost code: a new one replaces it.
    let sent = local
        .call(
            "GetUserAttributeVerificationCode",
            json!({"AccessToken": access, "AttributeName": "email"}),
        )
        .await
        .unwrap();
    assert_eq!(sent["CodeDeliveryDetails"]["AttributeName"], "email");
    assert_eq!(local.messages("new@example.com").await.len(), 2);
    let second = local.latest_code("new@example.com").await;
    if second != first {
        assert_eq!(
            verify("email", &first).await.unwrap_err().0,
            "CodeMismatchException"
        );
    }
    verify("email", &second).await.unwrap();
    assert!(verified().await);
    // Spent: the same code does not verify twice.
    assert_eq!(
        verify("email", &second).await.unwrap_err().0,
        "ExpiredCodeException"
    );
}

// --- pools, clients and administrators --------------------------------------------------

#[tokio::test]
async fn pools_and_clients() {
    let local = start().await;
    let created = local
        .call(
            "CreateUserPool",
            json!({"PoolName": "Stable", "Policies": {"PasswordPolicy": {"MinimumLength": 12}}}),
        )
        .await
        .unwrap();
    let pool = created["UserPool"]["Id"].as_str().unwrap().to_string();
    assert!(pool.starts_with("us-east-1_") && pool.len() == 19, "{pool}");
    let described = local
        .call("DescribeUserPool", json!({"UserPoolId": pool}))
        .await
        .unwrap();
    assert_eq!(described["UserPool"]["Name"], "Stable");
    assert_eq!(
        described["UserPool"]["Policies"]["PasswordPolicy"]["MinimumLength"],
        12
    );
    assert_eq!(
        described["UserPool"]["UsernameConfiguration"]["CaseSensitive"],
        false
    );
    assert_eq!(
        local
            .call(
                "DescribeUserPool",
                json!({"UserPoolId": "us-east-1_Nothing"})
            )
            .await,
        Err(fault(
            "ResourceNotFoundException",
            "User pool us-east-1_Nothing does not exist."
        ))
    );

    let first = local
        .call("ListUserPools", json!({"MaxResults": 1}))
        .await
        .unwrap();
    assert_eq!(first["UserPools"].as_array().unwrap().len(), 1);
    let rest = local
        .call(
            "ListUserPools",
            json!({"MaxResults": 60, "NextToken": first["NextToken"]}),
        )
        .await
        .unwrap();
    let mut ids: Vec<&str> = first["UserPools"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["UserPools"].as_array().unwrap())
        .map(|p| p["Id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, {
        let mut expected = vec![POOL, pool.as_str()];
        expected.sort();
        expected
    });
    assert!(rest.get("NextToken").is_none());

    let client = local
        .call("CreateUserPoolClient", json!({"UserPoolId": pool, "ClientName": "web",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], "AccessTokenValidity": 5,
            "TokenValidityUnits": {"AccessToken": "minutes"}}))
        .await
        .unwrap();
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    assert!(
        client_id.len() == 26
            && client_id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    );
    let described = local
        .call(
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool, "ClientId": client_id}),
        )
        .await
        .unwrap();
    assert_eq!(described["UserPoolClient"]["AccessTokenValidity"], 5);
    assert_eq!(described["UserPoolClient"]["RefreshTokenValidity"], 30);
    assert_eq!(
        local
            .call(
                "DescribeUserPoolClient",
                json!({"UserPoolId": POOL, "ClientId": client_id})
            )
            .await
            .unwrap_err()
            .0,
        "ResourceNotFoundException"
    );
    let bad = local
        .call("CreateUserPoolClient", json!({"UserPoolId": pool, "ClientName": "x", "ExplicitAuthFlows": ["ALLOW_EVERYTHING"]}))
        .await;
    assert_eq!(bad.unwrap_err().0, "InvalidParameterException");

    // A pool with plain usernames: case-insensitive, and the username is the SRP user id.
    local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "Alice", "TemporaryPassword": "Temporary-pass1",
        "MessageAction": "SUPPRESS"}),
        )
        .await
        .unwrap();
    local
        .call(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool, "Username": "alice", "Password": "Permanent-pass1",
        "Permanent": true}),
        )
        .await
        .unwrap();
    let (_, challenge) = local.start_srp(client_id, "ALICE").await.unwrap();
    assert_eq!(challenge["ChallengeParameters"]["USER_ID_FOR_SRP"], "Alice");
    let tokens = local
        .srp_sign_in_to(&pool, client_id, "alice", "Permanent-pass1")
        .await
        .unwrap();
    assert_eq!(tokens["AuthenticationResult"]["ExpiresIn"], 300);
}

#[tokio::test]
async fn administrators_create_confirm_inspect_and_delete_users() {
    let local = start().await;
    let created = local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": POOL, "Username": "invited@example.com",
            "UserAttributes": [{"Name": "email_verified", "Value": "true"}]}),
        )
        .await
        .unwrap();
    assert_eq!(created["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(
        local
            .call(
                "AdminCreateUser",
                json!({"UserPoolId": POOL, "Username": "INVITED@example.com"})
            )
            .await,
        Err(fault(
            "UsernameExistsException",
            "User account already exists"
        ))
    );
    // The invitation carries the temporary password; sign in with it and meet NEW_PASSWORD_REQUIRED.
    let invitation = local.messages("invited@example.com").await;
    let body = invitation[0]["body"].as_str().unwrap();
    let temporary = body
        .trim_end_matches('.')
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    let challenge = local
        .srp_sign_in("invited@example.com", &temporary)
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let session = challenge["Session"].as_str().unwrap();
    let respond = |password: &str| {
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": CLIENT, "Session": session,
            "ChallengeResponses": {"USERNAME": challenge["ChallengeParameters"]["USER_ID_FOR_SRP"], "NEW_PASSWORD": password,
                "userAttributes.name": "Invitee"}})
    };
    assert_eq!(
        local
            .call("RespondToAuthChallenge", respond("weak"))
            .await
            .unwrap_err()
            .0,
        "InvalidPasswordException"
    );
    let done = local
        .call("RespondToAuthChallenge", respond("Chosen-pass1"))
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    assert_eq!(
        local
            .call("RespondToAuthChallenge", respond("Chosen-pass2"))
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
    let user = local
        .call(
            "AdminGetUser",
            json!({"UserPoolId": POOL, "Username": "invited@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(user["UserStatus"], "CONFIRMED");
    assert!(user["UserAttributes"]
        .as_array()
        .unwrap()
        .contains(&json!({"Name": "name", "Value": "Invitee"})));

    local
        .sign_up("pending@example.com", PASSWORD)
        .await
        .unwrap();
    local
        .call(
            "AdminConfirmSignUp",
            json!({"UserPoolId": POOL, "Username": "pending@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(
        local
            .call(
                "AdminConfirmSignUp",
                json!({"UserPoolId": POOL, "Username": "pending@example.com"})
            )
            .await
            .unwrap_err()
            .1,
        "User cannot be confirmed. Current status is CONFIRMED"
    );
    local
        .srp_sign_in("pending@example.com", PASSWORD)
        .await
        .unwrap();

    let page = local
        .call("ListUsers", json!({"UserPoolId": POOL, "Limit": 1}))
        .await
        .unwrap();
    assert_eq!(page["Users"].as_array().unwrap().len(), 1);
    let rest = local
        .call(
            "ListUsers",
            json!({"UserPoolId": POOL, "PaginationToken": page["PaginationToken"]}),
        )
        .await
        .unwrap();
    assert_eq!(rest["Users"].as_array().unwrap().len(), 1);
    assert_eq!(
        local
            .call("ListUsers", json!({"UserPoolId": POOL, "Limit": 0}))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );

    local.call("AdminSetUserPassword", json!({"UserPoolId": POOL, "Username": "pending@example.com", "Password": "Reset-pass1"}))
        .await
        .unwrap();
    assert_eq!(
        local
            .srp_sign_in("pending@example.com", "Reset-pass1")
            .await
            .unwrap()["ChallengeName"],
        "NEW_PASSWORD_REQUIRED"
    );
    local
        .call(
            "AdminDeleteUser",
            json!({"UserPoolId": POOL, "Username": "pending@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(
        local
            .call(
                "AdminGetUser",
                json!({"UserPoolId": POOL, "Username": "pending@example.com"})
            )
            .await,
        Err(fault("UserNotFoundException", "User does not exist."))
    );
}

// --- the console -----------------------------------------------------------------

#[tokio::test]
async fn the_console_lists_users_and_messages_and_confirms_users() {
    let local = start().await;
    local
        .sign_up("console@example.com", PASSWORD)
        .await
        .unwrap();
    local
        .sign_up("<b>x</b>@example.com", PASSWORD)
        .await
        .unwrap();
    let (status, page) = local.get("/_local/").await;
    assert_eq!(status, 200);
    assert!(page.contains("console@example.com"));
    assert!(page.contains("UNCONFIRMED"));
    assert!(page.contains("Confirm user"));
    assert!(page.contains("Your verification code is"));
    assert!(page.contains("&lt;b&gt;x&lt;/b&gt;@example.com") && !page.contains("<b>x</b>"));

    let user = local
        .call(
            "AdminGetUser",
            json!({"UserPoolId": POOL, "Username": "console@example.com"}),
        )
        .await
        .unwrap();
    let form = [
        ("pool_id", POOL),
        ("username", user["Username"].as_str().unwrap()),
    ];
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let foreign = http
        .post(format!("{}/_local/confirm", local.url))
        .header("origin", "http://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    let own = http
        .post(format!("{}/_local/confirm", local.url))
        .header("origin", &local.url)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 303);
    local
        .srp_sign_in("console@example.com", PASSWORD)
        .await
        .unwrap();

    let all = local.get_json("/_local/messages").await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let one = local.messages("CONSOLE@example.com").await;
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["subject"], "Your verification code");
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

#[test]
fn the_committed_config_names_the_default_pool() {
    let config = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/js/config.js"
    ))
    .unwrap();
    let pool: Value = serde_json::from_str(local_cognito::DEFAULT_POOL).unwrap();
    assert!(config.contains(&format!(
        "userPoolId: '{}'",
        pool["UserPool"]["Id"].as_str().unwrap()
    )));
    assert!(config.contains(&format!(
        "userPoolClientId: '{}'",
        pool["UserPoolClient"]["ClientId"].as_str().unwrap()
    )));
    assert!(config.contains("endpoint: 'http://127.0.0.1:9229'"));
}
