//! Support for the tests and the benchmarks: [`webdriver`], to drive
//! headless Chromium, [`cognito`], to drive a running local-cognito, and a
//! static file server on 127.0.0.1, in a thread of
//! the calling process: it stops when that process exits.
//! `POST /result` hands the body to whoever waits on [`StaticServer::result`];
//! files can be replaced by other content ([`StaticServer::set_file`]); every
//! request's method and URL is logged ([`StaticServer::requests`]).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Response, Server};

pub mod cognito;
pub mod headers;
pub mod webdriver;

pub struct StaticServer {
    pub url: String,
    results: Receiver<String>,
    overrides: Arc<Mutex<HashMap<String, String>>>,
    log: Arc<Mutex<Vec<String>>>,
}

impl StaticServer {
    pub fn start(dir: &Path) -> Result<StaticServer, String> {
        let server = listener()
            .and_then(|l| Server::from_listener(l, None))
            .map_err(|e| format!("static server: {e}"))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("static server: no port")?;
        let (sender, results) = channel();
        let overrides: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let (dir, served, logged) = (dir.to_path_buf(), overrides.clone(), log.clone());
        std::thread::spawn(move || {
            for mut request in server.incoming_requests() {
                let path = request
                    .url()
                    .split(['?', '#'])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                logged
                    .lock()
                    .unwrap()
                    .push(format!("{} {}", request.method(), request.url()));
                if *request.method() == Method::Post && path == "/result" {
                    let mut body = String::new();
                    let _ = request.as_reader().read_to_string(&mut body);
                    let _ = sender.send(body);
                    let _ = request.respond(Response::empty(204));
                    continue;
                }
                if let Some(content) = served.lock().unwrap().get(&path).cloned() {
                    let _ = request.respond(with_headers(Response::from_string(content), &path));
                    continue;
                }
                // Files are answered in parallel, as a real static host does:
                // a browser asks for the page's assets all at once.
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let response = match file_for(&dir, &path).and_then(|p| std::fs::read(p).ok()) {
                        Some(bytes) => with_headers(Response::from_data(bytes), &path),
                        None => Response::from_string("not found").with_status_code(404),
                    };
                    let _ = request.respond(response);
                });
            }
        });
        Ok(StaticServer {
            url: format!("http://127.0.0.1:{port}"),
            results,
            overrides,
            log,
        })
    }

    /// The next body posted to `/result`, waiting at most `timeout`.
    pub fn result(&self, timeout: Duration) -> Option<String> {
        self.results.recv_timeout(timeout).ok()
    }

    /// Serves `content` at `path` (e.g. `/js/config.js`) instead of the file.
    pub fn set_file(&self, path: &str, content: &str) {
        self.overrides
            .lock()
            .unwrap()
            .insert(path.to_string(), content.to_string());
    }

    /// Every request so far, as `METHOD URL`.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

/// A listener on a free port of 127.0.0.1 whose connections send at once
/// (TCP_NODELAY, inherited by accepted sockets), as static hosts do: with
/// Nagle's algorithm a response's last segment can wait for the browser's
/// delayed ACK.
fn listener() -> Result<std::net::TcpListener, Box<dyn std::error::Error + Send + Sync>> {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

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

/// A response with the headers the deployed site's host sends for `path`
/// ([`headers`]): the same Content-Type and Cache-Control.
fn with_headers<R: std::io::Read>(response: Response<R>, path: &str) -> Response<R> {
    let key = path.trim_start_matches('/');
    let key = if key.is_empty() { "index.html" } else { key };
    let header = |name: &str, value: &str| Header::from_bytes(name, value).expect("a valid header");
    response
        .with_header(header(
            "Content-Type",
            headers::content_type(key).unwrap_or("application/octet-stream"),
        ))
        .with_header(header("Cache-Control", headers::cache_control(key)))
}
