//! The work of one sign-in on the client, exported to the benchmark page:
//! draw `a`, compute `SRP_A`, then answer the challenge.

use cognito_srp::{Challenge, Client};
use wasm_bindgen::prelude::*;

/// Returns `SRP_A`, `TIMESTAMP` and the signature, joined by newlines, so
/// that none of the work can be optimised away and the page can check it.
#[wasm_bindgen]
pub fn sign_in(
    pool_id: &str,
    password: &str,
    srp_b: &str,
    salt: &str,
    secret_block: &str,
    user_id_for_srp: &str,
    unix_seconds: f64,
) -> Result<String, JsError> {
    let client = Client::new()?;
    let challenge = Challenge {
        srp_b,
        salt,
        secret_block,
        user_id_for_srp,
    };
    let answer = client.answer(pool_id, password, &challenge, unix_seconds as u64)?;
    Ok(format!(
        "{}\n{}\n{}",
        client.srp_a(),
        answer.timestamp,
        answer.signature
    ))
}
