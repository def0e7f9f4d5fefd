// What the Node interop tests share: the server they run against, the
// admin client, users made by the admin API, the codes in the outbox,
// in-memory storages for the libraries, and TOTP codes (RFC 6238) on the
// server's clock. Not a test
// file itself: `node --test tests/interop/` runs only `*.test.mjs`.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

export const endpoint = process.env.LOCAL_COGNITO_URL;
assert.ok(endpoint, 'LOCAL_COGNITO_URL names a running local-cognito');
export const password = 'Un1corns!';

export const idp = new CognitoIdentityProviderClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/** A user of `UserPoolId` with a permanent password, made by the admin API;
 * its name starts with `prefix`. */
export async function newUser(UserPoolId, prefix) {
  const Username = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await idp.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS' }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: password, Permanent: true }));
  return Username;
}

/** A user of `UserPoolId` with a verified email and a permanent password,
 * made by the admin API, its name starting with `prefix`: (username, email). */
export async function newUserWithEmail(UserPoolId, prefix) {
  const Username = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const email = `${Username}@example.com`;
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: password, Permanent: true }));
  return { username: Username, email };
}

// --- The outbox (/_local/messages) ------------------------------------------------

/** The messages local-cognito "sent" to `to`, oldest first. */
export async function messages(to) {
  return (await fetch(`${endpoint}/_local/messages?to=${encodeURIComponent(to)}`)).json();
}

/** The 6-digit code in the newest message to `to`. */
export async function latestCode(to) {
  const sent = await messages(to);
  assert.ok(sent.length > 0, `a message to ${to}`);
  return sent.at(-1).body.match(/\b\d{6}\b/)[0];
}

/** A 6-digit code that is not `code`. */
export const wrongCode = (code) => (code === '000000' ? '111111' : '000000');

// --- Storages -------------------------------------------------------------------------

/** amazon-cognito-identity-js's storage (localStorage's shape), in memory. */
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

/** Amplify's token store (cognitoUserPoolsTokenProvider.setKeyValueStorage), in memory. */
export class AmplifyStorage {
  constructor() {
    this.items = new Map();
  }
  async setItem(key, value) {
    this.items.set(key, value);
  }
  async getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  async removeItem(key) {
    this.items.delete(key);
  }
  async clear() {
    this.items.clear();
  }
}

// --- TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) -------------------------

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let buffer = 0;
  let bits = 0;
  const bytes = [];
  for (const c of text) {
    const value = alphabet.indexOf(c);
    assert.ok(value >= 0, `base32: ${c}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The code of `secret` (base32) at `seconds`. */
function totp(secret, seconds) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[19] & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The server's clock (it may have been moved with /_local/clock), in seconds. */
export async function serverNow() {
  const response = await fetch(`${endpoint}/_local/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance_seconds: 0 }),
  });
  return response.ok ? (await response.json()).now : Date.now() / 1000;
}

/** A code is accepted once: the next one is the next step's. Waits for
 * the server's clock to reach it (the clock is not moved: other test files
 * share the server and its expiries). */
export async function nextStep() {
  const offset = (await serverNow()) - Date.now() / 1000;
  const step = () => Math.floor((Date.now() / 1000 + offset) / 30);
  const now = step();
  while (step() === now) await new Promise((r) => setTimeout(r, 250));
}

/** The code of `secret` now, on the server's clock. */
export const codeNow = async (secret) => totp(secret, await serverNow());
