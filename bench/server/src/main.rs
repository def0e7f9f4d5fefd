//! The load generator of `cargo xtask bench server`, a process of its own:
//!
//! * `server-bench parts`: what each part of one sign-in costs on the
//!   server, the portable, 64-bit and this CPU's kernels and the RSA signers
//!   (rsa, ring, aws-lc-rs) side by side (medians of many runs, in this
//!   process).
//! * `server-bench load URL CLIENTS SIGN_INS`: that many full SRP sign-ins
//!   (InitiateAuth, the client's proof, RespondToAuthChallenge) from
//!   CLIENTS threads against local-cognito at URL, on users it signs up
//!   first. Prints "ready" and "done" around the sign-ins that count,
//!   then one JSON line: sign-ins, errors, wall seconds between the two.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use cognito_srp::{Challenge, Client};
use modp3072::{Mont, Native, Native64, Pow, Scalar};
use serde_json::{json, Value};

/// The default pool and web client of local-cognito.
const POOL: &str = "us-east-1_WildRydes";
const CLIENT: &str = "wildrydeslocalwebclient001";
const PASSWORD: &str = "Un1corns!";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["parts"] => {
            parts();
            Ok(())
        }
        ["load", url, clients, sign_ins] => match (clients.parse(), sign_ins.parse()) {
            (Ok(clients), Ok(sign_ins)) => load(url, clients, sign_ins),
            _ => Err("CLIENTS and SIGN_INS are numbers".into()),
        },
        _ => Err("usage: server-bench parts | load URL CLIENTS SIGN_INS".into()),
    };
    if let Err(e) = result {
        eprintln!("server-bench: {e}");
        std::process::exit(1);
    }
}

/// The median time of `f` over `runs` runs, in microseconds.
fn median_us(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn parts() {
    let exp32: Vec<u8> = (0..32u32).map(|i| (i * 97 + 13) as u8).collect();
    let base_bytes: Vec<u8> = (0..384u32).map(|i| (i * 151 + 7) as u8).collect();
    let Some(base) = Mont::from_be_bytes(&base_bytes) else {
        unreachable!("384 bytes fit")
    };
    let runs = 200;
    let row = |name: &str, portable: f64, native: f64| {
        println!(
            "| {name} | {portable:.0} µs | {native:.0} µs | {:.1}x |",
            portable / native
        )
    };
    println!("Kernel on this CPU: {}", Native::kernel());
    println!("| part of one sign-in (server) | before | now | ratio |");
    println!("|---|---:|---:|---:|");
    // "now" is the kernel local-cognito runs on this CPU (`Native`: IFMA
    // where the CPU has it); the 64-bit one is its fallback elsewhere.
    let g_b = (
        median_us(runs, || {
            std::hint::black_box(Scalar.pow_g(&exp32));
        }),
        median_us(runs, || {
            std::hint::black_box(Native.pow_g(&exp32));
        }),
    );
    row("g^b, 256-bit b (InitiateAuth)", g_b.0, g_b.1);
    let pow = (
        median_us(runs, || {
            std::hint::black_box(Scalar.pow(&base, &exp32));
        }),
        median_us(runs, || {
            std::hint::black_box(Native.pow(&base, &exp32));
        }),
    );
    row("one base^256-bit (v^u, then (A v^u)^b)", pow.0, pow.1);
    let pow64 = median_us(runs, || {
        std::hint::black_box(Native64.pow(&base, &exp32));
    });
    row("the same (64-bit kernel, then this CPU's)", pow64, pow.1);
    // v^u from the verifier's table (u is public): the comb.
    let powers = Native.powers(&base);
    let v_u = median_us(runs, || {
        std::hint::black_box(Native.pow_public(&powers, &exp32));
    });
    row("v^u: a power, then from v's table (comb)", pow.0, v_u);
    use rsa::pkcs8::EncodePrivateKey;
    use rsa::signature::{SignatureEncoding, Signer};
    let Ok(private) = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048) else {
        unreachable!("a 2048-bit key can be made")
    };
    let message = vec![b'x'; 900];
    let rsa_signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private.clone());
    let rsa_sign = median_us(runs, || {
        std::hint::black_box(rsa_signer.sign(&message).to_bytes());
    });
    let Ok(der) = private.to_pkcs8_der() else {
        unreachable!("the key encodes")
    };
    let Ok(ring_key) = ring::signature::RsaKeyPair::from_pkcs8(der.as_bytes()) else {
        unreachable!("ring takes a 2048-bit key")
    };
    let random = ring::rand::SystemRandom::new();
    let mut signature = vec![0; ring_key.public().modulus_len()];
    let ring_sign = median_us(runs, || {
        let signed = ring_key.sign(
            &ring::signature::RSA_PKCS1_SHA256,
            &random,
            &message,
            &mut signature,
        );
        assert!(signed.is_ok());
    });
    let Ok(aws_key) = aws_lc_rs::signature::RsaKeyPair::from_pkcs8(der.as_bytes()) else {
        unreachable!("aws-lc-rs takes a 2048-bit key")
    };
    let aws_random = aws_lc_rs::rand::SystemRandom::new();
    let aws_sign = median_us(runs, || {
        let signed = aws_key.sign(
            &aws_lc_rs::signature::RSA_PKCS1_SHA256,
            &aws_random,
            &message,
            &mut signature,
        );
        assert!(signed.is_ok());
    });
    row(
        "one RS256 signature (rsa, then aws-lc-rs)",
        rsa_sign,
        aws_sign,
    );
    row("the same (ring, then aws-lc-rs)", ring_sign, aws_sign);
    let before = g_b.0 + 2.0 * pow.0 + 2.0 * rsa_sign;
    // The answer no longer computes g^b again (B is kept with the challenge),
    // and takes v^u from v's table.
    let now = g_b.1 + v_u + pow.1 + 2.0 * aws_sign;
    row(
        "sum: g^b, g^b again (before only), v^u, (A v^u)^b, two signatures",
        before + g_b.0,
        now,
    );
}

