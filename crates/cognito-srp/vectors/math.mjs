// The SRP arithmetic of the reference vectors, written independently of
// amazon-cognito-identity-js (BigInt and node:crypto), and the seeded
// randomness every value is drawn from. Shared by generate.mjs (users) and
// generate-device.mjs (remembered devices); see docs/vectors.md.

import { createHash, createHmac } from 'node:crypto';

// ---------------------------------------------------------------------------
// Constants, with where they come from.

/** A hex string whose top bit is set, and one whose top nibble is 1-7. */
export const HIGH_NIBBLE = /^[89a-f]/;
export const LOW_NIBBLE = /^[1-7]/;

/** RFC 3526 §4: the 3072-bit MODP group's prime (the same as RFC 5054's 3072-bit group). */
export const N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74' +
    '020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
    '4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05' +
    '98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB' +
    '9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718' +
    '3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33' +
    'A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864' +
    'D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2' +
    '08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);

/** RFC 3526 §4: the generator. */
export const G = 2n;

/** The HKDF info of amazon-cognito-identity-js's AuthenticationHelper.js (`infoBits`). */
export const HKDF_INFO = 'Caldera Derived Key';

/** k = H(padHex(N) || padHex(g)), as AuthenticationHelper.js's constructor computes it. */
export const K_MULTIPLIER = bigFromBytes(sha256(padHexBytes(N), padHexBytes(G)));

/** DateHelper.js's English names. */
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// ---------------------------------------------------------------------------
// Deterministic randomness: SHA-256(seed || counter) blocks, in order.

export class Drbg {
  constructor(seed) {
    this.seed = seed;
    this.counter = 0;
    this.pool = Buffer.alloc(0);
  }

  bytes(n) {
    while (this.pool.length < n) {
      const block = sha256(Buffer.from(`${this.seed}\u0000${this.counter++}`, 'utf8'));
      this.pool = Buffer.concat([this.pool, block]);
    }
    const out = this.pool.subarray(0, n);
    this.pool = this.pool.subarray(n);
    return Buffer.from(out);
  }

  hex(n) {
    return this.bytes(n).toString('hex');
  }

  /** An integer in [low, high), without modulo bias (rejection sampling on 48 bits). */
  int(low, high) {
    const range = high - low;
    const limit = 2 ** 48 - (2 ** 48 % range);
    for (;;) {
      const value = this.bytes(6).readUIntBE(0, 6);
      if (value < limit) return low + (value % range);
    }
  }

  pick(items) {
    return items[this.int(0, items.length)];
  }

  string(alphabet, length) {
    return Array.from({ length }, () => this.pick([...alphabet])).join('');
  }
}

