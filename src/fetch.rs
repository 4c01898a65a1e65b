//! Fetching a results folder over HTTP and handing it to the core's loader.

use crate::i18n::{t, tf};
use crate::storage::{Kept, Restored};
use cvalues_core::answer::RuleSet;
use cvalues_core::format::{Manifest, Status};
use cvalues_core::load::{
    check_file_size, load_texts, model_files, parse_manifest_fast, text_files, text_from_bytes,
    Defer, FileText, Loader, Results, MANIFEST,
};
use cvalues_core::pack::{first_view_files, Unpacker, PACK};
use cvalues_core::text::fill;
use futures::channel::mpsc;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use futures::stream::{self, StreamExt};
use leptos::prelude::{RwSignal, Set, Update, WithUntracked};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The results folder, relative to the page's base URL (so the site works
/// under a GitHub Pages subpath).
pub const RESULTS_DIR: &str = "results";

/// How long one task may go on issuing requests, in milliseconds: issuing a
/// request costs the main thread half a millisecond to a millisecond (a
/// Lighthouse trace here: twelve requests, a task of 17-28 ms), so a dozen
/// at once would be a long task on a slow phone.
pub const REQUEST_BUDGET_MS: f64 = 4.0;

/// How many result files are requested at once: all of a dozen models'
/// files, so that no request waits for the main thread to be free from
/// loading a model (the browser queues what its connections cannot take
/// yet); not hundreds, since issuing them is itself a long task.
const CONCURRENT_FETCHES: usize = 48;

/// Why no results could be shown at all: the manifest is missing or invalid.
/// Problems with other files are not this error; they are reported in the
/// loaded [`Results`] and shown beside what still loaded.
#[derive(Debug, Clone)]
pub struct LoadError(pub Vec<String>);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for LoadError {}

/// GETs a file's text with the Fetch API. The request goes out at once,
/// before the first poll, so that work can go on while it is in flight.
/// `fetch` does not fail on an HTTP error status, so this checks it.
///
/// (Plain `web_sys`, no gloo-net: its request builder parses and rebuilds
/// the URL on every request, its `binary()` zeroes the buffer before the
/// copy, and its requests go out only when first polled.)
pub fn fetch_text(path: &str) -> impl Future<Output = FileText> + 'static {
    let response = fetch_response(path);
    async move {
        let response = response.await?;
        // The bytes, decoded here: cheaper than a JavaScript string re-encoded.
        let cannot_read = |e: JsValue| fill("cannot read the body: {0}", &[&message(&e)]);
        let buffer = JsFuture::from(response.array_buffer().map_err(cannot_read)?)
            .await
            .map_err(cannot_read)?;
        text_of_buffer(&buffer)
    }
}

/// GETs `path`; the request goes out at once, before the first poll. An
/// HTTP error status is an error.
fn fetch_response(path: &str) -> impl Future<Output = Result<web_sys::Response, String>> + 'static {
    let sent = web_sys::Request::new_with_str(path).map(|request| {
        let window = web_sys::window().expect("the page has a window");
        JsFuture::from(window.fetch_with_request(&request))
    });
    async move {
        let sent = sent.map_err(|e| fill("cannot request this path: {0}", &[&message(&e)]))?;
        let response = sent
            .await
            .map_err(|e| fill("network error: {0}", &[&message(&e)]))?;
        let response = web_sys::Response::from(response);
        if !response.ok() {
            return Err(fill(
                "HTTP {0} {1}",
                &[&response.status(), &response.status_text()],
            ));
        }
        Ok(response)
    }
}

/// The text in an `ArrayBuffer`: refused before it is copied into the
/// wasm memory if it is too large, and if it is not UTF-8.
pub fn text_of_buffer(buffer: &JsValue) -> FileText {
    let bytes = js_sys::Uint8Array::new(buffer);
    check_file_size(u64::from(bytes.length()))?;
    text_from_bytes(bytes.to_vec())
}

