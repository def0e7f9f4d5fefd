//! Hostile and careless requests, one test each: guessing codes by asking
//! for new ones, telling hidden users apart, guessing passwords with a
//! stolen access token, settings out of range, pagination tokens that
//! overflow, a device with a wrong clock, the console from another name,
//! and the data directory's permissions.

// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::*;

const LIMIT: &str = "Attempt limit exceeded, please try after some time.";

#[tokio::test]
async fn asking_for_new_codes_gives_no_new_guesses() {
    let local = start().await;
    let email = "guesser@example.com";
    local.sign_up(email, PASSWORD).await.unwrap();
    let resend = json!({"ClientId": CLIENT, "Username": email});
    let confirm =
        |code: &str| json!({"ClientId": CLIENT, "Username": email, "ConfirmationCode": code});
    let wrong = |right: &str| {
        if right == "000000" {
            "111111"
        } else {
            "000000"
        }
        .to_string()
    };

    // Three wrong tries, a new code, two more: the count carries over.
    let code = local.latest_code(email).await;
    for _ in 0..3 {
        let answer = local.call("ConfirmSignUp", confirm(&wrong(&code))).await;
        assert_eq!(answer.unwrap_err().0, "CodeMismatchException");
    }
    local
        .call("ResendConfirmationCode", resend.clone())
        .await
        .unwrap();
    let code = local.latest_code(email).await;
    for _ in 0..2 {
        let answer = local.call("ConfirmSignUp", confirm(&wrong(&code))).await;
        assert_eq!(answer.unwrap_err().0, "CodeMismatchException");
    }
    assert_eq!(
        local.call("ConfirmSignUp", confirm(&code)).await,
        Err(fault("LimitExceededException", LIMIT))
    );

    // After the window, a fresh start; but only five codes an hour.
    local.advance(3600).await;
    for _ in 0..5 {
        local
            .call("ResendConfirmationCode", resend.clone())
            .await
            .unwrap();
    }
    assert_eq!(
        local.call("ResendConfirmationCode", resend.clone()).await,
        Err(fault("LimitExceededException", LIMIT))
    );
    assert_eq!(local.messages(email).await.len(), 1 + 1 + 5);
    local.advance(3600).await;
    local.call("ResendConfirmationCode", resend).await.unwrap();
    let code = local.latest_code(email).await;
    local.call("ConfirmSignUp", confirm(&code)).await.unwrap();
}

