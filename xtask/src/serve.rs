//! A static file server on 127.0.0.1 for the tests and the benchmark, in a
//! thread of this process: it stops when xtask exits. `POST /result` hands
//! the body to whoever waits on [`StaticServer::result`].

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use tiny_http::{Header, Method, Response, Server};

pub struct StaticServer {
    pub url: String,
    results: Receiver<String>,
}

impl StaticServer {
    pub fn start(dir: &Path) -> Result<StaticServer, String> {
        let server = Server::http("127.0.0.1:0").map_err(|e| format!("static server: {e}"))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("static server: no port")?;
        let (sender, results) = channel();
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            for mut request in server.incoming_requests() {
                if *request.method() == Method::Post && request.url() == "/result" {
                    let mut body = String::new();
                    let _ = request.as_reader().read_to_string(&mut body);
                    let _ = sender.send(body);
                    let _ = request.respond(Response::empty(204));
                    continue;
                }
                let response = match file_for(&dir, request.url()) {
                    Some(path) => match std::fs::read(&path) {
                        Ok(bytes) => Response::from_data(bytes).with_header(content_type(&path)),
                        Err(_) => Response::from_string("not found").with_status_code(404),
                    },
                    None => Response::from_string("not found").with_status_code(404),
                };
                let _ = request.respond(response);
            }
        });
        Ok(StaticServer {
            url: format!("http://127.0.0.1:{port}"),
            results,
        })
    }

    /// The next body posted to `/result`, waiting at most `timeout`.
    pub fn result(&self, timeout: Duration) -> Option<String> {
        self.results.recv_timeout(timeout).ok()
    }
}

/// The file a URL names under `dir`: no `..`, query dropped, `/` is index.html.
fn file_for(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_start_matches('/');
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

fn content_type(path: &Path) -> Header {
    let mime = match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
    Header::from_bytes("Content-Type", mime).expect("a valid header")
}
