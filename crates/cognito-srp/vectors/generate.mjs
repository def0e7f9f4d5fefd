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
// The independent arithmetic is math.mjs; the library's harness, harness.mjs.

import { fileURLToPath } from 'node:url';

import {
  ALPHANUMERIC,
  FIRST_DAY,
  LAST_DAY,
  LOWER_ALPHANUMERIC,
  MemoryStorage,
  REGIONS,
  TOKEN_AGE_SECONDS,
  authenticationResult,
  commonDraws,
  frozenSignIn,
  libraryValues,
  runGenerator,
  search,
  standInPool,
} from './harness.mjs';
import {
  G,
  HIGH_NIBBLE,
  K_MULTIPLIER,
  LOW_NIBBLE,
  N,
  Drbg,
  claimSignature,
  clientS,
  computeB,
  computeX,
  formatTimestamp,
  hex,
  hkdfKey,
  memo,
  minimalHex,
  modPow,
  padHexBytes,
  padHexes,
  poolNameOf,
  uuid,
} from './math.mjs';

// ---------------------------------------------------------------------------
// Constants, with where they come from.

/** Seeds every vector's generator (with the vector's id). Change it and every value changes. */
const ROOT_SEED = 'cognito-srp reference vectors, schema 1';

/** The committed file, relative to this script. */
const DEFAULT_OUT = fileURLToPath(new URL('./srp-vectors.json', import.meta.url));

/** The script as the repository names it (recorded in `generator`). */
const SCRIPT_PATH = 'crates/cognito-srp/vectors/generate.mjs';

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
// Choosing a vector's inputs: the user, then a search over drawn values.

function defaultDraws() {
  return { saltHex: (rng) => minimalHex(rng.bytes(16)), ...commonDraws() };
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

/** The user, then the search over the drawn values (see `search`). */
function chooseInputs(edgeCase) {
  const rng = new Drbg(`${ROOT_SEED}\u0000${edgeCase.id}`);
  const identity = drawIdentity(rng, edgeCase);
  const poolName = poolNameOf(identity.poolId);
  const verifierOf = memo((saltHex) => {
    const x = computeX(BigInt('0x' + saltHex), poolName, identity.userIdForSrp, identity.password);
    return { x, v: modPow(G, x, N) };
  });
  const draws = { ...defaultDraws(), ...edgeCase.draw };
  const found = search(edgeCase, rng, draws, MAX_CANDIDATES, (drawn) => ({
    password: () => identity.password,
    saltHex: () => drawn.saltHex,
    salt: () => BigInt('0x' + drawn.saltHex),
    x: () => verifierOf(drawn.saltHex).x,
    v: () => verifierOf(drawn.saltHex).v,
  }));
  return { identity, ...found };
}

// ---------------------------------------------------------------------------
// amazon-cognito-identity-js, signing in for real.

/**
 * One sign-in by the library's CognitoUser.authenticateUser against a
 * stand-in HTTP client: InitiateAuth gets `challenge`, RespondToAuthChallenge
 * gets `success`. Returns the request bodies as the library would have sent
 * them (JSON), what it stored, and what it computed.
 */
function librarySignIn(run, { identity, password, a, instant, challenge, success }) {
  run.a = a;
  const storage = new MemoryStorage();
  const { pool, sent } = standInPool(identity, storage, (operation) => {
    if (operation === 'InitiateAuth') return challenge;
    if (operation === 'RespondToAuthChallenge') return success;
    return new Error(`unexpected request ${operation}`);
  });
  frozenSignIn(pool, storage, identity.username, password, instant);
  return {
    initiate: sent.find((r) => r.operation === 'InitiateAuth')?.params,
    respond: sent.find((r) => r.operation === 'RespondToAuthChallenge')?.params,
    storage: Object.fromEntries(storage.items),
    ...libraryValues(run),
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
  const padhex = padHexes(c);
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

runGenerator({ script: SCRIPT_PATH, set: 'main', seed: ROOT_SEED, defaultOut: DEFAULT_OUT, edgeCases: EDGE_CASES, buildVector });
