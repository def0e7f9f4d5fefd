// Generates the SRP reference vectors (srp-vectors.json beside this file).
//
//   node crates/cognito-srp/vectors/generate.mjs [--out FILE] [--verbose]
//
// --out writes FILE instead of the committed file; --verbose says how many
// candidates each edge case's search drew.
//
// For each edge case below, this script plays the user pool with JS BigInt
// (salt, verifier, b, B), searching seeded candidates until the case holds,
// then lets amazon-cognito-identity-js sign in for real: its own
// CognitoUser.authenticateUser, against a stand-in for its HTTP client, with
// its random `a` and the clock fixed. What the library sent, signed and
// stored is recorded, and every value is computed a second time here with
// BigInt and node:crypto (both halves: S_client and S_server). Any
// disagreement fails the run and nothing is written.
//
// Deterministic: every random value comes from a SHA-256 counter generator
// seeded with ROOT_SEED and the vector's id, so two runs write the same
// bytes. `cargo xtask test` checks that the committed file is what this
// script writes. Schema and checks: docs/vectors.md; the protocol: docs/srp.md.

import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cognito from 'amazon-cognito-identity-js';

const { AuthenticationDetails, AuthenticationHelper, CognitoUser, CognitoUserPool } = cognito;

// ---------------------------------------------------------------------------
// Constants, with where they come from.

/** Seeds every vector's generator (with the vector's id). Change it and every value changes. */
const ROOT_SEED = 'cognito-srp reference vectors, schema 1';

/** A hex string whose top bit is set, and one whose top nibble is 1-7. */
const HIGH_NIBBLE = /^[89a-f]/;
const LOW_NIBBLE = /^[1-7]/;

/** The committed file, relative to this script. */
const DEFAULT_OUT = fileURLToPath(new URL('./srp-vectors.json', import.meta.url));

/** The script as the repository names it (recorded in `generator`). */
const SCRIPT_PATH = 'crates/cognito-srp/vectors/generate.mjs';