fn call(agent: &ureq::Agent, url: &str, operation: &str, body: Value) -> Result<Value, String> {
    let response = agent
        .post(url)
        .set("content-type", "application/x-amz-json-1.1")
        .set(
            "x-amz-target",
            &format!("AWSCognitoIdentityProviderService.{operation}"),
        )
        .send_json(body);
    match response {
        Ok(response) => response.into_json().map_err(|e| e.to_string()),
        Err(ureq::Error::Status(status, response)) => Err(format!(
            "{operation}: {status} {}",
            response.into_string().unwrap_or_default()
        )),
        Err(e) => Err(format!("{operation}: {e}")),
    }
}

/// The clients' arithmetic runs on at most one thread a core. The clients
/// stand for browsers on other machines, so the generator should take as
/// little as it can of the cores the server wants: it runs as SCHED_IDLE
/// (see xtask's bench_server.rs), and fewer runnable threads make fewer
/// wake-ups and switches for the server to pay for.
struct Gate {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Gate {
    fn new(permits: usize) -> Gate {
        Gate {
            free: Mutex::new(permits),
            freed: Condvar::new(),
        }
    }

    fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free == 0 {
            free = self
                .freed
                .wait(free)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *free -= 1;
        drop(free);
        // Given back however `work` ends, a panic included.
        let _permit = Permit(self);
        work()
    }
}

struct Permit<'a>(&'a Gate);

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.0.freed.notify_one();
    }
}

