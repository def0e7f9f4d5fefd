// The official clients against local-cognito: amazon-cognito-identity-js
// signs up, confirms with the code from the outbox, signs in with SRP,
// refreshes and signs out globally; aws-jwt-verify verifies its tokens
// against the server's JWKS; where the client hides unknown names, their
// wrong passwords lock them as a user's do. `cargo xtask test` starts the
// server (with
// --issuer-base https://cognito-idp.us-east-1.amazonaws.com, so the tokens
// carry the issuer aws-jwt-verify expects) and sets LOCAL_COGNITO_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import cognito from 'amazon-cognito-identity-js';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { endpoint, idp, latestCode, password } from './support.mjs';

const { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool } = cognito;

const UserPoolId = 'us-east-1_WildRydes';
const ClientId = 'wildrydeslocalwebclient001';
const pool = new CognitoUserPool({ UserPoolId, ClientId, endpoint });
const email = `official-${Date.now()}@example.com`;

const call = (fn) => new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result))));

function signIn(user, secret) {
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: secret }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
    });
  });
}

async function getUser(accessToken) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser',
    },
    body: JSON.stringify({ AccessToken: accessToken }),
  });
  return { status: response.status, body: await response.json() };
}

test('amazon-cognito-identity-js signs up, confirms, signs in, refreshes and signs out', async () => {
  const signedUp = await call((cb) =>
    pool.signUp(email, password, [new CognitoUserAttribute({ Name: 'email', Value: email })], null, cb),
  );
  assert.equal(signedUp.userConfirmed, false);
  const user = new CognitoUser({ Username: email, Pool: pool });

  // Unconfirmed: the right password is refused with the exception the app handles.
  await assert.rejects(signIn(user, password), { code: 'UserNotConfirmedException' });
  await assert.rejects(call((cb) => user.confirmRegistration('abcdef', true, cb)), { code: 'CodeMismatchException' });
  const code = await latestCode(email);
  assert.equal(await call((cb) => user.confirmRegistration(code, true, cb)), 'SUCCESS');

  // A wrong password fails the SRP proof; the right one gives a session.
  await assert.rejects(signIn(user, 'Un1corns?'), {
    code: 'NotAuthorizedException',
    message: 'Incorrect username or password.',
  });
  const session = await signIn(user, password);
  assert.ok(session.isValid());
  const idToken = session.getIdToken();
  assert.equal(idToken.payload.email, email);
  assert.equal(idToken.payload.email_verified, true);
  assert.equal(idToken.payload['cognito:username'], signedUp.userSub);
  // The library stored the session under the pool's internal username.
  assert.equal(pool.getCurrentUser().getUsername(), signedUp.userSub);

  // aws-jwt-verify: both tokens verify against the server's JWKS; a tampered one does not.
  const jwks = await (await fetch(`${endpoint}/${UserPoolId}/.well-known/jwks.json`)).json();
  const idVerifier = CognitoJwtVerifier.create({ userPoolId: UserPoolId, tokenUse: 'id', clientId: ClientId });
  const accessVerifier = CognitoJwtVerifier.create({ userPoolId: UserPoolId, tokenUse: 'access', clientId: ClientId });
  idVerifier.cacheJwks(jwks);
  accessVerifier.cacheJwks(jwks);
  const idClaims = await idVerifier.verify(idToken.getJwtToken());
  assert.equal(idClaims.sub, signedUp.userSub);
  const accessClaims = await accessVerifier.verify(session.getAccessToken().getJwtToken());
  assert.equal(accessClaims.username, signedUp.userSub);
  const [header, payload, signature] = idToken.getJwtToken().split('.');
  const forged = Buffer.from(JSON.stringify({ ...idToken.payload, email: 'mallory@example.com' })).toString('base64url');
  await assert.rejects(idVerifier.verify([header, forged, signature].join('.')));
  assert.notEqual(forged, payload);

  // Refresh with the stored refresh token.
  const refreshed = await call((cb) => user.refreshSession(session.getRefreshToken(), cb));
  assert.ok(refreshed.isValid());
  assert.equal(refreshed.getIdToken().payload.origin_jti, idToken.payload.origin_jti);
  await accessVerifier.verify(refreshed.getAccessToken().getJwtToken());

  // Global sign-out revokes every token of the user.
  const oldAccess = refreshed.getAccessToken().getJwtToken();
  assert.equal((await getUser(oldAccess)).status, 200);
  await new Promise((resolve, reject) => user.globalSignOut({ onSuccess: resolve, onFailure: reject }));
  const after = await getUser(oldAccess);
  assert.equal(after.status, 400);
  assert.equal(after.body.__type, 'NotAuthorizedException');
  await assert.rejects(call((cb) => user.refreshSession(session.getRefreshToken(), cb)), { code: 'NotAuthorizedException' });
});

