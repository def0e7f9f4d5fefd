// Refresh token rotation with the official clients against local-cognito:
// the AWS SDK for JavaScript v3 (AdminInitiateAuth, GetTokensFromRefreshToken,
// the grace period on the real clock, RevokeToken) and Amplify v6 in Node
// (signIn with SRP, then fetchAuthSession({ forceRefresh: true }), which
// calls GetTokensFromRefreshToken). `cargo xtask test` starts the server and
// sets LOCAL_COGNITO_URL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { AmplifyStorage, endpoint, idp, password } from './support.mjs';

const UserPoolId = 'us-east-1_WildRydes';
const FLOWS = ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function rotatingClient(name, RetryGracePeriodSeconds) {
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: name,
      ExplicitAuthFlows: FLOWS,
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds },
    }),
  );
  return UserPoolClient.ClientId;
}

/** A confirmed user with a permanent password, made by the admin API. */
async function newUser(prefix) {
  const email = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: email, Password: password, Permanent: true }));
  return email;
}

async function adminSignIn(ClientId, email) {
  const { AuthenticationResult } = await idp.send(
    new AdminInitiateAuthCommand({
      UserPoolId,
      ClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  return AuthenticationResult;
}

async function refresh(ClientId, RefreshToken) {
  const { AuthenticationResult } = await idp.send(new GetTokensFromRefreshTokenCommand({ ClientId, RefreshToken }));
  return AuthenticationResult;
}

test('SDK v3: each GetTokensFromRefreshToken rotates the refresh token; a replaced one is refused at once with grace 0', async () => {
  const ClientId = await rotatingClient('sdk-rotating', 0);
  const described = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId }));
  assert.deepEqual(described.UserPoolClient.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 });

  const email = await newUser('sdk-rotation');
  const signedIn = await adminSignIn(ClientId, email);
  const origin = claims(signedIn.IdToken).origin_jti;
  const seen = new Set([signedIn.RefreshToken]);
  let current = signedIn.RefreshToken;
  for (let round = 0; round < 3; round += 1) {
    const next = await refresh(ClientId, current);
    assert.equal(next.TokenType, 'Bearer');
    assert.ok(next.ExpiresIn > 0);
    assert.ok(next.RefreshToken, 'a new refresh token each time');
    assert.ok(!seen.has(next.RefreshToken), 'never one given before');
    assert.equal(claims(next.IdToken).origin_jti, origin, 'the same sign-in');
    await idp.send(new GetUserCommand({ AccessToken: next.AccessToken }));
    // The replaced token is refused from now on.
    await assert.rejects(refresh(ClientId, current), { name: 'RefreshTokenReuseException' });
    seen.add(next.RefreshToken);
    current = next.RefreshToken;
  }

  // REFRESH_TOKEN_AUTH is refused on a rotating client.
  await assert.rejects(
    idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: current } })),
    { name: 'InvalidParameterException' },
  );

  // RevokeToken ends the sign-in: its current token and the access tokens of every round.
  await idp.send(new RevokeTokenCommand({ ClientId, Token: current }));
  await assert.rejects(refresh(ClientId, current), { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  await assert.rejects(idp.send(new GetUserCommand({ AccessToken: signedIn.AccessToken })), {
    name: 'NotAuthorizedException',
    message: 'Access Token has been revoked',
  });
});

test('SDK v3: a replaced token works for the grace period, then not', async () => {
  const ClientId = await rotatingClient('sdk-grace', 60);
  const email = await newUser('sdk-grace');
  const signedIn = await adminSignIn(ClientId, email);
  const first = await refresh(ClientId, signedIn.RefreshToken);
  // A client-side retry with the old token, within the grace: new tokens again.
  const retry = await refresh(ClientId, signedIn.RefreshToken);
  assert.ok(retry.RefreshToken);
  assert.notEqual(retry.RefreshToken, first.RefreshToken);
  assert.equal(claims(retry.IdToken).origin_jti, claims(signedIn.IdToken).origin_jti);

  // A grace of one second, on the real clock.
  await idp.send(
    new UpdateUserPoolClientCommand({
      UserPoolId,
      ClientId,
      ExplicitAuthFlows: FLOWS,
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 1 },
    }),
  );
  const next = await refresh(ClientId, retry.RefreshToken);
  await sleep(2100);
  await assert.rejects(refresh(ClientId, retry.RefreshToken), { name: 'RefreshTokenReuseException' });
  await refresh(ClientId, next.RefreshToken);

  // Rotation off: GetTokensFromRefreshToken gives no refresh token, and the
  // same one works again.
  await idp.send(new UpdateUserPoolClientCommand({ UserPoolId, ClientId, ExplicitAuthFlows: FLOWS }));
  const fresh = await adminSignIn(ClientId, email);
  for (let round = 0; round < 2; round += 1) {
    const again = await refresh(ClientId, fresh.RefreshToken);
    assert.equal(again.RefreshToken, undefined);
  }
});

