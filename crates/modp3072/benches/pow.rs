//! One 3072-bit exponentiation with a 1024-bit exponent, natively: this
//! crate's scalar kernel beside num-bigint's modpow.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
use criterion::{criterion_group, criterion_main, Criterion};
use modp3072::{Mont, N_BYTES};
use num_bigint::BigUint;

fn pow(c: &mut Criterion) {
    let base_bytes: Vec<u8> = (0..384u32).map(|i| (i * 151 + 7) as u8).collect();
    let exp: Vec<u8> = (0..128u32).map(|i| (i * 97 + 13) as u8).collect();
    let base = Mont::from_be_bytes(&base_bytes).unwrap();
    let (big_base, big_exp, n) = (
        BigUint::from_bytes_be(&base_bytes),
        BigUint::from_bytes_be(&exp),
        BigUint::from_bytes_be(&N_BYTES),
    );
    let mut group = c.benchmark_group("modpow_3072_1024");
    group.sample_size(20);
    group.bench_function("modp3072", |b| b.iter(|| base.pow(&exp)));
    group.bench_function("num-bigint", |b| b.iter(|| big_base.modpow(&big_exp, &n)));
    group.finish();
}

criterion_group!(benches, pow);
criterion_main!(benches);
