//! The signed-in session, one for the whole app: loaded from storage at
//! start, mirrored back to storage on every change, and refreshed before it
//! expires. And the guard of the pages that need it.

use std::time::Duration;

use cognito_idp::client::ClientError;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::{Api, AuthError};
use crate::clock;
use crate::notice::{Notice, Notices};
use crate::route::Page;
use crate::session::{self, Session};

/// After a refresh that could not reach the service, the next try.
const REFRESH_RETRY: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy)]
pub struct Auth {
    pub session: RwSignal<Option<Session>>,
    /// The signed-in page a signed-out visitor asked for: where signing in
    /// leads next.
    pub return_to: RwSignal<Option<Page>>,
}

impl Auth {
    pub fn start(api: Api, notices: Notices) -> Auth {
        let client_id = api.config().client_id.as_str();
        let session = RwSignal::new(session::load(client_id));
        // Storage follows the signal, so that the next visit (and
        // amazon-cognito-identity-js on the same origin) sees the session.
        Effect::new(move || {
            session.with(|current| match current {
                Some(current) => session::save(client_id, current),
                None => session::clear(client_id),
            })
        });
        // Each session schedules its own refresh; a new session (or none)
        // cancels the one before.
        Effect::new(move || {
            let Some(current) = session.get() else {
                return;
            };
            let due = Duration::from_secs(current.refresh_in(clock::now()) as u64);
            let timer = set_timeout_with_handle(
                move || leptos::task::spawn_local(refresh(api, notices, session, current)),
                due,
            );
            on_cleanup(move || {
                if let Ok(timer) = timer {
                    timer.clear();
                }
            });
        });
        Auth {
            session,
            return_to: RwSignal::new(None),
        }
    }
}

async fn refresh(api: Api, notices: Notices, session: RwSignal<Option<Session>>, current: Session) {
    let renewed = api.refresh(&current).await;
    // Only for the session it renewed: the user may have signed out (or in
    // again) meanwhile.
    let unchanged = session.with_untracked(|now| {
        now.as_ref()
            .is_some_and(|now| now.refresh_token == current.refresh_token)
    });
    if !unchanged {
        return;
    }
    match renewed {
        Ok(renewed) => session.set(Some(renewed)),
        // Offline for a moment: the session is not over; try again.
        Err(AuthError::Service(ClientError::Network(_))) => {
            set_timeout(move || session.notify(), REFRESH_RETRY);
        }
        Err(_) => {
            notices.post(Notice::SessionEnded);
            session.set(None);
        }
    }
}

/// A page only for a signed-in visitor. A signed-out one is sent to sign-in
/// (which then brings them back here), from an effect: never while the
/// page renders.
#[component]
pub fn SignedIn(auth: Auth, notices: Notices, page: Page, children: ChildrenFn) -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move || {
        let signed_out = auth.session.with(Option::is_none);
        // Not when the page is already being left (a sign-out moves on by
        // itself).
        if signed_out && location.pathname.get_untracked() == page.path() {
            auth.return_to.set(Some(page));
            notices.offer(Notice::SignInFirst);
            navigate(
                Page::SignIn.path(),
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });
    move || auth.session.with(Option::is_some).then(|| children())
}