/** A version-4 UUID made of drawn bytes. */
export function uuid(rng) {
  const b = rng.bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------------------
// Integers and bytes, written here independently of the library.

export function hex(n) {
  return n.toString(16);
}

export function bigFromBytes(bytes) {
  return bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

export function minimalHex(bytes) {
  return hex(bigFromBytes(bytes));
}

/** Minimal big-endian bytes of n >= 0, with one 00 in front when the top bit is set: Java's BigInteger.toByteArray(). */
export function padHexBytes(n) {
  let h = hex(n);
  if (h.length % 2 === 1) h = '0' + h;
  if (HIGH_NIBBLE.test(h)) h = '00' + h;
  return Buffer.from(h, 'hex');
}

/** padHex of a candidate's salt, A, B, u and S, in hex: the library's padHex, independently. */
export function padHexes(c) {
  return {
    salt: padHexBytes(c.salt).toString('hex'),
    A: padHexBytes(c.A).toString('hex'),
    B: padHexBytes(c.B).toString('hex'),
    u: padHexBytes(c.u).toString('hex'),
    S: padHexBytes(c.S).toString('hex'),
  };
}

/** base^exp mod m, a fixed 4-bit window over the exponent's hex digits. */
export function modPow(base, exp, m) {
  let b = base % m;
  if (b < 0n) b += m;
  const table = [1n];
  for (let i = 1; i < 16; i++) table.push((table[i - 1] * b) % m);
  let result = 1n;
  for (const digit of hex(exp)) {
    for (let i = 0; i < 4; i++) result = (result * result) % m;
    result = (result * table[parseInt(digit, 16)]) % m;
  }
  return result;
}

export function sha256(...parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

export function hmacSha256(key, ...parts) {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

// ---------------------------------------------------------------------------
// SRP, both halves, independently (docs/srp.md).

export function poolNameOf(poolId) {
  return poolId.split('_')[1];
}

/** x = H(padHex(salt) || H(utf8(poolName || userId || ":" || password))). */
export function computeX(salt, poolName, userId, password) {
  const inner = sha256(Buffer.from(`${poolName}${userId}:${password}`, 'utf8'));
  return bigFromBytes(sha256(padHexBytes(salt), inner));
}

/** u = H(padHex(A) || padHex(B)). */
export function computeU(A, B) {
  return bigFromBytes(sha256(padHexBytes(A), padHexBytes(B)));
}

/** B = (k·v + g^b) mod N (the server's public value). */
export function computeB(v, b) {
  return (K_MULTIPLIER * v + modPow(G, b, N)) % N;
}

/** S on the client: (B - k·g^x)^(a + u·x) mod N; the base reduced into [0, N). */
export function clientS(B, x, a, u) {
  return modPow(B - K_MULTIPLIER * modPow(G, x, N), a + u * x, N);
}

/** S on the server: (A·v^u)^b mod N. */
export function serverS(A, v, u, b) {
  return modPow((A * modPow(v, u, N)) % N, b, N);
}

/** HKDF-SHA256 (RFC 5869), salt padHex(u), key material padHex(S), first 16 bytes of the first block. */
export function hkdfKey(u, S) {
  const prk = hmacSha256(padHexBytes(u), padHexBytes(S));
  return hmacSha256(prk, Buffer.from(HKDF_INFO, 'utf8'), Buffer.from([1])).subarray(0, 16);
}

/** base64(HMAC-SHA256(K, poolName || userId || SECRET_BLOCK's bytes || TIMESTAMP)). */
export function claimSignature(key, poolName, userId, secretBlockB64, timestamp) {
  return hmacSha256(
    key,
    Buffer.from(poolName, 'utf8'),
    Buffer.from(userId, 'utf8'),
    Buffer.from(secretBlockB64, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ).toString('base64');
}

/** UTC fields of Unix seconds, by Howard Hinnant's civil_from_days (not with Date). */
export function civilTime(seconds) {
  const days = Math.floor(seconds / 86_400);
  const secs = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year,
    month,
    day,
    weekday: (((days + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
    hours: Math.floor(secs / 3600),
    minutes: Math.floor(secs / 60) % 60,
    seconds: secs % 60,
  };
}

/** TIMESTAMP: "Www Mmm D HH:mm:ss UTC YYYY", English names, the day not padded. */
export function formatTimestamp(seconds) {
  const t = civilTime(seconds);
  const two = (n) => String(n).padStart(2, '0');
  return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month - 1]} ${t.day} ${two(t.hours)}:${two(t.minutes)}:${two(t.seconds)} UTC ${t.year}`;
}

// ---------------------------------------------------------------------------
// Lazy values for the searches over drawn inputs.

/** A cache for one function of strings and bigints. */
export function memo(fn) {
  const cache = new Map();
  return (...args) => {
    const key = args.join('/');
    if (!cache.has(key)) cache.set(key, fn(...args));
    return cache.get(key);
  };
}

/** Defines each getter once, computed on first use: a search reads only what its case needs. */
export function lazy(getters) {
  const out = {};
  for (const [name, get] of Object.entries(getters)) {
    let value;
    let done = false;
    Object.defineProperty(out, name, {
      enumerable: true,
      get() {
        if (!done) {
          value = get(out);
          done = true;
        }
        return value;
      },
    });
  }
  return out;
}

/** The `constants` of a vector file: the group, k and the HKDF info. */
export function constants() {
  const info = Buffer.from(HKDF_INFO, 'utf8');
  return {
    N_hex: hex(N),
    g_hex: hex(G),
    k_hex: hex(K_MULTIPLIER),
    padhex_N: padHexBytes(N).toString('hex'),
    padhex_g: padHexBytes(G).toString('hex'),
    hkdf_info_utf8: HKDF_INFO,
    hkdf_info_with_counter_hex: Buffer.concat([info, Buffer.from([1])]).toString('hex'),
  };
}
