// Times the client's work for one sign-in (draw a, compute A, answer the
// PASSWORD_VERIFIER challenge), and for a remembered device's round (a fresh
// a and A, answer DEVICE_PASSWORD_VERIFIER), in our wasm (SIMD and portable
// kernels) and amazon-cognito-identity-js on the same inputs,
// interleaved, with a SIMD sign-in timed in parts (sign_in_parts) and one
// with a 128-byte a (the official client's length), and posts the samples
// to the server that served the page.
import init, { sign_in, device_sign_in, sign_in_parts, has_simd } from './pkg/srp_bench.js';

const RUNS = 25;
const WARMUP = 3;

const input = await (await fetch('inputs.json')).json();
const device = await (await fetch('device-inputs.json')).json();
await init();

const challenge = {
  ChallengeName: 'PASSWORD_VERIFIER',
  ChallengeParameters: {
    SALT: input.salt_hex,
    SECRET_BLOCK: input.secret_block_b64,
    SRP_B: input.B_hex,
    USERNAME: input.user_id_for_srp,
    USER_ID_FOR_SRP: input.user_id_for_srp,
  },
};

// amazon-cognito-identity-js's own authenticateUser, against a client that
// answers InitiateAuth with the challenge and stops at RespondToAuthChallenge.
function officialSignIn() {
  const { CognitoUserPool, CognitoUser, AuthenticationDetails } = window.AmazonCognitoIdentity;
  return new Promise((resolve, reject) => {
    const pool = new CognitoUserPool({ UserPoolId: input.pool_id, ClientId: input.client_id });
    const user = new CognitoUser({ Username: input.username, Pool: pool });
    user.client = {
      request(operation, params, callback) {
        if (operation === 'InitiateAuth') callback(null, challenge);
        else if (operation === 'RespondToAuthChallenge') resolve(params.ChallengeResponses);
        else reject(new Error(`unexpected ${operation}`));
      },
    };
    user.authenticateUser(
      new AuthenticationDetails({ Username: input.username, Password: input.password }),
      { onSuccess() {}, onFailure: reject },
    );
  });
}

// amazon-cognito-identity-js's own device round (getDeviceResponse: an
// AuthenticationHelper with the group key, A, the key from the device key and
// random password, the claim's HMAC), against a client that answers
// DEVICE_SRP_AUTH with the challenge and stops at DEVICE_PASSWORD_VERIFIER.
function officialDeviceRound() {
  const { CognitoUserPool, CognitoUser } = window.AmazonCognitoIdentity;
  return new Promise((resolve, reject) => {
    const pool = new CognitoUserPool({ UserPoolId: device.pool_id, ClientId: device.client_id });
    const user = new CognitoUser({ Username: device.username, Pool: pool });
    user.deviceKey = device.device_key;
    user.deviceGroupKey = device.device_group_key;
    user.randomPassword = device.random_password;
    user.client = {
      request(operation, params, callback) {
        const challenge = operation === 'RespondToAuthChallenge' && params.ChallengeName;
        if (challenge === 'DEVICE_SRP_AUTH') {
          callback(null, {
            ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
            ChallengeParameters: {
              SALT: device.salt_hex,
              SECRET_BLOCK: device.secret_block_b64,
              SRP_B: device.B_hex,
              USERNAME: device.username,
              DEVICE_KEY: device.device_key,
            },
          });
        } else if (challenge === 'DEVICE_PASSWORD_VERIFIER') resolve(params.ChallengeResponses);
        else reject(new Error(`unexpected ${operation} ${challenge}`));
      },
    };
    user.getDeviceResponse({ onSuccess() {}, onFailure: reject });
  });
}

// `a`: undefined to draw one, as the app does.
function ourSignIn(kernel, a) {
  const [srpA, timestamp, signature] = sign_in(
    kernel, a, input.pool_id, input.password, input.B_hex, input.salt_hex,
    input.secret_block_b64, input.user_id_for_srp, Math.floor(Date.now() / 1000),
  ).split('\n');
  if (!srpA || !timestamp || signature.length !== 44) throw new Error('bad answer from wasm');
}

function ourDeviceRound(kernel) {
  const [srpA, timestamp, signature] = device_sign_in(
    kernel, device.device_group_key, device.device_key, device.random_password, device.B_hex,
    device.salt_hex, device.secret_block_b64, Math.floor(Date.now() / 1000),
  ).split('\n');
  if (!srpA || !timestamp || signature.length !== 44) throw new Error('bad answer from wasm');
}

// A SIMD sign-in in parts (sign_in_parts), after the time of the whole call
// as the page sees it.
function ourSignInParts() {
  const start = performance.now();
  const parts = sign_in_parts(
    input.pool_id, input.password, input.B_hex, input.salt_hex,
    input.secret_block_b64, input.user_id_for_srp, Math.floor(Date.now() / 1000),
  );
  return [performance.now() - start, ...parts];
}

async function time(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const samples = {
  simd: [], scalar: [], official: [], simd_long_a: [],
  device_simd: [], device_scalar: [], device_official: [],
  parts: [],
};
try {
  if (!has_simd()) throw new Error('this Chromium runs no wasm SIMD');
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const simd = await time(() => ourSignIn('simd'));
    const scalar = await time(() => ourSignIn('scalar'));
    const official = await time(officialSignIn);
    // Ours with an a of 128 random bytes, the length the official client
    // draws (ours draws 32).
    const simdLongA = await time(
      () => ourSignIn('simd', crypto.getRandomValues(new Uint8Array(128))),
    );
    const deviceSimd = await time(() => ourDeviceRound('simd'));
    const deviceScalar = await time(() => ourDeviceRound('scalar'));
    const deviceOfficial = await time(officialDeviceRound);
    const parts = ourSignInParts();
    if (i >= WARMUP) {
      samples.simd.push(simd);
      samples.scalar.push(scalar);
      samples.official.push(official);
      samples.simd_long_a.push(simdLongA);
      samples.device_simd.push(deviceSimd);
      samples.device_scalar.push(deviceScalar);
      samples.device_official.push(deviceOfficial);
      samples.parts.push(parts);
    }
  }
  samples.userAgent = navigator.userAgent;
} catch (e) {
  samples.error = String(e && e.stack || e);
}
document.getElementById('out').textContent = JSON.stringify(samples, null, 1);
await fetch('result', { method: 'POST', body: JSON.stringify(samples) });
