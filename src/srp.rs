//! The SRP client of a sign-in: its exponentiations in the wasm SIMD module
//! where the browser has SIMD (feature detection: the module validates),
//! otherwise in the portable code, with nothing said either way; and `A`
//! computed before the click, so that the click waits mostly on the network.

use std::cell::RefCell;

use cognito_srp::device::{Device, DeviceChallenge};
use cognito_srp::{Challenge, ChallengeAnswer, Client, Error, Mont, Pow, Scalar};
use srp_simd::SimdPow;

/// Where the exponentiations run.
#[derive(Clone)]
pub enum Kernel {
    Simd(SimdPow),
    Portable,
}

impl Kernel {
    pub fn name(&self) -> &'static str {
        match self {
            Kernel::Simd(_) => "simd",
            Kernel::Portable => "portable",
        }
    }
}

impl Pow for Kernel {
    fn pow(&self, base: &Mont, exp: &[u8]) -> Mont {
        match self {
            Kernel::Simd(simd) => simd.pow(base, exp),
            Kernel::Portable => Scalar.pow(base, exp),
        }
    }

    fn pow_g(&self, exp: &[u8]) -> Mont {
        match self {
            Kernel::Simd(simd) => simd.pow_g(exp),
            Kernel::Portable => Scalar.pow_g(exp),
        }
    }
}

thread_local! {
    static KERNEL: Kernel = SimdPow::load().map_or(Kernel::Portable, Kernel::Simd);
    /// A client drawn ahead of the next sign-in; each is used once.
    static READY: RefCell<Option<Client<Kernel>>> = const { RefCell::new(None) };
}

/// Draws `a` and computes `A` for the next sign-in, unless one is waiting.
pub fn prepare() {
    if READY.with_borrow(Option::is_none) {
        if let Ok(client) = new_client() {
            READY.set(Some(client));
        }
    }
}

/// The prepared client (taken: never used twice), or a new one.
pub fn take() -> Result<Client<Kernel>, Error> {
    match READY.take() {
        Some(client) => Ok(client),
        None => new_client(),
    }
}

/// The claim for `challenge`, at the client's time `now` (Unix seconds).
pub fn answer(
    client: Client<Kernel>,
    pool_id: &str,
    password: &str,
    challenge: &Challenge<'_>,
    now: i64,
) -> Result<ChallengeAnswer, Error> {
    let answer =
        crate::timing::srp(|| client.answer(pool_id, password, challenge, now.max(0) as u64));
    crate::timing::signed();
    answer
}

/// A remembered device's claim for its DEVICE_PASSWORD_VERIFIER challenge.
pub fn answer_device(
    client: Client<Kernel>,
    device: Device<'_>,
    password: &str,
    challenge: &DeviceChallenge<'_>,
    now: i64,
) -> Result<ChallengeAnswer, Error> {
    crate::timing::srp(|| client.answer_device(device, password, challenge, now.max(0) as u64))
}

fn new_client() -> Result<Client<Kernel>, Error> {
    let kernel = KERNEL.with(Clone::clone);
    crate::timing::kernel(kernel.name());
    crate::timing::srp(|| Client::new_in(kernel))
}
