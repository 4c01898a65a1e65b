#![allow(dead_code)] // each fuzz target uses one of these functions
//! What each fuzz target does with its input, as plain functions: the
//! libFuzzer targets (`fuzz_targets/`, run with `cargo fuzz`) and a stable
//! test of the core (`crates/cvalues-core/tests/fuzz_targets.rs`, run by
//! `make test` on the seeds and on mutations of them) call the same code.
//! A panic anywhere is a failure: in wasm it would kill the page.

use cvalues_core::adjudication::{apply, read_adjudications};
use cvalues_core::answer::{Choice, RuleSet, Scratch};
use cvalues_core::board::board;
use cvalues_core::filter::Filter;
use cvalues_core::format::Manifest;
use cvalues_core::load::{
    files_to_read, load, parse_manifest, text_from_bytes, FileText, Loader, Results,
};
use cvalues_core::score::score_model;
use cvalues_core::submission::read_submission;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// The context read once from the results folder `dir` (the repository's
/// `results/`), for all the runs of a target.
pub fn context(dir: &str) -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| Context::new(Path::new(dir)))
}

/// The shipped results, cut to one model so that a load is quick: what the
/// loader targets put their input beside.
pub struct Context {
    manifest: Manifest,
    texts: BTreeMap<String, FileText>,
    /// Its item bank loaded, its model not yet.
    after_bank: Loader,
    results: Results,
}

impl Context {
    /// Reads the results folder `dir` (the repository's `results/`).
    pub fn new(dir: &Path) -> Context {
        let read = |rel: &str| {
            std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
        };
        let mut manifest = parse_manifest("index.json", &read("index.json")).expect("shipped");
        manifest.models.truncate(1);
        let texts: BTreeMap<String, FileText> = files_to_read(&manifest)
            .into_iter()
            .map(|rel| {
                let text = read(&rel);
                (rel, Ok(text))
            })
            .collect();
        let results = load("results", manifest.clone(), &texts);
        assert!(
            results.all_problems().next().is_none(),
            "the context loads cleanly"
        );
        Context {
            after_bank: Loader::new("results", manifest.clone(), &texts),
            manifest,
            texts,
            results,
        }
    }

    /// The files of the context's one model, in the order the targets pick from.
    pub fn model_files(&self) -> Vec<String> {
        let files = &self.manifest.models[0].files;
        [&files.safety, &files.responsibility, &files.multichoice]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }

    /// The text of file `rel` of the context.
    pub fn text(&self, rel: &str) -> &str {
        self.texts[rel].as_deref().expect("read")
    }

    /// The context's texts of `files`, with `rel` replaced by `bytes`.
    fn texts_with(&self, files: &[String], rel: &str, bytes: &[u8]) -> BTreeMap<String, FileText> {
        let mut texts: BTreeMap<String, FileText> = files
            .iter()
            .map(|f| (f.clone(), self.texts[f].clone()))
            .collect();
        texts.insert(rel.to_string(), text_from_bytes(bytes.to_vec()));
        texts
    }
}

/// Scores and ranks what loaded.
fn score(results: &Results) {
    for model in &results.models {
        score_model(results, model, &Filter::default());
    }
    board(results, &Filter::default());
}

/// The response parser: the first byte picks the family and the gold label,
/// the rest is the response. `explain` must agree with `parse`.
pub fn response(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let response = String::from_utf8_lossy(rest);
    let rules = RuleSet::official();
    let names: Vec<&str> = rules.evaluator_names().collect();
    let family = rules
        .evaluator(names[pick as usize % names.len()])
        .expect("known");
    let label = [None, Some(Choice::Reply1), Some(Choice::Reply2)][pick as usize / 16 % 3];
    let parsed = family.parse_in(&mut Scratch::default(), &response, label);
    assert_eq!(family.explain(&response, label).prediction, parsed);
    family.normalize(&response);
}

/// The manifest reader.
pub fn manifest(data: &[u8]) {
    if let Ok(text) = text_from_bytes(data.to_vec()) {
        if let Ok(manifest) = parse_manifest("index.json", &text) {
            files_to_read(&manifest);
        }
    }
}

/// A model file: the first byte picks which of the model's files it replaces.
pub fn model_file(context: &Context, data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let files = context.model_files();
    let texts = context.texts_with(&files, &files[pick as usize % files.len()], rest);
    let mut loader = context.after_bank.clone();
    loader.load_next(&texts);
    score(&loader.finish());
}

/// The item bank: the first byte picks the multi-choice items or the prompts.
pub fn bank(context: &Context, data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let items = &context.manifest.items;
    let bank = [items.multichoice.clone(), items.prompts.clone()];
    let texts = context.texts_with(&bank, &bank[usize::from(pick % 2)], rest);
    score(&Loader::new("results", context.manifest.clone(), &texts).finish());
}

/// An adjudications file, read and applied.
pub fn adjudications(context: &Context, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (decisions, _) = read_adjudications("adjudications.jsonl", &text);
    let mut results = context.results.clone();
    apply(&mut results, "adjudications.jsonl", &decisions);
}

/// A reader's own response file, as dropped on the page.
pub fn submission(context: &Context, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    read_submission("own.jsonl", &text, &context.results);
}
