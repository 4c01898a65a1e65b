//! Loading the shipped demo results in instructions, not seconds: loads them
//! `REPEATS` times as the page does (the item bank, then each model a piece
//! at a time, lines that are not plainly valid left for later), in
//! [`load_all`], which `scripts/parser-instructions.sh` counts under
//! callgrind: the page's main work, per model, the same on any machine for
//! the same build. (A bench of its own: linked beside the parser's count,
//! it would move that count by changing what the optimiser inlines.)
//!
//! Run: `scripts/parser-instructions.sh`.

use cvalues_core::answer::RuleSet;
use cvalues_core::load::{
    bank_files, model_files, parse_manifest, Defer, FileText, Loader, Results,
};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

/// How many times the results are loaded (the first time is counted too).
const REPEATS: usize = 5;

/// Loads the results `REPEATS` times, as the page does, into `loaded` (so
/// that dropping them is not counted: the page keeps them).
#[inline(never)]
fn load_all(manifest: &str, files: &BTreeMap<String, FileText>, loaded: &mut Vec<Results>) {
    for _ in 0..REPEATS {
        let m = parse_manifest("index.json", manifest).expect("the shipped manifest");
        let mut loader = Loader::bank_in_pieces("results", m, Defer);
        while !loader.load_bank_piece(files) {}
        while loader.remaining() > 0 {
            while !loader.load_next_piece(files) {}
        }
        loaded.push(black_box(loader.finish()));
    }
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../results");
    let read = |rel: &str| {
        let path = dir.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let manifest = read("index.json");
    let m = parse_manifest("index.json", &manifest).expect("the shipped manifest");
    let mut rels = bank_files(&m);
    rels.extend(m.models.iter().flat_map(model_files));
    let files = rels
        .into_iter()
        .map(|r| (r.clone(), Ok(read(&r))))
        .collect();
    // Compiling the rules is not part of the count.
    RuleSet::official();
    let mut loaded = Vec::new();
    load_all(&manifest, &files, &mut loaded);
    let models: usize = loaded.iter().map(|r| r.models.len()).sum();
    println!("load: {models} models loaded");
}
