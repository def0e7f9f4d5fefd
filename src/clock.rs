//! The visitor's clock.

/// Now, in Unix seconds. (Whole seconds: f64 formatting and parsing would
/// pull about 20 KB of float code into the wasm.)
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}