/// A client that hides unknown users (PreventUserExistenceErrors).
async fn hiding_client(local: &Local) -> String {
    local
        .create_client(json!({"UserPoolId": POOL, "ClientName": "hiding",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED"}))
        .await
}

/// Is `id` a version-4 UUID, as a user's internal name is?
fn is_uuid_v4(id: &str) -> bool {
    let bytes = id.as_bytes();
    id.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-')
        && bytes[14] == b'4'
        && matches!(bytes[19], b'8' | b'9' | b'a' | b'b')
        && id
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Minimal lowercase hex of at most 16 bytes, as a real salt.
fn is_salt(salt: &str) -> bool {
    !salt.is_empty()
        && salt.len() <= 32
        && !salt.starts_with('0')
        && salt
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

#[tokio::test]
async fn a_hidden_unknown_user_looks_like_a_real_one() {
    let local = start().await;
    let client = hiding_client(&local).await;
    local.confirmed_user("real@example.com").await;
    let params = |challenge: &Value| challenge["ChallengeParameters"].clone();

    let (_, real) = local.start_srp(&client, "real@example.com").await.unwrap();
    let (_, ghost) = local.start_srp(&client, "ghost@example.com").await.unwrap();
    let (_, again) = local.start_srp(&client, "GHOST@example.com").await.unwrap();
    for challenge in [&real, &ghost] {
        let p = params(challenge);
        assert!(is_uuid_v4(p["USER_ID_FOR_SRP"].as_str().unwrap()), "{p}");
        assert_eq!(p["USERNAME"], p["USER_ID_FOR_SRP"]);
        assert!(is_salt(p["SALT"].as_str().unwrap()), "{p}");
        assert!(
            (700..=768).contains(&p["SRP_B"].as_str().unwrap().len()),
            "{p}"
        );
        assert_eq!(p["SECRET_BLOCK"].as_str().unwrap().len(), 128, "{p}");
    }
    // The same name (in any case) gets the same id and salt, as a real user would.
    assert_eq!(
        params(&ghost)["USER_ID_FOR_SRP"],
        params(&again)["USER_ID_FOR_SRP"]
    );
    assert_eq!(params(&ghost)["SALT"], params(&again)["SALT"]);
    assert_ne!(
        params(&ghost)["USER_ID_FOR_SRP"],
        params(&real)["USER_ID_FOR_SRP"]
    );
    assert_eq!(
        local
            .srp_sign_in_to(POOL, &client, "ghost@example.com", PASSWORD)
            .await,
        Err(fault(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );

    // ConfirmForgotPassword checks the new password first, known user or not.
    let reset = |username: &str, password: &str| json!({"ClientId": client, "Username": username, "ConfirmationCode": "123456", "Password": password});
    for username in ["real@example.com", "ghost@example.com"] {
        let weak = local
            .call("ConfirmForgotPassword", reset(username, "weak"))
            .await;
        assert_eq!(
            weak.unwrap_err().0,
            "InvalidPasswordException",
            "{username}"
        );
    }
    let ghost_reset = local
        .call(
            "ConfirmForgotPassword",
            reset("ghost@example.com", PASSWORD),
        )
        .await;
    assert_eq!(ghost_reset.unwrap_err().0, "CodeMismatchException");
}

#[tokio::test]
async fn a_stolen_access_token_gives_no_more_password_guesses_than_sign_in() {
    let local = start().await;
    local.confirmed_user("stolen@example.com").await;
    let tokens = local.tokens("stolen@example.com", PASSWORD).await;
    let change = |previous: &str| json!({"AccessToken": tokens["AccessToken"], "PreviousPassword": previous, "ProposedPassword": "N3w-password"});
    for _ in 0..5 {
        assert_eq!(
            local.call("ChangePassword", change("Wr0ng-guess")).await,
            Err(fault(
                "NotAuthorizedException",
                "Incorrect username or password."
            ))
        );
    }
    let locked = fault("NotAuthorizedException", "Password attempts exceeded");
    // Locked: even the right password is refused, here and at sign-in.
    assert_eq!(
        local.call("ChangePassword", change(PASSWORD)).await,
        Err(locked.clone())
    );
    assert_eq!(
        local.srp_sign_in("stolen@example.com", PASSWORD).await,
        Err(locked)
    );
    local.advance(61).await;
    local
        .call("ChangePassword", change(PASSWORD))
        .await
        .unwrap();
    local.tokens("stolen@example.com", "N3w-password").await;
}

#[tokio::test]
async fn a_wrong_clock_is_not_a_wrong_password() {
    let local = start().await;
    local.confirmed_user("traveller@example.com").await;
    // A device ten minutes behind, six times: refused, but never locked.
    for _ in 0..6 {
        let (srp, challenge) = local
            .start_srp(CLIENT, "traveller@example.com")
            .await
            .unwrap();
        let now = local.now().await;
        let stale = local.answer(CLIENT, &srp, &challenge, POOL, PASSWORD, now - 600);
        assert_eq!(
            local.call("RespondToAuthChallenge", stale).await,
            Err(fault(
                "NotAuthorizedException",
                "Incorrect username or password."
            ))
        );
    }
    local.tokens("traveller@example.com", PASSWORD).await;
}

#[tokio::test]
async fn a_new_password_challenge_checks_everything_before_it_is_spent() {
    let local = start().await;
    local.confirmed_user("taken@example.com").await;
    local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": POOL, "Username": "invitee@example.com",
                "TemporaryPassword": "Temp0rary!", "MessageAction": "SUPPRESS"}),
        )
        .await
        .unwrap();
    let challenge = local
        .srp_sign_in("invitee@example.com", "Temp0rary!")
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let respond = |password: &str, email: &str| {
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": CLIENT, "Session": challenge["Session"],
            "ChallengeResponses": {"USERNAME": challenge["ChallengeParameters"]["USER_ID_FOR_SRP"],
                "NEW_PASSWORD": password, "userAttributes.email": email}})
    };
    // Another user's email, then a weak password: each refused, the session kept.
    assert_eq!(
        local
            .call(
                "RespondToAuthChallenge",
                respond("N3w-password", "taken@example.com")
            )
            .await,
        Err(fault(
            "AliasExistsException",
            "An account with the given email already exists."
        ))
    );
    let weak = local
        .call(
            "RespondToAuthChallenge",
            respond("weak", "moved@example.com"),
        )
        .await;
    assert_eq!(weak.unwrap_err().0, "InvalidPasswordException");
    let done = local
        .call(
            "RespondToAuthChallenge",
            respond("N3w-password", "moved@example.com"),
        )
        .await
        .unwrap();
    let id = claims(done["AuthenticationResult"]["IdToken"].as_str().unwrap());
    assert_eq!(id["email"], "moved@example.com");
    // A changed email is not verified until its code comes back.
    assert_eq!(id["email_verified"], false);
    // And the session is spent now.
    let again = local
        .call(
            "RespondToAuthChallenge",
            respond("An0ther-password", "moved@example.com"),
        )
        .await;
    assert_eq!(again.unwrap_err().0, "NotAuthorizedException");
}

#[tokio::test]
async fn settings_are_held_to_cognitos_ranges() {
    let local = start().await;
    for (policy, field) in [
        (json!({"MinimumLength": 4_294_967_295u64}), "minimumLength"),
        (json!({"MinimumLength": 5}), "minimumLength"),
        (json!({"MinimumLength": 100}), "minimumLength"),
        (
            json!({"TemporaryPasswordValidityDays": 366}),
            "temporaryPasswordValidityDays",
        ),
    ] {
        let refused = local
            .call(
                "CreateUserPool",
                json!({"PoolName": "p", "Policies": {"PasswordPolicy": policy}}),
            )
            .await
            .unwrap_err();
        assert_eq!(refused.0, "InvalidParameterException", "{policy}");
        assert!(refused.1.contains(field), "{}", refused.1);
    }
    for client in [
        json!({"AccessTokenValidity": 1, "TokenValidityUnits": {"AccessToken": "minutes"}}),
        json!({"IdTokenValidity": 2, "TokenValidityUnits": {"IdToken": "days"}}),
        json!({"RefreshTokenValidity": 10, "TokenValidityUnits": {"RefreshToken": "minutes"}}),
        json!({"RefreshTokenValidity": 3651}),
        json!({"AccessTokenValidity": 1, "TokenValidityUnits": {"AccessToken": "weeks"}}),
    ] {
        let mut request = json!({"UserPoolId": POOL, "ClientName": "c"});
        request
            .as_object_mut()
            .unwrap()
            .extend(client.as_object().unwrap().clone());
        let refused = local.call("CreateUserPoolClient", request).await;
        assert_eq!(
            refused.unwrap_err().0,
            "InvalidParameterException",
            "{client}"
        );
    }
}

#[tokio::test]
async fn pagination_tokens_cannot_overflow() {
    let local = start().await;
    local.confirmed_user("listed@example.com").await;
    let list = |token: &str| json!({"UserPoolId": POOL, "Limit": 60, "PaginationToken": token});
    let past_the_end = local
        .call("ListUsers", list(&u64::MAX.to_string()))
        .await
        .unwrap();
    assert_eq!(past_the_end["Users"], json!([]));
    assert_eq!(past_the_end.get("PaginationToken"), None);
    for token in ["99999999999999999999999999", "-1", "x"] {
        assert_eq!(
            local.call("ListUsers", list(token)).await,
            Err(fault(
                "InvalidParameterException",
                "Invalid pagination token."
            ))
        );
    }
    let pools = local
        .call(
            "ListUserPools",
            json!({"MaxResults": 60, "NextToken": u64::MAX.to_string()}),
        )
        .await
        .unwrap();
    assert_eq!(pools["UserPools"], json!([]));
}

#[tokio::test]
async fn the_console_confirms_users_when_opened_at_localhost_and_not_for_other_sites() {
    let local = start().await;
    local
        .sign_up("console@example.com", PASSWORD)
        .await
        .unwrap();
    let user = local.admin_user("console@example.com").await.unwrap();
    let form = [
        ("pool_id", POOL),
        ("username", user["Username"].as_str().unwrap()),
    ];
    let port = local.running.addr.port();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // From another site: refused, whatever it claims.
    let forged = http
        .post(format!("{}/_local/confirm", local.url))
        .header("sec-fetch-site", "cross-site")
        .header("origin", format!("http://localhost:{port}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    // From the console opened as http://localhost:PORT/_local/.
    let confirmed = http
        .post(format!("http://localhost:{port}/_local/confirm"))
        .header("sec-fetch-site", "same-origin")
        .header("origin", format!("http://localhost:{port}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), 303);
    let user = local.admin_user("console@example.com").await.unwrap();
    assert_eq!(user["UserStatus"], "CONFIRMED");
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_is_its_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    let local = start_with(Some(dir.clone()), 0).await;
    local.confirmed_user("private@example.com").await;
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let database = dir.join("local-cognito.sqlite3");
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&database), 0o600);
    // A directory an older version left open is closed on the next start.
    local.running.stop().await;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o644)).unwrap();
    let again = start_with(Some(dir.clone()), 0).await;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&database), 0o600);
    again.tokens("private@example.com", PASSWORD).await;
}

