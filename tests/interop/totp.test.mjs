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
import {
  AdminGetUserCommand,
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
import { AmplifyStorage, codeNow, endpoint, idp, newUser, nextStep, password, wrongCode } from './support.mjs';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = cognito;


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

// --- amazon-cognito-identity-js -------------------------------------------------------

test('amazon-cognito-identity-js: associate, verify, prefer, then totpRequired and sendMFACode', async () => {
  const pool = new CognitoUserPool({ UserPoolId, ClientId, endpoint });
  const username = await newUser(UserPoolId, 'identity-js');
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

test('Amplify v6: setUpTOTP, verifyTOTPSetup, updateMFAPreference, then CONFIRM_SIGN_IN_WITH_TOTP_CODE', async () => {
  const username = await newUser(UserPoolId, 'amplify');
  Amplify.configure({
    Auth: { Cognito: { userPoolId: UserPoolId, userPoolClientId: ClientId, userPoolEndpoint: endpoint } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(new AmplifyStorage());

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
