//! Loading a model a piece at a time (as the page does, yielding between
//! pieces) gives what loading it whole gives, whatever the size of the
//! pieces: the same scores, records and problems, also for models with a
//! broken file or without a multi-choice file.

mod common;

use common::shipped;
use cvalues_core::board::{board, Board};
use cvalues_core::filter::Filter;
use cvalues_core::format::Manifest;
use cvalues_core::load::{FileText, FullPath, Loader, Results, PIECE_LINES};
use std::collections::BTreeMap;

/// Everything loading gives that a reader can see.
fn seen(results: &Results) -> (Board, Vec<String>, Vec<[usize; 3]>) {
    let board = board(results, &Filter::default());
    let problems = results.all_problems().map(ToString::to_string).collect();
    let records = results
        .models
        .iter()
        .map(|m| {
            [
                m.safety.as_ref().map_or(0, Vec::len),
                m.responsibility.as_ref().map_or(0, Vec::len),
                m.multichoice.as_ref().map_or(0, Vec::len),
            ]
        })
        .collect();
    (board, problems, records)
}

/// Loads `manifest` whole, and a piece at a time with pieces of several
/// sizes (one line each; a few lines, so that pieces end mid-file and
/// mid-header; the default; whole files): each gives the same.
fn both_ways(manifest: Manifest, files: &BTreeMap<String, FileText>) {
    let mut whole = Loader::new("results", manifest.clone(), files);
    while whole.load_next(files) {}
    let whole = whole.finish();
    for lines in [1, 7, PIECE_LINES, usize::MAX] {
        // As the page does: the bank a piece at a time, then each model in pieces.
        let mut pieces = Loader::bank_in_pieces("results", manifest.clone(), FullPath);
        pieces.set_piece_lines(lines);
        let mut bank_pieces = 1;
        while !pieces.load_bank_piece(files) {
            bank_pieces += 1;
        }
        assert!(
            pieces.load_bank_piece(files),
            "a complete bank stays complete"
        );
        let mut steps = 0;
        while pieces.remaining() > 0 {
            steps += 1;
            while !pieces.load_next_piece(files) {
                steps += 1;
            }
        }
        let pieces = pieces.finish();
        assert_eq!(seen(&pieces), seen(&whole), "pieces of {lines} lines");
        // Each file a piece at least; a piece reads no more than it may.
        let lines_in = |rel: &str| {
            files
                .get(rel)
                .map_or(0, |t| t.as_ref().map_or(0, |t| t.lines().count()))
        };
        let bank_lines = lines_in(&manifest.items.multichoice) + lines_in(&manifest.items.prompts);
        assert!(
            bank_pieces >= 2 && bank_pieces >= bank_lines / lines.min(bank_lines),
            "{bank_pieces} bank pieces of {lines} lines"
        );
        assert!(
            steps >= 2 * whole.models.len(),
            "{steps} pieces of {lines} lines"
        );
    }
}

#[test]
fn a_model_loads_alike_in_pieces_and_whole() {
    let (manifest, files) = shipped();
    both_ways(manifest.clone(), &files);

    // One model's multi-choice file broken, another's human file broken, a
    // third without a multi-choice file.
    let mut manifest = manifest;
    let mut files = files;
    let first = manifest.models[0].files.multichoice.clone().unwrap();
    files.insert(first, Ok("{\"response\": \n".into()));
    let second = manifest.models[1].files.safety.clone().unwrap();
    files.insert(second, Ok("{\"item\": 1}\n".into()));
    manifest.models[2].files.multichoice = None;
    both_ways(manifest.clone(), &files);

    // A model left half loaded by `load_next_piece` is finished by `load_next`.
    let mut loader = Loader::new("results", manifest.clone(), &files);
    assert!(!loader.load_next_piece(&files));
    assert!(loader.load_next(&files));
    assert_eq!(loader.remaining(), manifest.models.len() - 1);

    // Models asked for before the bank is read: it is read first.
    let mut early = Loader::bank_in_pieces("results", manifest.clone(), FullPath);
    while early.load_next(&files) {}
    let mut whole = Loader::new("results", manifest, &files);
    while whole.load_next(&files) {}
    assert_eq!(seen(&early.finish()), seen(&whole.finish()));
}

#[test]
fn a_broken_bank_file_is_named_alike_in_pieces_and_whole() {
    let (manifest, mut files) = shipped();
    let prompts = manifest.items.prompts.clone();
    files.insert(prompts, Ok("{\"id\": 1}\n".into()));
    let mut pieces = Loader::bank_in_pieces("results", manifest.clone(), FullPath);
    while !pieces.load_bank_piece(&files) {}
    let whole = Loader::new("results", manifest, &files).finish();
    let pieces = pieces.finish();
    assert!(!whole.problems.is_empty());
    assert_eq!(
        pieces
            .problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        whole
            .problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    assert!(pieces.bank.prompts.is_empty() && !pieces.bank.multichoice.is_empty());
}
