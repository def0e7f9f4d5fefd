// Remembered devices with amazon-cognito-identity-js against local-cognito,
// in a pool of its own with a DeviceConfiguration (remembered on the user's
// prompt, and standing in for the MFA code) and TOTP MFA OPTIONAL: the
// library confirms the device its first sign-in is given, the user
// remembers it (setDeviceStatusRemembered), and the next authenticateUser
// on the same storage goes through DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER, skipping the code of a user with TOTP on. A
// device forgotten on the server is dropped by the library, which signs in
// as a new device. `cargo xtask test` starts the server and sets
// LOCAL_COGNITO_URL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import cognito from 'amazon-cognito-identity-js';
import { codeNow, endpoint, idp, MemoryStorage, newUser, nextStep, password } from './support.mjs';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = cognito;

// --- A pool that remembers devices ----------------------------------------------------

let UserPoolId;
let ClientId;

before(async () => {
  const { UserPool } = await idp.send(
    new CreateUserPoolCommand({
      PoolName: `devices-${Date.now()}`,
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    }),
  );
  UserPoolId = UserPool.Id;
  const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId }));
  assert.deepEqual(described.UserPool.DeviceConfiguration, {
    ChallengeRequiredOnNewDevice: true,
    DeviceOnlyRememberedOnUserPrompt: true,
  });
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: 'devices',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  ClientId = UserPoolClient.ClientId;
  await idp.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
});

/** A pool on `storage` whose client notes the operations and challenge
 * names it sends. */
function poolOn(storage, sent) {
  const pool = new CognitoUserPool({ UserPoolId, ClientId, endpoint, Storage: storage });
  const request = pool.client.request.bind(pool.client);
  pool.client.request = (operation, params, callback) => {
    sent.push(params.ChallengeName ? `${operation} ${params.ChallengeName}` : operation);
    return request(operation, params, callback);
  };
  return pool;
}

/** authenticateUser: { session, userConfirmationNecessary } or
 * { challengeName } for a code. */
function authenticate(user, username) {
  const details = new AuthenticationDetails({ Username: username, Password: password });
  return new Promise((resolve, reject) =>
    user.authenticateUser(details, {
      onSuccess: (session, userConfirmationNecessary) => resolve({ session, userConfirmationNecessary }),
      onFailure: reject,
      totpRequired: (challengeName) => resolve({ challengeName }),
    }),
  );
}

const remember = (user) =>
  new Promise((resolve, reject) => user.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }));

test('amazon-cognito-identity-js: a remembered device signs in by DEVICE_SRP_AUTH', async () => {
  const username = await newUser(UserPoolId, 'device');
  const storage = new MemoryStorage();
  const sent = [];
  const pool = poolOn(storage, sent);

  // The first sign-in: a new device, confirmed by the library.
  const first = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  const signedIn = await authenticate(first, username);
  assert.ok(signedIn.session.isValid());
  assert.equal(signedIn.userConfirmationNecessary, true);
  assert.ok(sent.includes('ConfirmDevice'), sent.join());
  assert.equal(await remember(first), 'SUCCESS');
  const { Devices } = await idp.send(new AdminListDevicesCommand({ UserPoolId, Username: username }));
  assert.equal(Devices.length, 1);
  const deviceKey = Devices[0].DeviceKey;
  const status = Devices[0].DeviceAttributes.find((a) => a.Name === 'dev:device_remembered_status');
  assert.equal(status.Value, 'remembered');

  // The next sign-in on the same storage: the device's SRP round.
  sent.length = 0;
  const again = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  const second = await authenticate(again, username);
  assert.ok(second.session.isValid());
  assert.deepEqual(sent, [
    'InitiateAuth',
    'RespondToAuthChallenge PASSWORD_VERIFIER',
    'RespondToAuthChallenge DEVICE_SRP_AUTH',
    'RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER',
  ]);
  const { Device } = await idp.send(new AdminGetDeviceCommand({ UserPoolId, Username: username, DeviceKey: deviceKey }));
  assert.ok(Device.DeviceLastAuthenticatedDate instanceof Date);

  // Forgotten on the server: the library drops its key on the answer and
  // signs in as a new device.
  await idp.send(new AdminForgetDeviceCommand({ UserPoolId, Username: username, DeviceKey: deviceKey }));
  sent.length = 0;
  const third = await authenticate(new CognitoUser({ Username: username, Pool: pool, Storage: storage }), username);
  assert.ok(third.session.isValid());
  assert.deepEqual(sent, [
    'InitiateAuth',
    'RespondToAuthChallenge PASSWORD_VERIFIER',
    'RespondToAuthChallenge PASSWORD_VERIFIER',
    'ConfirmDevice',
  ]);
  const after = await idp.send(new AdminListDevicesCommand({ UserPoolId, Username: username }));
  assert.equal(after.Devices.length, 1);
  assert.notEqual(after.Devices[0].DeviceKey, deviceKey);
});

test('amazon-cognito-identity-js: a remembered device skips the TOTP code', async () => {
  const username = await newUser(UserPoolId, 'device-totp');
  const storage = new MemoryStorage();
  const sent = [];
  const pool = poolOn(storage, sent);

  // TOTP on, set up on a first sign-in (which also confirms a device,
  // left not remembered).
  const setup = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  await authenticate(setup, username);
  const secret = await new Promise((resolve, reject) =>
    setup.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );
  const setupCode = await codeNow(secret);
  await new Promise((resolve, reject) =>
    setup.verifySoftwareToken(setupCode, 'node', { onSuccess: resolve, onFailure: reject }),
  );
  await new Promise((resolve, reject) =>
    setup.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (err, result) =>
      err ? reject(err) : resolve(result),
    ),
  );

  // Not remembered: the code is asked for; then the user remembers it.
  await nextStep();
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  const challenge = await authenticate(user, username);
  assert.equal(challenge.challengeName, 'SOFTWARE_TOKEN_MFA');
  const code = await codeNow(secret);
  const { session } = await new Promise((resolve, reject) =>
    user.sendMFACode(
      code,
      { onSuccess: (s) => resolve({ session: s }), onFailure: reject },
      'SOFTWARE_TOKEN_MFA',
    ),
  );
  assert.ok(session.isValid());
  assert.equal(await remember(user), 'SUCCESS');

  // Remembered: no code, the device's round instead.
  sent.length = 0;
  const again = await authenticate(new CognitoUser({ Username: username, Pool: pool, Storage: storage }), username);
  assert.ok(again.session?.isValid(), 'signed in without a code');
  assert.deepEqual(sent, [
    'InitiateAuth',
    'RespondToAuthChallenge PASSWORD_VERIFIER',
    'RespondToAuthChallenge DEVICE_SRP_AUTH',
    'RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER',
  ]);
});
