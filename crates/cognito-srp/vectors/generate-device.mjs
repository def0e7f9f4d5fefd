// Generates the device-SRP reference vectors (device-srp-vectors.json
// beside this file): remembered devices, ConfirmDevice's
// DeviceSecretVerifierConfig and the DEVICE_SRP_AUTH /
// DEVICE_PASSWORD_VERIFIER round.
//
//   node crates/cognito-srp/vectors/generate-device.mjs [--out FILE] [--verbose]
//
// For each edge case, amazon-cognito-identity-js runs its own device code
// against a stand-in for its HTTP client:
//
// 1. CognitoUser.authenticateUser signs the user in; the success carries
//    NewDeviceMetadata, so the library draws a random password and a salt
//    (generateHashDevice: crypto.getRandomValues, seeded here), sends
//    ConfirmDevice and caches the device in its storage.
// 2. A new CognitoUserPool and CognitoUser on that storage (a page loaded
//    again) sign in; after PASSWORD_VERIFIER the stand-in asks for
//    DEVICE_SRP_AUTH, and the library's getDeviceResponse answers it and the
//    DEVICE_PASSWORD_VERIFIER challenge with the cached device.
// 3. Step 2 again with the cached random password changed: `negative`.
//
// The device half (salt, verifier, b, B, the device's a) is chosen here with
// BigInt, searching seeded candidates until the edge case holds; every value
// the library sent or computed is computed again here (math.mjs) and any
// disagreement fails the run with nothing written. The user's own sign-in is
// only the way in: its values are the main file's business (generate.mjs).
//
// Deterministic as generate.mjs is (seed, frozen clock, refused
// Math.random); `cargo xtask test` checks that the committed file is what
// this script writes. Schema and checks: docs/vectors.md.

import { fileURLToPath } from 'node:url';

import {
  ALPHANUMERIC,
  LOWER_ALPHANUMERIC,
  MemoryStorage,
  REGIONS,
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
  LOW_NIBBLE,
  N,
  Drbg,
  bigFromBytes,
  claimSignature,
  clientS,
  computeB,
  computeX,
  formatTimestamp,
  hex,
  hkdfKey,
  memo,
  modPow,
  padHexBytes,
  padHexes,
  poolNameOf,
  uuid,
} from './math.mjs';

// ---------------------------------------------------------------------------
// Constants, with where they come from.

/** Seeds every vector's generator (with the vector's id). Change it and every value changes. */
const ROOT_SEED = 'cognito-srp device reference vectors, schema 1';

/** The committed file, relative to this script. */
const DEFAULT_OUT = fileURLToPath(new URL('./device-srp-vectors.json', import.meta.url));

/** The script as the repository names it (recorded in `generator`). */
const SCRIPT_PATH = 'crates/cognito-srp/vectors/generate-device.mjs';

/** AuthenticationHelper.js: generateRandomString draws 40 bytes, generateHashDevice a 16-byte salt, in that order. */
const RANDOM_PASSWORD_BYTES = 40;
const DEVICE_SALT_BYTES = 16;

/** CognitoUser.js's ConfirmDevice DeviceName: `navigator.userAgent`, or 'nodejs' where there is no navigator (Node 20). */
const DEVICE_NAME = typeof navigator === 'undefined' ? 'nodejs' : navigator.userAgent;

/** The stand-in's Session strings, one per challenge. */
const SESSIONS = ['session-after-password-verifier', 'session-after-device-srp-auth'];

/** The device is confirmed this many seconds before the remembered-device sign-in. */
const CONFIRMED_BEFORE_SECONDS = 3 * 86_400 + 1234;

/** A search gives up after this many candidates (the rarest case needs about 1 in 512). */
const MAX_CANDIDATES = 20_000;

// ---------------------------------------------------------------------------
// The edge cases: as generate.mjs's, over the device's values. `vary` names
// the drawn value the search changes (`saltBytes`, `a`, `b`, `instant`).

