//! 3072-bit exponentiations, natively: this crate's kernels (the portable
//! 28-bit one, the 64-bit one and IFMA where the CPU has it) beside
//! num-bigint's modpow, for a
//! 1024-bit exponent (amazon-cognito-identity-js's a) and 256-bit ones
//! (the client's a and x, the server's b).
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
use criterion::{criterion_group, criterion_main, Criterion};
use modp3072::{Ifma, Mont, Native64, Pow, N_BYTES};
use num_bigint::BigUint;

fn pow(c: &mut Criterion) {
    let base_bytes: Vec<u8> = (0..384u32).map(|i| (i * 151 + 7) as u8).collect();
    let base = Mont::from_be_bytes(&base_bytes).unwrap();
    let (big_base, n) = (
        BigUint::from_bytes_be(&base_bytes),
        BigUint::from_bytes_be(&N_BYTES),
    );
    for exp_bytes in [128u32, 32] {
        let exp: Vec<u8> = (0..exp_bytes).map(|i| (i * 97 + 13) as u8).collect();
        let big_exp = BigUint::from_bytes_be(&exp);
        let mut group = c.benchmark_group(format!("modpow_3072_{}", 8 * exp_bytes));
        group.sample_size(20);
        group.bench_function("modp3072", |b| b.iter(|| base.pow(&exp)));
        group.bench_function("native64", |b| b.iter(|| Native64.pow(&base, &exp)));
        if let Some(ifma) = Ifma::detect() {
            group.bench_function("ifma", |b| b.iter(|| ifma.pow(&base, &exp)));
            if exp.len() <= modp3072::MAX_PUBLIC_EXPONENT_BYTES {
                // A public exponent from the base's table (SRP's v^u).
                let powers = ifma.powers(&base);
                group.bench_function("ifma, public, from the table", |b| {
                    b.iter(|| ifma.pow_public(&powers, &exp))
                });
            }
        }
        group.bench_function("num-bigint", |b| b.iter(|| big_base.modpow(&big_exp, &n)));
        group.finish();
        let mut group = c.benchmark_group(format!("g_pow_{}", 8 * exp_bytes));
        group.sample_size(20);
        group.bench_function("modp3072", |b| b.iter(|| Mont::pow_g(&exp)));
        group.bench_function("native64", |b| b.iter(|| Native64.pow_g(&exp)));
        group.finish();
    }
}

criterion_group!(benches, pow);
criterion_main!(benches);
