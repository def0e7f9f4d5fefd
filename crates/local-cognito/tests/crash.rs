//! Crash safety, with the real binary: sign-ups from several threads, the
//! server killed with SIGKILL while they are in flight, then started again
//! on the same data directory. Every sign-up answered 200 is there with its
//! one verification email, no sign-up is there by half (a user without its
//! email or an email without its user), and a user confirmed before the
//! crash still signs in.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const POOL: &str = "us-east-1_WildRydes";
const CLIENT: &str = "wildrydeslocalwebclient001";
const PASSWORD: &str = "Un1corns!";
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// Threads signing up at once.
const THREADS: usize = 4;
/// The kill comes once this many sign-ups were answered 200, or at
/// `KILL_AFTER` at the latest.
const ANSWERED_BEFORE_KILL: usize = 200;
const KILL_AFTER: Duration = Duration::from_secs(15);
/// The longest wait for one answer, and for the server's first line.
const TIMEOUT: Duration = Duration::from_secs(10);

/// local-cognito as a child process, killed (SIGKILL) when dropped, so that
/// a failed assertion leaves no server behind.
struct Server {
    child: Child,
    url: String,
    agent: ureq::Agent,
}

impl Server {
    /// Starts the binary on `data` and any free port, and reads its URL
    /// from the line it prints first (after any warning the log writes to
    /// stdout before it).
    fn start(data: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_local-cognito"))
            .arg("--data")
            .arg(data)
            .args(["--port", "0", "--quiet"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("local-cognito starts");
        let stdout = child.stdout.take().unwrap();
        let mut server = Server {
            child,
            url: String::new(),
            agent: agent(),
        };
        // The URL, then the rest drained, so that the child never blocks
        // on a full pipe.
        let (send_url, url) = mpsc::channel();
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
            let listening = lines.find_map(|line| {
                let at = line.find("local-cognito listening on ")?;
                Some(
                    line[at..]
                        .trim_start_matches("local-cognito listening on ")
                        .trim()
                        .to_string(),
                )
            });
            let _ = send_url.send(listening);
            for _ in lines {}
        });
        server.url = url
            .recv_timeout(TIMEOUT)
            .expect("local-cognito says where it listens within the timeout")
            .expect("local-cognito says where it listens before it exits");
        server
    }

    /// SIGKILL (std's `Child::kill` on unix), and the exit collected.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn call(&self, operation: &str, body: &Value) -> Option<(u16, Value)> {
        call(&self.agent, &self.url, operation, body)
    }

    /// An operation that must answer 200.
    fn ok(&self, operation: &str, body: Value) -> Value {
        let (status, answer) = self.call(operation, &body).expect("an answer");
        assert_eq!(status, 200, "{operation}: {answer}");
        answer
    }

    /// The emails sent to `to`, from the outbox.
    fn messages(&self, to: &str) -> Vec<Value> {
        let response = self
            .agent
            .get(&format!("{}/_local/messages", self.url))
            .query("to", to)
            .call()
            .unwrap();
        let messages: Value = response.into_json().unwrap();
        messages.as_array().expect("a JSON array").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout(TIMEOUT).build()
}