test('SDK v3: another client\'s or an unknown refresh token is refused as REFRESH_TOKEN_AUTH refuses it', async () => {
  const ClientId = await rotatingClient('sdk-errors', 0);
  const other = await rotatingClient('sdk-errors-other', 0);
  const email = await newUser('sdk-errors');
  const signedIn = await adminSignIn(ClientId, email);
  await assert.rejects(refresh(other, signedIn.RefreshToken), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  await assert.rejects(refresh(ClientId, 'not-a-token'), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  await assert.rejects(refresh('nosuchclient', signedIn.RefreshToken), { name: 'ResourceNotFoundException' });
});

// --- Amplify v6 ------------------------------------------------------------------

/** Amplify's token store, in memory and readable by the test. */
class Storage extends AmplifyStorage {
  refreshToken() {
    const key = [...this.items.keys()].find((k) => k.endsWith('.refreshToken'));
    return key ? this.items.get(key) : undefined;
  }
}

/** The X-Amz-Target of every request Amplify makes through fetch. */
const targets = [];
before(() => {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const target = headers.get('x-amz-target');
    if (target) targets.push(target.replace('AWSCognitoIdentityProviderService.', ''));
    return original(input, init);
  };
});

test('Amplify v6: fetchAuthSession({ forceRefresh: true }) rotates through GetTokensFromRefreshToken', async () => {
  const userPoolClientId = await rotatingClient('amplify-rotating', 0);
  const email = await newUser('amplify');
  const storage = new Storage();
  Amplify.configure({
    Auth: { Cognito: { userPoolId: UserPoolId, userPoolClientId, userPoolEndpoint: endpoint } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);

  const { isSignedIn } = await signIn({ username: email, password });
  assert.equal(isSignedIn, true);
  assert.deepEqual(targets, ['InitiateAuth', 'RespondToAuthChallenge'], 'an SRP sign-in');
  const signedIn = await fetchAuthSession();
  const firstRefresh = storage.refreshToken();
  assert.ok(firstRefresh);

  const accessTokens = [signedIn.tokens.accessToken.toString()];
  const refreshTokens = [firstRefresh];
  for (let round = 0; round < 2; round += 1) {
    targets.length = 0;
    const session = await fetchAuthSession({ forceRefresh: true });
    assert.deepEqual(targets, ['GetTokensFromRefreshToken']);
    const access = session.tokens.accessToken.toString();
    assert.ok(!accessTokens.includes(access), 'new access token');
    assert.equal(session.tokens.accessToken.payload.origin_jti, signedIn.tokens.accessToken.payload.origin_jti);
    const stored = storage.refreshToken();
    assert.ok(!refreshTokens.includes(stored), 'Amplify keeps the rotated refresh token');
    accessTokens.push(access);
    refreshTokens.push(stored);
  }
  // Each replaced token is refused (grace 0); the one Amplify holds works.
  for (const replaced of refreshTokens.slice(0, -1)) {
    await assert.rejects(refresh(userPoolClientId, replaced), { name: 'RefreshTokenReuseException' });
  }

  // Sign-out revokes the sign-in (RevokeToken with the newest token): every
  // round's access token is refused.
  targets.length = 0;
  await signOut();
  assert.ok(targets.includes('RevokeToken'), `signOut called ${targets}`);
  for (const access of accessTokens) {
    await assert.rejects(idp.send(new GetUserCommand({ AccessToken: access })), {
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
  }
});
