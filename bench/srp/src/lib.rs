//! The work of one sign-in on the client, exported to the benchmark page:
//! draw `a`, compute `SRP_A`, then answer the challenge (a user's, or a
//! remembered device's); with the wasm SIMD module's exponentiation or the
//! portable one. (A browser-only crate.)
#![cfg(target_arch = "wasm32")]

use cognito_srp::device::{Device, DeviceChallenge};
use cognito_srp::{Challenge, ChallengeAnswer, Client, Pow, Scalar};
use srp_simd::SimdPow;
use wasm_bindgen::prelude::*;

thread_local! {
    static SIMD: Option<SimdPow> = SimdPow::load();
}

/// Whether this browser runs the SIMD module.
#[wasm_bindgen]
pub fn has_simd() -> bool {
    SIMD.with(Option::is_some)
}

/// Returns `SRP_A`, `TIMESTAMP` and the signature, joined by newlines, so
/// that none of the work can be optimised away and the page can check it.
/// `kernel` is "simd" or "scalar". `a` is undefined (a drawn one, as the
/// app does) or a given one: the page passes 128 random bytes, the length
/// amazon-cognito-identity-js draws (ours draws 32), for comparison.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn sign_in(
    kernel: &str,
    a: Option<Box<[u8]>>,
    pool_id: &str,
    password: &str,
    srp_b: &str,
    salt: &str,
    secret_block: &str,
    user_id_for_srp: &str,
    unix_seconds: f64,
) -> Result<String, JsError> {
    let challenge = Challenge {
        srp_b,
        salt,
        secret_block,
        user_id_for_srp,
    };
    let (a, at) = (a.as_deref(), unix_seconds as u64);
    match kernel {
        "scalar" => answer(Scalar, a, pool_id, password, &challenge, at),
        "simd" => answer(simd()?, a, pool_id, password, &challenge, at),
        other => Err(JsError::new(&format!("no kernel {other:?}"))),
    }
}

/// A remembered device's round (`DEVICE_SRP_AUTH`, then the
/// `DEVICE_PASSWORD_VERIFIER` answer) with a fresh client, returned as
/// [`sign_in`]'s is.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn device_sign_in(
    kernel: &str,
    group_key: &str,
    device_key: &str,
    random_password: &str,
    srp_b: &str,
    salt: &str,
    secret_block: &str,
    unix_seconds: f64,
) -> Result<String, JsError> {
    let device = Device {
        group_key,
        key: device_key,
    };
    let challenge = DeviceChallenge {
        srp_b,
        salt,
        secret_block,
    };
    let at = unix_seconds as u64;
    match kernel {
        "scalar" => answer_device(Scalar, device, random_password, &challenge, at),
        "simd" => answer_device(simd()?, device, random_password, &challenge, at),
        other => Err(JsError::new(&format!("no kernel {other:?}"))),
    }
}

fn simd() -> Result<SimdPow, JsError> {
    SIMD.with(Clone::clone)
        .ok_or_else(|| JsError::new("this browser has no wasm SIMD"))
}

fn answer<P: Pow>(
    pow: P,
    a: Option<&[u8]>,
    pool_id: &str,
    password: &str,
    challenge: &Challenge<'_>,
    unix_seconds: u64,
) -> Result<String, JsError> {
    let client = match a {
        Some(a) => Client::with_secret_in(pow, a)?,
        None => Client::new_in(pow)?,
    };
    let answer = client.answer(pool_id, password, challenge, unix_seconds)?;
    Ok(sent(&client, &answer))
}

/// What the page reads back: A, the timestamp and the signature, a line each.
fn sent<P: Pow>(client: &Client<P>, answer: &ChallengeAnswer) -> String {
    format!(
        "{}\n{}\n{}",
        client.srp_a(),
        answer.timestamp,
        answer.signature
    )
}

fn answer_device<P: Pow>(
    pow: P,
    device: Device<'_>,
    random_password: &str,
    challenge: &DeviceChallenge<'_>,
    unix_seconds: u64,
) -> Result<String, JsError> {
    let client = Client::new_in(pow)?;
    let answer = client.answer_device(device, random_password, challenge, unix_seconds)?;
    Ok(sent(&client, &answer))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

/// The SIMD module's exponentiations, each timed (milliseconds, in call
/// order) into a shared log; the arithmetic is the module's.
struct Timed {
    pow: SimdPow,
    log: std::rc::Rc<std::cell::RefCell<Vec<f64>>>,
}

impl Timed {
    fn timed(&self, f: impl FnOnce() -> cognito_srp::Mont) -> cognito_srp::Mont {
        let start = now();
        let result = f();
        self.log.borrow_mut().push(now() - start);
        result
    }
}

impl Pow for Timed {
    fn pow(&self, base: &cognito_srp::Mont, exp: &[u8]) -> cognito_srp::Mont {
        self.timed(|| self.pow.pow(base, exp))
    }

    fn pow_g(&self, exp: &[u8]) -> cognito_srp::Mont {
        self.timed(|| self.pow.pow_g(exp))
    }
}

/// Where a SIMD sign-in's time goes, in milliseconds: the whole of it
/// inside the module, drawing a and computing A, g^a, answering, g^x,
/// S's power, and one power with a one-byte exponent (a call's fixed cost:
/// the table's fill, the copies in and out).
#[wasm_bindgen]
pub fn sign_in_parts(
    pool_id: &str,
    password: &str,
    srp_b: &str,
    salt: &str,
    secret_block: &str,
    user_id_for_srp: &str,
    unix_seconds: f64,
) -> Result<Vec<f64>, JsError> {
    let challenge = Challenge {
        srp_b,
        salt,
        secret_block,
        user_id_for_srp,
    };
    let log = std::rc::Rc::default();
    let pow = Timed {
        pow: simd()?,
        log: std::rc::Rc::clone(&log),
    };
    let start = now();
    let client = Client::new_in(pow)?;
    let drawn = now();
    let answer = client.answer(pool_id, password, &challenge, unix_seconds as u64)?;
    let answered = now();
    let out = format!("{}{}{}", client.srp_a(), answer.timestamp, answer.signature);
    let end = now();
    let small = simd()?;
    let one = now();
    let _ = small.pow(&cognito_srp::Mont::from_u32(2), &[0xff]);
    let one = now() - one;
    let pows = log.borrow();
    if pows.len() != 3 || out.is_empty() {
        return Err(JsError::new("not three powers"));
    }
    Ok(vec![
        end - start,
        drawn - start,
        pows[0],
        answered - drawn,
        pows[1],
        pows[2],
        one,
    ])
}