/// `POST /` with the operation: (status, JSON body), or None when no whole
/// answer came (refused, reset, cut off, timed out).
fn call(agent: &ureq::Agent, url: &str, operation: &str, body: &Value) -> Option<(u16, Value)> {
    let sent = agent
        .post(&format!("{url}/"))
        .set(
            "X-Amz-Target",
            &format!("AWSCognitoIdentityProviderService.{operation}"),
        )
        .set("Content-Type", CONTENT_TYPE)
        .send_string(&body.to_string());
    let response = match sent {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(ureq::Error::Transport(_)) => return None,
    };
    let status = response.status();
    let text = response.into_string().ok()?;
    Some((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

fn sign_up_body(email: &str) -> Value {
    json!({
        "ClientId": CLIENT,
        "Username": email,
        "Password": PASSWORD,
        "UserAttributes": [{ "Name": "email", "Value": email }],
    })
}

/// One sign-up thread: distinct emails until the server stops answering.
/// Each attempt with its status (None: no answer).
fn sign_ups(url: String, thread: usize, answered: Arc<AtomicUsize>) -> Vec<(String, Option<u16>)> {
    let agent = agent();
    let mut attempts = Vec::new();
    for n in 0.. {
        let email = format!("crash-{thread}-{n}@example.com");
        let status = call(&agent, &url, "SignUp", &sign_up_body(&email)).map(|(status, _)| status);
        attempts.push((email, status));
        match status {
            Some(200) => {
                answered.fetch_add(1, Ordering::SeqCst);
            }
            Some(_) => {}
            None => break,
        }
    }
    attempts
}

/// The 6-digit code in a verification email.
fn code_in(message: &Value) -> String {
    message["body"]
        .as_str()
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .find(|word| word.len() == 6)
        .expect("a 6-digit code")
        .to_string()
}

#[test]
fn a_kill_mid_sign_ups_loses_no_answered_one_and_leaves_none_by_half() {
    // A data directory the server makes itself.
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    let mut server = Server::start(&data);

    // A user signed up and confirmed before the crash.
    let before = "confirmed-before-the-crash@example.com";
    server.ok("SignUp", sign_up_body(before));
    let code = code_in(&server.messages(before)[0]);
    server.ok(
        "ConfirmSignUp",
        json!({ "ClientId": CLIENT, "Username": before, "ConfirmationCode": code }),
    );

    // Sign-ups from several threads, and SIGKILL while they run.
    let answered = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..THREADS)
        .map(|thread| {
            let (url, answered) = (server.url.clone(), answered.clone());
            thread::spawn(move || sign_ups(url, thread, answered))
        })
        .collect();
    let started = Instant::now();
    while answered.load(Ordering::SeqCst) < ANSWERED_BEFORE_KILL
        && started.elapsed() < KILL_AFTER
        && !workers.iter().all(|worker| worker.is_finished())
    {
        thread::sleep(Duration::from_millis(1));
    }
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server was running until the kill"
    );
    server.kill();
    let attempts: Vec<(String, Option<u16>)> = workers
        .into_iter()
        .flat_map(|worker| worker.join().unwrap())
        .collect();
    let ok: Vec<&str> = attempts
        .iter()
        .filter(|(_, status)| *status == Some(200))
        .map(|(email, _)| email.as_str())
        .collect();
    let unanswered = attempts.iter().filter(|(_, s)| s.is_none()).count();
    println!(
        "{} sign-ups attempted: {} answered 200 before the kill, {unanswered} unanswered",
        attempts.len(),
        ok.len()
    );
    assert!(
        !ok.is_empty(),
        "some sign-ups were answered before the kill"
    );
    for (email, status) in &attempts {
        assert!(
            matches!(status, Some(200) | None),
            "{email}: a sign-up of a new email answered {status:?}"
        );
    }

    // The same data directory, after the crash.
    drop(server);
    let server = Server::start(&data);
    let mut kept = 0;
    for (email, status) in &attempts {
        let (code, user) = server
            .call(
                "AdminGetUser",
                &json!({ "UserPoolId": POOL, "Username": email }),
            )
            .expect("an answer");
        let exists = match code {
            200 => {
                assert_eq!(user["UserStatus"], "UNCONFIRMED", "{email}: {user}");
                true
            }
            _ => {
                assert_eq!(
                    (code, user["__type"].as_str()),
                    (400, Some("UserNotFoundException")),
                    "{email}: {user}"
                );
                false
            }
        };
        if *status == Some(200) {
            assert!(exists, "{email} was answered 200 but is gone");
        }
        let messages = server.messages(email);
        assert_eq!(
            messages.len(),
            usize::from(exists),
            "{email}: user there: {exists}, its emails: {messages:?}"
        );
        if exists {
            code_in(&messages[0]);
            kept += 1;
        }
    }
    println!(
        "after the restart: {kept} of {} attempted sign-ups there ({} unanswered but committed)",
        attempts.len(),
        kept - ok.len()
    );

    // The user confirmed before the crash still signs in, and the pool
    // still takes sign-ups.
    let user = server.ok(
        "AdminGetUser",
        json!({ "UserPoolId": POOL, "Username": before }),
    );
    assert_eq!(user["UserStatus"], "CONFIRMED", "{user}");
    let signed_in = server.ok(
        "InitiateAuth",
        json!({
            "ClientId": CLIENT,
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": { "USERNAME": before, "PASSWORD": PASSWORD },
        }),
    );
    assert!(
        signed_in["AuthenticationResult"]["AccessToken"]
            .as_str()
            .is_some_and(|token| !token.is_empty()),
        "{signed_in}"
    );
    server.ok("SignUp", sign_up_body("after-the-crash@example.com"));
}
