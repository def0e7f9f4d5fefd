//! Submissions. A form runs one request at a time: `busy` is true while it
//! runs (the submit button shows it), and `done` gets the result.
//!
//! This stands where Leptos's `Action` would. Measured with the router in
//! (cargo xtask dist, gzip -9): the registration form alone on an
//! `Action::new_local` (dispatch, `pending()` for busy) made the visit 3.9 KB
//! larger; five forms, more. The app is over its 150 KB budget already (see
//! the README's size table), so the forms keep this: the same busy state
//! and one request at a time, in a few lines.

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
