//! `local-cognito`: a Cognito-compatible user pool server on one port, for
//! local development and tests. It speaks the Cognito Identity Provider JSON
//! protocol (`POST /` with `X-Amz-Target`), verifies SRP for real with
//! `cognito-srp`, signs RS256 tokens, keeps everything in SQLite, and shows
//! the emails it would have sent (console and `GET /_local/messages`).
//!
//! The modules, leaves first: `model` (the domain), `random`, `digest`,
//! `clock`, `error`, `pool_schema` (a pool's attributes, which are required),
//! `validate`, `store` (SQLite, a file a table area),
//! `keys`, `decoy`, `server` (the shared state), `context` (what an operation
//! runs with), `credentials`, `codes`, `users`, `tokens`, `webauthn` (a
//! passkey's registration and assertion checked), then `ops` (one
//! handler an operation) and `http` (router, API, CORS, console).

mod clock;
mod codes;
mod context;
mod credentials;
mod decoy;
mod digest;
mod error;
mod http;
mod keys;
mod model;
mod ops;
mod pool_schema;
mod random;
mod server;
mod store;
mod tokens;
mod totp;
mod users;
mod validate;
mod verifiers;
mod webauthn;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use error::ApiError;
pub use http::MAX_BODY_BYTES;

use clock::Clock;
use context::Ctx;
use decoy::Decoys;
use keys::Keys;
use server::Server;
use store::Store;

pub use ops::DEFAULT_POOL;
/// How often what has expired is removed.
const PRUNE_EVERY: Duration = Duration::from_secs(600);
/// Bytes of the server's secret, the key of its decoys.
const SECRET_BYTES: usize = 32;

#[derive(Debug, Clone)]
pub struct Settings {
    pub host: String,
    pub port: u16,
    /// The data directory (SQLite inside); None keeps everything in memory.
    pub data: Option<PathBuf>,
    /// Tokens' `iss` is `<issuer_base>/<poolId>`; by default this server's URL.
    pub issuer_base: Option<String>,
    /// Lets `POST /_local/clock` move this server's clock forward (tests).
    pub time_travel: bool,
    /// Keep every request body (secrets masked), readable at
    /// `GET /_local/requests`: for tests that check what a client sends.
    pub record_requests: bool,
    /// Origins beyond this machine's whose pages may call the API.
    pub allow_origins: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            host: "127.0.0.1".into(),
            port: 9229,
            data: Some(PathBuf::from(".local-cognito")),
            issuer_base: None,
            time_travel: false,
            record_requests: false,
            allow_origins: Vec::new(),
        }
    }
}

/// A server that is running; it stops when `stop` is called or it is dropped.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Waits until the server stops (never, unless it fails).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The ids of the default pool and its app client.
pub fn default_ids() -> Result<(String, String), String> {
    ops::default_ids()
}

/// Opens the store, makes the default pool, keys and secret if missing,
/// binds and serves; removes what has expired now and every 10 minutes.
pub async fn start(config: Settings) -> Result<Running, String> {
    let store = match &config.data {
        Some(dir) => {
            private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            Store::open(dir)
        }
        None => Store::in_memory(),
    }
    .map_err(|e| format!("cannot open the database: {e}"))?;
    if !is_loopback_host(&config.host) {
        tracing::warn!(
            host = %config.host,
            "listening beyond this machine: anyone who can reach it can read the outbox and call admin operations"
        );
    }
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let origin = format!("http://{addr}");
    let server = Arc::new(assemble(store, origin, &config)?);
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = http::router(server.clone());
    let task = tokio::spawn(async move {
        let pruning = tokio::spawn(prune_forever(server));
        let serve = axum::serve(listener, router).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            tracing::error!("server error: {e}");
        }
        pruning.abort();
    });
    Ok(Running {
        addr,
        shutdown: Some(shutdown),
        task: Some(task),
    })
}