const EDGE_CASES = [
  {
    id: 'device-basic',
    description: 'ordinary device: 16-byte salt, ordinary values',
    tags: ['basic'],
  },
  {
    id: 'device-salt-high-nibble',
    description: 'the drawn salt starts with a byte >= 0x80: padHex prepends 00, Salt is 17 bytes and SALT starts 00',
    tags: ['salt-high-nibble'],
    vary: 'saltBytes',
    holds: (c) => c.saltBytes[0] >= 0x80,
  },
  {
    id: 'device-salt-odd-length',
    description: 'the drawn salt starts with a byte 01-0f: its hex has 31 digits, padHex prepends 0',
    tags: ['salt-odd-len'],
    vary: 'saltBytes',
    holds: (c) => c.saltBytes[0] >= 0x01 && c.saltBytes[0] <= 0x0f,
  },
  {
    id: 'device-salt-leading-zero-byte',
    description: 'the drawn salt starts with 00: read as an integer it has 15 bytes, and so has Salt',
    tags: ['salt-leading-zero-bytes'],
    vary: 'saltBytes',
    draw: { saltBytes: (rng) => Buffer.concat([Buffer.from([0]), rng.bytes(DEVICE_SALT_BYTES - 1)]) },
    holds: (c) => c.saltBytes[1] >= 0x10 && c.saltBytes[1] < 0x80,
  },
  {
    id: 'device-verifier-high-nibble',
    description: 'the verifier hex starts with 8-f (768 digits): PasswordVerifier is 385 bytes, 00 first',
    tags: ['verifier-high-nibble'],
    vary: 'saltBytes',
    holds: (c) => hex(c.v).length === 768 && HIGH_NIBBLE.test(hex(c.v)),
  },
  {
    id: 'device-verifier-odd-length',
    description: 'the verifier hex has 767 digits: padHex prepends 0',
    tags: ['verifier-odd-len'],
    vary: 'saltBytes',
    holds: (c) => hex(c.v).length === 767,
  },
  {
    id: 'device-verifier-leading-zero-byte',
    description: 'the verifier is below 2^3063: PasswordVerifier is only 383 bytes',
    tags: ['verifier-short'],
    vary: 'saltBytes',
    holds: (c) => padHexBytes(c.v).length === 383,
  },
  {
    id: 'device-A-high-nibble',
    description: "the device's SRP_A hex starts with 8-f",
    tags: ['A-high-nibble'],
    vary: 'a',
    holds: (c) => hex(c.A).length === 768 && HIGH_NIBBLE.test(hex(c.A)),
  },
  {
    id: 'device-A-odd-length',
    description: "the device's SRP_A hex has an odd length (sent unpadded)",
    tags: ['A-odd-len'],
    vary: 'a',
    holds: (c) => hex(c.A).length === 767,
  },
  {
    id: 'device-B-high-nibble',
    description: 'SRP_B hex starts with 8-f: padHex(B) prepends 00',
    tags: ['B-high-nibble'],
    vary: 'b',
    holds: (c) => hex(c.B).length === 768 && HIGH_NIBBLE.test(hex(c.B)),
  },
  {
    id: 'device-B-odd-length',
    description: 'SRP_B hex has 767 digits',
    tags: ['B-odd-len'],
    vary: 'b',
    holds: (c) => hex(c.B).length === 767,
  },
  {
    id: 'device-B-low-even',
    description: 'SRP_B hex has 768 digits and a top nibble of 1-7: no padding',
    tags: ['B-no-pad'],
    vary: 'b',
    holds: (c) => hex(c.B).length === 768 && LOW_NIBBLE.test(hex(c.B)),
  },
  {
    id: 'device-S-high-nibble',
    description: 'S starts with 8-f: the HKDF key material has a leading 00',
    tags: ['S-high-nibble'],
    vary: 'b',
    holds: (c) => hex(c.S).length === 768 && HIGH_NIBBLE.test(hex(c.S)),
  },
  {
    id: 'device-u-leading-zero-byte',
    description: 'padHex(u), the HKDF salt, is 31 bytes',
    tags: ['u-leading-zero-byte'],
    vary: 'b',
    holds: (c) => padHexBytes(c.u).length === 31,
  },
  {
    id: 'device-group-key-underscore',
    description: "a device group key with '_' in it: hashed whole, never split as a pool id is",
    tags: ['group-key-underscore'],
    device: (rng) => ({ groupKey: `-${rng.string(ALPHANUMERIC, 4)}_${rng.string(ALPHANUMERIC, 4)}` }),
  },
  {
    id: 'device-uuid-user-id',
    description: 'an email alias typed, a UUID as USER_ID_FOR_SRP: the device is cached under the UUID',
    tags: ['uuid-user-id'],
    identity: (rng) => ({ username: `rider${rng.int(10, 100)}@example.com`, userIdForSrp: uuid(rng) }),
  },
  {
    id: 'device-single-digit-day',
    description: 'the device signs in on day 1-9 before 10:00, with the largest SECRET_BLOCK',
    tags: ['single-digit-day', 'large-secret-block'],
    vary: 'instant',
    draw: { secretBlock: (rng) => rng.bytes(1367).toString('base64') },
    holds: (c) => c.time.day <= 9 && c.time.hours < 10,
  },
];

