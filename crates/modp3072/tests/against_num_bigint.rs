//! Every operation against num-bigint, over random values and exponents.
#![cfg(not(target_arch = "wasm32"))]
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use modp3072::{Ifma, Mont, Native, Native64, Pow, Powers, BYTES, N_BYTES};
use num_bigint::BigUint;
use proptest::prelude::*;

fn n() -> BigUint {
    BigUint::from_bytes_be(&N_BYTES)
}

fn value(m: &Mont) -> BigUint {
    BigUint::from_bytes_be(&m.to_be_bytes())
}

fn mont(x: &BigUint) -> Mont {
    Mont::from_be_bytes(&x.to_bytes_be()).unwrap()
}

/// Integers up to 384 bytes, with the edges (0, 1, N-1, N, N+1, 2^3072-1)
/// often enough to matter.
fn int() -> impl Strategy<Value = BigUint> {
    let n = n();
    prop_oneof![
        1 => Just(BigUint::from(0u8)),
        1 => Just(BigUint::from(1u8)),
        1 => Just(&n - 1u8),
        1 => Just(n.clone()),
        1 => Just(&n + 1u8),
        1 => Just((BigUint::from(1u8) << 3072) - 1u8),
        8 => proptest::collection::vec(any::<u8>(), 1..=BYTES).prop_map(|b| BigUint::from_bytes_be(&b)),
    ]
}

/// The IFMA kernel, where this CPU has it (`ifma_kernel_runs_here` fails
/// when the CPU lists the instructions and `detect` does not find them).
fn ifma() -> Option<Ifma> {
    Ifma::detect()
}

/// Exponents of g: the comb's and the tables' lengths, and any other.
fn g_exponent() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 32),
        proptest::collection::vec(any::<u8>(), 128),
        proptest::collection::vec(any::<u8>(), 0..140),
    ]
}

fn exponent() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => Just(vec![]),
        1 => proptest::collection::vec(Just(0u8), 1..40),
        1 => proptest::collection::vec(Just(0xffu8), 1..40),
        6 => proptest::collection::vec(any::<u8>(), 1..=130),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn round_trips_reduced(x in int()) {
        prop_assert_eq!(value(&mont(&x)), &x % n());
    }

    #[test]
    fn mul_add_sub(x in int(), y in int()) {
        let n = n();
        let (a, b) = (mont(&x), mont(&y));
        prop_assert_eq!(value(&a.mul(&b)), (&x * &y) % &n);
        prop_assert_eq!(value(&a.add(&b)), (&x + &y) % &n);
        prop_assert_eq!(value(&a.sub(&b)), ((&x % &n) + &n - (&y % &n)) % &n);
    }

    #[test]
    fn pow(x in int(), e in exponent()) {
        let expected = x.modpow(&BigUint::from_bytes_be(&e), &n());
        prop_assert_eq!(value(&mont(&x).pow(&e)), expected);
    }

    #[test]
    fn pow_g_by_comb_or_window(
        e in g_exponent()
    ) {
        let expected = BigUint::from(2u8).modpow(&BigUint::from_bytes_be(&e), &n());
        prop_assert_eq!(value(&Mont::pow_g(&e)), expected);
    }

    #[test]
    fn native64_pow(x in int(), e in exponent()) {
        let expected = x.modpow(&BigUint::from_bytes_be(&e), &n());
        prop_assert_eq!(value(&Native64.pow(&mont(&x), &e)), expected);
    }

    #[test]
    fn native64_pow_g_by_table_or_window(
        e in g_exponent()
    ) {
        let expected = BigUint::from(2u8).modpow(&BigUint::from_bytes_be(&e), &n());
        prop_assert_eq!(value(&Native64.pow_g(&e)), expected);
    }

    #[test]
    fn ifma_pow(x in int(), e in exponent()) {
        if let Some(ifma) = ifma() {
            let expected = x.modpow(&BigUint::from_bytes_be(&e), &n());
            prop_assert_eq!(value(&ifma.pow(&mont(&x), &e)), expected);
        }
    }

    #[test]
    fn ifma_pow_g_by_table_or_window(
        e in g_exponent()
    ) {
        if let Some(ifma) = ifma() {
            let expected = BigUint::from(2u8).modpow(&BigUint::from_bytes_be(&e), &n());
            prop_assert_eq!(value(&ifma.pow_g(&e)), expected);
        }
    }

    #[test]
    fn pow_public_from_the_powers(
        x in int(),
        e in prop_oneof![
            proptest::collection::vec(any::<u8>(), 32),
            proptest::collection::vec(any::<u8>(), 0..40),
            proptest::collection::vec(Just(0u8), 0..33),
        ]
    ) {
        let expected = x.modpow(&BigUint::from_bytes_be(&e), &n());
        let base = mont(&x);
        // Each kernel's table, read back from its bytes, and each kernel's
        // power from it (a table is plain values: any kernel takes any).
        let tables = [Some(Native64.powers(&base)), ifma().map(|k| k.powers(&base))];
        for table in tables.iter().flatten() {
            let table = Powers::from_bytes(&table.to_bytes()).unwrap();
            // Every row is the one before raised to 2^64.
            let mut row = &x % n();
            for chunk in table.to_bytes().chunks(BYTES) {
                prop_assert_eq!(BigUint::from_bytes_be(chunk), row.clone());
                row = row.modpow(&(BigUint::from(1u8) << 64), &n());
            }
            prop_assert_eq!(value(&Native64.pow_public(&table, &e)), expected.clone());
            prop_assert_eq!(value(&Native.pow_public(&table, &e)), expected.clone());
            if let Some(ifma) = ifma() {
                prop_assert_eq!(value(&ifma.pow_public(&table, &e)), expected.clone());
            }
        }
    }

    #[test]
    fn native_pow_and_pow_g(x in int(), e in exponent()) {
        let expected = x.modpow(&BigUint::from_bytes_be(&e), &n());
        prop_assert_eq!(value(&Native.pow(&mont(&x), &e)), expected);
        let expected = BigUint::from(2u8).modpow(&BigUint::from_bytes_be(&e), &n());
        prop_assert_eq!(value(&Native.pow_g(&e)), expected);
    }

    #[test]
    fn chained_operations_stay_in_range(x in int(), y in int(), e in exponent()) {
        // Results below 2N fed back in, many times over.
        let n = n();
        let (mut a, mut expected) = (mont(&x), &x % &n);
        for _ in 0..4 {
            a = a.sub(&mont(&y)).add(&a).mul(&a).pow(&e);
            // ((a - y) + a) * a, all with the old a.
            let sum = ((&expected + &n - &y % &n) % &n + &expected) % &n;
            expected = ((sum * &expected) % &n).modpow(&BigUint::from_bytes_be(&e), &n);
        }
        prop_assert_eq!(value(&a), expected);
    }
}

