//! The one error of the browser codecs: a value and a type that do not fit
//! (JSON of another shape, or a value no request holds). It carries no
//! message on purpose: serde's messages format floats, and formatting them
//! compiles the float printer into the app's wasm, while every caller only
//! asks whether it worked.

use core::fmt;

use serde::{de, ser};

#[derive(Debug)]
pub struct Mismatch;

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the JSON and the type do not fit")
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Mismatch
    }
}

impl ser::Error for Mismatch {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Mismatch
    }
}