// ---------------------------------------------------------------------------
// Choosing a vector's inputs: the user and the device, then a search.

function defaultDraws() {
  return {
    passwordBytes: (rng) => rng.bytes(RANDOM_PASSWORD_BYTES),
    saltBytes: (rng) => rng.bytes(DEVICE_SALT_BYTES),
    ...commonDraws(),
  };
}

/** The user's sign-in, only the way in: its own salt, b, a and secret block. */
function drawUserSignIn(rng) {
  return {
    saltHex: rng.hex(16),
    b: bigFromBytes(rng.bytes(32)),
    a: bigFromBytes(rng.bytes(128)),
    secretBlock: rng.bytes(48).toString('base64'),
  };
}

function drawIdentity(rng, edgeCase) {
  const region = rng.pick(REGIONS);
  const user = `user${rng.int(1000, 100_000)}`;
  const identity = {
    region,
    poolId: `${region}_${rng.string(ALPHANUMERIC, rng.int(4, 13))}`,
    clientId: rng.string(LOWER_ALPHANUMERIC, 26),
    username: user,
    userIdForSrp: user,
    password: `P@ssw0rd!${rng.string(ALPHANUMERIC, rng.int(0, 13))}`,
  };
  return { ...identity, ...(edgeCase.identity ? edgeCase.identity(rng) : {}) };
}

/** NewDeviceMetadata: a device key as Cognito's (`<region>_<uuid>`) and a group key (`-` and 9 characters). */
function drawDevice(rng, identity, edgeCase) {
  const device = { key: `${identity.region}_${uuid(rng)}`, groupKey: `-${rng.string(ALPHANUMERIC, 9)}` };
  return { ...device, ...(edgeCase.device ? edgeCase.device(rng) : {}) };
}

/** The user, the device and the user's sign-in, then the search over the device's drawn values (see `search`). */
function chooseInputs(edgeCase) {
  const rng = new Drbg(`${ROOT_SEED}\u0000${edgeCase.id}`);
  const identity = drawIdentity(rng, edgeCase);
  const device = drawDevice(rng, identity, edgeCase);
  const userSignIn = drawUserSignIn(rng);
  const verifierOf = memo((saltHex, passwordHex) => {
    const password = Buffer.from(passwordHex, 'hex').toString('base64');
    const x = computeX(BigInt('0x' + saltHex), device.groupKey, device.key, password);
    return { x, v: modPow(G, x, N) };
  });
  const draws = { ...defaultDraws(), ...edgeCase.draw };
  const found = search(edgeCase, rng, draws, MAX_CANDIDATES, (drawn) => {
    const saltHex = drawn.saltBytes.toString('hex');
    const passwordHex = drawn.passwordBytes.toString('hex');
    return {
      saltBytes: () => drawn.saltBytes,
      password: () => drawn.passwordBytes.toString('base64'),
      salt: () => bigFromBytes(drawn.saltBytes),
      x: () => verifierOf(saltHex, passwordHex).x,
      v: () => verifierOf(saltHex, passwordHex).v,
    };
  });
  return { identity, device, userSignIn, ...found };
}

// ---------------------------------------------------------------------------
// amazon-cognito-identity-js: the device confirmed, then signing in with it.

/** A byte source that gives `bytes` once, in order, and fails beyond them. */
function byteQueue(bytes) {
  let rest = Buffer.from(bytes);
  const take = (n) => {
    if (rest.length < n) throw new Error('the library drew more random bytes than the device needs');
    const out = rest.subarray(0, n);
    rest = rest.subarray(n);
    return out;
  };
  take.left = () => rest.length;
  return take;
}

