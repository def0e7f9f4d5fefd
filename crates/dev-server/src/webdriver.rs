//! Just enough WebDriver (W3C) to drive Debian's headless Chromium through
//! chromedriver: sessions, navigation, elements, scripts.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// Headless Chromium on this machine: root (no sandbox), a closed network
/// (no background connections, updates, sync or QUIC), no GPU, a small
/// /dev/shm. Everything that starts Chromium for the project uses these.
pub const CHROMIUM_ARGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
];

/// How long to wait for the page to reach a state.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// chromedriver on a free port of 127.0.0.1, stopped on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    pub fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (Debian's chromium-driver; `cargo xtask test` installs it)");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while ureq::get(&format!("{url}/status")).call().is_err() {
            assert!(started.elapsed() < PATIENCE, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One headless Chromium with a fresh profile.
pub struct Browser {
    base: String,
}

impl Browser {
    pub fn open(driver: &Driver) -> Browser {
        let mut args: Vec<&str> = CHROMIUM_ARGS.to_vec();
        args.push("--window-size=1200,900");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args }
        }}});
        let response: Value = ureq::post(&format!("{}/session", driver.url))
            .send_json(capabilities)
            .expect("a Chromium session")
            .into_json()
            .unwrap();
        let id = response["value"]["sessionId"]
            .as_str()
            .expect("a session id");
        Browser {
            base: format!("{}/session/{id}", driver.url),
        }
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        match ureq::post(&format!("{}{path}", self.base)).send_json(body) {
            Ok(response) => Ok(response.into_json::<Value>().unwrap()["value"].clone()),
            Err(ureq::Error::Status(_, response)) => {
                Err(response.into_string().unwrap_or_default())
            }
            Err(e) => Err(e.to_string()),
        }
    }

    fn get(&self, path: &str) -> Value {
        ureq::get(&format!("{}{path}", self.base))
            .call()
            .unwrap()
            .into_json::<Value>()
            .unwrap()["value"]
            .clone()
    }

    pub fn go(&self, url: &str) {
        self.post("/url", json!({ "url": url })).unwrap();
    }

    pub fn reload(&self) {
        self.post("/refresh", json!({})).unwrap();
    }

    /// The browser's Back button.
    pub fn back(&self) {
        self.post("/back", json!({})).unwrap();
    }

    /// The browser's Forward button.
    pub fn forward(&self) {
        self.post("/forward", json!({})).unwrap();
    }

    pub fn url(&self) -> String {
        self.get("/url").as_str().unwrap().to_string()
    }

    /// The element matching `css`, waiting for it to appear.
    pub fn find(&self, css: &str) -> String {
        self.wait_until(&format!("no {css}"), || {
            let found = self
                .post("/element", json!({"using": "css selector", "value": css}))
                .ok()?;
            found[ELEMENT].as_str().map(String::from)
        })
    }

    /// Polls `done` until it gives a value, for at most [`PATIENCE`]; then
    /// fails with `what`, the page's address and its text.
    pub fn wait_until<T>(&self, what: &str, mut done: impl FnMut() -> Option<T>) -> T {
        let started = Instant::now();
        loop {
            if let Some(value) = done() {
                return value;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{what} on {}; the page said:\n{}",
                self.url(),
                self.body_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn exists(&self, css: &str) -> bool {
        self.post("/element", json!({"using": "css selector", "value": css}))
            .is_ok()
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.post(&format!("/element/{element}/clear"), json!({}))
            .unwrap();
        self.post(
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        )
        .unwrap();
    }

    pub fn click(&self, css: &str) {
        let element = self.find(css);
        self.post(&format!("/element/{element}/click"), json!({}))
            .unwrap();
    }

    pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let element = self.find(css);
        self.get(&format!("/element/{element}/attribute/{name}"))
            .as_str()
            .map(String::from)
    }

    pub fn value(&self, css: &str) -> String {
        let element = self.find(css);
        self.get(&format!("/element/{element}/property/value"))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn body_text(&self) -> String {
        self.script(
            "return document.body ? document.body.innerText : ''",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Waits until the page's text contains `text`.
    pub fn wait_for_text(&self, text: &str) {
        self.wait_until(&format!("never saw {text:?}"), || {
            self.body_text().contains(text).then_some(())
        })
    }

    /// Waits until the location's path ends with `file`.
    pub fn wait_for_page(&self, file: &str) {
        self.wait_until(&format!("never reached {file}"), || {
            let url = self.url();
            url.split('?')
                .next()
                .unwrap_or_default()
                .ends_with(file)
                .then_some(())
        })
    }

    /// A Chrome DevTools Protocol command, through chromedriver.
    pub fn cdp(&self, command: &str, params: Value) -> Value {
        self.post(
            "/goog/cdp/execute",
            json!({ "cmd": command, "params": params }),
        )
        .unwrap()
    }

    pub fn script(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .unwrap()
    }

    pub fn async_script(&self, script: &str, args: Value) -> Value {
        self.post("/execute/async", json!({ "script": script, "args": args }))
            .unwrap()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.base).call();
    }
}
