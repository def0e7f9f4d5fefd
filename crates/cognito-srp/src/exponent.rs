//! The client's exponent a + u*x, in constant time.

/// a + u*x, big-endian, in `max(a.len(), 64) + 1` bytes whatever the
/// values: the exponentiation's time then depends on the lengths only.
pub(crate) fn add_product(a: &[u8], u: &[u8; 32], x: &[u8; 32]) -> Vec<u8> {
    let len = a.len().max(64) + 1;
    // Little-endian bytes, then byte-wise schoolbook: 32 x 32 products of
    // at most 16 bits each, summed in u32 columns with no branch.
    let mut columns = vec![0u32; len + 1];
    for (col, &byte) in columns.iter_mut().zip(a.iter().rev()) {
        *col = byte.into();
    }
    for (i, &ui) in u.iter().rev().enumerate() {
        for (j, &xj) in x.iter().rev().enumerate() {
            columns[i + j] += u32::from(ui) * u32::from(xj);
        }
    }
    let mut out = vec![0u8; len];
    let mut carry = 0u32;
    for (byte, col) in out.iter_mut().rev().zip(&columns) {
        let v = col + carry;
        *byte = v as u8;
        carry = v >> 8;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_values() {
        let mut u = [0u8; 32];
        let mut x = [0u8; 32];
        u[31] = 3;
        x[31] = 5;
        let e = add_product(&[1, 0], &u, &x);
        assert_eq!(e.len(), 65);
        assert_eq!(e[63..], [1, 15]);
        assert!(e[..63].iter().all(|&b| b == 0));
    }

    #[test]
    fn the_largest_values_carry_into_the_extra_byte() {
        let e = add_product(&[0xff; 128], &[0xff; 32], &[0xff; 32]);
        assert_eq!(e.len(), 129);
        assert_eq!(e[0], 1);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn agrees_with_num_bigint(
            a in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..=200),
            u in proptest::prelude::any::<[u8; 32]>(),
            x in proptest::prelude::any::<[u8; 32]>(),
        ) {
            use num_bigint::BigUint;
            let expected = BigUint::from_bytes_be(&a) + BigUint::from_bytes_be(&u) * BigUint::from_bytes_be(&x);
            let got = add_product(&a, &u, &x);
            proptest::prop_assert_eq!(got.len(), a.len().max(64) + 1);
            proptest::prop_assert_eq!(BigUint::from_bytes_be(&got), expected);
        }
    }
}