/** The user's PASSWORD_VERIFIER challenge, from a verifier made here (its values are not recorded). */
function userChallenge(identity, userSignIn) {
  const x = computeX(BigInt('0x' + userSignIn.saltHex), poolNameOf(identity.poolId), identity.userIdForSrp, identity.password);
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: userSignIn.saltHex,
      SECRET_BLOCK: userSignIn.secretBlock,
      SRP_B: hex(computeB(modPow(G, x, N), userSignIn.b)),
      USERNAME: identity.userIdForSrp,
      USER_ID_FOR_SRP: identity.userIdForSrp,
    },
  };
}

/**
 * Step 1: the user signs in, the success has NewDeviceMetadata, and the
 * library confirms the device with the seeded random bytes.
 */
function libraryConfirm(run, { identity, device, userSignIn, drawn }) {
  const instant = drawn.instant - CONFIRMED_BEFORE_SECONDS;
  const success = authenticationResult(identity.userIdForSrp, instant);
  success.AuthenticationResult.NewDeviceMetadata = { DeviceGroupKey: device.groupKey, DeviceKey: device.key };
  const storage = new MemoryStorage();
  const { pool, sent } = standInPool(identity, storage, (operation, params) => {
    if (operation === 'InitiateAuth') return userChallenge(identity, userSignIn);
    if (operation === 'RespondToAuthChallenge' && params.ChallengeName === 'PASSWORD_VERIFIER') return success;
    if (operation === 'ConfirmDevice') return { UserConfirmationNecessary: false };
    return new Error(`unexpected request ${operation}`);
  });
  const randomBytes = byteQueue(Buffer.concat([drawn.passwordBytes, drawn.saltBytes]));
  run.a = userSignIn.a;
  frozenSignIn(pool, storage, identity.username, identity.password, instant, randomBytes);
  const helper = run.helper;
  return {
    success,
    storage: new Map(storage.items),
    randomBytesLeft: randomBytes.left(),
    confirm: sent.find((r) => r.operation === 'ConfirmDevice')?.params,
    operations: sent.map((r) => r.operation),
    randomPassword: helper.getRandomPassword(),
    saltPadHex: helper.getSaltDevices(),
    verifierPadHex: helper.getVerifierDevices(),
  };
}

/**
 * Steps 2 and 3: a new pool and user on the storage step 1 left (with the
 * cached random password replaced by `password` when given) sign in, and
 * the stand-in asks for the device.
 */
function libraryDeviceSignIn(run, { identity, device, userSignIn, drawn, values: c }, storedItems, password) {
  const storage = new MemoryStorage();
  for (const [key, value] of storedItems) storage.setItem(key, value);
  const passwordKey = `CognitoIdentityServiceProvider.${identity.clientId}.${identity.userIdForSrp}.randomPasswordKey`;
  if (password !== undefined) storage.setItem(passwordKey, password);
  const challenge = deviceChallenge(identity, device, drawn, c);
  const success = authenticationResult(identity.userIdForSrp, drawn.instant);
  const { pool, sent } = standInPool(identity, storage, (operation, params) => {
    if (operation === 'InitiateAuth') return userChallenge(identity, userSignIn);
    if (operation !== 'RespondToAuthChallenge') return new Error(`unexpected request ${operation}`);
    if (params.ChallengeName === 'PASSWORD_VERIFIER') {
      return { ChallengeName: 'DEVICE_SRP_AUTH', Session: SESSIONS[0], ChallengeParameters: {} };
    }
    if (params.ChallengeName === 'DEVICE_SRP_AUTH') return challenge;
    if (params.ChallengeName === 'DEVICE_PASSWORD_VERIFIER') return success;
    return new Error(`unexpected challenge ${params.ChallengeName}`);
  });
  run.a = [userSignIn.a, drawn.a];
  frozenSignIn(pool, storage, identity.username, identity.password, drawn.instant);
  const responding = (name) => sent.find((r) => r.operation === 'RespondToAuthChallenge' && r.params.ChallengeName === name)?.params;
  return {
    challenge,
    success,
    operations: sent.map((r) => `${r.operation} ${r.params.ChallengeName ?? r.params.AuthFlow}`),
    initiate: sent.find((r) => r.operation === 'InitiateAuth')?.params,
    passwordVerifier: responding('PASSWORD_VERIFIER'),
    deviceSrpAuth: responding('DEVICE_SRP_AUTH'),
    devicePasswordVerifier: responding('DEVICE_PASSWORD_VERIFIER'),
    hashed: { poolName: run.poolName, username: run.username, password: run.password },
    aLeft: run.a.length,
    ...libraryValues(run),
  };
}

