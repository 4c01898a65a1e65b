//! Reading a results folder from disk into the core's loader.

use cvalues_core::load::{files_to_read, load, parse_manifest, text_from_bytes, FileText, Results};
use cvalues_core::problem::{Problem, ProblemKind};
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest's file name inside a results folder.
pub const MANIFEST: &str = "index.json";

/// Loads the results folder `dir`. `Err` holds the manifest's problems when
/// nothing could be loaded; otherwise every other problem is in the `Results`.
pub fn read_results(dir: &Path) -> Result<Results, Vec<Problem>> {
    let base = dir.display().to_string();
    let base = base.trim_end_matches('/');
    let manifest_file = format!("{base}/{MANIFEST}");
    let text = std::fs::read(dir.join(MANIFEST))
        .map_err(|e| e.to_string())
        .and_then(text_from_bytes)
        .map_err(|reason| {
            vec![Problem::file(
                &manifest_file,
                ProblemKind::Unreadable { reason },
            )]
        })?;
    let manifest = parse_manifest(&manifest_file, &text)?;
    let texts: BTreeMap<String, FileText> = files_to_read(&manifest)
        .into_iter()
        .map(|rel| {
            let text = std::fs::read(dir.join(&rel))
                .map_err(|e| e.to_string())
                .and_then(text_from_bytes);
            (rel, text)
        })
        .collect();
    Ok(load(base, manifest, &texts))
}
