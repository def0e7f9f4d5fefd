// amazon-cognito-identity-js under control: its random `a` and clock
// fixed, its random bytes seeded, its HTTP client and storage replaced, and
// what it computed recorded. Shared by generate.mjs and generate-device.mjs;
// see docs/vectors.md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import cognito from 'amazon-cognito-identity-js';

import { hex } from './math.mjs';

const { AuthenticationHelper } = cognito;

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