/** RFC 3526 §4: the 3072-bit MODP group's prime (the same as RFC 5054's 3072-bit group). */
const N = BigInt(
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
const G = 2n;

/** The HKDF info of amazon-cognito-identity-js's AuthenticationHelper.js (`infoBits`). */
const HKDF_INFO = 'Caldera Derived Key';

/** k = H(padHex(N) || padHex(g)), as AuthenticationHelper.js's constructor computes it. */
const K_MULTIPLIER = bigFromBytes(sha256(padHexBytes(N), padHexBytes(G)));

/** DateHelper.js's English names. */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Instants are drawn from [2019-01-01, 2031-01-01) UTC. */
const FIRST_DAY = Date.UTC(2019, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2031, 0, 1) / 86_400_000;

/** The issued-at of the fake tokens is this many seconds before the instant: clockDrift "7". */
const TOKEN_AGE_SECONDS = 7;

/** Regions of the pool ids (the part before `_`). */
const REGIONS = ['us-east-1', 'eu-west-2', 'ap-southeast-1', 'sa-east-1', 'me-central-1', 'us-gov-west-1'];

/** SECRET_BLOCK lengths in bytes: small to large (real ones are about 1 KB). */
const SECRET_BLOCK_LENGTHS = [16, 32, 48, 100, 256, 1024, 1367];

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const PASSWORD_SYMBOLS = ALPHANUMERIC + '!#$%&*+-./=?^_~';

/** A search gives up after this many candidates (the rarest case needs about 1 in 1,461). */
const MAX_CANDIDATES = 50_000;

// ---------------------------------------------------------------------------
// The edge cases. `vary` names the drawn value the search changes; `holds`
// gets the candidate's values (see `candidate`); `draw` overrides how a
// value is drawn; `identity` overrides the user.

const EDGE_CASES = [
  {
    id: 'basic-ascii',
    description: 'plain username, ASCII password, ordinary values',
    tags: ['basic'],
  },
  {
    id: 'salt-high-nibble',
    description: 'salt hex starts with 8-f: padHex prepends 00',
    tags: ['salt-high-nibble'],
    vary: 'saltHex',
    holds: (c) => c.saltHex.length === 32 && HIGH_NIBBLE.test(c.saltHex),
  },
  {
    id: 'salt-odd-length',
    description: 'salt hex has 31 digits (sent minimal): padHex prepends a single 0',
    tags: ['salt-odd-len'],
    vary: 'saltHex',
    holds: (c) => c.saltHex.length === 31,
  },
  {
    id: 'salt-leading-zero-bytes',
    description:
      'SALT string sent with two leading 00 bytes; the library parses it as an integer, so they are dropped before padHex',
    tags: ['salt-leading-zero-bytes'],
    vary: 'saltHex',
    draw: { saltHex: (rng) => '0000' + rng.hex(14) },
    holds: (c) => /^0000[1-9a-f]/.test(c.saltHex),
  },
  {
    id: 'salt-short',
    description: 'very short salt (2 bytes)',
    tags: ['salt-short'],
    vary: 'saltHex',
    draw: { saltHex: (rng) => minimalHex(rng.bytes(2)) },
    holds: (c) => c.saltHex.length === 4 && LOW_NIBBLE.test(c.saltHex),
  },
  {
    id: 'B-high-nibble',
    description: 'B hex starts with 8-f (768 digits): padHex(B) prepends 00',
    tags: ['B-high-nibble'],
    vary: 'b',
    holds: (c) => hex(c.B).length === 768 && HIGH_NIBBLE.test(hex(c.B)),
  },
  {
    id: 'B-odd-length',
    description: 'B < 16^767: its hex has an odd length, padHex prepends 0',
    tags: ['B-odd-len'],
    vary: 'b',
    holds: (c) => hex(c.B).length === 767,
  },
  {
    id: 'B-low-even',
    description: 'B hex has an even length and a top nibble of 1-7: no padding',
    tags: ['B-no-pad'],
    vary: 'b',
    holds: (c) => hex(c.B).length === 768 && LOW_NIBBLE.test(hex(c.B)),
  },
  {
    id: 'A-high-nibble',
    description: 'A hex starts with 8-f',
    tags: ['A-high-nibble'],
    vary: 'a',
    holds: (c) => hex(c.A).length === 768 && HIGH_NIBBLE.test(hex(c.A)),
  },
  {
    id: 'A-odd-length',
    description: 'A hex has an odd length (SRP_A is sent unpadded)',
    tags: ['A-odd-len'],
    vary: 'a',
    holds: (c) => hex(c.A).length === 767,
  },
  {
    id: 'S-high-nibble',
    description: 'S starts with 8-f: the HKDF input key material has a leading 00 byte',
    tags: ['S-high-nibble'],
    vary: 'b',
    holds: (c) => hex(c.S).length === 768 && HIGH_NIBBLE.test(hex(c.S)),
  },
  {
    id: 'S-odd-length',
    description: 'S hex has an odd length',
    tags: ['S-odd-len'],
    vary: 'b',
    holds: (c) => hex(c.S).length === 767,
  },
  {
    id: 'u-high-nibble',
    description: 'u starts with 8-f: the HKDF salt is 33 bytes (00 prefix)',
    tags: ['u-high-nibble'],
    vary: 'b',
    holds: (c) => hex(c.u).length === 64 && HIGH_NIBBLE.test(hex(c.u)),
  },
  {
    id: 'u-odd-length',
    description: 'u has one leading zero nibble: the HKDF salt padHex(u) keeps it (32 bytes)',
    tags: ['u-odd-len'],
    vary: 'b',
    holds: (c) => hex(c.u).length === 63,
  },
  {
    id: 'u-leading-zero-byte',
    description:
      'u is a SHA-256 digest whose first byte is 00 and second below 0x80: padHex(u), the HKDF salt, is only 31 bytes',
    tags: ['u-leading-zero-byte'],
    vary: 'b',
    holds: (c) => padHexBytes(c.u).length === 31,
  },
  {
    id: 'unicode-password',
    description: 'password with Latin-1 and CJK characters (UTF-8, not normalised)',
    tags: ['unicode-password'],
    identity: (rng) => ({ password: `pässwörd-Ünïcödé-密码-${rng.int(100, 1000)}` }),
  },
  {
    id: 'emoji-password',
    description: 'password with astral-plane characters (4-byte UTF-8)',
    tags: ['unicode-password'],
    identity: (rng) => ({ password: `🔑Secret😀${rng.int(100, 1000)}𝔘` }),
  },
  {
    id: 'nfd-password',
    description: 'password in NFD form (combining marks); no normalisation is applied',
    tags: ['unicode-password'],
    identity: (rng) => ({ password: `Ça-été-café-${rng.int(100, 1000)}`.normalize('NFD') }),
    holds: (c) => c.password !== c.password.normalize('NFC'),
  },
  {
    id: 'long-password',
    description: '256-character password (257 UTF-8 bytes)',
    tags: ['long-password'],
    identity: (rng) => ({ password: rng.string(PASSWORD_SYMBOLS, 255) + 'é' }),
    holds: (c) => c.password.length === 256 && Buffer.byteLength(c.password) === 257,
  },
  {
    id: 'uuid-user-id',
    description: 'sign-in with an email alias; USER_ID_FOR_SRP is a UUID and is what enters x and the signature',
    tags: ['uuid-user-id'],
    identity: (rng) => ({ username: `alias${rng.int(10, 100)}@example.com`, userIdForSrp: uuid(rng) }),
  },
  {
    id: 'single-digit-day',
    description: 'timestamp on day 1-9 and an hour below 10: the day is not padded, the hour is',
    tags: ['single-digit-day'],
    vary: 'instant',
    holds: (c) => c.time.day <= 9 && c.time.hours < 10,
  },
  {
    id: 'midnight-single-digit-day',
    description: '00:00:00 on a single-digit day',
    tags: ['single-digit-day', 'midnight'],
    vary: 'instant',
    draw: { instant: (rng) => rng.int(FIRST_DAY, LAST_DAY) * 86_400 },
    holds: (c) => c.time.day <= 9,
  },
  {
    id: 'leap-day',
    description: 'Feb 29 timestamp, unicode username',
    tags: ['leap-day', 'unicode-username'],
    identity: (rng) => {
      const name = `用户名${rng.int(0, 10)}`;
      return { username: name, userIdForSrp: name };
    },
    vary: 'instant',
    holds: (c) => c.time.month === 2 && c.time.day === 29,
  },
  {
    id: 'colon-space-password',
    description: "password containing ':' and spaces; mixed-case username; Dec 31 23:59:59",
    tags: ['colon-in-password', 'year-end'],
    identity: (rng) => {
      const name = `MixedCase.User-${rng.int(100, 1000)}`;
      return { username: name, userIdForSrp: name, password: ` pass: word with spaces : ${rng.int(0, 10)}` };
    },
    vary: 'instant',
    draw: { instant: (rng) => rng.int(FIRST_DAY, LAST_DAY) * 86_400 + 86_399 },
    holds: (c) => c.time.month === 12 && c.time.day === 31,
  },
];

// ---------------------------------------------------------------------------
// Deterministic randomness: SHA-256(seed || counter) blocks, in order.

class Drbg {
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
function uuid(rng) {
  const b = rng.bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------------------
// Integers and bytes, written here independently of the library.

function hex(n) {
  return n.toString(16);
}

function bigFromBytes(bytes) {
  return bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

function minimalHex(bytes) {
  return hex(bigFromBytes(bytes));
}

/** Minimal big-endian bytes of n >= 0, with one 00 in front when the top bit is set: Java's BigInteger.toByteArray(). */
function padHexBytes(n) {
  let h = hex(n);
  if (h.length % 2 === 1) h = '0' + h;
  if (HIGH_NIBBLE.test(h)) h = '00' + h;
  return Buffer.from(h, 'hex');
}

/** base^exp mod m, a fixed 4-bit window over the exponent's hex digits. */
function modPow(base, exp, m) {
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

function sha256(...parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function hmacSha256(key, ...parts) {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

// ---------------------------------------------------------------------------
// SRP, both halves, independently (docs/srp.md).

function poolNameOf(poolId) {
  return poolId.split('_')[1];
}

/** x = H(padHex(salt) || H(utf8(poolName || userId || ":" || password))). */
function computeX(salt, poolName, userId, password) {
  const inner = sha256(Buffer.from(`${poolName}${userId}:${password}`, 'utf8'));
  return bigFromBytes(sha256(padHexBytes(salt), inner));
}

/** u = H(padHex(A) || padHex(B)). */
function computeU(A, B) {
  return bigFromBytes(sha256(padHexBytes(A), padHexBytes(B)));
}

/** B = (k·v + g^b) mod N (the server's public value). */
function computeB(v, b) {
  return (K_MULTIPLIER * v + modPow(G, b, N)) % N;
}

/** S on the client: (B - k·g^x)^(a + u·x) mod N; the base reduced into [0, N). */
function clientS(B, x, a, u) {
  return modPow(B - K_MULTIPLIER * modPow(G, x, N), a + u * x, N);
}

/** S on the server: (A·v^u)^b mod N. */
function serverS(A, v, u, b) {
  return modPow((A * modPow(v, u, N)) % N, b, N);
}

/** HKDF-SHA256 (RFC 5869), salt padHex(u), key material padHex(S), first 16 bytes of the first block. */
function hkdfKey(u, S) {
  const prk = hmacSha256(padHexBytes(u), padHexBytes(S));
  return hmacSha256(prk, Buffer.from(HKDF_INFO, 'utf8'), Buffer.from([1])).subarray(0, 16);
}

/** base64(HMAC-SHA256(K, poolName || userId || SECRET_BLOCK's bytes || TIMESTAMP)). */
function claimSignature(key, poolName, userId, secretBlockB64, timestamp) {
  return hmacSha256(
    key,
    Buffer.from(poolName, 'utf8'),
    Buffer.from(userId, 'utf8'),
    Buffer.from(secretBlockB64, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ).toString('base64');
}

/** UTC fields of Unix seconds, by Howard Hinnant's civil_from_days (not with Date). */
function civilTime(seconds) {
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
function formatTimestamp(seconds) {
  const t = civilTime(seconds);
  const two = (n) => String(n).padStart(2, '0');
  return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month - 1]} ${t.day} ${two(t.hours)}:${two(t.minutes)}:${two(t.seconds)} UTC ${t.year}`;
}

// ---------------------------------------------------------------------------
// Choosing a vector's inputs: the user, then a search over drawn values.

function defaultDraws() {
  return {
    saltHex: (rng) => minimalHex(rng.bytes(16)),
    b: (rng) => bigFromBytes(rng.bytes(32)),
    a: (rng) => bigFromBytes(rng.bytes(128)),
    instant: (rng) => rng.int(FIRST_DAY * 86_400, LAST_DAY * 86_400),
    secretBlock: (rng) => rng.bytes(rng.pick(SECRET_BLOCK_LENGTHS)).toString('base64'),
  };
}

function drawIdentity(rng, edgeCase) {
  const poolId = `${rng.pick(REGIONS)}_${rng.string(ALPHANUMERIC, rng.int(4, 13))}`;
  const clientId = rng.string(LOWER_ALPHANUMERIC, 26);
  const user = `user${rng.int(1000, 100_000)}`;
  const identity = {
    poolId,
    clientId,
    username: user,
    userIdForSrp: user,
    password: `P@ssw0rd!${rng.string(ALPHANUMERIC, rng.int(0, 13))}`,
  };
  return { ...identity, ...(edgeCase.identity ? edgeCase.identity(rng) : {}) };
}

/** A cache for one function of strings and bigints. */
function memo(fn) {
  const cache = new Map();
  return (...args) => {
    const key = args.join('/');
    if (!cache.has(key)) cache.set(key, fn(...args));
    return cache.get(key);
  };
}

/** Defines each getter once, computed on first use: a search reads only what its case needs. */
function lazy(getters) {
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

/** The search: redraw `edgeCase.vary` until `holds` (and B, A, u are usable). */
function chooseInputs(edgeCase) {
  const rng = new Drbg(`${ROOT_SEED}\u0000${edgeCase.id}`);
  const identity = drawIdentity(rng, edgeCase);
  const draws = { ...defaultDraws(), ...edgeCase.draw };
  const drawn = Object.fromEntries(Object.entries(draws).map(([name, draw]) => [name, draw(rng)]));
  const poolName = poolNameOf(identity.poolId);
  const verifierOf = memo((saltHex) => {
    const x = computeX(BigInt('0x' + saltHex), poolName, identity.userIdForSrp, identity.password);
    return { x, v: modPow(G, x, N) };
  });
  const publicA = memo((a) => modPow(G, a, N));
  const holds = edgeCase.holds ?? (() => true);
  for (let candidates = 1; candidates <= MAX_CANDIDATES; candidates++) {
    const c = candidate(identity, drawn, verifierOf, publicA);
    if (c.B % N !== 0n && c.A % N !== 0n && c.u !== 0n && holds(c)) {
      return { identity, drawn, values: c, candidates };
    }
    if (!edgeCase.vary) break;
    drawn[edgeCase.vary] = draws[edgeCase.vary](rng);
  }
  throw new Error(`${edgeCase.id}: no candidate found`);
}

/** The values one choice of drawn inputs leads to, each computed when first read. */
function candidate(identity, drawn, verifierOf, publicA) {
  return lazy({
    password: () => identity.password,
    saltHex: () => drawn.saltHex,
    salt: () => BigInt('0x' + drawn.saltHex),
    x: () => verifierOf(drawn.saltHex).x,
    v: () => verifierOf(drawn.saltHex).v,
    B: (c) => computeB(c.v, drawn.b),
    A: () => publicA(drawn.a),
    u: (c) => computeU(c.A, c.B),
    S: (c) => serverS(c.A, c.v, c.u, drawn.b),
    time: () => civilTime(drawn.instant),
  });
}

// ---------------------------------------------------------------------------
// amazon-cognito-identity-js, signing in for real.

/**
 * Patches the library once. `generateRandomSmallA` returns `run.a`; the
 * other wrappers only record what the library computed (x, S, its parsed
 * salt and B, the HKDF key) and change nothing.
 */
function instrumentLibrary() {
  const run = {};
  const proto = AuthenticationHelper.prototype;
  proto.generateRandomSmallA = function generateRandomSmallA() {
    run.helper = this;
    return new this.N.constructor(hex(run.a), 16);
  };
  const getPasswordAuthenticationKey = proto.getPasswordAuthenticationKey;
  proto.getPasswordAuthenticationKey = function (username, password, B, salt, callback) {
    Object.assign(run, { B, salt });
    return getPasswordAuthenticationKey.call(this, username, password, B, salt, callback);
  };
  const calculateS = proto.calculateS;
  proto.calculateS = function (x, B, callback) {
    run.x = x;
    return calculateS.call(this, x, B, (err, S) => {
      run.S = S;
      callback(err, S);
    });
  };
  const computehkdf = proto.computehkdf;
  proto.computehkdf = function (ikm, salt) {
    run.hkdf = computehkdf.call(this, ikm, salt);
    return run.hkdf;
  };
  return run;
}

/** localStorage stand-in that keeps the order of writes. */
class MemoryStorage {
  constructor() {
    this.items = new Map();
  }
  setItem(key, value) {
    this.items.set(key, String(value));
  }
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  removeItem(key) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

/**
 * Runs `fn` with Date frozen at `seconds` and Math.random and
 * crypto.getRandomValues refusing to run: nothing unseeded gets in.
 */
function inFrozenWorld(seconds, fn) {
  const RealDate = globalThis.Date;
  const frozenMs = seconds * 1000;
  class FrozenDate extends RealDate {
    constructor(...args) {
      super(...(args.length === 0 ? [frozenMs] : args));
    }
    static now() {
      return frozenMs;
    }
  }
  const refuse = (name) => () => {
    throw new Error(`${name} was called: the vectors must come from the seeded generator`);
  };
  const saved = { random: Math.random, getRandomValues: globalThis.crypto?.getRandomValues };
  globalThis.Date = FrozenDate;
  Math.random = refuse('Math.random');
  if (globalThis.crypto) globalThis.crypto.getRandomValues = refuse('crypto.getRandomValues');
  try {
    return fn();
  } finally {
    globalThis.Date = RealDate;
    Math.random = saved.random;
    if (globalThis.crypto) delete globalThis.crypto.getRandomValues;
  }
}

function base64url(text) {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Unsigned JWTs (`alg: none`) issued TOKEN_AGE_SECONDS before the instant, and the success reply. */
function authenticationResult(userIdForSrp, instant) {
  const iat = instant - TOKEN_AGE_SECONDS;
  const exp = iat + 3600;
  const header = base64url(JSON.stringify({ alg: 'none', kid: 'test' }));
  const token = (claims) => `${header}.${base64url(JSON.stringify(claims))}.sig`;
  return {
    AuthenticationResult: {
      AccessToken: token({ token_use: 'access', iat, exp, username: userIdForSrp }),
      ExpiresIn: 3600,
      IdToken: token({ token_use: 'id', iat, exp, 'cognito:username': userIdForSrp }),
      RefreshToken: 'opaque-refresh-token',
      TokenType: 'Bearer',
    },
    ChallengeParameters: {},
  };
}

/**
 * One sign-in by the library's CognitoUser.authenticateUser against a
 * stand-in HTTP client: InitiateAuth gets `challenge`, RespondToAuthChallenge
 * gets `success`. Returns the request bodies as the library would have sent
 * them (JSON), what it stored, and what it computed.
 */
function librarySignIn(run, { identity, password, a, instant, challenge, success }) {
  run.a = a;
  const storage = new MemoryStorage();
  const pool = new CognitoUserPool({ UserPoolId: identity.poolId, ClientId: identity.clientId, Storage: storage });
  const sent = {};
  pool.client.request = (operation, params, callback) => {
    sent[operation] = JSON.parse(JSON.stringify(params));
    if (operation === 'InitiateAuth') return callback(null, structuredClone(challenge));
    if (operation === 'RespondToAuthChallenge') return callback(null, structuredClone(success));
    return callback(new Error(`unexpected request ${operation}`));
  };
  const user = new CognitoUser({ Username: identity.username, Pool: pool, Storage: storage });
  let outcome;
  inFrozenWorld(instant, () =>
    user.authenticateUser(new AuthenticationDetails({ Username: identity.username, Password: password }), {
      onSuccess: () => (outcome = 'signed in'),
      onFailure: (err) => (outcome = err),
    }),
  );
  if (outcome !== 'signed in') throw new Error(`the library did not sign in: ${outcome}`);
  const helper = run.helper;
  const asBig = (value) => BigInt('0x' + value.toString(16));
  return {
    initiate: sent.InitiateAuth,
    respond: sent.RespondToAuthChallenge,
    storage: Object.fromEntries(storage.items),
    N: asBig(helper.N),
    k: asBig(helper.k),
    x: asBig(run.x),
    u: asBig(helper.UValue),
    S: asBig(run.S),
    key: Buffer.from(run.hkdf),
    padhex: {
      salt: helper.padHex(run.salt),
      A: helper.padHex(helper.largeAValue),
      B: helper.padHex(run.B),
      u: helper.padHex(helper.UValue),
      S: helper.padHex(run.S),
    },
  };
}

// ---------------------------------------------------------------------------
// One vector: inputs, the library's sign-ins, the independent checks.

function buildVector(run, edgeCase) {
  const { identity, drawn, values: c, candidates } = chooseInputs(edgeCase);
  const poolName = poolNameOf(identity.poolId);
  const userId = identity.userIdForSrp;
  const challenge = {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: drawn.saltHex,
      SECRET_BLOCK: drawn.secretBlock,
      SRP_B: hex(c.B),
      USERNAME: userId,
      USER_ID_FOR_SRP: userId,
    },
  };
  const success = authenticationResult(userId, drawn.instant);
  const signIn = (password) =>
    librarySignIn(run, { identity, password, a: drawn.a, instant: drawn.instant, challenge, success });
  const lib = signIn(identity.password);
  const wrongPassword = identity.password + 'x';
  const libWrong = signIn(wrongPassword);

  // Independently: both halves' S, K, the timestamp, the signatures.
  const timestamp = formatTimestamp(drawn.instant);
  const sClient = clientS(c.B, c.x, drawn.a, c.u);
  const key = hkdfKey(c.u, c.S);
  const signature = claimSignature(key, poolName, userId, drawn.secretBlock, timestamp);
  const xWrong = computeX(c.salt, poolName, userId, wrongPassword);
  const keyWrong = hkdfKey(c.u, clientS(c.B, xWrong, drawn.a, c.u));
  const signatureWrong = claimSignature(keyWrong, poolName, userId, drawn.secretBlock, timestamp);
  const padhex = {
    salt: padHexBytes(c.salt).toString('hex'),
    A: padHexBytes(c.A).toString('hex'),
    B: padHexBytes(c.B).toString('hex'),
    u: padHexBytes(c.u).toString('hex'),
    S: padHexBytes(c.S).toString('hex'),
  };
  const libResponses = lib.respond.ChallengeResponses;
  const prefix = `CognitoIdentityServiceProvider.${identity.clientId}`;
  const expectedStorage = {
    [`${prefix}.${userId}.idToken`]: success.AuthenticationResult.IdToken,
    [`${prefix}.${userId}.accessToken`]: success.AuthenticationResult.AccessToken,
    [`${prefix}.${userId}.refreshToken`]: success.AuthenticationResult.RefreshToken,
    [`${prefix}.${userId}.clockDrift`]: String(TOKEN_AGE_SECONDS),
    [`${prefix}.LastAuthUser`]: userId,
  };
  const expectedInitiate = {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: identity.clientId,
    AuthParameters: { USERNAME: identity.username, SRP_A: hex(c.A) },
    ClientMetadata: {},
  };
  const expectedRespond = {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: identity.clientId,
    ChallengeResponses: {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: drawn.secretBlock,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: signature,
    },
    ClientMetadata: {},
  };
  const same = (left, right) => JSON.stringify(left) === JSON.stringify(right);
  const checks = {
    edge_case_holds: (edgeCase.holds ?? (() => true))(c),
    N_lib_eq_rfc3526: lib.N === N,
    k_lib_eq_independent: lib.k === K_MULTIPLIER,
    B_recomputed_from_b_and_v: computeB(modPow(G, lib.x, N), drawn.b) === c.B,
    A_lib_eq_independent: lib.initiate.AuthParameters.SRP_A === hex(c.A),
    x_lib_eq_independent: lib.x === c.x,
    u_lib_eq_independent: lib.u === c.u,
    S_client_lib_eq_S_server: lib.S === c.S,
    S_client_independent_eq_S_server: sClient === c.S,
    hkdf_lib_eq_independent: lib.key.equals(key),
    timestamp_lib_eq_independent: libResponses.TIMESTAMP === timestamp,
    signature_lib_eq_independent: libResponses.PASSWORD_CLAIM_SIGNATURE === signature,
    padhex_lib_eq_independent: same(lib.padhex, padhex),
    initiate_auth_request_as_expected: same(lib.initiate, expectedInitiate),
    respond_to_auth_challenge_request_as_expected: same(lib.respond, expectedRespond),
    storage_as_expected: same(lib.storage, expectedStorage),
    wrong_password_lib_eq_independent:
      libWrong.key.equals(keyWrong) &&
      libWrong.respond.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE === signatureWrong,
    wrong_password_signature_differs: signatureWrong !== signature,
  };
  const vector = {
    id: edgeCase.id,
    description: edgeCase.description,
    tags: edgeCase.tags,
    pool_id: identity.poolId,
    client_id: identity.clientId,
    username: identity.username,
    user_id_for_srp: userId,
    password: identity.password,
    salt_hex: drawn.saltHex,
    verifier_hex: hex(c.v),
    b_hex: hex(drawn.b),
    B_hex: hex(c.B),
    a_hex: hex(drawn.a),
    A_hex: lib.initiate.AuthParameters.SRP_A,
    x_hex: hex(lib.x),
    u_hex: hex(lib.u),
    S_hex: hex(lib.S),
    hkdf_key_hex: lib.key.toString('hex'),
    secret_block_b64: drawn.secretBlock,
    timestamp_epoch: drawn.instant,
    timestamp: libResponses.TIMESTAMP,
    signature_b64: libResponses.PASSWORD_CLAIM_SIGNATURE,
    padhex: lib.padhex,
    initiate_auth_request: lib.initiate,
    initiate_auth_response: challenge,
    respond_to_auth_challenge_request: lib.respond,
    respond_to_auth_challenge_response: success,
    storage_after_sign_in: lib.storage,
    negative: {
      wrong_password: wrongPassword,
      hkdf_key_hex: libWrong.key.toString('hex'),
      signature_b64: libWrong.respond.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE,
    },
    checks,
  };
  return { vector, candidates };
}

// ---------------------------------------------------------------------------
// The file.

function versions() {
  const require = createRequire(import.meta.url);
  return {
    script: SCRIPT_PATH,
    'amazon-cognito-identity-js': require('amazon-cognito-identity-js/package.json').version,
    // The major version only, so that any node 20 writes the same bytes.
    node: `${process.versions.node.split('.')[0]}.x`,
  };
}

function constants() {
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

function failedChecks(vector) {
  return Object.entries(vector.checks)
    .filter(([, ok]) => ok !== true)
    .map(([name]) => `${vector.id}: ${name}`);
}

function parseArgs(argv) {
  const args = { out: DEFAULT_OUT, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && i + 1 < argv.length) args.out = resolve(argv[++i]);
    else if (argv[i] === '--verbose') args.verbose = true;
    else throw new Error(`usage: node ${SCRIPT_PATH} [--out FILE] [--verbose]`);
  }
  return args;
}

function main() {
  const { out, verbose } = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const run = instrumentLibrary();
  const vectors = [];
  for (const edgeCase of EDGE_CASES) {
    const { vector, candidates } = buildVector(run, edgeCase);
    if (verbose) console.error(`${vector.id}: found after ${candidates} candidate(s)`);
    vectors.push(vector);
  }
  const failures = vectors.flatMap(failedChecks);
  const file = {
    schema_version: 1,
    set: 'main',
    seed: ROOT_SEED,
    generator: versions(),
    constants: constants(),
    summary: { count: vectors.length, core_checks_failed: failures.length },
    vectors,
  };
  if (failures.length > 0) {
    throw new Error(`checks failed, nothing written:\n  ${failures.join('\n  ')}`);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${out}: ${vectors.length} vectors, every check passed (${seconds.toFixed(1)} s)`);
}

try {
  main();
} catch (e) {
  console.error(`generate.mjs: ${e.message}`);
  process.exit(1);
}
