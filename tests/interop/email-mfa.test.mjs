// Email MFA (EMAIL_OTP) with Amplify v6 against local-cognito, in a pool of
// its own with MFA OPTIONAL and email MFA on: updateMFAPreference({ email:
// 'PREFERRED' }), then signIn through CONFIRM_SIGN_IN_WITH_EMAIL_CODE and
// confirmSignIn with the code read from local-cognito's outbox
// (/_local/messages). `cargo xtask test` starts the server and sets
// LOCAL_COGNITO_URL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchMFAPreference, signIn, signOut, updateMFAPreference } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';

import { AmplifyStorage, endpoint, idp, latestCode, messages, newUserWithEmail, password, wrongCode } from './support.mjs';

// --- A pool with email MFA OPTIONAL ---------------------------------------------------

let UserPoolId;
let ClientId;

before(async () => {
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: `email-mfa-${Date.now()}` }));
  UserPoolId = UserPool.Id;
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: 'email-mfa',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  ClientId = UserPoolClient.ClientId;
  const EmailMfaConfiguration = { Message: 'Your sign-in code is {####}.', Subject: 'Sign-in code' };
  const set = await idp.send(
    new SetUserPoolMfaConfigCommand({ UserPoolId, MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration }),
  );
  assert.equal(set.MfaConfiguration, 'OPTIONAL');
  const got = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId }));
  assert.deepEqual(got.EmailMfaConfiguration, EmailMfaConfiguration);
});

test('Amplify v6: updateMFAPreference({ email: PREFERRED }), then CONFIRM_SIGN_IN_WITH_EMAIL_CODE', async () => {
  const { username, email } = await newUserWithEmail(UserPoolId, 'amplify-email');
  Amplify.configure({
    Auth: { Cognito: { userPoolId: UserPoolId, userPoolClientId: ClientId, userPoolEndpoint: endpoint } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(new AmplifyStorage());

  const first = await signIn({ username, password });
  assert.equal(first.isSignedIn, true);
  await updateMFAPreference({ email: 'PREFERRED' });
  assert.deepEqual(await fetchMFAPreference(), { enabled: ['EMAIL'], preferred: 'EMAIL' });
  const admin = await idp.send(new AdminGetUserCommand({ UserPoolId, Username: username }));
  assert.deepEqual(admin.UserMFASettingList, ['EMAIL_OTP']);
  assert.equal(admin.PreferredMfaSetting, 'EMAIL_OTP');
  await signOut();

  const before = (await messages(email)).length;
  const second = await signIn({ username, password });
  assert.equal(second.isSignedIn, false);
  assert.equal(second.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  assert.deepEqual(second.nextStep.codeDeliveryDetails, { deliveryMedium: 'EMAIL', destination: 'a***@e***' });
  const sent = await messages(email);
  assert.equal(sent.length, before + 1);
  assert.equal(sent.at(-1).subject, 'Sign-in code');
  const code = await latestCode(email);
  await assert.rejects(confirmSignIn({ challengeResponse: wrongCode(code) }), { name: 'CodeMismatchException' });
  const done = await confirmSignIn({ challengeResponse: code });
  assert.equal(done.isSignedIn, true);
  assert.equal(done.nextStep.signInStep, 'DONE');
  await signOut();
});
