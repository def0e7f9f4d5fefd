// TOTP MFA with the official clients against local-cognito, in a pool of
// its own with MFA OPTIONAL and TOTP on: amazon-cognito-identity-js
// (associateSoftwareToken, verifySoftwareToken, setUserMfaPreference, then
// authenticateUser through totpRequired and sendMFACode) and Amplify v6
// (setUpTOTP, verifyTOTPSetup, updateMFAPreference, then signIn through
// CONFIRM_SIGN_IN_WITH_TOTP_CODE and confirmSignIn). Codes are computed
// here with node:crypto (RFC 6238). `cargo xtask test` starts the server
// and sets LOCAL_COGNITO_URL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import cognito from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn,
  fetchMFAPreference,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = cognito;

const endpoint = process.env.LOCAL_COGNITO_URL;
assert.ok(endpoint, 'LOCAL_COGNITO_URL names a running local-cognito');
const password = 'Un1corns!';

const idp = new CognitoIdentityProviderClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

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

function totp(secret, seconds) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[19] & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The server's clock (it may have been moved with /_local/clock), in seconds. */
async function serverNow() {
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
async function nextStep() {
  const offset = (await serverNow()) - Date.now() / 1000;
  const step = () => Math.floor((Date.now() / 1000 + offset) / 30);
  const now = step();
  while (step() === now) await new Promise((r) => setTimeout(r, 250));
}

const codeNow = async (secret) => totp(secret, await serverNow());
const wrongCode = (code) => (code === '000000' ? '111111' : '000000');

// --- A pool with TOTP MFA OPTIONAL ----------------------------------------------------

let UserPoolId;
let ClientId;

before(async () => {
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: `totp-${Date.now()}` }));
  UserPoolId = UserPool.Id;
  assert.equal(UserPool.MfaConfiguration, 'OFF');
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: 'totp',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  ClientId = UserPoolClient.ClientId;
  const set = await idp.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  assert.equal(set.MfaConfiguration, 'OPTIONAL');
  const got = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId }));
  assert.deepEqual(got.SoftwareTokenMfaConfiguration, { Enabled: true });
});

async function newUser(prefix) {
  const Username = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await idp.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS' }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: password, Permanent: true }));
  return Username;
}

// --- amazon-cognito-identity-js -------------------------------------------------------

test('amazon-cognito-identity-js: associate, verify, prefer, then totpRequired and sendMFACode', async () => {
  const pool = new CognitoUserPool({ UserPoolId, ClientId, endpoint });
  const username = await newUser('identity-js');
  const user = new CognitoUser({ Username: username, Pool: pool });
  const details = new AuthenticationDetails({ Username: username, Password: password });

  // No token yet: signed in at once.
  await new Promise((resolve, reject) => user.authenticateUser(details, { onSuccess: resolve, onFailure: reject }));
  const secret = await new Promise((resolve, reject) =>
    user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const code = await codeNow(secret);
  await assert.rejects(
    new Promise((resolve, reject) =>
      user.verifySoftwareToken(wrongCode(code), 'node', { onSuccess: resolve, onFailure: reject }),
    ),
    { code: 'EnableSoftwareTokenMFAException', message: 'Code mismatch and fail enable Software Token MFA' },
  );
  const verified = await new Promise((resolve, reject) =>
    user.verifySoftwareToken(code, 'node', { onSuccess: resolve, onFailure: reject }),
  );
  assert.equal(verified.Status, 'SUCCESS');
  const preference = await new Promise((resolve, reject) =>
    user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (err, result) =>
      err ? reject(err) : resolve(result),
    ),
  );
  assert.equal(preference, 'SUCCESS');
  const admin = await idp.send(new AdminGetUserCommand({ UserPoolId, Username: username }));
  assert.deepEqual(admin.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
  assert.equal(admin.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');

  // Sign in again: the password, then the code.
  await nextStep();
  const again = new CognitoUser({ Username: username, Pool: pool });
  const callbacks = (resolve, reject) => ({
    onSuccess: (session) => resolve({ session }),
    onFailure: reject,
    totpRequired: (challengeName, challengeParameters) => resolve({ challengeName, challengeParameters }),
  });
  const challenge = await new Promise((resolve, reject) => again.authenticateUser(details, callbacks(resolve, reject)));
  assert.equal(challenge.challengeName, 'SOFTWARE_TOKEN_MFA');
  const next = await codeNow(secret);
  await assert.rejects(
    new Promise((resolve, reject) => again.sendMFACode(wrongCode(next), callbacks(resolve, reject), 'SOFTWARE_TOKEN_MFA')),
    { code: 'CodeMismatchException', message: 'Invalid code received for user' },
  );
  // The session survives a wrong code.
  const { session } = await new Promise((resolve, reject) =>
    again.sendMFACode(next, callbacks(resolve, reject), 'SOFTWARE_TOKEN_MFA'),
  );
  assert.ok(session.isValid());
  assert.equal(session.getAccessToken().payload.username, username);
});

// --- Amplify v6 -----------------------------------------------------------------------

/** Amplify's token store, in memory. */
class Storage {
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

test('Amplify v6: setUpTOTP, verifyTOTPSetup, updateMFAPreference, then CONFIRM_SIGN_IN_WITH_TOTP_CODE', async () => {
  const username = await newUser('amplify');
  Amplify.configure({
    Auth: { Cognito: { userPoolId: UserPoolId, userPoolClientId: ClientId, userPoolEndpoint: endpoint } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(new Storage());

  const first = await signIn({ username, password });
  assert.equal(first.isSignedIn, true);
  const setup = await setUpTOTP();
  assert.match(setup.sharedSecret, /^[A-Z2-7]{32}$/);
  assert.match(setup.getSetupUri('local-cognito').href, /^otpauth:\/\/totp\//);
  await verifyTOTPSetup({ code: await codeNow(setup.sharedSecret) });
  await updateMFAPreference({ totp: 'PREFERRED' });
  assert.deepEqual(await fetchMFAPreference(), { enabled: ['TOTP'], preferred: 'TOTP' });
  await signOut();

  await nextStep();
  const second = await signIn({ username, password });
  assert.equal(second.isSignedIn, false);
  assert.equal(second.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  const code = await codeNow(setup.sharedSecret);
  await assert.rejects(confirmSignIn({ challengeResponse: wrongCode(code) }), { name: 'CodeMismatchException' });
  const done = await confirmSignIn({ challengeResponse: code });
  assert.equal(done.isSignedIn, true);
  assert.equal(done.nextStep.signInStep, 'DONE');
  await signOut();
});