#[tokio::test]
async fn only_this_machines_names_reach_it() {
    // A page on a name made to point at 127.0.0.1 (DNS rebinding) sends
    // its own name as Host: refused, for the API and the console alike.
    let local = start().await;
    let http = reqwest::Client::new();
    for path in ["/", "/_local/messages"] {
        let rebound = http
            .get(format!("{}{path}", local.url))
            .header("host", "attacker.example")
            .send()
            .await
            .unwrap();
        assert_eq!(rebound.status(), 403, "{path}");
    }
    let api = http
        .post(&local.url)
        .header("host", "attacker.example:9229")
        .header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.ListUsers",
        )
        .body(json!({"UserPoolId": POOL}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 403);
    // Its own names pass.
    let port = local.running.addr.port();
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let fine = http
            .get(format!("{}/_local/messages", local.url))
            .header("host", &host)
            .send()
            .await
            .unwrap();
        assert_eq!(fine.status(), 200, "{host}");
    }
}

#[tokio::test]
async fn a_hidden_unknown_user_answers_codes_as_a_real_one_does() {
    let local = start().await;
    let client = hiding_client(&local).await;
    local.confirmed_user("known@example.com").await;
    // The same wrong input, with no code pending: the same answer.
    for username in ["known@example.com", "nobody@example.com"] {
        for operation in ["ConfirmForgotPassword", "ConfirmSignUp"] {
            let answer = local
                .call(
                    operation,
                    json!({"ClientId": client, "Username": username,
                        "ConfirmationCode": "123456", "Password": PASSWORD}),
                )
                .await
                .unwrap_err();
            let expected = if operation == "ConfirmSignUp" && username == "known@example.com" {
                // A confirmed user says so, on Cognito too.
                "NotAuthorizedException"
            } else {
                "CodeMismatchException"
            };
            assert_eq!(answer.0, expected, "{operation} {username}");
        }
    }
    // Codes are counted alike: five sends an hour, five wrong tries.
    for username in ["known@example.com", "nobody@example.com"] {
        let forgot = json!({"ClientId": client, "Username": username});
        for _ in 0..5 {
            local.call("ForgotPassword", forgot.clone()).await.unwrap();
        }
        assert_eq!(
            local.call("ForgotPassword", forgot).await,
            Err(fault("LimitExceededException", LIMIT)),
            "{username}"
        );
        let reset = json!({"ClientId": client, "Username": username,
            "ConfirmationCode": "000000", "Password": PASSWORD});
        let mut answers = Vec::new();
        for _ in 0..6 {
            answers.push(
                local
                    .call("ConfirmForgotPassword", reset.clone())
                    .await
                    .unwrap_err()
                    .0,
            );
        }
        assert!(
            answers[..5]
                .iter()
                .all(|a| a == "CodeMismatchException" || a == "LimitExceededException"),
            "{answers:?}"
        );
        assert_eq!(
            answers[5], "LimitExceededException",
            "{username}: {answers:?}"
        );
    }
    // A malformed TIMESTAMP reads the same for both.
    for username in ["known@example.com", "nobody@example.com"] {
        let (srp, challenge) = local.start_srp(&client, username).await.unwrap();
        let mut answer = local.answer(&client, &srp, &challenge, POOL, PASSWORD, local.now().await);
        answer["ChallengeResponses"]["TIMESTAMP"] = json!("yesterday");
        let refused = local
            .call("RespondToAuthChallenge", answer)
            .await
            .unwrap_err();
        assert_eq!(refused.0, "InvalidParameterException", "{username}");
    }
}
