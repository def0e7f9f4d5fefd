//! The reference vectors of `vectors/srp-vectors.json` and
//! `vectors/device-srp-vectors.json` (made with amazon-cognito-identity-js
//! by `vectors/generate.mjs` and `vectors/generate-device.mjs`, see
//! docs/vectors.md), natively and (under wasm-bindgen-test) in Chromium.
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use cognito_srp::vectors::{check, check_device, DeviceVectorFile, Round, VectorFile};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The committed vector file.
const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vectors/srp-vectors.json"
));

/// The committed device vector file.
const DEVICE_VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vectors/device-srp-vectors.json"
));

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_reference_vector_passes_both_halves() {
    let file = VectorFile::parse(VECTORS).unwrap();
    assert_eq!(file.vectors.len(), 24);
    let failures: Vec<String> = file
        .vectors
        .iter()
        .flat_map(|v| check(v).into_iter().map(move |f| format!("{}: {f}", v.id)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_device_vector_passes_the_config_and_both_halves() {
    let file = DeviceVectorFile::parse(DEVICE_VECTORS).unwrap();
    assert_eq!(file.vectors.len(), 17);
    let failures: Vec<String> = file
        .vectors
        .iter()
        .flat_map(|v| {
            check_device(v)
                .into_iter()
                .map(move |f| format!("{}: {f}", v.id))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn either_file_is_told_apart_by_its_set() {
    use cognito_srp::vectors::check_file;
    for (json, count) in [(VECTORS, 24), (DEVICE_VECTORS, 17)] {
        let results = check_file(json).unwrap();
        assert_eq!(results.len(), count);
        assert!(results.iter().all(|(_, failures)| failures.is_empty()));
    }
    assert!(VectorFile::parse(DEVICE_VECTORS).is_err());
    assert!(DeviceVectorFile::parse(VECTORS).is_err());
    assert!(check_file(r#"{"set": "other"}"#).is_err());
}

/// The client half again, its exponentiations in the SIMD module: users'
/// vectors and devices'.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn every_reference_vector_passes_with_the_simd_module() {
    let simd = srp_simd::SimdPow::load().expect("Chromium has wasm SIMD");
    let file = VectorFile::parse(VECTORS).unwrap();
    let devices = DeviceVectorFile::parse(DEVICE_VECTORS).unwrap();
    let failures: Vec<String> = file
        .vectors
        .iter()
        .flat_map(|v| {
            cognito_srp::vectors::check_with(v, simd.clone())
                .into_iter()
                .map(move |f| format!("{}: {f}", v.id))
        })
        .chain(devices.vectors.iter().flat_map(|v| {
            cognito_srp::vectors::check_device_with(v, simd.clone())
                .into_iter()
                .map(move |f| format!("{}: {f}", v.id))
        }))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Changes the expected S of `round`, and makes its negative signature
/// the right password's.
fn corrupt(round: &mut Round) {
    let first = if round.S_hex.starts_with('1') {
        "2"
    } else {
        "1"
    };
    round.S_hex.replace_range(0..1, first);
    round.negative.signature_b64 = round.signature_b64.clone();
}

/// Asserts that a failure starts with each of `parts`.
fn assert_reported(failures: &[String], parts: &[&str]) {
    for part in parts {
        assert!(
            failures.iter().any(|f| f.starts_with(part)),
            "{part}: {failures:?}"
        );
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_corrupted_vector_is_reported() {
    // The checks themselves can fail: change one expected value of each half.
    let mut file = VectorFile::parse(VECTORS).unwrap();
    let v = &mut file.vectors[0];
    corrupt(&mut v.round);
    let failures = check(v);
    assert_reported(&failures, &["client S", "server S"]);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("wrong") || f.contains("signature of")),
        "{failures:?}"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_corrupted_device_vector_is_reported() {
    // The config, each half and the negative can fail.
    let mut file = DeviceVectorFile::parse(DEVICE_VECTORS).unwrap();
    let v = &mut file.vectors[0];
    corrupt(&mut v.round);
    let first = if v.config_verifier_b64.starts_with('F') {
        "G"
    } else {
        "F"
    };
    v.config_verifier_b64.replace_range(0..1, first);
    let failures = check_device(v);
    assert_reported(
        &failures,
        &["config PasswordVerifier", "client S", "server verifier"],
    );
    // The config's verifier also feeds the server: fix it to reach the rest.
    let mut file = DeviceVectorFile::parse(DEVICE_VECTORS).unwrap();
    let v = &mut file.vectors[0];
    corrupt(&mut v.round);
    let failures = check_device(v);
    assert_reported(&failures, &["server S"]);
    assert!(
        failures.iter().any(|f| f.contains("signature of")),
        "{failures:?}"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn random_a_signs_in_against_the_server_half() {
    // getrandom must work where this runs (Web Crypto in the browser).
    signs_in_against_the_server_half(cognito_srp::Client::new().unwrap());
}

/// A drawn a (32 bytes: g^a by the module's comb) with the SIMD module.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn random_a_signs_in_with_the_simd_module() {
    let simd = srp_simd::SimdPow::load().expect("Chromium has wasm SIMD");
    signs_in_against_the_server_half(cognito_srp::Client::new_in(simd).unwrap());
}

/// The right password is accepted and another refused by the server half.
fn signs_in_against_the_server_half(client: cognito_srp::Client<impl cognito_srp::Pow>) {
    use cognito_srp::{Challenge, Claim, PasswordVerifier, Server};
    let pool = "eu-west-1_Wild";
    let stored = PasswordVerifier::generate(pool, "rider", "Un1corn!").unwrap();
    let server = Server::start(&stored, &client.srp_a()).unwrap();
    let b = server.srp_b();
    let salt = stored.salt_hex();
    let challenge = Challenge {
        srp_b: &b,
        salt: &salt,
        secret_block: "AAECAw==",
        user_id_for_srp: "rider",
    };
    let now = 1_800_000_000;
    for (password, accepted) in [("Un1corn!", true), ("Un1corn?", false)] {
        let answer = client.answer(pool, password, &challenge, now).unwrap();
        let claim = Claim {
            secret_block: "AAECAw==",
            timestamp: &answer.timestamp,
            signature: &answer.signature,
        };
        assert_eq!(
            server.verify(pool, "rider", &claim, now).is_ok(),
            accepted,
            "{password}"
        );
    }
}
