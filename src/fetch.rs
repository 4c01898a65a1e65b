//! Fetching a results folder over HTTP and handing it to the core's loader.

use cvalues_core::load::{files_to_read, load, parse_manifest, FileText, Results};
use futures::future::join_all;
use gloo_net::http::Request;
use std::fmt;
use std::sync::Arc;

/// The results folder, relative to the page's base URL (so the site works
/// under a GitHub Pages subpath).
pub const RESULTS_DIR: &str = "results";

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

/// GETs a file's text. gloo-net does not check the status, so this does.
async fn fetch_text(path: &str) -> FileText {
    let response = Request::get(path)
        .send()
        .await
        .map_err(|e| format!("network error: {e}"))?;
    if !response.ok() {
        return Err(format!(
            "HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    response
        .text()
        .await
        .map_err(|e| format!("cannot read the body: {e}"))
}

/// Fetches the manifest, then every file it names (all at once), and loads them.
pub async fn fetch_results() -> Result<Arc<Results>, LoadError> {
    let manifest_path = format!("{RESULTS_DIR}/index.json");
    let text = fetch_text(&manifest_path)
        .await
        .map_err(|e| LoadError(vec![format!("{manifest_path}: cannot read the file: {e}")]))?;
    let manifest = parse_manifest(&manifest_path, &text)
        .map_err(|problems| LoadError(problems.iter().map(ToString::to_string).collect()))?;
    let files = files_to_read(&manifest);
    let texts = join_all(files.iter().map(|rel| {
        let path = format!("{RESULTS_DIR}/{rel}");
        async move { fetch_text(&path).await }
    }))
    .await;
    let texts = files.into_iter().zip(texts).collect();
    Ok(Arc::new(load(RESULTS_DIR, manifest, &texts)))
}
