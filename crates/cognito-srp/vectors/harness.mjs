// amazon-cognito-identity-js under control: its random `a` and clock
// fixed, its random bytes seeded, its HTTP client and storage replaced, and
// what it computed recorded. Shared by generate.mjs and generate-device.mjs;
// see docs/vectors.md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import cognito from 'amazon-cognito-identity-js';

import {
  G,
  N,
  bigFromBytes,
  civilTime,
  computeB,
  computeU,
  constants,
  hex,
  lazy,
  memo,
  modPow,
  serverS,
} from './math.mjs';

const { AuthenticationDetails, AuthenticationHelper, CognitoUserPool, CognitoUser } = cognito;

// ---------------------------------------------------------------------------
// What both generators draw.

/** Instants are drawn from [2019-01-01, 2031-01-01) UTC. */
export const FIRST_DAY = Date.UTC(2019, 0, 1) / 86_400_000;
export const LAST_DAY = Date.UTC(2031, 0, 1) / 86_400_000;

/** The issued-at of the fake tokens is this many seconds before the instant: clockDrift "7". */
export const TOKEN_AGE_SECONDS = 7;

/** Regions of the pool ids (the part before `_`). */
export const REGIONS = ['us-east-1', 'eu-west-2', 'ap-southeast-1', 'sa-east-1', 'me-central-1', 'us-gov-west-1'];

/** SECRET_BLOCK lengths in bytes: small to large (real ones are about 1 KB). */
export const SECRET_BLOCK_LENGTHS = [16, 32, 48, 100, 256, 1024, 1367];

export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The draws both generators make after their own, in this order: b, a, the instant, the SECRET_BLOCK. */
export function commonDraws() {
  return {
    b: (rng) => bigFromBytes(rng.bytes(32)),
    a: (rng) => bigFromBytes(rng.bytes(128)),
    instant: (rng) => rng.int(FIRST_DAY * 86_400, LAST_DAY * 86_400),
    secretBlock: (rng) => rng.bytes(rng.pick(SECRET_BLOCK_LENGTHS)).toString('base64'),
  };
}

/**
 * The search: draws each of `draws` from `rng` in order, then redraws
 * `edgeCase.vary` until `edgeCase.holds` (and B, A, u are usable), giving
 * up after `maxCandidates`. A candidate's values are computed when first
 * read: `getters(drawn)` gives the generator's own (password, salt, x, v,
 * ...), and B, A, u, S and the civil time follow from them here.
 */
export function search(edgeCase, rng, draws, maxCandidates, getters) {
  const drawn = Object.fromEntries(Object.entries(draws).map(([name, draw]) => [name, draw(rng)]));
  const publicA = memo((a) => modPow(G, a, N));
  const holds = edgeCase.holds ?? (() => true);
  for (let candidates = 1; candidates <= maxCandidates; candidates++) {
    const c = lazy({
      ...getters(drawn),
      B: (c) => computeB(c.v, drawn.b),
      A: () => publicA(drawn.a),
      u: (c) => computeU(c.A, c.B),
      S: (c) => serverS(c.A, c.v, c.u, drawn.b),
      time: () => civilTime(drawn.instant),
    });
    if (c.B % N !== 0n && c.A % N !== 0n && c.u !== 0n && holds(c)) {
      return { drawn, values: c, candidates };
    }
    if (!edgeCase.vary) break;
    drawn[edgeCase.vary] = draws[edgeCase.vary](rng);
  }
  throw new Error(`${edgeCase.id}: no candidate found`);
}

// ---------------------------------------------------------------------------
// The library.

/**
 * Patches the library once. `generateRandomSmallA` returns `run.a` (or, when
 * that is an array, its next element: one per helper the library makes);
 * the other wrappers only record what the library computed (the helper,
 * the names and password it hashed, x, S, its parsed salt and B, the HKDF
 * key) and change nothing.
 */