#[test]
fn rejects_values_wider_than_n() {
    assert!(Mont::from_be_bytes(&[1; BYTES + 1]).is_none());
    // Leading zeros do not count.
    let mut padded = vec![0u8; 10];
    padded.extend_from_slice(&[0xff; BYTES]);
    assert!(Mont::from_be_bytes(&padded).is_some());
}

#[test]
fn zero_and_multiples_of_n_are_zero() {
    assert!(Mont::from_be_bytes(&[]).unwrap().is_zero());
    assert!(Mont::from_be_bytes(&N_BYTES).unwrap().is_zero());
    assert!(!Mont::one().is_zero());
    assert!(Mont::from_u32(2).pow(&[0]).to_be_bytes()[BYTES - 1] == 1);
}

#[test]
fn limbs_round_trip_and_are_checked() {
    let x = Mont::from_u32(12345).pow(&[0xde, 0xad, 0xbe, 0xef]);
    let back = Mont::from_limbs(*x.limbs()).unwrap();
    assert_eq!(back.to_be_bytes(), x.to_be_bytes());
    let mut bad = *x.limbs();
    bad[0] = 1 << 28;
    assert!(Mont::from_limbs(bad).is_none());
    let mut high = *x.limbs();
    high[111] = 1;
    assert!(Mont::from_limbs(high).is_none());
}

#[test]
fn pow_g_at_the_edges_of_the_comb() {
    let n = n();
    for len in [31, 32, 33, 128, 129] {
        for e in [
            vec![0u8; len],
            vec![0xff; len],
            {
                let mut v = vec![0u8; len];
                v[len - 1] = 1;
                v
            },
            {
                let mut v = vec![0u8; len];
                v[0] = 0x80;
                v
            },
        ] {
            let expected = BigUint::from(2u8).modpow(&BigUint::from_bytes_be(&e), &n);
            assert_eq!(
                value(&Mont::pow_g(&e)),
                expected,
                "{len} bytes: {:02x?}",
                &e[..2]
            );
            assert_eq!(
                value(&Native64.pow_g(&e)),
                expected,
                "Native64, {len} bytes: {:02x?}",
                &e[..2]
            );
            if let Some(ifma) = ifma() {
                assert_eq!(
                    value(&ifma.pow_g(&e)),
                    expected,
                    "Ifma, {len} bytes: {:02x?}",
                    &e[..2]
                );
            }
        }
    }
}

#[test]
fn comb_plans_exist_for_32_bytes_only() {
    assert!(modp3072::comb_plan(&[1; 32]).is_some());
    assert!(modp3072::comb_plan(&[1; 128]).is_none());
    assert!(modp3072::comb_plan(&[1; 31]).is_none());
    assert!(modp3072::comb_plan(&[1; 33]).is_none());
}

#[test]
fn ifma_kernel_runs_here() {
    // Linux lists the CPU's features; elsewhere, believe `detect`.
    let listed = std::fs::read_to_string("/proc/cpuinfo")
        .map(|info| info.contains(" avx512ifma") && info.contains(" avx512f "))
        .unwrap_or(ifma().is_some());
    assert_eq!(ifma().is_some(), listed, "detect against /proc/cpuinfo");
    let expected = if listed { "AVX-512 IFMA" } else { "64-bit" };
    assert_eq!(Native::kernel(), expected);
}

#[test]
fn ifma_pow_takes_the_longest_exponents() {
    let Some(ifma) = ifma() else { return };
    let n = n();
    let x = &n - 2u8;
    for e in [vec![0xffu8; BYTES], vec![0x5au8; BYTES - 1]] {
        let expected = x.modpow(&BigUint::from_bytes_be(&e), &n);
        assert_eq!(value(&ifma.pow(&mont(&x), &e)), expected);
    }
}

#[test]
fn powers_are_read_back_at_their_length_only() {
    let table = Native.powers(&Mont::from_u32(7));
    let bytes = table.to_bytes();
    assert_eq!(bytes.len(), Powers::BYTES);
    assert_eq!(Powers::from_bytes(&bytes), Some(table));
    assert!(Powers::from_bytes(&bytes[1..]).is_none());
    assert!(Powers::from_bytes(&[bytes.as_slice(), &[0]].concat()).is_none());
    assert!(Powers::from_bytes(&[]).is_none());
    assert_eq!(
        format!("{:?}", Powers::from_bytes(&bytes)),
        "Some(Powers(..))"
    );
}
