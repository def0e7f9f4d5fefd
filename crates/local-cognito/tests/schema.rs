//! A pool's schema over real HTTP: DescribeUserPool shows the required
//! attributes, SignUp refuses a user without them, AdminCreateUser does
//! not, and NEW_PASSWORD_REQUIRED asks for them and refuses an answer
//! without them (the session kept); a pool without a schema asks for none,
//! also one stored before pools had a schema.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use support::*;

const TEMPORARY: &str = "Temporary-pass1";

/// A pool whose schema requires `name`, and a client of it that allows
/// the admin password flow: (pool, client).
async fn pool_requiring_name(local: &Local) -> (String, String) {
    let created = local
        .call(
            "CreateUserPool",
            json!({"PoolName": "Named", "Schema": [
                {"Name": "name", "Required": true, "AttributeDataType": "String", "Mutable": true}]}),
        )
        .await
        .unwrap();
    let pool = created["UserPool"]["Id"].as_str().unwrap().to_string();
    let client = local
        .create_client(json!({"UserPoolId": pool, "ClientName": "admin",
            "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}))
        .await;
    (pool, client)
}

/// The described attribute of that name.
fn described(pool: &Value, name: &str) -> Value {
    pool["UserPool"]["SchemaAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == name)
        .unwrap_or_else(|| panic!("{name} is described"))
        .clone()
}

/// A user an administrator made with a temporary password and no email.
async fn invite(local: &Local, pool: &str, username: &str, attributes: Value) {
    let created = local
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": username, "TemporaryPassword": TEMPORARY,
                "MessageAction": "SUPPRESS", "UserAttributes": attributes}),
        )
        .await
        .unwrap();
    assert_eq!(created["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
}

fn admin_password(pool: &str, client: &str, username: &str, password: &str) -> Value {
    json!({"UserPoolId": pool, "ClientId": client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": username, "PASSWORD": password}})
}

#[tokio::test]
async fn describe_user_pool_shows_the_required_attributes() {
    let local = start().await;
    let (pool, _) = pool_requiring_name(&local).await;
    let pool = local
        .call("DescribeUserPool", json!({"UserPoolId": pool}))
        .await
        .unwrap();
    let name = described(&pool, "name");
    assert_eq!(name["Required"], true);
    assert_eq!(name["Mutable"], true);
    assert_eq!(name["AttributeDataType"], "String");
    // Cognito's other standard attributes are listed too, not required.
    assert_eq!(described(&pool, "family_name")["Required"], false);
    assert_eq!(described(&pool, "sub")["Required"], true);

    // A pool without a schema requires nothing.
    let default = local
        .call("DescribeUserPool", json!({"UserPoolId": POOL}))
        .await
        .unwrap();
    assert_eq!(described(&default, "name")["Required"], false);
}

#[tokio::test]
async fn only_standard_attributes_can_be_required_and_names_are_bounded() {
    let local = start().await;
    let create = |schema: Value| {
        local.call(
            "CreateUserPool",
            json!({"PoolName": "Refused", "Schema": schema}),
        )
    };
    assert_eq!(
        create(json!([{"Name": "team", "AttributeDataType": "String", "Required": true}])).await,
        Err(fault(
            "InvalidParameterException",
            "Required custom attributes are not supported currently."
        ))
    );
    assert_eq!(
        create(json!([{"Name": "birthdate", "AttributeDataType": "Number"}])).await,
        Err(fault(
            "InvalidParameterException",
            "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute birthdate"
        ))
    );
    let long = "x".repeat(21);
    assert_eq!(
        create(json!([{"Name": long, "AttributeDataType": "String"}])).await,
        Err(fault(
            "InvalidParameterException",
            &format!("1 validation error detected: Value '{long}' at 'schema.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 20")
        ))
    );
    let many: Vec<Value> = (0..51)
        .map(|i| json!({"Name": format!("a{i}"), "AttributeDataType": "String"}))
        .collect();
    assert_eq!(
        create(json!(many)).await.unwrap_err().0,
        "InvalidParameterException"
    );
    // A custom attribute that is not required is taken, under its name.
    let made = create(json!([{"Name": "team", "AttributeDataType": "String"}]))
        .await
        .unwrap();
    assert_eq!(described(&made, "custom:team")["Required"], false);
}

#[tokio::test]
async fn sign_up_refuses_a_user_without_a_required_attribute() {
    let local = start().await;
    let (pool, client) = pool_requiring_name(&local).await;
    let sign_up = |attributes: Value| {
        local.call(
            "SignUp",
            json!({"ClientId": client, "Username": "rider", "Password": PASSWORD,
                "UserAttributes": attributes}),
        )
    };
    let refused = Err(fault(
        "InvalidParameterException",
        "Attributes did not conform to the schema: name: The attribute is required\n",
    ));
    assert_eq!(sign_up(json!([])).await, refused);
    assert_eq!(
        sign_up(json!([{"Name": "name", "Value": ""}])).await,
        refused
    );
    assert_eq!(
        local
            .call(
                "AdminGetUser",
                json!({"UserPoolId": pool, "Username": "rider"})
            )
            .await
            .unwrap_err()
            .0,
        "UserNotFoundException"
    );
    let signed_up = sign_up(json!([{"Name": "name", "Value": "Shadowfax"}]))
        .await
        .unwrap();
    assert_eq!(signed_up["UserConfirmed"], false);
    let user = local
        .call(
            "AdminGetUser",
            json!({"UserPoolId": pool, "Username": "rider"}),
        )
        .await
        .unwrap();
    assert!(user["UserAttributes"]
        .as_array()
        .unwrap()
        .contains(&json!({"Name": "name", "Value": "Shadowfax"})));
}

#[tokio::test]
async fn a_new_user_gives_the_required_attributes_with_the_new_password() {
    let local = start().await;
    let (pool, client) = pool_requiring_name(&local).await;
    // An administrator need not give them.
    invite(&local, &pool, "invitee", json!([])).await;
    let challenge = local
        .call(
            "AdminInitiateAuth",
            admin_password(&pool, &client, "invitee", TEMPORARY),
        )
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let parameters = &challenge["ChallengeParameters"];
    assert_eq!(
        parameters["requiredAttributes"],
        r#"["userAttributes.name"]"#
    );
    let respond = |attributes: Value| {
        let mut responses = json!({"USERNAME": parameters["USER_ID_FOR_SRP"],
            "NEW_PASSWORD": "Permanent-pass1"});
        for (name, value) in attributes.as_object().unwrap() {
            responses[format!("userAttributes.{name}")] = value.clone();
        }
        local.call(
            "AdminRespondToAuthChallenge",
            json!({"UserPoolId": pool, "ClientId": client, "ChallengeName": "NEW_PASSWORD_REQUIRED",
                "Session": challenge["Session"], "ChallengeResponses": responses}),
        )
    };
    // Left out, or empty: refused, and the session is not spent.
    let refused = Err(fault(
        "InvalidParameterException",
        "Invalid attributes given, name is missing",
    ));
    assert_eq!(respond(json!({})).await, refused);
    assert_eq!(respond(json!({"name": ""})).await, refused);
    assert_eq!(respond(json!({"nickname": "Shadow"})).await, refused);
    let user = || {
        local.call(
            "AdminGetUser",
            json!({"UserPoolId": pool, "Username": "invitee"}),
        )
    };
    assert_eq!(user().await.unwrap()["UserStatus"], "FORCE_CHANGE_PASSWORD");

    let done = respond(json!({"name": "Shadowfax"})).await.unwrap();
    let result = &done["AuthenticationResult"];
    assert!(result["AccessToken"].is_string());
    assert_eq!(
        claims(result["IdToken"].as_str().unwrap())["name"],
        "Shadowfax"
    );
    let user = user().await.unwrap();
    assert_eq!(user["UserStatus"], "CONFIRMED");
    assert!(user["UserAttributes"]
        .as_array()
        .unwrap()
        .contains(&json!({"Name": "name", "Value": "Shadowfax"})));
    local
        .call(
            "AdminInitiateAuth",
            admin_password(&pool, &client, "invitee", "Permanent-pass1"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn only_the_attributes_a_user_lacks_are_asked_for() {
    let local = start().await;
    let (pool, client) = pool_requiring_name(&local).await;
    invite(
        &local,
        &pool,
        "named",
        json!([{"Name": "name", "Value": "Named"}]),
    )
    .await;
    let challenge = local
        .call(
            "AdminInitiateAuth",
            admin_password(&pool, &client, "named", TEMPORARY),
        )
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeParameters"]["requiredAttributes"], "[]");

    // A pool without a schema asks for none (here through SRP).
    invite(&local, POOL, "plain@example.com", json!([])).await;
    let challenge = local
        .srp_sign_in("plain@example.com", TEMPORARY)
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    assert_eq!(challenge["ChallengeParameters"]["requiredAttributes"], "[]");
}

/// The data directory's database, opened beside the server.
fn database(dir: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("local-cognito.sqlite3")).unwrap()
}

/// A pool's settings as stored.
fn stored_settings(dir: &std::path::Path, pool: &str) -> String {
    database(dir)
        .query_row("SELECT settings FROM pools WHERE id = ?1", [pool], |row| {
            row.get(0)
        })
        .unwrap()
}

/// Pools are stored as CreateUserPool's settings: one stored before the
/// schema existed has no `Schema` and reads as requiring nothing, with no
/// change to the database's version.
#[tokio::test]
async fn a_pool_stored_before_schemas_reads_as_requiring_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let local = start_with(Some(dir.path().to_path_buf()), 0).await;
    let (pool, _) = pool_requiring_name(&local).await;
    local.running.stop().await;
    assert!(stored_settings(dir.path(), &pool).contains(r#""Schema":"#));
    // The default pool as an older local-cognito wrote it.
    let old = r#"{"PoolName":"WildRydes","Policies":{"PasswordPolicy":{"MinimumLength":8,"RequireUppercase":true,"RequireLowercase":true,"RequireNumbers":true,"RequireSymbols":false,"TemporaryPasswordValidityDays":7}},"AutoVerifiedAttributes":["email"],"UsernameAttributes":["email"],"UsernameConfiguration":{"CaseSensitive":false}}"#;
    database(dir.path())
        .execute("UPDATE pools SET settings = ?2 WHERE id = ?1", [POOL, old])
        .unwrap();

    let again = start_with(Some(dir.path().to_path_buf()), 0).await;
    let default = again
        .call("DescribeUserPool", json!({"UserPoolId": POOL}))
        .await
        .unwrap();
    assert_eq!(described(&default, "name")["Required"], false);
    again.confirmed_user("old@example.com").await;
    invite(&again, POOL, "old-invitee@example.com", json!([])).await;
    let challenge = again
        .srp_sign_in("old-invitee@example.com", TEMPORARY)
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeParameters"]["requiredAttributes"], "[]");
    // The pool with a schema kept it across the restart.
    let named = again
        .call("DescribeUserPool", json!({"UserPoolId": pool}))
        .await
        .unwrap();
    assert_eq!(described(&named, "name")["Required"], true);
}
