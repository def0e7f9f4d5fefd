//! The SIMD module in a real browser (Chromium, through
//! wasm-bindgen-test-runner), against the scalar code that the native
//! property tests hold against num-bigint.
#![cfg(target_arch = "wasm32")]
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use modp3072::{Mont, Pow, BYTES, N_BYTES};
use srp_simd::SimdPow;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn random(len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    getrandom::getrandom(&mut bytes).unwrap();
    bytes
}

#[wasm_bindgen_test]
fn agrees_with_the_scalar_kernel_on_random_inputs() {
    let simd = SimdPow::load().expect("Chromium has wasm SIMD");
    for round in 0..40 {
        let base = Mont::from_be_bytes(&random(1 + round * 9 % BYTES)).unwrap();
        let exp = random(round * 7 % 140);
        assert_eq!(
            simd.try_pow(&base, &exp).unwrap().to_be_bytes(),
            base.pow(&exp).to_be_bytes(),
            "round {round}, {} exponent bytes",
            exp.len()
        );
    }
}

#[wasm_bindgen_test]
fn the_generator_by_comb_agrees_with_the_scalar_code() {
    let simd = SimdPow::load().unwrap();
    for round in 0..12 {
        for len in [32, 128, 1 + round * 11] {
            let exp = random(len);
            assert_eq!(
                simd.try_pow_g(&exp).unwrap().to_be_bytes(),
                Mont::pow_g(&exp).to_be_bytes(),
                "round {round}, {len} exponent bytes"
            );
        }
    }
    for exp in [[0u8; 32], [0xff; 32]] {
        assert_eq!(
            simd.try_pow_g(&exp).unwrap().to_be_bytes(),
            Mont::pow_g(&exp).to_be_bytes()
        );
    }
}

#[wasm_bindgen_test]
fn agrees_on_the_edges() {
    let simd = SimdPow::load().unwrap();
    let n_minus_1 = {
        let mut b = N_BYTES;
        b[BYTES - 1] -= 1;
        b
    };
    let bases = [
        Mont::from_be_bytes(&[]).unwrap(),
        Mont::one(),
        Mont::from_u32(2),
        Mont::from_be_bytes(&n_minus_1).unwrap(),
        Mont::from_be_bytes(&[0xff; BYTES]).unwrap(),
    ];
    let exps: [&[u8]; 5] = [&[], &[0], &[1], &[0xff; 129], &[0; 384]];
    for (i, base) in bases.iter().enumerate() {
        for exp in exps {
            assert_eq!(
                simd.try_pow(base, exp).unwrap().to_be_bytes(),
                base.pow(exp).to_be_bytes(),
                "base {i}, exponent of {} bytes",
                exp.len()
            );
        }
    }
}

#[wasm_bindgen_test]
fn refuses_an_exponent_longer_than_n_by_falling_back() {
    let simd = SimdPow::load().unwrap();
    let base = Mont::from_u32(3);
    let long = [1u8; 385];
    // The module refuses; the result still comes, from the scalar code.
    assert!(simd.try_pow(&base, &long).is_none());
    assert_eq!(
        simd.pow(&base, &long).to_be_bytes(),
        base.pow(&long).to_be_bytes()
    );
}
