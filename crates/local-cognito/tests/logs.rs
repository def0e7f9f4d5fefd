//! What the server logs, as main.rs has it log, over real HTTP: a line for
//! each email sent, never the code in it (a sign-in code signs in on its
//! own, a reset code resets the password).
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod support;

use std::io;
use std::sync::{Arc, Mutex};

use serde_json::json;
use support::*;

/// The log's lines, kept in memory.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl io::Write for Log {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Log {
    /// Every line from now on, at main.rs's level.
    fn capture() -> Log {
        let log = Log::default();
        let writer = log.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_target(false)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        log
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn emails_are_logged_without_their_codes() {
    let log = Log::capture();
    let local = start().await;
    let email = "rider@example.com";
    local.confirmed_user(email).await;
    let mut codes = vec![local.latest_code(email).await];
    // A code that signs in on its own (choice-based sign-in's EMAIL_OTP).
    local
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_AUTH", "ClientId": CLIENT,
                "AuthParameters": {"USERNAME": email, "PREFERRED_CHALLENGE": "EMAIL_OTP"}}),
        )
        .await
        .unwrap();
    codes.push(local.latest_code(email).await);
    local
        .call(
            "ForgotPassword",
            json!({"ClientId": CLIENT, "Username": email}),
        )
        .await
        .unwrap();
    codes.push(local.latest_code(email).await);

    let text = log.text();
    // The email lines (the others are the requests', with no code in
    // them but times whose digits might read as one).
    let emails: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("email:") && line.contains(email))
        .collect();
    assert_eq!(emails.len(), 3, "{text}");
    for code in codes {
        assert!(
            emails.iter().all(|line| !line.contains(&code)),
            "the code {code} is logged: {text}"
        );
    }
}
