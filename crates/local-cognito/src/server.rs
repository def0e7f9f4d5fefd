//! The server's state, shared by every request: the store, the signing
//! keys, the clock, the decoys' secret, and how it was started.

use std::sync::Mutex;

use crate::clock::Clock;
use crate::decoy::Decoys;
use crate::keys::Keys;
use crate::store::Store;

pub struct Server {
    pub store: Store,
    pub keys: Keys,
    pub clock: Clock,
    pub decoys: Decoys,
    /// Tokens' `iss` is `<issuer_base>/<poolId>`.
    pub issuer_base: String,
    /// This server's own URL.
    pub origin: String,
    /// It listens on a loopback address: requests must name this machine.
    pub loopback_only: bool,
    /// Origins beyond this machine's whose pages may call the API.
    pub allowed_origins: Vec<String>,
    /// (X-Amz-Target, body with its secrets masked) of every API request,
    /// when recording.
    pub recorded: Option<Mutex<Vec<(String, String)>>>,
    /// API operations running at once: four a core (others run while one
    /// waits for the store's lock or its thread). The rest wait their turn
    /// in arrival order: under load the first come is served first, where
    /// with every request sharing the cores all would finish late (a p99
    /// of 160 ms against under 40, `cargo xtask bench server`). The
    /// console's few pages do not queue here.
    pub running: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Server {
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn issuer(&self, pool_id: &str) -> String {
        format!("{}/{pool_id}", self.issuer_base)
    }
}
