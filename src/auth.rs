//! The signed-in session, one for the whole app: loaded from storage at
//! start, mirrored back to storage on every change, and refreshed before it
//! expires. And the guard of the pages that need it.

use std::time::Duration;

use std::future::Future;

use cognito_idp::client::ClientError;
use cognito_idp::{ErrorCode, ServiceError};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::{self, Api, AuthError};
use crate::clock;
use crate::notice::{Notice, Notices};
use crate::route::Page;
use crate::session::{self, Session};

/// After a refresh that failed for a passing reason, the next try.
const REFRESH_RETRY: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy)]
pub struct Auth {
    pub session: RwSignal<Option<Session>>,
    /// The signed-in page a signed-out visitor asked for: where signing in
    /// leads next.
    pub return_to: RwSignal<Option<Page>>,
    /// The service refused to renew the session (not a sign-out): a
    /// signed-in page then says so.
    ended: RwSignal<bool>,
}

impl Auth {
    pub fn start(api: Api) -> Auth {
        let client_id = api.config().client_id.as_str();
        let auth = Auth {
            session: RwSignal::new(session::load(client_id)),
            return_to: RwSignal::new(None),
            ended: RwSignal::new(false),
        };
        let session = auth.session;
        // Storage follows the signal, so that the next visit (and
        // amazon-cognito-identity-js on the same origin) sees the session;
        // a user signed in over another leaves no tokens of the other.
        // (Its first run sees what was just loaded: nothing to write.)
        Effect::new(move |before: Option<Option<String>>| {
            let user = session.with(|current| current.as_ref().map(|s| s.user.clone()));
            let Some(before) = before else {
                return user;
            };
            session.with(|current| match current {
                Some(current) => session::save(client_id, current),
                None => session::clear(client_id),
            });
            if let Some(before) = before.filter(|before| Some(before) != user.as_ref()) {
                session::forget(client_id, &before);
            }
            user
        });
        // Each session schedules its own refresh; a new session (or none)
        // cancels the one before.
        Effect::new(move || {
            let Some(current) = session.get() else {
                return;
            };
            let due = Duration::from_secs(current.refresh_in(clock::now()).max(0) as u64);
            let timer = set_timeout_with_handle(
                move || leptos::task::spawn_local(refresh(api, auth, current)),
                due,
            );
            on_cleanup(move || {
                if let Ok(timer) = timer {
                    timer.clear();
                }
            });
        });
        auth
    }

    /// A session from signing in: any earlier end is over.
    pub fn signed_in(self, session: Session) {
        self.ended.set(false);
        self.session.set(Some(session));
    }

    /// Takes `renewed` in place of `old` if the session is still `old`
    /// (the user may have signed out, or in again, while it was renewed).
    pub fn renewed(self, old: &Session, renewed: Session) -> bool {
        let unchanged = self.session.with_untracked(|now| {
            now.as_ref()
                .is_some_and(|now| now.refresh_token == old.refresh_token)
        });
        if unchanged {
            self.session.set(Some(renewed));
        }
        unchanged
    }

    /// The service no longer takes the session: a signed-in page sends the
    /// user to sign in, saying that the session ended.
    pub fn end(self) {
        self.ended.set(true);
        self.session.set(None);
    }

    /// Signed out, or the account deleted, from a signed-in page: the
    /// notice for the next page, the move there, then the end of the
    /// session (the page is already being left, so the guard stays still).
    pub fn leave(
        self,
        notices: Notices,
        notice: Notice,
        to: Page,
        navigate: impl Fn(&str, NavigateOptions),
    ) {
        notices.post(notice);
        navigate(to.path(), NavigateOptions::default());
        self.session.set(None);
    }

    /// Runs `op` with the session. An access token that has expired (the
    /// laptop slept, and the refresh timer has not run yet) is renewed, and
    /// `op` runs once more with the new one. Without a session (signed out
    /// meanwhile), the answer is the service's for a revoked token.
    pub async fn act<T, F: Future<Output = Result<T, ClientError>>>(
        self,
        api: Api,
        op: impl Fn(Session) -> F,
    ) -> Result<T, ClientError> {
        let Some(current) = self.session.get_untracked() else {
            return Err(ClientError::Service(ServiceError::new(
                ErrorCode::NotAuthorizedException,
                "Access Token has been revoked",
            )));
        };
        match op(current.clone()).await {
            Err(e) if api::access_token_expired(&e) => match api.refresh(&current).await {
                Ok(renewed) if self.renewed(&current, renewed.clone()) => op(renewed).await,
                _ => Err(e),
            },
            answer => answer,
        }
    }
}

/// Whether a failed refresh may pass (offline, the service busy or
/// failing): the session is then kept and the refresh tried again.
fn is_passing(error: &AuthError) -> bool {
    match error {
        AuthError::Service(ClientError::Network(_) | ClientError::Unexpected { .. }) => true,
        AuthError::Service(e) => matches!(
            e.code(),
            Some(ErrorCode::InternalErrorException | ErrorCode::TooManyRequestsException)
        ),
        _ => false,
    }
}

async fn refresh(api: Api, auth: Auth, current: Session) {
    let renewed = match api.refresh(&current).await {
        Ok(renewed) => {
            auth.renewed(&current, renewed);
            return;
        }
        Err(e) => e,
    };
    // Only for the session it was to renew: the user may have signed out
    // (or in again) meanwhile.
    let unchanged = auth.session.with_untracked(|now| {
        now.as_ref()
            .is_some_and(|now| now.refresh_token == current.refresh_token)
    });
    if !unchanged {
        return;
    }
    if is_passing(&renewed) {
        set_timeout(move || auth.session.notify(), REFRESH_RETRY);
        return;
    }
    // Another tab of the site may have renewed the session first and, with
    // rotation, replaced the refresh token this one was refused with: the
    // stored session is then the one to keep.
    match session::load(&api.config().client_id) {
        Some(stored) if stored.refresh_token != current.refresh_token => {
            auth.session.set(Some(stored));
        }
        _ => auth.end(),
    }
}

/// A page only for a signed-in visitor. A signed-out one is sent to sign-in
/// (which then brings them back here), from an effect: never while the
/// page renders.
#[component]
pub fn SignedIn(auth: Auth, notices: Notices, page: Page, children: ChildrenFn) -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    // Whether, not which: a renewed session leaves the page as it is.
    let signed_in = Memo::new(move |_| auth.session.with(Option::is_some));
    Effect::new(move || {
        // Not when the page is already being left (a sign-out moves on by
        // itself).
        if !signed_in.get() && location.pathname.get_untracked() == page.path() {
            auth.return_to.set(Some(page));
            notices.offer(if auth.ended.get_untracked() {
                Notice::SessionEnded
            } else {
                Notice::SignInFirst
            });
            navigate(
                Page::SignIn.path(),
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });
    move || signed_in.get().then(|| children())
}
