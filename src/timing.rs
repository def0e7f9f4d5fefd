//! Marks for `cargo xtask bench app`, read from the page by the benchmark:
//! `performance` entry `interactive` (the page's handlers are bound), and in
//! sessionStorage the sign-in click, the SRP work, and the arrival on
//! ride.html. A handful of bytes; nothing leaves the browser.

const CLICK: &str = "wildrydes.bench.click";
const SRP_MS: &str = "wildrydes.bench.srp";
const RIDE_MS: &str = "wildrydes.bench.ride";

// Whole milliseconds: formatting or parsing an f64 would pull about 20 KB
// of float code into the wasm.
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn store(key: &str, value: u64) {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.set_item(key, &value.to_string());
    }
}

fn read(key: &str) -> Option<u64> {
    web_sys::window()?
        .session_storage()
        .ok()??
        .get_item(key)
        .ok()??
        .parse()
        .ok()
}

/// The page is mounted and its handlers bound.
pub fn interactive() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("interactive");
    }
    if let Some(clicked) = read(CLICK) {
        store(RIDE_MS, now_ms().saturating_sub(clicked));
    }
}

pub fn sign_in_clicked() {
    store(CLICK, now_ms());
    store(SRP_MS, 0);
}

/// Adds the time of some SRP math of a sign-in.
pub fn srp<T>(work: impl FnOnce() -> T) -> T {
    let start = now_ms();
    let result = work();
    store(
        SRP_MS,
        read(SRP_MS).unwrap_or(0) + now_ms().saturating_sub(start),
    );
    result
}
