// Passkeys with the AWS SDK v3 against local-cognito, in a pool of its own
// whose relying party is localhost and whose first factors include
// WEB_AUTHN: StartWebAuthnRegistration's options go to a software
// authenticator written here with node:crypto (a P-256 key, a real
// attestation object in CBOR, real assertions), its answer to
// CompleteWebAuthnRegistration, and ListWebAuthnCredentials shows the
// passkey; the options and the credential are JSON documents (objects, a
// credential of another shape refused before its challenge is spent, fields
// of a later WebAuthn carried); then InitiateAuth USER_AUTH offers WEB_AUTHN, and the
// authenticator's assertion of CREDENTIAL_REQUEST_OPTIONS signs in; two
// sign-ins of one user each answer their own challenge; a pool that does
// not allow WEB_AUTHN registers no passkey.
// `cargo xtask test` starts the server and sets LOCAL_COGNITO_URL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import {
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteWebAuthnCredentialCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { idp, newUser, password } from './support.mjs';

const ORIGIN = 'http://localhost:8080';

// --- CBOR (RFC 8949), as much as an attestation object needs ------------------------

function head(major, length) {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const bytes = Buffer.alloc(5);
  bytes[0] = (major << 5) | 26;
  bytes.writeUInt32BE(length, 1);
  return bytes;
}

/** Integers, byte strings (Buffer), text, and maps (a Map, keys in order). */
function cbor(value) {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, text.length), text]);
  }
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) {
    const parts = [head(5, value.size)];
    for (const [key, item] of value) parts.push(cbor(key), cbor(item));
    return Buffer.concat(parts);
  }
  throw new Error(`no CBOR for ${value}`);
}

const sha256 = (data) => createHash('sha256').update(data).digest();
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

// --- A software authenticator -------------------------------------------------------

class Authenticator {
  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.coseKey = cbor(
      new Map([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]),
    );
    this.credentialId = randomBytes(16);
    this.counter = 0;
  }

  clientData(type, challenge) {
    return Buffer.from(JSON.stringify({ type, challenge, origin: ORIGIN, crossOrigin: false }));
  }

  /** rpIdHash, flags (user present and verified, attested data), counter. */
  authenticatorData(rpId, attested) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    const parts = [sha256(rpId), Buffer.from([attested ? 0x45 : 0x05]), counter];
    if (attested) {
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), idLength, this.credentialId, this.coseKey);
    }
    return Buffer.concat(parts);
  }

  /** navigator.credentials.create() for the options, as RegistrationResponseJSON. */
  register(options) {
    const clientData = this.clientData('webauthn.create', options.challenge);
    const authData = this.authenticatorData(options.rp.id, true);
    const attestationObject = cbor(
      new Map([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return this.credential({
      clientDataJSON: b64url(clientData),
      attestationObject: b64url(attestationObject),
      transports: ['internal'],
      publicKeyAlgorithm: -7,
      authenticatorData: b64url(authData),
    });
  }

  /** navigator.credentials.get() for the options, as AuthenticationResponseJSON. */
  assert(options, userHandle) {
    this.counter += 1;
    const clientData = this.clientData('webauthn.get', options.challenge);
    const authData = this.authenticatorData(options.rpId, false);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), this.privateKey);
    return this.credential({
      clientDataJSON: b64url(clientData),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
      userHandle,
    });
  }

  /** The PublicKeyCredential JSON around a ceremony's response. */
  credential(response) {
    const id = b64url(this.credentialId);
    return {
      id,
      rawId: id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response,
    };
  }
}

// --- A pool whose passkeys are for localhost -----------------------------------------

let UserPoolId;
let ClientId;

before(async () => {
  const { UserPool } = await idp.send(
    new CreateUserPoolCommand({
      PoolName: `passkeys-${Date.now()}`,
      UserPoolTier: 'ESSENTIALS',
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    }),
  );
  UserPoolId = UserPool.Id;
  const config = await idp.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId,
      WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' },
    }),
  );
  assert.deepEqual(config.WebAuthnConfiguration, { RelyingPartyId: 'localhost', UserVerification: 'preferred' });
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: 'passkeys',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  ClientId = UserPoolClient.ClientId;
});

async function accessToken(Username) {
  const signedIn = await idp.send(
    new InitiateAuthCommand({
      ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: Username, PASSWORD: password },
    }),
  );
  return signedIn.AuthenticationResult.AccessToken;
}

/** The whole registration through the SDK; the authenticator. */
async function registerPasskey(AccessToken) {
  const started = await idp.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
  const options = started.CredentialCreationOptions;
  assert.equal(options.rp.id, 'localhost');
  const authenticator = new Authenticator();
  await idp.send(
    new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: authenticator.register(options) }),
  );
  return { authenticator, options };
}

/** InitiateAuth USER_AUTH for `Username`, the passkey preferred. */
const preferPasskey = (Username) =>
  idp.send(
    new InitiateAuthCommand({
      ClientId,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: Username, PREFERRED_CHALLENGE: 'WEB_AUTHN' },
    }),
  );

/** RespondToAuthChallenge WEB_AUTHN with the assertion. */
const answerWebAuthn = (Username, Session, assertion) =>
  idp.send(
    new RespondToAuthChallengeCommand({
      ClientId,
      ChallengeName: 'WEB_AUTHN',
      Session,
      ChallengeResponses: { USERNAME: Username, CREDENTIAL: JSON.stringify(assertion) },
    }),
  );

