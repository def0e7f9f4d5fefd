//! Marks for `cargo xtask bench app` and the browser tests, read from the
//! page: `performance` entry `interactive` (the first page's handlers are
//! bound), and in sessionStorage the sign-in click, the SRP work after it,
//! the signature ready, ride.html showing the user, and which SRP kernel
//! ran. A handful of bytes; nothing leaves the browser.

const CLICK: &str = "wildrydes.bench.click";
const SRP_MS: &str = "wildrydes.bench.srp";
const SIGNED_MS: &str = "wildrydes.bench.signed";
const RIDE_MS: &str = "wildrydes.bench.ride";
const KERNEL: &str = "wildrydes.srp.kernel";

// Whole milliseconds: formatting or parsing an f64 would pull about 20 KB
// of float code into the wasm.
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn store(key: &str, value: u64) {
    store_text(key, &value.to_string());
}

fn store_text(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
}

fn read(key: &str) -> Option<u64> {
    session_storage()?.get_item(key).ok()??.parse().ok()
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The app is mounted and the first page's handlers bound.
pub fn interactive() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("interactive");
    }
}

/// ride.html shows the signed-in user: the end of a sign-in's wait, if one
/// was clicked (a later visit to the page is not one).
pub fn ride_shown() {
    if let Some(clicked) = read(CLICK) {
        store(RIDE_MS, now_ms().saturating_sub(clicked));
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(CLICK);
        }
    }
}

pub fn sign_in_clicked() {
    store(CLICK, now_ms());
    store(SRP_MS, 0);
}

/// The claim is signed: all the client's work of the sign-in is done, and
/// RespondToAuthChallenge leaves now.
pub fn signed() {
    if let Some(clicked) = read(CLICK) {
        store(SIGNED_MS, now_ms().saturating_sub(clicked));
    }
}

/// Which kernel the SRP math runs on ("simd" or "portable").
pub fn kernel(name: &str) {
    store_text(KERNEL, name);
}

/// Adds the time of some SRP math of a sign-in (after the click; `A` drawn
/// ahead of it counts towards the next click, which resets this).
pub fn srp<T>(work: impl FnOnce() -> T) -> T {
    let start = now_ms();
    let result = work();
    store(
        SRP_MS,
        read(SRP_MS).unwrap_or(0) + now_ms().saturating_sub(start),
    );
    result
}
