//! The release site in headless Chromium, loaded cold several times: time to
//! the first complete leaderboard (the app's `leaderboard-ready` mark), bytes
//! fetched before it, the longest main-thread task (Long Tasks API, observed
//! from before any page script runs), and memory (JS heap + wasm). At the
//! paper's scale (the shipped 12-model demo) and at 100 models. Prints medians.
//!
//! Run: `make bench-page` (it installs the tools), or
//! `cargo bench --bench page` with the tools on PATH.

#[path = "../tests/support/mod.rs"]
mod support;

use serde_json::{json, Value};
use std::path::Path;
use support::server::{Serve, Server};
use support::site::{built_site, repo};
use support::webdriver::Browser;

const RUNS: usize = 5;
const OBSERVE_LONG_TASKS: &str = "window.__longTasks = [];
    new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
        .observe({ type: 'longtask', buffered: true });";

struct Sample {
    ready_ms: f64,
    bytes: f64,
    longest_task_ms: f64,
    memory_mb: f64,
}

fn measure(url: &str) -> Sample {
    let browser = Browser::start();
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": OBSERVE_LONG_TASKS }),
    );
    browser.goto(url);
    browser.wait_for(
        "the leaderboard-ready mark",
        "return performance.getEntriesByName('leaderboard-ready').length > 0;",
    );
    std::thread::sleep(std::time::Duration::from_millis(1500)); // let late tasks finish
    let v: Value = browser.execute(
        "const ready = performance.getEntriesByName('leaderboard-ready')[0].startTime;
         const nav = performance.getEntriesByType('navigation')[0];
         const bytes = nav.transferSize + performance.getEntriesByType('resource')
             .filter(e => e.responseEnd <= ready).reduce((a, e) => a + e.transferSize, 0);
         return { ready, bytes, longest: Math.max(0, ...window.__longTasks),
                  memory: performance.memory.usedJSHeapSize + (window.__cvaluesWasmMemory || 0) };",
        json!([]),
    );
    Sample {
        ready_ms: v["ready"].as_f64().unwrap(),
        bytes: v["bytes"].as_f64().unwrap(),
        longest_task_ms: v["longest"].as_f64().unwrap(),
        memory_mb: v["memory"].as_f64().unwrap() / 1e6,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn report(name: &str, site: &Path, results: Option<&Path>) {
    let server = Server::start(
        site,
        Serve {
            results: results.map(Path::to_path_buf),
            ..Serve::default()
        },
    );
    let samples: Vec<Sample> = (0..RUNS).map(|_| measure(&server.url())).collect();
    let m = |f: fn(&Sample) -> f64| median(samples.iter().map(f).collect());
    println!(
        "{name:<24} {:>10.0} {:>14.1} {:>14.0} {:>12.1}",
        m(|s| s.ready_ms),
        m(|s| s.bytes) / 1e6,
        m(|s| s.longest_task_ms),
        m(|s| s.memory_mb)
    );
}

fn main() {
    let site = built_site();
    let hundred = repo().join("target/bench/results-100");
    if !hundred.join("index.json").is_file() {
        support::cli::run(&[
            "demo",
            "--seed",
            "1",
            "--models",
            "100",
            "--out",
            hundred.to_str().unwrap(),
        ]);
    }
    println!(
        "medians of {RUNS} cold loads of the release site (served uncompressed from localhost)"
    );
    println!(
        "{:<24} {:>10} {:>14} {:>14} {:>12}",
        "results", "ready (ms)", "fetched (MB)", "longest task", "memory (MB)"
    );
    report("demo, 12 models", site, None);
    report("demo, 100 models", site, Some(&hundred));
}
