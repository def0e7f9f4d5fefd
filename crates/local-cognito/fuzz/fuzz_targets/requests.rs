//! local-cognito's request path, as `POST /` runs it, on a server in memory
//! built once: the first byte picks the operation (one of
//! `Operation::ALL`; any higher value takes the next bytes up to a NUL as a
//! raw `X-Amz-Target`), the rest is the body. Nothing may panic, nothing
//! may be a 500 (an internal error is a finding too), and every answer must
//! be one Cognito's clients read: 200 with a JSON object, or 400 / 413 with
//! a known `__type` and a message.
//!
//! The server keeps what earlier inputs made (users, codes, pools), so a
//! finding may need the inputs before it to reproduce.
#![no_main]

use std::sync::OnceLock;

use cognito_idp::{ErrorCode, Operation};
use libfuzzer_sys::fuzz_target;
use local_cognito::fuzzing::InProcess;
use serde_json::Value;

fn server() -> &'static InProcess {
    static SERVER: OnceLock<InProcess> = OnceLock::new();
    SERVER.get_or_init(|| {
        // The cause of an internal error is logged, not answered: show it.
        tracing_subscriber::fmt()
            .with_max_level(tracing_subscriber::filter::LevelFilter::ERROR)
            .with_writer(std::io::stderr)
            .init();
        InProcess::new().expect("a server in memory")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let (target, body) = match Operation::ALL.get(usize::from(pick)) {
        Some(operation) => (operation.target(), rest),
        None => {
            let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            let target = String::from_utf8_lossy(&rest[..end]).into_owned();
            (target, rest.get(end + 1..).unwrap_or_default())
        }
    };
    let (status, answer) = server().call(&target, body);
    assert_ne!(status, 500, "an internal error: {target:?} {answer}");
    let json: Value = serde_json::from_str(&answer)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {target:?} {status} {answer}"));
    if status == 200 {
        assert!(json.is_object(), "{target:?}: {answer}");
        return;
    }
    assert!(
        matches!(status, 400 | 413),
        "status {status}: {target:?} {answer}"
    );
    let kind = json["__type"].as_str().unwrap_or_default();
    assert!(
        ErrorCode::parse(kind).is_some_and(|code| code.as_str() == kind),
        "not a known __type: {target:?} {answer}"
    );
    assert!(json["message"].is_string(), "{target:?}: {answer}");
});
