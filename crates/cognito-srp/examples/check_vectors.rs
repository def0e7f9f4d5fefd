//! Checks both SRP halves against a reference vector file (schema:
//! docs/vectors.md; the committed ones are
//! crates/cognito-srp/vectors/srp-vectors.json, users, and
//! crates/cognito-srp/vectors/device-srp-vectors.json, remembered devices).
//!
//! `cargo run --release -p cognito-srp --example check_vectors -- FILE`
//!
//! Prints one line per failing vector and exits non-zero on any failure.

use std::process::ExitCode;

use cognito_srp::vectors::check_file;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check_vectors FILE");
        return ExitCode::from(2);
    };
    let results = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|json| check_file(&json))
    {
        Ok(results) => results,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = 0;
    for (id, failures) in &results {
        if !failures.is_empty() {
            failed += 1;
            println!("FAIL {id}: {}", failures.join("; "));
        }
    }
    println!(
        "{path}: {} of {} vectors pass",
        results.len() - failed,
        results.len()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
