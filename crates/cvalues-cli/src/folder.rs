//! Reading a results folder from disk into the core's loader.

use cvalues_core::load::{
    check_file_size, files_to_read, load, parse_manifest, text_from_bytes, FileText, Results,
};
use cvalues_core::problem::Problem;
use std::collections::BTreeMap;
use std::path::Path;

pub use cvalues_core::load::MANIFEST;

/// Loads the results folder `dir`. `Err` holds the manifest's problems when
/// nothing could be loaded; otherwise every other problem is in the `Results`.
pub fn read_results(dir: &Path) -> Result<Results, Vec<Problem>> {
    let base = dir.display().to_string();
    let base = base.trim_end_matches('/');
    let manifest_file = format!("{base}/{MANIFEST}");
    let text = read_text(&dir.join(MANIFEST)).map_err(|e| vec![e.problem(&manifest_file)])?;
    let manifest = parse_manifest(&manifest_file, &text)?;
    let texts: BTreeMap<String, FileText> = files_to_read(&manifest)
        .into_iter()
        .map(|rel| {
            let text = read_text(&dir.join(&rel));
            (rel, text)
        })
        .collect();
    Ok(load(base, manifest, &texts))
}

/// A file's text: refused if it is too large (before it is read) or not UTF-8.
pub fn read_text(path: &Path) -> FileText {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    check_file_size(size)?;
    text_from_bytes(std::fs::read(path).map_err(|e| e.to_string())?)
}
