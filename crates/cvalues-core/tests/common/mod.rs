//! What several test files share: the shipped results, read as texts.

use cvalues_core::format::Manifest;
use cvalues_core::load::{files_to_read, parse_manifest, FileText};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The shipped results folder.
pub fn results_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../results")
}

/// The shipped results' manifest and every file it names, as texts.
pub fn shipped() -> (Manifest, BTreeMap<String, FileText>) {
    let dir = results_dir();
    let read = |rel: &str| -> FileText {
        std::fs::read_to_string(dir.join(rel)).map_err(|e| e.to_string().into())
    };
    let manifest = parse_manifest("results/index.json", &read("index.json").unwrap()).unwrap();
    let files = files_to_read(&manifest)
        .into_iter()
        .map(|rel| {
            let text = read(&rel);
            (rel, text)
        })
        .collect();
    (manifest, files)
}
