//! Every operation of modp3072 (the portable kernel, the 64-bit one and
//! IFMA where the CPU has it) against num-bigint, on inputs the fuzzer
//! grows: the first byte picks the lengths, the rest are the operands.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modp3072::{Ifma, Mont, Native64, Pow, BYTES, N_BYTES};
use num_bigint::BigUint;

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    // Exponent lengths around the interesting ones: 0, 32 (the comb), 128, 129.
    let exp_len = match shape & 3 {
        0 => (shape >> 2) as usize % 40,
        1 => 32,
        2 => 128,
        _ => 129,
    }
    .min(rest.len());
    let (exp, operands) = rest.split_at(exp_len);
    let (x, y) = operands.split_at((operands.len() / 2).min(BYTES));
    let y = &y[..y.len().min(BYTES)];

    let n = BigUint::from_bytes_be(&N_BYTES);
    let value = |m: &Mont| BigUint::from_bytes_be(&m.to_be_bytes());
    let (bx, by, be) = (
        BigUint::from_bytes_be(x),
        BigUint::from_bytes_be(y),
        BigUint::from_bytes_be(exp),
    );
    let (mx, my) = (Mont::from_be_bytes(x).unwrap(), Mont::from_be_bytes(y).unwrap());

    assert_eq!(value(&mx), &bx % &n);
    assert_eq!(value(&mx.mul(&my)), (&bx * &by) % &n);
    assert_eq!(value(&mx.add(&my)), (&bx + &by) % &n);
    assert_eq!(value(&mx.sub(&my)), ((&bx % &n) + &n - (&by % &n)) % &n);
    assert_eq!(value(&mx.pow(exp)), bx.modpow(&be, &n));
    assert_eq!(value(&Mont::pow_g(exp)), BigUint::from(2u8).modpow(&be, &n));
    assert_eq!(value(&Native64.pow(&mx, exp)), bx.modpow(&be, &n));
    assert_eq!(value(&Native64.pow_g(exp)), BigUint::from(2u8).modpow(&be, &n));
    if let Some(ifma) = Ifma::detect() {
        assert_eq!(value(&ifma.pow(&mx, exp)), bx.modpow(&be, &n));
        assert_eq!(value(&ifma.pow_g(exp)), BigUint::from(2u8).modpow(&be, &n));
    }
    assert_eq!(mx.is_zero(), (&bx % &n) == BigUint::from(0u8));
});
