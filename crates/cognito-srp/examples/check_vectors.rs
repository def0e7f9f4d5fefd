//! Checks both SRP halves against a reference vector file
//! (schema: docs/vectors.md; the committed one is
//! crates/cognito-srp/vectors/srp-vectors.json).
//!
//! `cargo run --release -p cognito-srp --example check_vectors -- FILE`
//!
//! Prints one line per failing vector and exits non-zero on any failure.

use std::process::ExitCode;

use cognito_srp::vectors::{check, VectorFile};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check_vectors FILE");
        return ExitCode::from(2);
    };
    let file = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|json| VectorFile::parse(&json))
    {
        Ok(file) => file,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = 0;
    for vector in &file.vectors {
        let failures = check(vector);
        if !failures.is_empty() {
            failed += 1;
            println!("FAIL {}: {}", vector.id, failures.join("; "));
        }
    }
    println!(
        "{path}: {} of {} vectors pass",
        file.vectors.len() - failed,
        file.vectors.len()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
