//! Notices that travel from one page to the next ("your email is
//! verified"): typed app state, not flags in the URL. A page posts one
//! before it moves on; the next page takes it, so it shows once.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// verify.html -> signin.html
    EmailVerified,
    /// Sign out -> signin.html
    SignedOut,
    /// A refresh the service refused, on a signed-in page -> signin.html
    SessionEnded,
    /// A signed-out visit to a signed-in page -> signin.html
    SignInFirst,
    /// forgot-password.html, reset done -> signin.html
    PasswordReset,
    /// Sign-in by a user who has not confirmed the code -> verify.html
    NotVerifiedYet,
    /// account.html, "Sign out everywhere" -> signin.html
    SignedOutEverywhere,
    /// account.html, the account deleted -> index.html
    AccountDeleted,
}

/// The notice waiting for the next page (one for the whole app).
#[derive(Debug, Clone, Copy)]
pub struct Notices(RwSignal<Option<Notice>>);

impl Notices {
    pub fn new() -> Notices {
        Notices(RwSignal::new(None))
    }

    pub fn post(self, notice: Notice) {
        self.0.set(Some(notice));
    }

    /// Posts `notice` unless another is waiting (which says more).
    pub fn offer(self, notice: Notice) {
        if self.0.with_untracked(Option::is_none) {
            self.post(notice);
        }
    }

    /// The waiting notice, which is then gone.
    pub fn take(self) -> Option<Notice> {
        self.0.try_update(Option::take).flatten()
    }
}
