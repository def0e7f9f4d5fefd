//! Submissions. A form runs one request at a time: `busy` is true while it
//! runs (the submit button shows it), and `done` gets the result.
//!
//! This stands where Leptos's `Action` would: an `Action` per form cost
//! about 10 KB gzip of the wasm (its reactive bookkeeping, monomorphised per
//! form), which the app's 150 KB budget cannot spare.

use std::future::Future;

use leptos::prelude::*;

pub fn run<T: 'static>(
    busy: RwSignal<bool>,
    request: impl Future<Output = T> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    leptos::task::spawn_local(async move {
        let result = request.await;
        busy.set(false);
        done(result);
    });
}
