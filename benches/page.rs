//! The release site in headless Chromium, loaded cold several times: time to
//! the first complete leaderboard (the app's `leaderboard-ready` mark), bytes
//! fetched before it (served gzip-compressed, as GitHub Pages serves it; and
//! decompressed), the longest main-thread task (Long Tasks API, observed
//! from before any page script runs), and memory (JS heap + wasm). At the
//! paper's scale (the shipped 12-model demo) and at 100 models. Prints medians.
//! Then the answer parser's throughput compiled to wasm, in the same browser
//! (the app's exported `parse_throughput`), on the golden corpus and on the
//! shipped demo responses. And the size of the bundle, gzip-compressed.
//!
//! Run: `make bench-page` (it installs the tools), or
//! `cargo bench --bench page` with the tools on PATH (`-- throughput` for
//! the wasm throughput only, `-- throughput DIR` for that of the site built
//! in DIR, `-- paper` for the 12-model loads only,
//! `-- timeline` for one load's stages, fetches and CPU profile, `-- trace`
//! for one load's main-thread time by Chromium trace event, `-- against
//! DIR` for this build and the built site in DIR, loaded in turn, and
//! `-- against DIR 100` for the same with 100 models).

#[path = "../crates/cvalues-cli/tests/common/responses.rs"]
mod responses;
#[path = "../tests/support/mod.rs"]
mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use support::server::{Serve, Server};
use support::site::{built_site, bundle_sizes, repo};
use support::webdriver::{Browser, Config};

const RUNS: usize = 9;
/// Run before any page script: observes long tasks, and keeps the timing of
/// every request (the browser keeps 250 by default: 100 models make more).
const BEFORE_PAGE_SCRIPTS: &str = "performance.setResourceTimingBufferSize(100000);
    window.__longTasks = [];
    new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
        .observe({ type: 'longtask', buffered: true });";

/// The app's marks of its loading stages, in order, ending at the first
/// complete leaderboard.
const STAGES: [&str; 6] = [
    "app-started",
    "manifest-fetched",
    "manifest-read",
    "bank-loaded",
    "models-loaded",
    "leaderboard-ready",
];

struct Sample {
    /// When each of `STAGES` was reached (ms after navigation).
    stages: Vec<f64>,
    ready_ms: f64,
    /// Bytes transferred before the leaderboard was ready (gzip-compressed).
    bytes: f64,
    /// The same files' bytes once decompressed.
    decoded_bytes: f64,
    longest_task_ms: f64,
    memory_mb: f64,
}

/// What else one load records, beyond its [`Sample`].
#[derive(Default)]
struct Options {
    /// Print the app's marks and every file's fetch, in time order.
    timeline: bool,
    /// Write a CPU profile of the load (open it in Chrome's DevTools).
    profile: Option<PathBuf>,
}

