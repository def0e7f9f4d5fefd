//! The modulus and the limb layout.

#![forbid(unsafe_code)]

/// Bits per limb. 28-bit limbs make a product 56 bits, so a `u64` column can
/// take 2 x 110 of them before it overflows: carries wait until the end of a
/// multiplication. (wasm has no 64 x 64 -> 128 multiply, so 64-bit limbs are
/// slow there.)
pub const LIMB_BITS: u32 = 28;
pub(crate) const MASK: u32 = (1 << LIMB_BITS) - 1;

/// Limbs in use: 110 x 28 = 3080 bits, so R = 2^3080 > 4N and Montgomery
/// products of values below 2N stay below 2N with no final subtraction.
pub const LIMBS: usize = 110;

/// Limbs stored: rounded up to a multiple of 4 for 128-bit SIMD loads; the
/// top two are always zero.
pub const STORED_LIMBS: usize = 112;

/// Bytes of N and of a canonical element.
pub const BYTES: usize = 384;

/// N, RFC 3526 §4: the 3072-bit MODP group's prime (the same as RFC 5054's).
const N_HEX: &[u8; 768] = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74",
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437",
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05",
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB",
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718",
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33",
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864",
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
)
.as_bytes()
.first_chunk()
.unwrap();

/// N as big-endian bytes.
pub const N_BYTES: [u8; BYTES] = decode_hex(N_HEX);

/// N in limbs.
pub(crate) const N: [u32; STORED_LIMBS] = limbs_from_be(&N_BYTES);

/// 2N in limbs (N < 2^3072, so 2N fits easily).
pub(crate) const TWO_N: [u32; STORED_LIMBS] = double(&N);

/// R mod N = 2^3080 mod N, the Montgomery form of 1: 2^3072 - N (which is
/// below N, as N > 2^3071), doubled 8 times modulo N.
pub(crate) const R_MOD_N: [u32; STORED_LIMBS] = {
    // 2^3072 - N: the two's complement of N in 3072 bits.
    let mut x = [0u32; STORED_LIMBS];
    let mut borrow = 0i64;
    let mut i = 0;
    while i < LIMBS {
        let top = if i == 3072 / 28 {
            1i64 << (3072 % 28)
        } else {
            0
        };
        let v = top - N[i] as i64 + borrow;
        x[i] = (v & MASK as i64) as u32;
        borrow = v >> LIMB_BITS;
        i += 1;
    }
    let mut d = 0;
    while d < LIMBS * LIMB_BITS as usize - 3072 {
        x = subtract_if_at_least(&double(&x), &N);
        d += 1;
    }
    x
};

// N is -1 modulo 2^64, so -N^-1 mod 2^28 is 1: the Montgomery factor of a
// column is just its low 28 bits. The kernels rely on it.
const _: () = assert!(N[0] == MASK && N[1] == MASK);

/// Big-endian bytes from 768 uppercase hex digits, at compile time.
pub(crate) const fn decode_hex(hex: &[u8; 2 * BYTES]) -> [u8; BYTES] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("N_HEX is uppercase hex"),
        }
    }
    let mut out = [0u8; BYTES];
    let mut i = 0;
    while i < BYTES {
        out[i] = nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]);
        i += 1;
    }
    out
}

/// Little-endian 28-bit limbs of a big-endian integer below 2^3080.
pub(crate) const fn limbs_from_be(bytes: &[u8]) -> [u32; STORED_LIMBS] {
    let mut limbs = [0u32; STORED_LIMBS];
    let mut i = 0; // byte index from the least significant end
    while i < bytes.len() {
        let byte = bytes[bytes.len() - 1 - i] as u32;
        let bit = 8 * i;
        let (limb, shift) = (bit / LIMB_BITS as usize, (bit % LIMB_BITS as usize) as u32);
        limbs[limb] |= (byte << shift) & MASK;
        if shift + 8 > LIMB_BITS {
            limbs[limb + 1] |= byte >> (LIMB_BITS - shift);
        }
        i += 1;
    }
    limbs
}

/// 2x, limbs normalised (x below 2^3079).
pub(crate) const fn double(x: &[u32; STORED_LIMBS]) -> [u32; STORED_LIMBS] {
    let mut out = [0u32; STORED_LIMBS];
    let mut carry = 0u32;
    let mut i = 0;
    while i < LIMBS {
        let v = (x[i] << 1) | carry;
        out[i] = v & MASK;
        carry = v >> LIMB_BITS;
        i += 1;
    }
    out
}

/// x - m when x >= m, else x; in constant time (no branch on the values).
pub(crate) const fn subtract_if_at_least(
    x: &[u32; STORED_LIMBS],
    m: &[u32; STORED_LIMBS],
) -> [u32; STORED_LIMBS] {
    let mut diff = [0u32; STORED_LIMBS];
    let mut borrow = 0i64;
    let mut i = 0;
    while i < LIMBS {
        let v = x[i] as i64 - m[i] as i64 + borrow;
        diff[i] = (v & MASK as i64) as u32;
        borrow = v >> LIMB_BITS;
        i += 1;
    }
    // borrow is -1 when x < m: keep x then.
    let keep_x = (borrow as u32) & 1;
    select(keep_x, x, &diff)
}

/// `if flag == 1 { a } else { b }`, flag in {0, 1}, without a branch.
pub(crate) const fn select(
    flag: u32,
    a: &[u32; STORED_LIMBS],
    b: &[u32; STORED_LIMBS],
) -> [u32; STORED_LIMBS] {
    let mask = 0u32.wrapping_sub(flag);
    let mut out = [0u32; STORED_LIMBS];
    let mut i = 0;
    while i < STORED_LIMBS {
        out[i] = (a[i] & mask) | (b[i] & !mask);
        i += 1;
    }
    out
}