export function instrumentLibrary() {
  const run = {};
  const proto = AuthenticationHelper.prototype;
  proto.generateRandomSmallA = function generateRandomSmallA() {
    run.helper = this;
    const a = Array.isArray(run.a) ? run.a.shift() : run.a;
    return new this.N.constructor(hex(a), 16);
  };
  const getPasswordAuthenticationKey = proto.getPasswordAuthenticationKey;
  proto.getPasswordAuthenticationKey = function (username, password, B, salt, callback) {
    Object.assign(run, { poolName: this.poolName, username, password, B, salt });
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

/** What the library computed in its last sign-in (see instrumentLibrary): N, k, x, u, S, the HKDF key and padHex of each. */
export function libraryValues(run) {
  const helper = run.helper;
  const asBig = (value) => BigInt('0x' + value.toString(16));
  return {
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

/** A pool on `storage` whose client answers from `replies(operation, params)` (an Error fails the request) and records every request. */
export function standInPool(identity, storage, replies) {
  const pool = new CognitoUserPool({ UserPoolId: identity.poolId, ClientId: identity.clientId, Storage: storage });
  const sent = [];
  pool.client.request = (operation, params, callback) => {
    sent.push({ operation, params: JSON.parse(JSON.stringify(params)) });
    const reply = replies(operation, params);
    if (reply instanceof Error) return callback(reply);
    return callback(null, structuredClone(reply));
  };
  return { pool, sent };
}

/** The library's CognitoUser.authenticateUser on `pool` and `storage` in the frozen world (see inFrozenWorld); throws unless it signed in. */
export function frozenSignIn(pool, storage, username, password, instant, randomBytes = null) {
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  let outcome;
  inFrozenWorld(
    instant,
    () =>
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
        onSuccess: () => (outcome = 'signed in'),
        onFailure: (err) => (outcome = err),
      }),
    randomBytes,
  );
  if (outcome !== 'signed in') throw new Error(`the library did not sign in: ${outcome}`);
}

/** localStorage stand-in that keeps the order of writes. */
export class MemoryStorage {
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
 * Runs `fn` with Date frozen at `seconds` and Math.random refusing to run.
 * crypto.getRandomValues refuses too, unless `randomBytes(n)` is given: then
 * it fills the library's Uint32Array words from it, big-endian, which is
 * the order its WordArray reads them back as bytes. Nothing unseeded gets in.
 */
export function inFrozenWorld(seconds, fn, randomBytes = null) {
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
  const seeded = (array) => {
    if (!(array instanceof Uint32Array)) throw new Error('getRandomValues: only Uint32Array is seeded');
    for (let i = 0; i < array.length; i++) array[i] = randomBytes(4).readUInt32BE(0);
    return array;
  };
  if (globalThis.crypto) {
    globalThis.crypto.getRandomValues = randomBytes ? seeded : refuse('crypto.getRandomValues');
  }
  try {
    return fn();
  } finally {
    globalThis.Date = RealDate;
    Math.random = saved.random;
    if (globalThis.crypto) delete globalThis.crypto.getRandomValues;
  }
}

export function base64url(text) {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Unsigned JWTs (`alg: none`) issued TOKEN_AGE_SECONDS before the instant, and the success reply. */
export function authenticationResult(userIdForSrp, instant) {
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

// ---------------------------------------------------------------------------
// The file.

/** The `generator` of a vector file: `script` as the repository names it, and the versions that ran. */
export function versions(script) {
  const require = createRequire(import.meta.url);
  return {
    script,
    'amazon-cognito-identity-js': require('amazon-cognito-identity-js/package.json').version,
    // The major version only, so that any node 20 writes the same bytes.
    node: `${process.versions.node.split('.')[0]}.x`,
  };
}

export function failedChecks(vector) {
  return Object.entries(vector.checks)
    .filter(([, ok]) => ok !== true)
    .map(([name]) => `${vector.id}: ${name}`);
}

/** `[--out FILE] [--verbose]`; `defaultOut` is the committed file. */
export function parseArgs(argv, script, defaultOut) {
  const args = { out: defaultOut, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && i + 1 < argv.length) args.out = resolve(argv[++i]);
    else if (argv[i] === '--verbose') args.verbose = true;
    else throw new Error(`usage: node ${script} [--out FILE] [--verbose]`);
  }
  return args;
}

/** Writes the file, or nothing when a check failed. */
export function writeVectorFile(out, file, vectors, started) {
  const failures = vectors.flatMap(failedChecks);
  if (failures.length > 0) {
    throw new Error(`checks failed, nothing written:\n  ${failures.join('\n  ')}`);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${out}: ${vectors.length} vectors, every check passed (${seconds.toFixed(1)} s)`);
}

/**
 * A generator's run: `buildVector(run, edgeCase)` for each edge case, then
 * the `set` file written (or nothing, when a check failed). `script` is the
 * script as the repository names it; a failure is said and exits 1.
 */
export function runGenerator({ script, set, seed, defaultOut, edgeCases, buildVector }) {
  try {
    const { out, verbose } = parseArgs(process.argv.slice(2), script, defaultOut);
    const started = process.hrtime.bigint();
    const run = instrumentLibrary();
    const vectors = [];
    for (const edgeCase of edgeCases) {
      const { vector, candidates } = buildVector(run, edgeCase);
      if (verbose) console.error(`${vector.id}: found after ${candidates} candidate(s)`);
      vectors.push(vector);
    }
    const file = {
      schema_version: 1,
      set,
      seed,
      generator: versions(script),
      constants: constants(),
      summary: { count: vectors.length, core_checks_failed: vectors.flatMap(failedChecks).length },
      vectors,
    };
    writeVectorFile(out, file, vectors, started);
  } catch (e) {
    console.error(`${basename(script)}: ${e.message}`);
    process.exit(1);
  }
}
