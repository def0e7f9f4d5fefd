//! Support for the tests and the benchmarks: [`webdriver`], to drive
//! headless Chromium, [`cognito`], to drive a running local-cognito, and a
//! static file server on 127.0.0.1 (axum), in a thread of
//! the calling process: it stops when that process exits.
//! `POST /result` hands the body to whoever waits on [`StaticServer::result`];
//! files can be replaced by other content ([`StaticServer::set_file`]); every
//! request's method and URL is logged ([`StaticServer::requests`]).
// Test support: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt;

pub mod cognito;
pub mod headers;
pub mod webdriver;

pub struct StaticServer {
    pub url: String,
    results: Receiver<String>,
    site: Arc<Site>,
}

/// What the server answers from: shared by its connections.
struct Site {
    dir: PathBuf,
    overrides: Mutex<HashMap<String, String>>,
    log: Mutex<Vec<String>>,
    results: Mutex<Sender<String>>,
}

impl StaticServer {
    /// Serves `dir` on a free port of 127.0.0.1, each connection on its
    /// own task, as a static host does: a browser asks for a page's assets
    /// all at once, over several connections that it keeps alive.
    pub fn start(dir: &Path) -> Result<StaticServer, String> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .map_err(|e| format!("static server: {e}"))?;
        let port = listener
            .local_addr()
            .map_err(|e| format!("static server: {e}"))?
            .port();
        let (sender, results) = channel();
        let site = Arc::new(Site {
            dir: dir.to_path_buf(),
            overrides: Mutex::default(),
            log: Mutex::default(),
            results: Mutex::new(sender),
        });
        let served = site.clone();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .build()
            .map_err(|e| format!("static server: {e}"))?;
        std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)
                    .expect("a listener on the runtime")
                    // Static hosts send at once (TCP_NODELAY): with Nagle's
                    // algorithm a response's last segment can wait for the
                    // browser's delayed ACK.
                    .tap_io(|tcp| drop(tcp.set_nodelay(true)));
                let app = axum::Router::new().fallback(answer).with_state(served);
                let _ = axum::serve(listener, app).await;
            })
        });
        Ok(StaticServer {
            url: format!("http://127.0.0.1:{port}"),
            results,
            site,
        })
    }

    /// The next body posted to `/result`, waiting at most `timeout`.
    pub fn result(&self, timeout: Duration) -> Option<String> {
        self.results.recv_timeout(timeout).ok()
    }

    /// Serves `content` at `path` (e.g. `/js/config.js`) instead of the file.
    pub fn set_file(&self, path: &str, content: &str) {
        self.site
            .overrides
            .lock()
            .unwrap()
            .insert(path.to_string(), content.to_string());
    }

    /// Every request so far, as `METHOD URL`.
    pub fn requests(&self) -> Vec<String> {
        self.site.log.lock().unwrap().clone()
    }
}

async fn answer(State(site): State<Arc<Site>>, method: Method, uri: Uri, body: Bytes) -> Response {
    site.log.lock().unwrap().push(format!("{method} {uri}"));
    let path = uri.path();
    if method == Method::POST && path == "/result" {
        let _ = site
            .results
            .lock()
            .unwrap()
            .send(String::from_utf8_lossy(&body).into_owned());
        return StatusCode::NO_CONTENT.into_response();
    }
    let content = site.overrides.lock().unwrap().get(path).cloned();
    let (status, key, content) = match content {
        Some(content) => (StatusCode::OK, path, content.into_bytes()),
        None => match file_for(&site.dir, path) {
            Some(file) => match tokio::fs::read(file).await {
                Ok(bytes) => (StatusCode::OK, path, bytes),
                Err(_) => return StatusCode::NOT_FOUND.into_response(),
            },
            // As the deployed host (CloudFront's custom error response):
            // 404.html, if the site has one, for any path it lacks.
            None => match tokio::fs::read(site.dir.join(NOT_FOUND_PAGE)).await {
                Ok(bytes) => (StatusCode::NOT_FOUND, NOT_FOUND_PAGE, bytes),
                Err(_) => return (StatusCode::NOT_FOUND, "not found").into_response(),
            },
        },
    };
    // The headers the deployed site's host sends ([`headers`]).
    let key = key.trim_start_matches('/');
    let key = if key.is_empty() { "index.html" } else { key };
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                headers::content_type(key).unwrap_or("application/octet-stream"),
            ),
            (header::CACHE_CONTROL, headers::cache_control(key)),
        ],
        content,
    )
        .into_response()
}

/// What the site shows for a path it does not have.
const NOT_FOUND_PAGE: &str = "404.html";

/// The file a path names under `dir`: no `..`, `/` is index.html.
fn file_for(dir: &Path, path: &str) -> Option<PathBuf> {
    let path = path.trim_start_matches('/');
    let relative = Path::new(if path.is_empty() { "index.html" } else { path });
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let full = dir.join(relative);
    full.is_file().then_some(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_files_overrides_and_results_with_the_deployed_headers() {
        let dir = std::env::temp_dir().join(format!("dev-server-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("js")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>home").unwrap();
        std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
        let server = StaticServer::start(&dir).unwrap();

        let home = ureq::get(&format!("{}/", server.url)).call().unwrap();
        assert_eq!(
            home.header("Content-Type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(home.header("Cache-Control"), Some(headers::NO_CACHE));
        assert_eq!(home.into_string().unwrap(), "<p>home");
        let wasm = ureq::get(&format!("{}/app-0123456789abcdef_bg.wasm?v=1", server.url))
            .call()
            .unwrap();
        assert_eq!(wasm.header("Content-Type"), Some("application/wasm"));
        assert_eq!(wasm.header("Cache-Control"), Some(headers::IMMUTABLE));

        server.set_file("/js/config.js", "window._config = {};");
        let config = ureq::get(&format!("{}/js/config.js", server.url))
            .call()
            .unwrap();
        assert_eq!(config.into_string().unwrap(), "window._config = {};");

        let missing = |path: &str| match ureq::get(&format!("{}{path}", server.url)).call() {
            Err(ureq::Error::Status(status, response)) => (status, response.into_string().unwrap()),
            other => panic!("{path}: {other:?}"),
        };
        assert_eq!(missing("/nothing.html"), (404, "not found".to_string()));
        // Sent as it is (an HTTP client would fold the `..` away first).
        let raw = |path: &str| {
            use std::io::{Read as _, Write as _};
            let mut stream =
                std::net::TcpStream::connect(server.url.trim_start_matches("http://")).unwrap();
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            answer
        };
        // A file beside the served directory, named by a path that climbs out.
        let outside = format!("dev-server-outside-{}", std::process::id());
        let outside_path = dir.parent().unwrap().join(&outside);
        std::fs::write(&outside_path, "outside").unwrap();
        let escaped = raw(&format!("/js/../../{outside}"));
        let _ = std::fs::remove_file(&outside_path);
        assert!(escaped.starts_with("HTTP/1.1 404"), "{escaped}");
        assert!(!escaped.contains("outside"), "{escaped}");
        // With a 404.html, that page, still as a 404.
        std::fs::write(dir.join("404.html"), "<p>no such page").unwrap();
        assert_eq!(
            missing("/nothing.html"),
            (404, "<p>no such page".to_string())
        );

        ureq::post(&format!("{}/result", server.url))
            .send_string("{\"ok\":true}")
            .unwrap();
        assert_eq!(
            server.result(Duration::from_secs(5)).as_deref(),
            Some("{\"ok\":true}")
        );
        assert!(server
            .requests()
            .contains(&"GET /app-0123456789abcdef_bg.wasm?v=1".to_string()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
