//! A small static file server for the built site, as GitHub Pages serves it:
//! under a subpath, with an optional other folder standing in for `results/`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the server serves the site.
#[derive(Debug, Clone, Default)]
pub struct Serve {
    /// A folder to serve in place of the site's `results/`.
    pub results: Option<PathBuf>,
    /// A delay before each `results/` response, to observe loading states.
    pub results_delay: Duration,
    /// Send bodies gzip-compressed (`gzip -6`, as GitHub Pages does) when the
    /// client accepts it, so that byte counts are what a reader downloads.
    pub gzip: bool,
    /// Answer 404 for paths that contain any of these, as if not published.
    pub missing: Vec<String>,
}

/// Compressed bodies by file, made once each.
type GzipCache = Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>;

/// The subpath the site is built for and served under.
pub const SUBPATH: &str = "/cvalues-leaderboard/";

/// A running server; stops when dropped: from then on every request, also
/// on a connection kept alive, goes unanswered, as when the network is down.
/// Responses may be cached for ten minutes (`Cache-Control: max-age=600`),
/// as GitHub Pages says.
pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves `site` under [`SUBPATH`], as `config` says.
    pub fn start(site: &Path, config: Serve) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let site = site.to_path_buf();
        let stopped = stop.clone();
        let log = Arc::new(Mutex::new(Vec::new()));
        let logged = log.clone();
        let cache: Arc<GzipCache> = Arc::default();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::Relaxed) {
                    break;
                }
                if let Ok(stream) = stream {
                    let (site, config, log) = (site.clone(), config.clone(), logged.clone());
                    let (cache, stopped) = (cache.clone(), stopped.clone());
                    std::thread::spawn(move || {
                        let _ = handle(stream, &site, &config, &log, &cache, &stopped);
                    });
                }
            }
        });
        Server { port, stop, log }
    }

    /// Every request so far, as `METHOD /path`.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// The site's root URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{SUBPATH}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wake the accept loop
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("jsonl") => "application/jsonl; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// Whether a static host compresses this kind of file.
fn compressible(path: &Path) -> bool {
    !matches!(path.extension().and_then(|e| e.to_str()), Some("png"))
}

/// The file gzip-compressed with `gzip -6`, made once per file.
fn gzipped(path: &Path, cache: &GzipCache) -> std::io::Result<Arc<Vec<u8>>> {
    if let Some(body) = cache.lock().unwrap().get(path) {
        return Ok(body.clone());
    }
    let out = std::process::Command::new("gzip")
        .args(["-6", "-c", "-n"])
        .arg(path)
        .output()?;
    if !out.status.success() {
        return Err(std::io::Error::other(format!("gzip {}", path.display())));
    }
    let body = Arc::new(out.stdout);
    cache
        .lock()
        .unwrap()
        .insert(path.to_path_buf(), body.clone());
    Ok(body)
}

fn resolve(url_path: &str, site: &Path, config: &Serve) -> Option<PathBuf> {
    if config.missing.iter().any(|m| url_path.contains(m.as_str())) {
        return None;
    }
    let rel = url_path.split(['?', '#']).next()?.strip_prefix(SUBPATH)?;
    if rel.split('/').any(|seg| seg == ".." || seg.contains('\\')) {
        return None;
    }
    let rel = if rel.is_empty() { "index.html" } else { rel };
    if rel.starts_with("results/") {
        std::thread::sleep(config.results_delay);
    }
    let path = match (rel.strip_prefix("results/"), &config.results) {
        (Some(inner), Some(dir)) => dir.join(inner),
        _ => site.join(rel),
    };
    path.is_file().then_some(path)
}

/// Serves the requests of one connection, one after another, until the
/// client closes it (HTTP/1.1 keep-alive, as static hosts do: a browser
/// reuses its few connections rather than opening one per file).
fn handle(
    stream: TcpStream,
    site: &Path,
    config: &Serve,
    log: &Mutex<Vec<String>>,
    cache: &GzipCache,
    stopped: &AtomicBool,
) -> std::io::Result<()> {
    // One write per response, without Nagle's delay: a header written apart
    // from its body would otherwise wait on the client's delayed ACK.
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(()); // the client closed the connection
        }
        if stopped.load(Ordering::Relaxed) {
            return Ok(()); // stopped: kept-alive connections close unanswered too
        }
        let mut accepts_gzip = false;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
                break;
            }
            let header = header.to_ascii_lowercase();
            if let Some(value) = header.strip_prefix("accept-encoding:") {
                accepts_gzip |= value.contains("gzip");
            }
        }
        let mut words = request_line.split_whitespace();
        let (method, url_path) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
        log.lock().unwrap().push(format!("{method} {url_path}"));
        let (status, kind, body, encoding) = match resolve(url_path, site, config) {
            Some(path) if config.gzip && accepts_gzip && compressible(&path) => {
                let body = gzipped(&path, cache)?.to_vec();
                (
                    "200 OK",
                    content_type(&path),
                    body,
                    "Content-Encoding: gzip\r\n",
                )
            }
            Some(path) => ("200 OK", content_type(&path), std::fs::read(&path)?, ""),
            // As GitHub Pages does: the site's 404.html, where it has one.
            None => match std::fs::read(site.join("404.html")) {
                Ok(page) => ("404 Not Found", "text/html; charset=utf-8", page, ""),
                Err(_) => ("404 Not Found", "text/plain", b"not found".to_vec(), ""),
            },
        };
        let mut response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{encoding}Content-Length: {}\r\nCache-Control: max-age=600\r\nConnection: keep-alive\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(&body);
        stream.write_all(&response)?;
    }
}
