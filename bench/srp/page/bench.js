// Times the client's work for one sign-in (draw a, compute A, answer the
// PASSWORD_VERIFIER challenge) in our wasm (SIMD and portable kernels) and
// amazon-cognito-identity-js on the same inputs,
// interleaved, and posts the samples to the server that served the page.
import init, { sign_in, has_simd } from './pkg/srp_bench.js';

const RUNS = 25;
const WARMUP = 3;

const input = await (await fetch('inputs.json')).json();
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

function ourSignIn(kernel) {
  const [srpA, timestamp, signature] = sign_in(
    kernel, input.pool_id, input.password, input.B_hex, input.salt_hex,
    input.secret_block_b64, input.user_id_for_srp, Math.floor(Date.now() / 1000),
  ).split('\n');
  if (!srpA || !timestamp || signature.length !== 44) throw new Error('bad answer from wasm');
}

async function time(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const samples = { simd: [], scalar: [], official: [] };
try {
  if (!has_simd()) throw new Error('this Chromium runs no wasm SIMD');
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const simd = await time(() => ourSignIn('simd'));
    const scalar = await time(() => ourSignIn('scalar'));
    const official = await time(officialSignIn);
    if (i >= WARMUP) {
      samples.simd.push(simd);
      samples.scalar.push(scalar);
      samples.official.push(official);
    }
  }
  samples.userAgent = navigator.userAgent;
} catch (e) {
  samples.error = String(e && e.stack || e);
}
document.getElementById('out').textContent = JSON.stringify(samples, null, 1);
await fetch('result', { method: 'POST', body: JSON.stringify(samples) });
