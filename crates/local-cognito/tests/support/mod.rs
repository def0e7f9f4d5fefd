//! A local-cognito started in-process on 127.0.0.1 (a free port), and a
//! small client for the tests: raw HTTP, the official wire shapes, and an
//! SRP sign-in with cognito-srp's client half; a software passkey
//! authenticator (`authenticator`).
#![allow(dead_code)]
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

pub mod authenticator;

use std::path::PathBuf;

use cognito_srp::{Challenge, Client};
use hmac::{Hmac, Mac};
use local_cognito::{Running, Settings};
use serde_json::{json, Value};
use sha1::Sha1;

pub const POOL: &str = "us-east-1_WildRydes";
pub const CLIENT: &str = "wildrydeslocalwebclient001";
pub const PASSWORD: &str = "Un1corns!";

pub struct Local {
    pub running: Running,
    pub url: String,
    http: reqwest::Client,
}

/// A service error: (exception name, message).
pub type Fault = (String, String);

pub async fn start() -> Local {
    start_with(None, 0).await
}

/// With a data directory (None: in memory) and a port (0: any free one).
pub async fn start_with(data: Option<PathBuf>, port: u16) -> Local {
    let config = Settings {
        port,
        data,
        time_travel: true,
        ..Settings::default()
    };
    let running = local_cognito::start(config)
        .await
        .expect("local-cognito starts");
    Local {
        url: running.url(),
        running,
        http: reqwest::Client::new(),
    }
}

impl Local {
    /// One operation; Ok(body) on 200, Err((type, message)) on an error.
    pub async fn call(&self, operation: &str, body: Value) -> Result<Value, Fault> {
        let (status, headers, text) = self.raw(Some(operation), &body.to_string()).await;
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if status == 200 {
            return Ok(value);
        }
        assert_eq!(status, 400, "{operation}: {text}");
        let kind = value["__type"].as_str().expect("__type").to_string();
        assert_eq!(
            headers.get("x-amzn-errortype").unwrap().to_str().unwrap(),
            kind
        );
        Err((
            kind,
            value["message"].as_str().unwrap_or_default().to_string(),
        ))
    }

    pub async fn raw(
        &self,
        operation: Option<&str>,
        body: &str,
    ) -> (u16, reqwest::header::HeaderMap, String) {
        self.raw_from(None, operation, body).await
    }

