//! A minimal W3C WebDriver client over plain HTTP, for ChromeDriver and
//! headless Chromium. Only what the tests and benches need: sessions, navigation,
//! scripts, clicks, screenshots and traces.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key W3C WebDriver uses for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP request; returns the JSON body. ChromeDriver may keep the
/// connection open, so the body is read by its `Content-Length`.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<Value> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        &stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut reader = BufReader::new(stream);
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut json = Vec::new();
    match length {
        Some(n) => {
            json.resize(n, 0);
            reader.read_exact(&mut json)?;
        }
        None => {
            reader.read_to_end(&mut json)?;
        }
    }
    serde_json::from_slice(&json)
        .map_err(|e| std::io::Error::other(format!("{e}: {}", String::from_utf8_lossy(&json))))
}

/// A running ChromeDriver and one headless Chromium session; both end on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    profile: TempDir,
}

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// How to start a [`Browser`] beyond the defaults.
#[derive(Default)]
pub struct Config {
    /// Chromium trace categories (comma-separated) to record for
    /// [`Browser::trace_until`]; nothing is traced when empty.
    pub trace_categories: &'static str,
}

impl Browser {
    /// Starts ChromeDriver (`$CHROMEDRIVER` or `chromedriver`) and a headless
    /// Chromium (`$CHROME_BIN` or `/usr/bin/chromium`).
    pub fn start() -> Browser {
        Browser::start_with(&Config::default())
    }

    /// [`Browser::start`] with a [`Config`].
    pub fn start_with(config: &Config) -> Browser {
        let port = free_port();
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {driver_bin}: {e}; run `make test`, which installs it")
            });
        let deadline = Instant::now() + Duration::from_secs(20);
        while http(port, "GET", "/status", None)
            .map(|v| v["value"]["ready"] != true)
            .unwrap_or(true)
        {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not become ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = std::env::temp_dir().join(format!("cvalues-chromium-{port}"));
        let chrome = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        // Finding an element to click or type into waits up to 10 s for it:
        // parts of the page appear once their wasm module is in.
        let mut caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "timeouts": {"implicit": 10_000},
            "goog:chromeOptions": {
                "binary": chrome,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--no-first-run", "--window-size=1300,1000", format!("--user-data-dir={}", profile.display())]
            }
        }}});
        if !config.trace_categories.is_empty() {
            let always = &mut caps["capabilities"]["alwaysMatch"];
            always["goog:loggingPrefs"] = json!({ "performance": "ALL" });
            always["goog:chromeOptions"]["perfLoggingPrefs"] = json!({
                "enableNetwork": false,
                "enablePage": false,
                "traceCategories": config.trace_categories,
            });
        }
        let reply = http(port, "POST", "/session", Some(&caps)).expect("new session");
        let session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {reply}"))
            .to_string();
        Browser {
            driver,
            port,
            session,
            profile: TempDir(profile),
        }
    }

    /// Waits until the browser has finished starting: until its processes
    /// (all those of this session's profile) use under 2% of a core for
    /// half a second, or for at most 10 s. Chromium keeps a core busy for
    /// about a second after it starts (here: preloading the omnibox's
    /// WebUI renderer), which a page loaded meanwhile would be timed with.
    /// Linux only (it reads `/proc`); elsewhere it returns at once.
    pub fn wait_until_idle(&self) {
        let profile = format!("--user-data-dir={}", self.profile.0.display());
        let ticks = || -> Option<u64> {
            let mut sum = 0;
            for entry in std::fs::read_dir("/proc").ok()?.flatten() {
                let dir = entry.path();
                let ours = std::fs::read(dir.join("cmdline"))
                    .is_ok_and(|c| c.split(|&b| b == 0).any(|arg| arg == profile.as_bytes()));
                if !ours {
                    continue;
                }
                // utime and stime, fields 14 and 15, after the parenthesised name.
                let stat = std::fs::read_to_string(dir.join("stat")).unwrap_or_default();
                let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split(' ').collect();
                sum += fields
                    .get(12..14)
                    .map_or(0, |f| f.iter().map(|t| t.parse::<u64>().unwrap_or(0)).sum());
            }
            Some(sum)
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        let Some(mut last) = ticks() else { return };
        let mut quiet = 0;
        while quiet < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(250));
            let now = ticks().unwrap_or(last);
            // A tick is 10 ms of CPU: at most one in 250 ms is under 4% of a core.
            quiet = if now - last <= 1 { quiet + 1 } else { 0 };
            last = now;
        }
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let reply = http(self.port, method, &path, body.as_ref()).expect("webdriver request");
        if reply["value"]["error"].is_string() {
            panic!("webdriver {method} {path}: {}", reply["value"]);
        }
        reply["value"].clone()
    }

    /// Navigates and waits for the document to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Polls `script` until it returns something other than `null` or `false`.
    pub fn wait_for(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self.execute(script, json!([]));
            if !v.is_null() && v != false {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The WebDriver id of the first element matching a CSS selector.
    fn element(&self, css: &str) -> String {
        let el = self.command(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        el[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    /// Clicks the first element matching a CSS selector, as a user would.
    pub fn click(&self, css: &str) {
        let id = self.element(css);
        self.command("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Types `text` into the first element matching a CSS selector; for a
    /// file input, `text` is the path of the file to choose.
    pub fn send_keys(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Runs a Chrome DevTools Protocol command through ChromeDriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// The trace events recorded (the browser started with
    /// [`Config::trace_categories`]) until one for which `last` holds, and
    /// those read with it. ChromeDriver hands a trace over in batches through
    /// its performance log, once a read of the log has ended it (and begun
    /// the next): this reads the log every half second, for up to a minute.
    pub fn trace_until(&self, last: impl Fn(&Value) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut events = Vec::new();
        loop {
            let log = self.command("POST", "/se/log", Some(json!({ "type": "performance" })));
            for entry in log.as_array().into_iter().flatten() {
                let text = entry["message"].as_str().unwrap_or("{}");
                let mut message: Value = serde_json::from_str(text).unwrap_or_default();
                if message["message"]["method"] == "Tracing.dataCollected" {
                    events.push(message["message"]["params"].take());
                }
            }
            if events.iter().any(&last) {
                return events;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for a trace event"
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    /// Saves a PNG screenshot of the viewport.
    pub fn screenshot(&self, path: &Path) {
        let b64 = self.command("GET", "/screenshot", None);
        let png = decode_base64(b64.as_str().expect("base64 screenshot"));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
        .map(value)
        .collect();
    bytes
        .chunks(4)
        .flat_map(|q| {
            let n = q
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &v)| n | (u32::from(v) << (18 - 6 * i)));
            let out = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.into_iter().take(q.len() - 1)
        })
        .collect()
}