/// A JavaScript exception's message.
pub fn message(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

/// Loaded results, handed to the one view that owns them: taken once, never
/// copied (a resource keeps its value, so handing out `Results` itself
/// would mean a deep copy of every record).
#[derive(Clone)]
pub struct Loaded(Arc<Mutex<Option<Restored>>>);

impl Loaded {
    /// The results, the first time; `None` after.
    pub fn take(&self) -> Option<Restored> {
        self.0.lock().ok()?.take()
    }
}

/// Milliseconds since navigation (`performance.now()`; 0 without it).
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Sets a performance mark: `make bench-page` reports the loading stages.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Lets the browser run (paint, handle input) before going on: resumes in a
/// task of its own, posted through a `MessageChannel`. (A chain of
/// `setTimeout(0)` would be clamped to 4 ms a step after five steps.)
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Ok(channel) = web_sys::MessageChannel::new() {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
        } else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// How long loading goes on in one task before it lets the browser run, in
/// milliseconds: a piece of loading takes up to a few more (`PIECE_LINES`
/// in the core), and a task over 50 ms is a long task.
pub const LOAD_BUDGET_MS: f64 = 5.0;

/// Calls `piece` until it says it is done, in tasks of about
/// [`LOAD_BUDGET_MS`] each (a fast machine does many pieces in one).
///
/// ```ignore
/// in_pieces(|| loader.load_next_piece(&texts)).await;
/// ```
pub async fn in_pieces(mut piece: impl FnMut() -> bool) {
    loop {
        yield_to_browser().await;
        let start = now();
        while now() - start < LOAD_BUDGET_MS {
            if piece() {
                return;
            }
        }
    }
}

/// What the page shows while the results load.
#[derive(Clone, Copy)]
pub struct Progress {
    /// What is being done.
    pub stage: RwSignal<String>,
    /// Steps done and steps in all (each file fetched, each model loaded);
    /// (0, 0) until the manifest says how many.
    pub steps: RwSignal<(usize, usize)>,
    /// The manifest's notice, as soon as it says the results are demo data.
    pub demo: RwSignal<Option<String>>,
}

impl Progress {
    /// Nothing done yet.
    pub fn new() -> Progress {
        Progress {
            stage: RwSignal::new(String::new()),
            steps: RwSignal::new((0, 0)),
            demo: RwSignal::new(None),
        }
    }

    fn step(&self) {
        self.steps.update(|(done, _)| *done += 1);
    }
}

/// The results' files, requested: the manifest read, and every file the
/// first view needs in flight (the item bank's, then each model's).
pub struct Requested {
    manifest: Manifest,
    /// How many of the files arriving are the item bank's.
    bank_count: usize,
    /// How many files each model has, in the manifest's order.
    per_model: Vec<usize>,
    arriving: mpsc::UnboundedReceiver<(String, FileText)>,
}

/// Fetches the manifest and requests every file the first view needs.
///
/// The page calls it before it mounts the app, so that the files download
/// while the app starts; [`fetch_results`] then loads them.
///
/// ```ignore
/// spawn_local(async { let requested = request_results().await; mount(requested) });
/// ```
pub async fn request_results() -> Result<Requested, LoadError> {
    // The pack of the first view's files, if the site has one, requested
    // with the manifest (which the page preloads).
    let pack = fetch_response(&format!("{RESULTS_DIR}/{PACK}"));
    let manifest_path = format!("{RESULTS_DIR}/{MANIFEST}");
    // The page preloads the manifest (index.html).
    let text = fetch_text(&manifest_path)
        .await
        .map_err(|e| LoadError(vec![e.problem(&manifest_path).to_string()]))?;
    mark("manifest-fetched");
    // A plainly valid manifest is read here; any other by the full path,
    // whose code (JSON values, the schema) is a module of its own.
    let manifest = match parse_manifest_fast(&manifest_path, &text) {
        Some(checked) => checked,
        None => crate::split::parse_manifest(manifest_path.clone(), text.clone()).await?,
    }
    .map_err(|problems| LoadError(problems.iter().map(ToString::to_string).collect()))?;
    mark("manifest-read");
    yield_to_browser().await;
    // The item bank first, then the models' files; not the items' texts,
    // which only the item explorer needs.
    let files = first_view_files(&manifest);
    let per_model: Vec<usize> = manifest
        .models
        .iter()
        .map(|m| model_files(m).len())
        .collect();
    let bank_count = files.len() - per_model.iter().sum::<usize>();
    Ok(Requested {
        arriving: fetch_first_view(pack, text, files),
        manifest,
        bank_count,
        per_model,
    })
}

/// Loads the files of [`request_results`] a piece at a time as they arrive
/// (the bank, then each model), in tasks of [`LOAD_BUDGET_MS`] so no task
/// runs long. `progress` says how far it is.
pub async fn fetch_results(
    requested: Result<Requested, LoadError>,
    progress: Progress,
) -> Result<Loaded, LoadError> {
    let Requested {
        manifest,
        bank_count,
        per_model,
        mut arriving,
    } = requested?;
    if manifest.status == Status::Demo {
        let notice = crate::i18n::pick_either(&manifest.notice, &manifest.notice_zh);
        let notice = notice.unwrap_or_default();
        progress.demo.set(Some(notice));
    }
    let total = per_model.len();
    let file_count = bank_count + per_model.iter().sum::<usize>();
    progress.stage.set(tf("fetching {0} files", &[&file_count]));
    progress.steps.set((0, file_count + total));
    // The parsing rules, which every model needs, compile while the files
    // download (in a task of their own, not the app's mount).
    yield_to_browser().await;
    RuleSet::official();
    let mut texts = BTreeMap::new();
    let mut receive = async |count: usize, texts: &mut BTreeMap<String, FileText>| {
        for _ in 0..count {
            if let Some((rel, text)) = arriving.next().await {
                texts.insert(rel, text);
                progress.step();
            }
        }
    };
    // Lines that are not plainly valid are left for the full path (below).
    let mut loader = Loader::bank_in_pieces(RESULTS_DIR, manifest, Defer);
    receive(bank_count, &mut texts).await;
    progress.stage.set(t("reading the item bank").into());
    // The bank and each model in pieces: no task runs long, even on a slow phone.
    in_pieces(|| loader.load_bank_piece(&texts)).await;
    mark("bank-loaded");
    for (i, count) in per_model.into_iter().enumerate() {
        receive(count, &mut texts).await;
        progress
            .stage
            .set(tf("scoring model {0} of {1}", &[&(i + 1), &total]));
        in_pieces(|| loader.load_next_piece(&texts)).await;
        progress.step();
    }
    let mut results = loader.finish();
    if results.unchecked() {
        // Some line needs the full path, which names its problems by field:
        // fetch its module and load the folder again with it. If the module
        // cannot be fetched, the first load stands: every model but those
        // with such lines, which say that their check could not be loaded.
        progress.stage.set(t("checking the files in full").into());
        if let Some(full) = crate::split::load_in_full(results.manifest.clone(), texts).await {
            results = full;
        }
    }
    mark("models-loaded");
    // What the reader kept from earlier (their own files, adjudications) is
    // applied before the first view; its code is fetched only if needed.
    let kept = Kept::read();
    let restored = if kept.is_empty() {
        Restored::fresh(results)
    } else {
        progress
            .stage
            .set(t("adding your own files and adjudications").into());
        crate::split::restore(results, kept).await
    };
    Ok(Loaded(Arc::new(Mutex::new(Some(restored)))))
}

/// Fetches `files` (relative to the results folder) a few at a time, and
/// yields each with its text in the order given. A task issues requests for
/// at most [`REQUEST_BUDGET_MS`], then yields.
///
/// The fetches run in a task of their own: the next requests go out as
/// soon as earlier ones finish, even while the caller is busy loading what
/// arrived (a stream polled only by the caller would issue them only when
/// the caller next waits for a file). (Not Leptos' executor, which starts
/// only when the app is mounted.)
fn fetch_in_order(files: Vec<String>) -> mpsc::UnboundedReceiver<(String, FileText)> {
    let (sender, receiver) = mpsc::unbounded();
    wasm_bindgen_futures::spawn_local(fetch_each(files, sender));
    receiver
}

/// Where fetched files are sent, each with its text.
pub type Arriving = mpsc::UnboundedSender<(String, FileText)>;

/// Fetches `files` a few at a time and sends each with its text, in the
/// order given (the body of [`fetch_in_order`]; the first view's fallback,
/// a module of its own, `split::fetch_each`).
pub async fn fetch_each(files: Vec<String>, sender: Arriving) {
    let task_start = std::cell::Cell::new(now());
    let task_start = &task_start;
    let fetches = stream::iter(files)
        .then(|rel| async move {
            if now() - task_start.get() >= REQUEST_BUDGET_MS {
                yield_to_browser().await;
                task_start.set(now());
            }
            let text = fetch_text(&format!("{RESULTS_DIR}/{rel}"));
            (rel, text)
        })
        .map(|(rel, text)| async move { (rel, text.await) })
        .buffered(CONCURRENT_FETCHES);
    let mut fetches = std::pin::pin!(fetches);
    while let Some(file) = fetches.next().await {
        if sender.unbounded_send(file).is_err() {
            break; // nobody waits for the rest
        }
    }
}

/// [`fetch_in_order`] for the first view's `files`: from the site's pack
/// (`cvalues_core::pack`; `pack` is its response) while it holds them, in
/// order, if it was made from this `manifest` (its text); the rest one at a
/// time. A pack costs one request where the files cost one each.
fn fetch_first_view(
    pack: impl Future<Output = Result<web_sys::Response, String>> + 'static,
    manifest: String,
    mut files: Vec<String>,
) -> mpsc::UnboundedReceiver<(String, FileText)> {
    let (sender, receiver) = mpsc::unbounded();
    wasm_bindgen_futures::spawn_local(async move {
        let sent = match pack.await {
            Ok(pack) => unpack(pack, &manifest, &files, &sender).await,
            Err(_) => 0, // no pack: the files one at a time
        };
        if sent < files.len() {
            crate::split::fetch_each(files.split_off(sent), sender).await;
        }
    });
    receiver
}

/// Sends the files of the pack `response` as they arrive, while they are
/// `files` in order after a copy of `manifest`; returns how many it sent.
async fn unpack(
    response: web_sys::Response,
    manifest: &str,
    files: &[String],
    sender: &Arriving,
) -> usize {
    let Some(body) = response.body() else {
        return 0;
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut unpacker = Unpacker::default();
    // The pack's first file is its copy of the manifest; then come `files`.
    let mut manifest_checked = false;
    let mut sent = 0;
    let mut task_start = now();
    while let Some(bytes) = next_chunk(&reader).await {
        // Bytes already in resolve at once, in the same task: a pack that has
        // arrived whole would be read in one long task without this.
        if now() - task_start >= LOAD_BUDGET_MS {
            yield_to_browser().await;
            task_start = now();
        }
        let Ok(done) = unpacker.push(&bytes) else {
            break;
        };
        for (path, bytes) in done {
            if !manifest_checked {
                if path != MANIFEST || bytes != manifest.as_bytes() {
                    // Made from other results: every file one at a time.
                    let _ = reader.cancel();
                    return 0;
                }
                manifest_checked = true;
                continue;
            }
            // Not the file wanted next (the rest one at a time), or nobody
            // waits for it.
            if files.get(sent) != Some(&path)
                || sender
                    .unbounded_send((path, text_from_bytes(bytes)))
                    .is_err()
            {
                let _ = reader.cancel();
                return sent;
            }
            sent += 1;
        }
    }
    sent
}

/// The next bytes of a body; `None` at its end or on an error.
async fn next_chunk(reader: &web_sys::ReadableStreamDefaultReader) -> Option<Vec<u8>> {
    let result = JsFuture::from(reader.read()).await.ok()?;
    let value = js_sys::Reflect::get(&result, &"value".into()).ok()?;
    let bytes = value.dyn_into::<js_sys::Uint8Array>().ok()?;
    Some(bytes.to_vec())
}

/// Fetches `files`, each with its text.
pub async fn fetch_all(files: Vec<String>) -> BTreeMap<String, FileText> {
    fetch_in_order(files).collect().await
}

type TextsFetch = Shared<LocalBoxFuture<'static, Rc<BTreeMap<String, FileText>>>>;

thread_local! {
    /// The one fetch of the items' texts, shared by everyone who waits for it.
    static TEXTS: RefCell<Option<TextsFetch>> = const { RefCell::new(None) };
}

/// Makes sure the items' texts are in `results`: fetches them the first
/// time (the item explorer and official response files need them; the
/// leaderboard does not), and waits for that same fetch after.
///
/// ```ignore
/// spawn_local(async move { ensure_texts(results).await });
/// ```
pub async fn ensure_texts(results: RwSignal<Results>) {
    if results.with_untracked(|r| r.texts.is_some()) {
        return;
    }
    let files = results.with_untracked(|r| text_files(&r.manifest));
    let fetch = TEXTS.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| fetch_all(files).map(Rc::new).boxed_local().shared())
            .clone()
    });
    let texts = fetch.await;
    results.update(|r| {
        if r.texts.is_none() {
            load_texts(RESULTS_DIR, r, &texts);
        }
    });
}