/// The server's state on `store`: its keys and secret (made the first
/// time), and the default pool and client (made unless they exist).
fn assemble(store: Store, origin: String, config: &Settings) -> Result<Server, String> {
    let clock = Clock::new(config.time_travel);
    let (keys, secret) = store
        .transaction(|db| {
            let keys = Keys::load_or_create(db, clock.now()).map_err(ApiError::internal)?;
            let secret = db.secret("decoys", || random::bytes(SECRET_BYTES))?;
            Ok((keys, secret))
        })
        .map_err(|e| e.cause.unwrap_or_else(|| e.service.to_string()))?;
    let server = Server {
        store,
        keys,
        clock,
        decoys: Decoys::new(secret)?,
        issuer_base: config
            .issuer_base
            .clone()
            .unwrap_or_else(|| origin.clone())
            .trim_end_matches('/')
            .to_string(),
        loopback_only: origin
            .strip_prefix("http://")
            .and_then(|address| address.parse::<SocketAddr>().ok())
            .is_some_and(|address| address.ip().is_loopback()),
        origin,
        allowed_origins: config
            .allow_origins
            .iter()
            .map(|origin| origin.trim_end_matches('/').to_string())
            .collect(),
        recorded: config.record_requests.then(Mutex::default),
        running: Arc::new(tokio::sync::Semaphore::new(
            4 * std::thread::available_parallelism().map_or(1, |n| n.get()),
        )),
    };
    Ctx::write(&server, server.now(), ops::create_default_pool)
        .map_err(|e| format!("default pool: {}", e.cause.unwrap_or(e.service.message)))?;
    let made =
        verifiers::backfill_powers(&server.store, server.decoys.verifier_hex()).map_err(|e| {
            format!(
                "verifiers' tables: {}",
                e.cause.unwrap_or(e.service.message)
            )
        })?;
    // One is this start's decoys'.
    if made > 1 {
        tracing::info!(
            made = made - 1,
            "made the tables of powers of users kept before there were any"
        );
    }
    Ok(server)
}

async fn prune_forever(server: Arc<Server>) {
    let mut every = tokio::time::interval(PRUNE_EVERY);
    loop {
        every.tick().await;
        let server = server.clone();
        let pruned = tokio::task::spawn_blocking(move || {
            server
                .store
                .prune(server.now(), server.decoys.verifier_hex())
        })
        .await;
        match pruned {
            Ok(Ok(pruned)) => tracing::debug!(?pruned, "pruned what had expired"),
            Ok(Err(e)) => tracing::error!("pruning: {}", e.cause.unwrap_or(e.service.message)),
            Err(e) => tracing::error!("pruning: {e}"),
        }
    }
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The data directory, its owner's alone (mode 0700: its database holds
/// the signing keys and every user's verifier). One an older local-cognito
/// made is closed; any other directory that exists is left as it is (the
/// database inside is 0600 either way).
#[cfg(unix)]
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if dir.is_dir() {
        if dir.join(store::DATABASE_FILE).is_file() {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// For the cargo-fuzz target (`crates/local-cognito/fuzz`): the API's
/// request path without sockets, on a server in memory.
#[doc(hidden)]
pub mod fuzzing {
    use cognito_idp::Operation;

    use super::*;

    /// A server as `start` makes it, in memory (default pool, fixed
    /// issuer), answering calls in this thread.
    pub struct InProcess {
        server: Server,
    }

    impl InProcess {
        pub fn new() -> Result<InProcess, String> {
            let settings = Settings {
                data: None,
                ..Settings::default()
            };
            let server = assemble(
                Store::in_memory()?,
                "http://127.0.0.1:9229".to_string(),
                &settings,
            )?;
            Ok(InProcess { server })
        }

        /// What `POST /` answers a request with this `X-Amz-Target` and
        /// body: (HTTP status, body). A panic of the operation is not
        /// caught (over HTTP it would be a 500).
        pub fn call(&self, target: &str, body: &[u8]) -> (u16, String) {
            use axum::response::IntoResponse;
            let result = match Operation::from_target(target) {
                None => Err(ApiError::unknown_operation(target)),
                Some(_) if body.len() > MAX_BODY_BYTES => Err(ApiError::too_large(MAX_BODY_BYTES)),
                Some(operation) => ops::serve(&self.server, operation, body),
            };
            match result {
                Ok(json) => (200, json),
                Err(error) => {
                    let body = error.service.to_body();
                    (error.into_response().status().as_u16(), body)
                }
            }
        }
    }
}
