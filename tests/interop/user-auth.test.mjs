// Choice-based sign-in (AuthFlow USER_AUTH) against local-cognito, in a pool
// of its own whose first factors are the password and an emailed code: the
// AWS SDK v3 client's SELECT_CHALLENGE and its AvailableChallenges, an
// EMAIL_OTP code read from local-cognito's outbox (/_local/messages) and a
// wrong one; Amplify v6's signIn with authFlowType 'USER_AUTH', with and
// without a preferred challenge. `cargo xtask test` starts the server and
// sets LOCAL_COGNITO_URL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';

import { AmplifyStorage, endpoint, idp, latestCode, messages, newUserWithEmail, password, wrongCode } from './support.mjs';

let UserPoolId;
let ClientId;

before(async () => {
  const { UserPool } = await idp.send(
    new CreateUserPoolCommand({
      PoolName: `user-auth-${Date.now()}`,
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
    }),
  );
  UserPoolId = UserPool.Id;
  const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId }));
  assert.equal(described.UserPool.UserPoolTier, 'ESSENTIALS');
  assert.deepEqual(described.UserPool.Policies.SignInPolicy.AllowedFirstAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: 'user-auth',
      ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  ClientId = UserPoolClient.ClientId;
});

function configureAmplify() {
  Amplify.configure({
    Auth: { Cognito: { userPoolId: UserPoolId, userPoolClientId: ClientId, userPoolEndpoint: endpoint } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(new AmplifyStorage());
}

test('SDK v3: SELECT_CHALLENGE lists the choices; EMAIL_OTP refuses a wrong code and gives tokens for the right one', async () => {
  const { username, email } = await newUserWithEmail(UserPoolId, 'sdk-user-auth');
  const offered = await idp.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId, AuthParameters: { USERNAME: username } }),
  );
  assert.equal(offered.ChallengeName, 'SELECT_CHALLENGE');
  assert.deepEqual(offered.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
  assert.ok(offered.Session);

  const challenge = await idp.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: 'SELECT_CHALLENGE',
      ClientId,
      Session: offered.Session,
      ChallengeResponses: { USERNAME: username, ANSWER: 'EMAIL_OTP' },
    }),
  );
  assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
  assert.equal(challenge.ChallengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
  const code = await latestCode(email);
  const answer = (EMAIL_OTP_CODE) =>
    new RespondToAuthChallengeCommand({
      ChallengeName: 'EMAIL_OTP',
      ClientId,
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: username, EMAIL_OTP_CODE },
    });
  await assert.rejects(idp.send(answer(wrongCode(code))), {
    name: 'CodeMismatchException',
    message: 'Invalid code received for user',
  });
  const signedIn = await idp.send(answer(code));
  assert.ok(signedIn.AuthenticationResult.AccessToken);
  assert.ok(signedIn.AuthenticationResult.RefreshToken);
  // The session and its code answer once.
  await assert.rejects(idp.send(answer(code)), { name: 'NotAuthorizedException' });
});

test("Amplify v6: signIn USER_AUTH preferring 'EMAIL_OTP', then confirmSignIn with the code", async () => {
  const { username, email } = await newUserWithEmail(UserPoolId, 'amplify-email-otp');
  configureAmplify();
  const before = (await messages(email)).length;
  const started = await signIn({
    username,
    options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
  });
  assert.equal(started.isSignedIn, false);
  assert.equal(started.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  assert.equal(started.nextStep.codeDeliveryDetails.deliveryMedium, 'EMAIL');
  assert.equal((await messages(email)).length, before + 1);
  const done = await confirmSignIn({ challengeResponse: await latestCode(email) });
  assert.equal(done.isSignedIn, true);
  assert.equal(done.nextStep.signInStep, 'DONE');
  await signOut();
});

test('Amplify v6: signIn USER_AUTH without a preference offers the first factors; the password by SRP, then a code', async () => {
  const { username, email } = await newUserWithEmail(UserPoolId, 'amplify-select');
  configureAmplify();
  const offered = await signIn({ username, options: { authFlowType: 'USER_AUTH' } });
  assert.equal(offered.isSignedIn, false);
  assert.equal(offered.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
  assert.deepEqual(offered.nextStep.availableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
  // PASSWORD_SRP: Amplify asks for the password, then runs the SRP round.
  const asked = await confirmSignIn({ challengeResponse: 'PASSWORD_SRP' });
  assert.equal(asked.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_PASSWORD');
  const done = await confirmSignIn({ challengeResponse: password });
  assert.equal(done.isSignedIn, true);
  await signOut();

  // EMAIL_OTP chosen from the list.
  await signIn({ username, options: { authFlowType: 'USER_AUTH' } });
  const chosen = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
  assert.equal(chosen.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  const code = await latestCode(email);
  await assert.rejects(confirmSignIn({ challengeResponse: wrongCode(code) }), { name: 'CodeMismatchException' });
  const second = await confirmSignIn({ challengeResponse: code });
  assert.equal(second.isSignedIn, true);
  await signOut();
});
