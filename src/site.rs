//! What the pages that talk to Cognito work with: the settings and the
//! requests, the session, the notice for the next page. Made once at the
//! root (and given by context to the pages that only look, such as home).

use crate::api::Api;
use crate::auth::Auth;
use crate::notice::Notices;

#[derive(Debug, Clone, Copy)]
pub struct Site {
    pub api: Api,
    pub auth: Auth,
    pub notices: Notices,
}