    /// As a page on `origin` would send it.
    pub async fn raw_from(
        &self,
        origin: Option<&str>,
        operation: Option<&str>,
        body: &str,
    ) -> (u16, reqwest::header::HeaderMap, String) {
        let mut request = self
            .http
            .post(&self.url)
            .header("content-type", "application/x-amz-json-1.1")
            .body(body.to_string());
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(operation) = operation {
            request = request.header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            );
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.text().await.unwrap())
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .http
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let (status, text) = self.get(path).await;
        assert_eq!(status, 200, "{path}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// The messages sent to `to`, oldest first.
    pub async fn messages(&self, to: &str) -> Vec<Value> {
        let to = to.replace('+', "%2B").replace('@', "%40");
        self.get_json(&format!("/_local/messages?to={to}"))
            .await
            .as_array()
            .unwrap()
            .clone()
    }

    /// The 6-digit code in the newest message to `to`.
    pub async fn latest_code(&self, to: &str) -> String {
        let messages = self.messages(to).await;
        let body = messages.last().expect("a message")["body"]
            .as_str()
            .unwrap()
            .to_string();
        body.split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .expect("a 6-digit code")
            .to_string()
    }

    /// Moves the server's clock forward; returns its new time.
    pub async fn advance(&self, seconds: i64) -> u64 {
        let response = self
            .http
            .post(format!("{}/_local/clock", self.url))
            .json(&json!({ "advance_seconds": seconds }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.unwrap()["now"]
            .as_u64()
            .unwrap()
    }

    pub async fn now(&self) -> u64 {
        self.advance(0).await
    }

    /// CreateUserPoolClient with this request; the new client's id.
    pub async fn create_client(&self, request: Value) -> String {
        self.call("CreateUserPoolClient", request).await.unwrap()["UserPoolClient"]["ClientId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn sign_up(&self, email: &str, password: &str) -> Result<Value, Fault> {
        self.call(
            "SignUp",
            json!({"ClientId": CLIENT, "Username": email, "Password": password,
            "UserAttributes": [{"Name": "email", "Value": email}]}),
        )
        .await
    }

    /// AdminGetUser in the default pool.
    pub async fn admin_user(&self, username: &str) -> Result<Value, Fault> {
        self.call(
            "AdminGetUser",
            json!({"UserPoolId": POOL, "Username": username}),
        )
        .await
    }

    /// Signs up and confirms with the emailed code.
    pub async fn confirmed_user(&self, email: &str) {
        self.sign_up(email, PASSWORD).await.unwrap();
        let code = self.latest_code(email).await;
        self.call(
            "ConfirmSignUp",
            json!({"ClientId": CLIENT, "Username": email, "ConfirmationCode": code}),
        )
        .await
        .unwrap();
    }

    /// A new pool named `name`, with a client that signs in with SRP, and
    /// a user `username` (with `attributes`; one with an email is sent the
    /// invitation) whose password is PASSWORD (permanent): (pool id,
    /// client id).
    pub async fn pool_with_user(
        &self,
        name: &str,
        username: &str,
        attributes: Value,
    ) -> (String, String) {
        let pool = self
            .call("CreateUserPool", json!({"PoolName": name}))
            .await
            .unwrap()["UserPool"]["Id"]
            .as_str()
            .unwrap()
            .to_string();
        let client = self
            .create_client(
                json!({"UserPoolId": pool, "ClientName": "web", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]}),
            )
            .await;
        self.call(
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": username, "UserAttributes": attributes}),
        )
        .await
        .unwrap();
        self.call(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool, "Username": username, "Password": PASSWORD, "Permanent": true}),
        )
        .await
        .unwrap();
        (pool, client)
    }

    /// InitiateAuth USER_SRP_AUTH: (the SRP client, the challenge response).
    pub async fn start_srp(
        &self,
        client_id: &str,
        username: &str,
    ) -> Result<(Client, Value), Fault> {
        let srp = Client::new().unwrap();
        let challenge = self
            .call("InitiateAuth", json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
                "AuthParameters": {"USERNAME": username, "SRP_A": srp.srp_a()}, "ClientMetadata": {}}))
            .await?;
        Ok((srp, challenge))
    }

    /// The RespondToAuthChallenge body for a PASSWORD_VERIFIER challenge.
    pub fn answer(
        &self,
        client_id: &str,
        srp: &Client,
        challenge: &Value,
        pool: &str,
        password: &str,
        at: u64,
    ) -> Value {
        let p = &challenge["ChallengeParameters"];
        let params = Challenge {
            srp_b: p["SRP_B"].as_str().unwrap(),
            salt: p["SALT"].as_str().unwrap(),
            secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
            user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
        };
        let answer = srp.answer(pool, password, &params, at).unwrap();
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "ClientMetadata": {},
        "ChallengeResponses": {
            "USERNAME": p["USER_ID_FOR_SRP"],
            "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
            "TIMESTAMP": answer.timestamp,
            "PASSWORD_CLAIM_SIGNATURE": answer.signature,
        }})
    }

    /// A whole SRP sign-in against a pool and client; the response of
    /// RespondToAuthChallenge (tokens or a further challenge).
    pub async fn srp_sign_in_to(
        &self,
        pool: &str,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Result<Value, Fault> {
        let (srp, challenge) = self.start_srp(client_id, username).await?;
        let now = self.now().await;
        self.call(
            "RespondToAuthChallenge",
            self.answer(client_id, &srp, &challenge, pool, password, now),
        )
        .await
    }

    pub async fn srp_sign_in(&self, username: &str, password: &str) -> Result<Value, Fault> {
        self.srp_sign_in_to(POOL, CLIENT, username, password).await
    }

    /// Signs in and returns AuthenticationResult.
    /// A confirmed user with a verified, preferred software token (in a
    /// pool whose MFA configuration lets it be used); its secret. The clock
    /// is then a step on, so that a new code is good (one is taken once).
    pub async fn user_with_totp(&self, email: &str) -> String {
        self.confirmed_user(email).await;
        let access = self.tokens(email, PASSWORD).await["AccessToken"].clone();
        let secret = self
            .call("AssociateSoftwareToken", json!({"AccessToken": access}))
            .await
            .unwrap()["SecretCode"]
            .as_str()
            .unwrap()
            .to_string();
        let code = code_at(&secret, self.now().await);
        self.call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": code, "FriendlyDeviceName": "phone"}),
        )
        .await
        .unwrap();
        self.call(
            "SetUserMFAPreference",
            json!({"AccessToken": access,
                "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await
        .unwrap();
        self.advance(30).await;
        secret
    }

    /// A confirmed user with a preferred software token, in the default
    /// pool with MFA OPTIONAL and TOTP on; its secret.
    pub async fn user_with_optional_totp(&self, email: &str) -> String {
        self.call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": POOL, "MfaConfiguration": "OPTIONAL",
                "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        )
        .await
        .unwrap();
        self.user_with_totp(email).await
    }

    pub async fn tokens(&self, username: &str, password: &str) -> Value {
        self.srp_sign_in(username, password).await.unwrap()["AuthenticationResult"].clone()
    }
}

/// The claims of a JWT, unverified.
pub fn claims(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

/// The RespondToAuthChallenge body of an EMAIL_OTP answer.
pub fn email_answer(client: &str, session: &Value, username: &str, code: &str) -> Value {
    json!({"ChallengeName": "EMAIL_OTP", "ClientId": client, "Session": session,
        "ChallengeResponses": {"USERNAME": username, "EMAIL_OTP_CODE": code}})
}

/// A 6-digit code that is not `code`.
pub fn wrong(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

pub fn fault(kind: &str, message: &str) -> Fault {
    (kind.to_string(), message.to_string())
}

/// RFC 6238's code (HMAC-SHA1, 30 s, 6 digits) for a base32 secret.
pub fn code_at(secret: &str, time: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut key, mut buffer, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in secret.bytes() {
        buffer = (buffer << 5) | ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            key.push((buffer >> bits) as u8);
        }
    }
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).unwrap();
    mac.update(&(time / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let binary = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!("{:06}", binary % 1_000_000)
}
