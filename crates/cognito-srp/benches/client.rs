//! The client's work for one sign-in, natively: draw a, compute A, then the
//! signature from a challenge. `cargo xtask bench srp` prints it beside the
//! browser figures.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
// criterion runs natively only; the browser figure comes from bench/srp.
#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(not(target_arch = "wasm32"))]
use criterion::{criterion_group, criterion_main, Criterion};

#[cfg(target_arch = "wasm32")]
fn main() {}

use cognito_srp::{Challenge, Client, PasswordVerifier, Server};

#[cfg(not(target_arch = "wasm32"))]
fn client_sign_in(c: &mut Criterion) {
    let pool = "us-east-1_AbCdEf123";
    let stored = PasswordVerifier::generate(pool, "user51382", "P@ssw0rd!T").unwrap();
    let server = Server::start(&stored, &Client::new().unwrap().srp_a()).unwrap();
    let (srp_b, salt) = (server.srp_b(), stored.salt_hex());
    let challenge = Challenge {
        srp_b: &srp_b,
        salt: &salt,
        secret_block: "c2VjcmV0IGJsb2NrIGZyb20gdGhlIHNlcnZlcg==",
        user_id_for_srp: "user51382",
    };
    let mut group = c.benchmark_group("srp");
    group.sample_size(20);
    group.bench_function("client_sign_in", |b| {
        b.iter(|| {
            let client = Client::new().unwrap();
            let srp_a = client.srp_a();
            let answer = client
                .answer(pool, "P@ssw0rd!T", &challenge, 1_700_000_000)
                .unwrap();
            (srp_a, answer)
        })
    });
    group.finish();
}

#[cfg(not(target_arch = "wasm32"))]
criterion_group!(benches, client_sign_in);
#[cfg(not(target_arch = "wasm32"))]
criterion_main!(benches);
