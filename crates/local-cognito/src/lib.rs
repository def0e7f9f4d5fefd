//! `local-cognito`: a Cognito-compatible user pool server on one port, for
//! local development and tests. It speaks the Cognito Identity Provider JSON
//! protocol (`POST /` with `X-Amz-Target`), verifies SRP for real with
//! `cognito-srp`, signs RS256 tokens, keeps everything in SQLite, and shows
//! the emails it would have sent (console and `GET /_local/messages`).

mod console;
mod error;
mod keys;
mod ops;
mod store;
mod tokens;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cognito_idp::{ErrorCode, Operation};
use serde_json::json;

pub use error::ApiError;
use keys::Keys;
use store::Store;

/// The pool and app client made on first start; `public/js/config.js`
/// names the same ids.
pub const DEFAULT_POOL: &str = include_str!("../default-pool.json");
/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    /// The data directory (SQLite inside); None keeps everything in memory.
    pub data: Option<PathBuf>,
    /// Tokens' `iss` is `<issuer_base>/<poolId>`; by default this server's URL.
    pub issuer_base: Option<String>,
    /// Lets `POST /_local/clock` move this server's clock forward (tests).
    pub time_travel: bool,
    /// Print each request and each message sent.
    pub verbose: bool,
    /// Keep every request body, readable at `GET /_local/requests`: for
    /// tests that check what a client sends (a password must never be).
    pub record_requests: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 9229,
            data: Some(PathBuf::from(".local-cognito")),
            issuer_base: None,
            time_travel: false,
            verbose: true,
            record_requests: false,
        }
    }
}

/// The server's state, shared by every request.
pub struct App {
    store: Mutex<Store>,
    keys: Keys,
    issuer_base: String,
    origin: String,
    clock_offset: AtomicI64,
    time_travel: bool,
    verbose: bool,
    /// (X-Amz-Target, body) of every API request, when recording.
    recorded: Option<Mutex<Vec<(String, String)>>>,
}

impl App {
    /// Unix seconds, moved by `/_local/clock` when time travel is on.
    pub fn now(&self) -> i64 {
        unix_now() + self.clock_offset.load(Ordering::Relaxed)
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic while the lock was held leaves SQLite consistent: go on.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn issuer(&self, pool_id: &str) -> String {
        format!("{}/{pool_id}", self.issuer_base)
    }

    fn log(&self, line: impl std::fmt::Display) {
        if self.verbose {
            use std::io::Write as _;
            // A closed stdout must not stop the server.
            let _ = writeln!(std::io::stdout(), "[local-cognito] {line}");
        }
    }
}

/// The real clock, Unix seconds.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
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

/// Opens the store, makes the default pool and keys if missing, binds and serves.
pub async fn start(config: Config) -> Result<Running, String> {
    let store = match &config.data {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            Store::open(&dir.join("local-cognito.sqlite3"))
        }
        None => Store::in_memory(),
    }
    .map_err(|e| format!("cannot open the database: {e}"))?;
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let origin = format!("http://{addr}");
    let now = unix_now();
    let keys = Keys::load_or_create(&store, now)?;
    ops::admin::create_default_pool(&store, now).map_err(|e| format!("default pool: {}", e.0))?;
    let app = Arc::new(App {
        store: Mutex::new(store),
        keys,
        issuer_base: config
            .issuer_base
            .clone()
            .unwrap_or_else(|| origin.clone())
            .trim_end_matches('/')
            .to_string(),
        origin,
        clock_offset: AtomicI64::new(0),
        time_travel: config.time_travel,
        verbose: config.verbose,
        recorded: config.record_requests.then(Mutex::default),
    });
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = router(app);
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, router).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            eprintln!("[local-cognito] server error: {e}");
        }
    });
    Ok(Running {
        addr,
        shutdown: Some(shutdown),
        task: Some(task),
    })
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(
            "/",
            post(api).options(preflight).get(console::home_redirect),
        )
        .route("/{pool_id}/.well-known/jwks.json", get(jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(openid_configuration),
        )
        .route("/_local/", get(console::page))
        .route("/_local/console.css", get(console::stylesheet))
        .route("/_local/messages", get(console::messages))
        .route("/_local/confirm", post(console::confirm))
        .route("/_local/clock", post(console::clock))
        .route("/_local/requests", get(console::requests))
        .fallback(not_found)
        .layer(axum::middleware::map_response(cors))
        .with_state(app)
}

/// CORS for browser pages on other origins: the headers the official
/// clients send, and the error headers they read.
async fn cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert(
        "access-control-expose-headers",
        HeaderValue::from_static("x-amzn-errortype, x-amzn-requestid"),
    );
    headers.insert(
        "x-amzn-requestid",
        HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).expect("a uuid is a header value"),
    );
    response
}

async fn preflight() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("POST, GET, OPTIONS"),
    );
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static(
            "content-type, x-amz-target, x-amz-user-agent, cache-control, authorization",
        ),
    );
    headers.insert("access-control-max-age", HeaderValue::from_static("600"));
    response
}

/// `POST /`: one Cognito operation, named by `X-Amz-Target`.
async fn api(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(operation) = Operation::from_target(target) else {
        app.log(format_args!("{target:?} -> UnknownOperationException"));
        return ApiError::new(
            ErrorCode::UnknownOperationException,
            format!("Unknown operation {target:?}."),
        )
        .into_response();
    };
    let body: Bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            return ApiError::new(
                ErrorCode::RequestEntityTooLargeException,
                format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
            )
            .into_response()
        }
    };
    if let Some(recorded) = &app.recorded {
        let entry = (
            target.to_string(),
            String::from_utf8_lossy(&body).into_owned(),
        );
        recorded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(entry);
    }
    let worker = app.clone();
    let result = tokio::task::spawn_blocking(move || ops::dispatch(&worker, operation, &body))
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(e)));
    match result {
        Ok(json) => {
            app.log(format_args!("{} -> 200", operation.name()));
            ([("content-type", cognito_idp::CONTENT_TYPE)], json).into_response()
        }
        Err(error) => {
            app.log(format_args!("{} -> {}", operation.name(), error.code()));
            error.into_response()
        }
    }
}

async fn jwks(State(app): State<Arc<App>>, Path(pool_id): Path<String>) -> Response {
    if !ops::pool_exists(&app, &pool_id) {
        return not_found().await;
    }
    Json(app.keys.jwks()).into_response()
}

async fn openid_configuration(
    State(app): State<Arc<App>>,
    Path(pool_id): Path<String>,
) -> Response {
    if !ops::pool_exists(&app, &pool_id) {
        return not_found().await;
    }
    let issuer = app.issuer(&pool_id);
    Json(json!({
        "issuer": issuer,
        "jwks_uri": format!("{}/{pool_id}/.well-known/jwks.json", app.origin),
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "token"],
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "subject_types_supported": ["public"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }))
    .into_response()
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}