/** The stand-in's DEVICE_PASSWORD_VERIFIER: SALT is the hex of the Salt bytes ConfirmDevice sent. */
function deviceChallenge(identity, device, drawn, c) {
  return {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: SESSIONS[1],
    ChallengeParameters: {
      DEVICE_KEY: device.key,
      SALT: padHexBytes(c.salt).toString('hex'),
      SECRET_BLOCK: drawn.secretBlock,
      SRP_B: hex(c.B),
      USERNAME: identity.userIdForSrp,
    },
  };
}

// ---------------------------------------------------------------------------
// One vector: inputs, the library's runs, the independent checks.

function buildVector(run, edgeCase) {
  const inputs = chooseInputs(edgeCase);
  const { identity, device, drawn, values: c, candidates } = inputs;
  const confirmed = libraryConfirm(run, inputs);
  const lib = libraryDeviceSignIn(run, inputs, confirmed.storage);
  const wrongPassword = c.password + 'x';
  const libWrong = libraryDeviceSignIn(run, inputs, confirmed.storage, wrongPassword);

  // Independently: the config, both halves' S, K, the timestamp, the signatures.
  const config = {
    Salt: padHexBytes(c.salt).toString('base64'),
    PasswordVerifier: padHexBytes(c.v).toString('base64'),
  };
  const timestamp = formatTimestamp(drawn.instant);
  const sClient = clientS(c.B, c.x, drawn.a, c.u);
  const key = hkdfKey(c.u, c.S);
  const signature = claimSignature(key, device.groupKey, device.key, drawn.secretBlock, timestamp);
  const xWrong = computeX(c.salt, device.groupKey, device.key, wrongPassword);
  const keyWrong = hkdfKey(c.u, clientS(c.B, xWrong, drawn.a, c.u));
  const signatureWrong = claimSignature(keyWrong, device.groupKey, device.key, drawn.secretBlock, timestamp);
  const padhex = padHexes(c);
  const userId = identity.userIdForSrp;
  const prefix = `CognitoIdentityServiceProvider.${identity.clientId}.${userId}`;
  const expectedConfirm = {
    DeviceKey: device.key,
    AccessToken: confirmed.success.AuthenticationResult.AccessToken,
    DeviceSecretVerifierConfig: config,
    DeviceName: DEVICE_NAME,
  };
  const expectedDeviceSrpAuth = {
    ChallengeName: 'DEVICE_SRP_AUTH',
    ClientId: identity.clientId,
    ChallengeResponses: { USERNAME: userId, DEVICE_KEY: device.key, SRP_A: hex(c.A) },
    Session: SESSIONS[0],
  };
  const expectedDevicePasswordVerifier = {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    ClientId: identity.clientId,
    ChallengeResponses: {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: drawn.secretBlock,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: signature,
      DEVICE_KEY: device.key,
    },
    Session: SESSIONS[1],
  };
  const same = (left, right) => JSON.stringify(left) === JSON.stringify(right);
  const deviceStorage = (items) =>
    Object.fromEntries(['deviceKey', 'randomPasswordKey', 'deviceGroupKey'].map((k) => [`${prefix}.${k}`, items.get(`${prefix}.${k}`)]));
  const devicePart = deviceStorage(confirmed.storage);
  const checks = {
    edge_case_holds: (edgeCase.holds ?? (() => true))(c),
    random_bytes_all_drawn: confirmed.randomBytesLeft === 0,
    random_password_lib_eq_drawn: confirmed.randomPassword === c.password,
    salt_lib_eq_independent: confirmed.saltPadHex === padhex.salt,
    verifier_lib_eq_independent: confirmed.verifierPadHex === padHexBytes(c.v).toString('hex'),
    confirm_device_request_as_expected: same(confirmed.confirm, expectedConfirm),
    requests_in_order:
      same(confirmed.operations, ['InitiateAuth', 'RespondToAuthChallenge', 'ConfirmDevice']) &&
      same(lib.operations, [
        'InitiateAuth USER_SRP_AUTH',
        'RespondToAuthChallenge PASSWORD_VERIFIER',
        'RespondToAuthChallenge DEVICE_SRP_AUTH',
        'RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER',
      ]),
    device_cached_as_expected: same(devicePart, {
      [`${prefix}.deviceKey`]: device.key,
      [`${prefix}.randomPasswordKey`]: c.password,
      [`${prefix}.deviceGroupKey`]: device.groupKey,
    }),
    initiate_auth_without_device_key: lib.initiate?.AuthParameters?.DEVICE_KEY === undefined,
    password_verifier_sends_device_key: lib.passwordVerifier?.ChallengeResponses?.DEVICE_KEY === device.key,
    hashed_group_key_device_key_password: same(lib.hashed, {
      poolName: device.groupKey,
      username: device.key,
      password: c.password,
    }),
    every_a_used: lib.aLeft === 0,
    B_recomputed_from_b_and_v: computeB(modPow(G, lib.x, N), drawn.b) === c.B,
    x_lib_eq_independent: lib.x === c.x,
    u_lib_eq_independent: lib.u === c.u,
    S_client_lib_eq_S_server: lib.S === c.S,
    S_client_independent_eq_S_server: sClient === c.S,
    hkdf_lib_eq_independent: lib.key.equals(key),
    padhex_lib_eq_independent: same(lib.padhex, padhex),
    device_srp_auth_request_as_expected: same(lib.deviceSrpAuth, expectedDeviceSrpAuth),
    device_password_verifier_request_as_expected: same(lib.devicePasswordVerifier, expectedDevicePasswordVerifier),
    wrong_password_lib_eq_independent:
      libWrong.key.equals(keyWrong) &&
      libWrong.devicePasswordVerifier.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE === signatureWrong,
    wrong_password_signature_differs: signatureWrong !== signature,
    not_the_user_formula:
      claimSignature(key, poolNameOf(identity.poolId), userId, drawn.secretBlock, timestamp) !== signature,
  };
  const responses = lib.devicePasswordVerifier.ChallengeResponses;
  const vector = {
    id: edgeCase.id,
    description: edgeCase.description,
    tags: edgeCase.tags,
    pool_id: identity.poolId,
    client_id: identity.clientId,
    username: identity.username,
    user_id_for_srp: userId,
    device_group_key: device.groupKey,
    device_key: device.key,
    random_password: confirmed.randomPassword,
    drawn_salt_hex: drawn.saltBytes.toString('hex'),
    config_salt_b64: confirmed.confirm.DeviceSecretVerifierConfig.Salt,
    config_verifier_b64: confirmed.confirm.DeviceSecretVerifierConfig.PasswordVerifier,
    salt_hex: lib.challenge.ChallengeParameters.SALT,
    verifier_hex: hex(c.v),
    b_hex: hex(drawn.b),
    B_hex: hex(c.B),
    a_hex: hex(drawn.a),
    A_hex: lib.deviceSrpAuth.ChallengeResponses.SRP_A,
    x_hex: hex(lib.x),
    u_hex: hex(lib.u),
    S_hex: hex(lib.S),
    hkdf_key_hex: lib.key.toString('hex'),
    secret_block_b64: drawn.secretBlock,
    timestamp_epoch: drawn.instant,
    timestamp: responses.TIMESTAMP,
    signature_b64: responses.PASSWORD_CLAIM_SIGNATURE,
    padhex: { ...lib.padhex, verifier: confirmed.verifierPadHex },
    confirm_device_request: confirmed.confirm,
    storage_after_confirm: devicePart,
    device_srp_auth_request: lib.deviceSrpAuth,
    device_password_verifier_challenge: lib.challenge,
    device_password_verifier_request: lib.devicePasswordVerifier,
    negative: {
      wrong_password: wrongPassword,
      hkdf_key_hex: libWrong.key.toString('hex'),
      signature_b64: libWrong.devicePasswordVerifier.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE,
    },
    checks,
  };
  return { vector, candidates };
}

// ---------------------------------------------------------------------------
// The file.

runGenerator({
  script: SCRIPT_PATH,
  set: 'device',
  seed: ROOT_SEED,
  defaultOut: DEFAULT_OUT,
  edgeCases: EDGE_CASES,
  buildVector,
});