test('the SDK registers, lists and deletes a passkey made by a software authenticator', async () => {
  const Username = await newUser(UserPoolId, 'passkey');
  const AccessToken = await accessToken(Username);
  const { authenticator, options } = await registerPasskey(AccessToken);
  assert.deepEqual(
    options.pubKeyCredParams.map((p) => p.alg),
    [-7, -257],
  );
  assert.equal(options.user.name, Username);
  const listed = await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken }));
  assert.equal(listed.Credentials.length, 1);
  const [credential] = listed.Credentials;
  assert.equal(credential.CredentialId, b64url(authenticator.credentialId));
  assert.equal(credential.RelyingPartyId, 'localhost');
  assert.equal(credential.AuthenticatorAttachment, 'platform');
  assert.deepEqual(credential.AuthenticatorTransports, ['internal']);
  assert.ok(credential.CreatedAt instanceof Date);

  // The same answer again: its challenge is spent.
  await assert.rejects(
    idp.send(
      new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: authenticator.register(options) }),
    ),
    { name: 'WebAuthnChallengeNotFoundException' },
  );

  await idp.send(new DeleteWebAuthnCredentialCommand({ AccessToken, CredentialId: credential.CredentialId }));
  const after = await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken }));
  assert.deepEqual(after.Credentials, []);
});

test('the options and the credential are JSON documents: a misshapen credential spends no challenge', async () => {
  const Username = await newUser(UserPoolId, 'passkey-document');
  const AccessToken = await accessToken(Username);
  const started = await idp.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
  const options = started.CredentialCreationOptions;
  assert.equal(typeof options.challenge, 'string');
  const credential = new Authenticator().register(options);
  // Its JSON in a string, and a credential without its response.
  for (const Credential of [JSON.stringify(credential), { id: credential.id, rawId: credential.rawId }]) {
    await assert.rejects(idp.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential })), {
      name: 'InvalidParameterException',
      message: 'Invalid credential: not a RegistrationResponseJSON.',
    });
  }
  credential.clientExtensionResults.largeBlob = { supported: true };
  credential.response.future = [1.5, null, { nested: 'é' }];
  await idp.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: credential }));
  const listed = await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken }));
  assert.deepEqual(
    listed.Credentials.map((c) => c.CredentialId),
    [credential.id],
  );
});

test('USER_AUTH offers WEB_AUTHN to a user with a passkey, and its assertion signs in', async () => {
  const Username = await newUser(UserPoolId, 'passkey-sign-in');
  const { authenticator, options } = await registerPasskey(await accessToken(Username));

  const offered = await idp.send(
    new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: Username } }),
  );
  assert.equal(offered.ChallengeName, 'SELECT_CHALLENGE');
  assert.ok(offered.AvailableChallenges.includes('WEB_AUTHN'), offered.AvailableChallenges);

  const challenge = await idp.send(
    new RespondToAuthChallengeCommand({
      ClientId,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: offered.Session,
      ChallengeResponses: { USERNAME: Username, ANSWER: 'WEB_AUTHN' },
    }),
  );
  assert.equal(challenge.ChallengeName, 'WEB_AUTHN');
  const requestOptions = JSON.parse(challenge.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS);
  assert.equal(requestOptions.rpId, 'localhost');
  assert.deepEqual(
    requestOptions.allowCredentials.map((c) => c.id),
    [b64url(authenticator.credentialId)],
  );

  const respond = (Session, assertion) => answerWebAuthn(Username, Session, assertion);
  const assertion = authenticator.assert(requestOptions, options.user.id);
  const signedIn = await respond(challenge.Session, assertion);
  const { AccessToken } = signedIn.AuthenticationResult;
  assert.ok(signedIn.AuthenticationResult.RefreshToken);
  const user = await idp.send(new GetUserCommand({ AccessToken }));
  assert.equal(user.Username, Username);

  // The same assertion again, in a new sign-in: its challenge is not the new one's.
  const again = await preferPasskey(Username);
  await assert.rejects(respond(again.Session, assertion), { name: 'WebAuthnChallengeNotFoundException' });
});

test('two sign-ins of one user each answer their own challenge, within the session\'s 3 minutes', async () => {
  const Username = await newUser(UserPoolId, 'passkey-two-tabs');
  const { authenticator, options } = await registerPasskey(await accessToken(Username));
  const respond = (Session, assertion) => answerWebAuthn(Username, Session, assertion);
  const first = await preferPasskey(Username);
  const second = await preferPasskey(Username);
  const firstOptions = JSON.parse(first.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS);
  const secondOptions = JSON.parse(second.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS);
  assert.equal(firstOptions.timeout, 180000);
  assert.notEqual(firstOptions.challenge, secondOptions.challenge);
  // The first tab's assertion in the second tab: made for another challenge.
  await assert.rejects(respond(second.Session, authenticator.assert(firstOptions, options.user.id)), {
    name: 'WebAuthnChallengeNotFoundException',
  });
  // The first tab still signs in.
  const signedIn = await respond(first.Session, authenticator.assert(firstOptions, options.user.id));
  assert.ok(signedIn.AuthenticationResult.AccessToken);
});

test('a pool that does not allow WEB_AUTHN as a first factor registers no passkey', async () => {
  const { UserPool } = await idp.send(
    new CreateUserPoolCommand({ PoolName: `no-passkeys-${Date.now()}`, UserPoolTier: 'ESSENTIALS' }),
  );
  await idp.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: UserPool.Id,
      WebAuthnConfiguration: { RelyingPartyId: 'localhost' },
    }),
  );
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool.Id,
      ClientName: 'no-passkeys',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const Username = await newUser(UserPool.Id, 'no-passkeys');
  const signedIn = await idp.send(
    new InitiateAuthCommand({
      ClientId: UserPoolClient.ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: Username, PASSWORD: password },
    }),
  );
  await assert.rejects(
    idp.send(new StartWebAuthnRegistrationCommand({ AccessToken: signedIn.AuthenticationResult.AccessToken })),
    { name: 'WebAuthnNotEnabledException' },
  );
});