fn sign_in(agent: &ureq::Agent, gate: &Gate, url: &str, email: &str) -> Result<(), String> {
    let client = gate
        .run(|| Client::new_in(Native))
        .map_err(|e| e.to_string())?;
    let started = call(
        agent,
        url,
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT,
               "AuthParameters": {"USERNAME": email, "SRP_A": client.srp_a()}}),
    )?;
    let params = &started["ChallengeParameters"];
    let text = |name: &str| params[name].as_str().unwrap_or_default().to_string();
    let (user_id, secret_block) = (text("USER_ID_FOR_SRP"), text("SECRET_BLOCK"));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    let answer = gate
        .run(|| {
            client.answer(
                POOL,
                PASSWORD,
                &Challenge {
                    srp_b: &text("SRP_B"),
                    salt: &text("SALT"),
                    secret_block: &secret_block,
                    user_id_for_srp: &user_id,
                },
                now,
            )
        })
        .map_err(|e| e.to_string())?;
    let done = call(
        agent,
        url,
        "RespondToAuthChallenge",
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": CLIENT,
               "ChallengeResponses": {"USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": secret_block,
                                      "TIMESTAMP": answer.timestamp, "PASSWORD_CLAIM_SIGNATURE": answer.signature}}),
    )?;
    if done["AuthenticationResult"]["IdToken"].is_string() {
        Ok(())
    } else {
        Err(format!("no tokens: {done}"))
    }
}

fn load(url: &str, clients: usize, sign_ins: usize) -> Result<(), String> {
    // Every client keeps its connection open between requests, as browsers
    // and the AWS SDKs do (ureq keeps one idle connection a host unless told).
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .max_idle_connections(clients.max(100))
        .max_idle_connections_per_host(clients)
        .build();
    let stamp = std::process::id();
    let emails: Vec<String> = (0..clients)
        .map(|i| format!("load-{stamp}-{i}@example.com"))
        .collect();
    for email in &emails {
        call(
            &agent,
            url,
            "SignUp",
            json!({"ClientId": CLIENT, "Username": email, "Password": PASSWORD,
                   "UserAttributes": [{"Name": "email", "Value": email}]}),
        )?;
        call(
            &agent,
            url,
            "AdminConfirmSignUp",
            json!({"UserPoolId": POOL, "Username": email}),
        )?;
    }
    // The first sign-ins warm up: every client opens its connection, both
    // sides build their tables, and the queues reach their steady length
    // (at the start, all clients ask at once). The caller reads the
    // server's CPU at "ready", printed as the last of them ends, and again
    // at "done", as the last of the sign-ins that count ends; the clients
    // go on past both (at most one sign-in each after "done"), so that the
    // sign-ins in flight at either line are alike and the window between
    // them holds the work of `sign_ins` sign-ins.
    let warm_up = 2 * clients;
    let counted_end = warm_up + sign_ins;
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let gate = Gate::new(std::thread::available_parallelism().map_or(1, |n| n.get()));
    let errors = AtomicUsize::new(0);
    let first_error = std::sync::Mutex::new(None::<String>);
    let window = std::sync::Mutex::new((Instant::now(), Instant::now()));
    std::thread::scope(|scope| {
        for email in &emails {
            let (next, done, gate, errors, first_error, agent, window) =
                (&next, &done, &gate, &errors, &first_error, &agent, &window);
            scope.spawn(move || {
                while next.fetch_add(1, Ordering::Relaxed) < counted_end + clients {
                    if let Err(e) = sign_in(agent, gate, url, email) {
                        errors.fetch_add(1, Ordering::Relaxed);
                        if let Ok(mut first) = first_error.lock() {
                            first.get_or_insert(e);
                        }
                    }
                    let ended = done.fetch_add(1, Ordering::Relaxed) + 1;
                    let mut window = window.lock().unwrap_or_else(PoisonError::into_inner);
                    if ended == warm_up {
                        window.0 = Instant::now();
                        println!("ready");
                    } else if ended == counted_end {
                        window.1 = Instant::now();
                        println!("done");
                    }
                }
            });
        }
    });
    let (start, end) = *window.lock().unwrap_or_else(PoisonError::into_inner);
    let wall = (end - start).as_secs_f64();
    println!(
        "{}",
        json!({
            "sign_ins": sign_ins,
            "errors": errors.load(Ordering::Relaxed),
            "first_error": first_error.lock().ok().and_then(|e| e.clone()),
            "wall_seconds": wall,
        })
    );
    Ok(())
}