fn measure(url: &str, options: &Options) -> Sample {
    let browser = Browser::start();
    // The page is timed in a browser that has finished starting, as a
    // reader's is: not beside Chromium's own start-up work.
    browser.wait_until_idle();
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": BEFORE_PAGE_SCRIPTS }),
    );
    if options.profile.is_some() {
        browser.cdp("Profiler.enable", json!({}));
        browser.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }));
        browser.cdp("Profiler.start", json!({}));
    }
    browser.goto(url);
    browser.wait_for(
        "the leaderboard-ready mark",
        "return performance.getEntriesByName('leaderboard-ready').length > 0;",
    );
    if let Some(path) = &options.profile {
        let profile = browser.cdp("Profiler.stop", json!({}));
        std::fs::write(path, profile["profile"].to_string()).unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(1500)); // let late tasks finish
    if options.timeline {
        let lines: Value = browser.execute(
            "const marks = performance.getEntriesByType('mark')
                 .map(m => `${m.startTime.toFixed(0).padStart(6)}  mark ${m.name}`);
             const files = performance.getEntriesByType('resource')
                 .map(e => `${e.startTime.toFixed(0).padStart(6)}  fetch ${new URL(e.name).pathname} (until ${e.responseEnd.toFixed(0)})`);
             return marks.concat(files).sort();",
            json!([]),
        );
        println!("timeline of one load (ms after navigation):");
        for line in lines.as_array().unwrap() {
            println!("{}", line.as_str().unwrap());
        }
    }
    let v: Value = browser.execute(
        "const ready = performance.getEntriesByName('leaderboard-ready')[0].startTime;
         const nav = performance.getEntriesByType('navigation')[0];
         const before = [nav, ...performance.getEntriesByType('resource').filter(e => e.responseEnd <= ready)];
         const bytes = before.reduce((a, e) => a + e.transferSize, 0);
         const decoded = before.reduce((a, e) => a + e.decodedBodySize, 0);
         const stages = arguments[0].map(n => performance.getEntriesByName(n)[0].startTime);
         return { ready, bytes, decoded, stages, longest: Math.max(0, ...window.__longTasks),
                  memory: performance.memory.usedJSHeapSize + (window.__cvaluesWasmMemory || 0) };",
        json!([STAGES]),
    );
    Sample {
        stages: v["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_f64().unwrap())
            .collect(),
        ready_ms: v["ready"].as_f64().unwrap(),
        bytes: v["bytes"].as_f64().unwrap(),
        decoded_bytes: v["decoded"].as_f64().unwrap(),
        longest_task_ms: v["longest"].as_f64().unwrap(),
        memory_mb: v["memory"].as_f64().unwrap() / 1e6,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn report(name: &str, site: &Path, results: Option<&Path>) {
    let server = gzip_server(site, results);
    measure(&server.url(), &Options::default()); // un-timed: the server compresses each file once
    let samples: Vec<Sample> = (0..RUNS)
        .map(|_| measure(&server.url(), &Options::default()))
        .collect();
    print_medians(name, &samples);
}

/// Prints the medians of `samples` under `name`: one row, then the stages.
fn print_medians(name: &str, samples: &[Sample]) {
    let m = |f: fn(&Sample) -> f64| median(samples.iter().map(f).collect());
    println!(
        "{name:<24} {:>10.0} {:>14} {:>14.0} {:>12.1}",
        m(|s| s.ready_ms),
        format!(
            "{:.2} ({:.1})",
            m(|s| s.bytes) / 1e6,
            m(|s| s.decoded_bytes) / 1e6
        ),
        m(|s| s.longest_task_ms),
        m(|s| s.memory_mb)
    );
    let stage = |i: usize| median(samples.iter().map(|s| s.stages[i]).collect());
    println!(
        "{:<24} app started {:.0}, manifest fetched {:.0}, read {:.0}, item bank in {:.0}, models in and scored {:.0}, table shown {:.0}",
        "  at (ms)",
        stage(0),
        stage(1),
        stage(2),
        stage(3),
        stage(4),
        stage(5)
    );
}

/// The 12-model demo (or the results folder `results`) on this build and
/// on the site in `other` (an older build, say), loaded in turn, [`RUNS`]
/// times each: the machine's speed drifts from minute to minute, so a
/// change is judged by this A/B run.
fn against(site: &Path, other: &Path, results: Option<&Path>) {
    let servers = [gzip_server(site, results), gzip_server(other, results)];
    for server in &servers {
        measure(&server.url(), &Options::default()); // un-timed: compresses each file once
    }
    let mut samples: [Vec<Sample>; 2] = Default::default();
    for _ in 0..RUNS {
        for (server, samples) in servers.iter().zip(&mut samples) {
            samples.push(measure(&server.url(), &Options::default()));
        }
    }
    let shown = results.map_or("the 12-model demo".into(), |r| r.display().to_string());
    println!("medians of {RUNS} cold loads each, in turn ({shown})");
    print_medians("this build", &samples[0]);
    print_medians(&other.display().to_string(), &samples[1]);
}

/// Serves `site` gzip-compressed, as GitHub Pages does, with the shipped
/// results or those in `results`.
fn gzip_server(site: &Path, results: Option<&Path>) -> Server {
    Server::start(
        site,
        Serve {
            results: results.map(Path::to_path_buf),
            gzip: true,
            ..Serve::default()
        },
    )
}

/// The demo generator's 100 models (`cvalues demo --models 100`), written
/// afresh so it is always in the current format, with their first-view pack.
fn hundred_models() -> PathBuf {
    let hundred = repo().join("target/bench/results-100");
    let _ = std::fs::remove_dir_all(&hundred);
    support::cli::run(&[
        "demo",
        "--seed",
        "1",
        "--models",
        "100",
        "--out",
        hundred.to_str().unwrap(),
    ]);
    // As the site's build packs the results it ships (scripts/pack-results.sh).
    support::cli::run(&["pack", hundred.to_str().unwrap()]);
    hundred
}

/// One load of the shipped demo, with its timeline printed and a CPU profile
/// written (for finding where the time to the leaderboard goes).
fn timeline(site: &Path) {
    let server = gzip_server(site, None);
    measure(&server.url(), &Options::default()); // the server compresses each file once
    let profile = repo().join("target/bench/page.cpuprofile");
    std::fs::create_dir_all(profile.parent().unwrap()).unwrap();
    let sample = measure(
        &server.url(),
        &Options {
            timeline: true,
            profile: Some(profile.clone()),
        },
    );
    println!(
        "leaderboard ready at {:.0} ms (slower than usual: the profiler samples every 100 µs)",
        sample.ready_ms
    );
    println!(
        "CPU profile: {} (open it in Chrome's DevTools, Performance panel)",
        profile.display()
    );
}

/// The trace categories of `-- trace`: the page's own work, the browser's
/// (parsing, style, layout, text, paint), V8's (scripts, wasm compilation,
/// garbage collection) and the app's marks.
const TRACE_CATEGORIES: &str = "toplevel,blink,blink.user_timing,loading,devtools.timeline,\
    disabled-by-default-devtools.timeline,v8,v8.wasm,disabled-by-default-v8.gc";

/// One load of the shipped demo traced by Chromium: the page's main thread
/// from navigation to the leaderboard, how much of it was busy, and its time
/// by trace event (self time, nested events taken out), which names what the
/// CPU profile shows only as "(program)": compiling wasm, layout, shaping
/// text, parsing HTML, collecting garbage.
fn trace(site: &Path) {
    let server = gzip_server(site, None);
    measure(&server.url(), &Options::default()); // the server compresses each file once
    let browser = Browser::start_with(&Config {
        trace_categories: TRACE_CATEGORIES,
    });
    browser.wait_until_idle();
    browser.trace_until(|_| true); // the browser's start, left out
    browser.goto(&server.url());
    let ready = browser.wait_for(
        "the leaderboard-ready mark",
        "const m = performance.getEntriesByName('leaderboard-ready')[0]; return m ? m.startTime : null;",
    );
    let ready_ms = ready.as_f64().unwrap();
    let is_mark = |e: &Value| {
        e["name"] == "leaderboard-ready"
            && e["cat"].as_str().is_some_and(|c| c.contains("user_timing"))
    };
    let events = browser.trace_until(is_mark);
    // The page's main thread is the one that set the mark.
    let mark = events.iter().find(|e| is_mark(e)).unwrap();
    let (pid, tid) = (mark["pid"].clone(), mark["tid"].clone());
    let end = mark["ts"].as_f64().unwrap(); // µs
    let start = end - ready_ms * 1000.0;
    let spans: Vec<(f64, f64, &str)> = events
        .iter()
        .filter(|e| e["pid"] == pid && e["tid"] == tid && e["ph"] == "X")
        .filter_map(|e| {
            let (ts, dur) = (e["ts"].as_f64()?, e["dur"].as_f64()?);
            let (from, to) = (ts.max(start), (ts + dur).min(end));
            (from < to).then(|| (from, to, e["name"].as_str().unwrap_or("?")))
        })
        .collect();
    let (busy, own) = self_times(spans);
    println!(
        "main thread from navigation to the leaderboard ({ready_ms:.0} ms; slower than usual while traced): busy {:.0} ms",
        busy / 1000.0
    );
    println!("its time by trace event (self time, ms):");
    for (name, us) in own.iter().take(25) {
        println!("{:>8.1}  {name}", us / 1000.0);
    }
}

/// Of one thread's trace events as (begin, end, name) spans, where a span
/// that begins inside another ends inside it: the time in some span (busy),
/// and each name's self time (its spans' time less that of the spans nested
/// in them), most first.
fn self_times(mut spans: Vec<(f64, f64, &str)>) -> (f64, Vec<(&str, f64)>) {
    // Outer events first where two begin together.
    spans.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
    let mut own: std::collections::BTreeMap<&str, f64> = Default::default();
    let mut open: Vec<(f64, &str)> = Vec::new();
    let mut busy = 0.0;
    for &(from, to, name) in &spans {
        while open.last().is_some_and(|&(until, _)| until <= from) {
            open.pop();
        }
        match open.last() {
            Some(&(_, outer)) => *own.entry(outer).or_default() -= to - from,
            None => busy += to - from,
        }
        *own.entry(name).or_default() += to - from;
        open.push((to, name));
    }
    let mut own: Vec<(&str, f64)> = own.into_iter().collect();
    own.sort_by(|a, b| b.1.total_cmp(&a.1));
    (busy, own)
}

/// The golden corpus and the demo responses as JSON Lines of
/// `{"response", "label"}`.
fn corpora() -> [(&'static str, String); 2] {
    let lines = |text: &str| -> Vec<Value> {
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let read =
        |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let shared = repo().join("../shared/cvalues/parser-golden.jsonl");
    let golden: String = lines(&read(&shared))
        .iter()
        .map(|r| json!({ "response": r["response"], "label": r["label"] }).to_string() + "\n")
        .collect();
    let results = repo().join("results");
    let labels: std::collections::HashMap<String, Value> =
        lines(&read(&results.join("items/multichoice.jsonl")))
            .into_iter()
            .map(|v| (v["id"].as_str().unwrap().to_string(), v["label"].clone()))
            .collect();
    let mut demo = String::new();
    for dir in std::fs::read_dir(results.join("models")).unwrap() {
        let rel = format!(
            "models/{}/multichoice.jsonl",
            dir.unwrap().file_name().to_string_lossy()
        );
        for r in responses::multichoice_records(&results, &rel) {
            let label = &labels[r["item"].as_str().unwrap()];
            demo += &(json!({ "response": r["response"], "label": label }).to_string() + "\n");
        }
    }
    [("golden (3,000)", golden), ("demo (51,744)", demo)]
}

/// The size of the files the first view needs (wasm, JS, CSS), raw and
/// compressed with `gzip -9` (as a static host serves them).
fn bundle(site: &Path) {
    println!("\nbundle of the first view (release build), bytes");
    let files = bundle_sizes(site);
    for (name, raw, gz) in &files {
        println!("{name:<52} {raw:>10} raw {gz:>10} gzip");
    }
    let (raw, gz) = files.iter().fold((0, 0), |(r, g), f| (r + f.1, g + f.2));
    println!("{:<52} {raw:>10} raw {gz:>10} gzip", "total");
    println!("fetched when their page first opens:");
    let mut split: Vec<_> = std::fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".wasm") && !files.iter().any(|f| &f.0 == n))
        .collect();
    split.sort();
    for name in split {
        let path = site.join(&name);
        let raw = std::fs::metadata(&path).unwrap().len();
        let gz = std::process::Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .unwrap()
            .stdout
            .len();
        println!("{name:<52} {raw:>10} raw {gz:>10} gzip");
    }
}

/// Parse + tally throughput of each family compiled to wasm, in Chromium.
fn wasm_throughput(site: &Path) {
    let server = Server::start(site, Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    browser.wait_for(
        "the app's bindings",
        "return !!(window.wasmBindings && window.wasmBindings.parse_throughput);",
    );
    let corpora = corpora();
    println!(
        "\nparse + tally in wasm (headless Chromium, one thread), responses/s, median of 7 runs"
    );
    println!("{:<16} {:>22} {:>22}", "family", corpora[0].0, corpora[1].0);
    for family in ["chatgpt", "moss", "ziya", "chinese_alpaca"] {
        let rate = |corpus: &str| {
            browser
                .execute(
                    "return window.wasmBindings.parse_throughput(arguments[0], arguments[1]);",
                    json!([family, corpus]),
                )
                .as_f64()
                .unwrap()
        };
        let (g, d) = (rate(&corpora[0].1), rate(&corpora[1].1));
        assert!(g > 0.0 && d > 0.0, "parse_throughput rejected its input");
        println!("{family:<16} {g:>22.0} {d:>22.0}");
    }
}

fn main() {
    let site = built_site();
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench --bench page -- throughput` runs only the wasm throughput
    // (`-- throughput DIR`: of the site built in DIR, such as an older build).
    if let Some(i) = args.iter().position(|a| a == "throughput") {
        match args.get(i + 1).filter(|a| !a.starts_with('-')) {
            Some(other) => wasm_throughput(Path::new(other)),
            None => wasm_throughput(site),
        }
        return;
    }
    // `-- against DIR` compares this build with the site in DIR (`-- against
    // DIR 100`: loading 100 models).
    if let Some(i) = args.iter().position(|a| a == "against") {
        let other = args
            .get(i + 1)
            .expect("-- against DIR: a built site's folder");
        let hundred = (args.get(i + 2).map(String::as_str) == Some("100")).then(hundred_models);
        against(site, Path::new(other), hundred.as_deref());
        return;
    }
    // `-- trace` loads the 12-model demo once, traced, and prints where
    // the main thread's time went.
    if std::env::args().any(|a| a == "trace") {
        trace(site);
        return;
    }
    // `-- timeline` loads the 12-model demo once, and prints when each
    // loading stage and each file's fetch happened; with a CPU profile.
    if std::env::args().any(|a| a == "timeline") {
        timeline(site);
        return;
    }
    let hundred = hundred_models();
    println!(
        "medians of {RUNS} cold loads of the release site, served gzip-compressed from localhost as GitHub Pages serves it"
    );
    println!(
        "{:<24} {:>10} {:>14} {:>14} {:>12}",
        "results", "ready (ms)", "fetched (MB)", "longest task", "memory (MB)"
    );
    println!("{:<24} {:>10} {:>14}", "", "", "(decompressed)");
    report("demo, 12 models", site, None);
    // `-- paper` stops after the paper's scale.
    if std::env::args().any(|a| a == "paper") {
        return;
    }
    report("demo, 100 models", site, Some(&hundred));
    bundle(site);
    wasm_throughput(site);
}