test('amazon-cognito-identity-js changes a user\'s email and verifies it with the emailed code', async () => {
  const before = `before-${Date.now()}@example.com`;
  const after = `after-${Date.now()}@example.com`;
  await call((cb) => pool.signUp(before, password, [new CognitoUserAttribute({ Name: 'email', Value: before })], null, cb));
  const user = new CognitoUser({ Username: before, Pool: pool });
  const code = await latestCode(before);
  await call((cb) => user.confirmRegistration(code, true, cb));
  await signIn(user, password);

  await call((cb) => user.updateAttributes([new CognitoUserAttribute({ Name: 'email', Value: after })], cb));
  const attribute = async (name) =>
    (await call((cb) => user.getUserAttributes(cb))).find((a) => a.getName() === name)?.getValue();
  assert.equal(await attribute('email'), after);
  assert.equal(await attribute('email_verified'), 'false');
  const verify = (code) =>
    new Promise((resolve, reject) => user.verifyAttribute('email', code, { onSuccess: resolve, onFailure: reject }));
  await assert.rejects(verify('abcdef'), { code: 'CodeMismatchException' });

  // Asking again sends a fresh code, which verifies the new address.
  const delivery = await new Promise((resolve, reject) =>
    user.getAttributeVerificationCode('email', { onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }),
  );
  assert.equal(delivery.CodeDeliveryDetails.AttributeName, 'email');
  const fresh = await latestCode(after);
  assert.equal(await verify(fresh), 'SUCCESS');
  assert.equal(await attribute('email_verified'), 'true');
});

test('an unknown user is told so, as Cognito does without PreventUserExistenceErrors', async () => {
  const stranger = new CognitoUser({ Username: 'nobody@example.com', Pool: pool });
  await assert.rejects(
    new Promise((resolve, reject) =>
      stranger.authenticateUser(new AuthenticationDetails({ Username: 'nobody@example.com', Password: password }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    ),
    { code: 'UserNotFoundException' },
  );
});

test('where the client hides unknown names, wrong SRP passwords lock an unknown email as they lock a user', async () => {
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: 'hiding',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
    }),
  );
  const hiding = new CognitoUserPool({ UserPoolId, ClientId: UserPoolClient.ClientId, endpoint });
  const real = `locked-${Date.now()}@example.com`;
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: real,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: real }],
    }),
  );
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: real, Password: password, Permanent: true }));
  // The library answers PASSWORD_VERIFIER naming USER_ID_FOR_SRP: a UUID
  // for the user and for the unknown name alike.
  const attempt = (name, secret) =>
    new Promise((resolve, reject) =>
      new CognitoUser({ Username: name, Pool: hiding }).authenticateUser(
        new AuthenticationDetails({ Username: name, Password: secret }),
        { onSuccess: resolve, onFailure: reject },
      ),
    ).then(
      () => 'signed in',
      (err) => `${err.code}: ${err.message}`,
    );
  for (const name of [real, `ghost-${Date.now()}@example.com`]) {
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await attempt(name, 'Wr0ng!pass'));
    answers.push(await attempt(name, password));
    assert.deepEqual(
      answers,
      [
        ...Array(5).fill('NotAuthorizedException: Incorrect username or password.'),
        'NotAuthorizedException: Password attempts exceeded',
      ],
      name,
    );
  }
});
