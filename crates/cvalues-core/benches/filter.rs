//! Loading the shipped demo results (parse every response, precompute the
//! bootstraps), the longest piece of loading them a piece at a time (as the
//! page does, yielding between pieces), and rescoring the whole board after
//! a filter change, which must not re-parse. Prints milliseconds, median of
//! many runs.
//!
//! Run: `cargo bench -p cvalues-core --bench filter`

use cvalues_core::board::board;
use cvalues_core::filter::Filter;
use cvalues_core::format::Difficulty;
use cvalues_core::load::{
    files_to_read, load, parse_manifest, FileText, FullPath, Loader, Results, PIECE_LINES,
};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

fn texts(dir: &Path) -> (String, BTreeMap<String, FileText>) {
    let manifest = std::fs::read_to_string(dir.join("index.json")).unwrap();
    let m = parse_manifest("index.json", &manifest).unwrap();
    let files = files_to_read(&m)
        .into_iter()
        .map(|rel| {
            (
                rel.clone(),
                Ok(std::fs::read_to_string(dir.join(&rel)).unwrap()),
            )
        })
        .collect();
    (manifest, files)
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../results");
    let (manifest, files) = texts(&dir);
    let load_all = || {
        load(
            "results",
            parse_manifest("index.json", &manifest).unwrap(),
            &files,
        )
    };
    let results: Results = load_all();
    let responses: usize = results
        .models
        .iter()
        .map(|m| m.outcomes.multichoice.len())
        .sum();
    println!(
        "results: {} models, {} multi-choice + {} human-review items, {responses} responses",
        results.models.len(),
        results.bank.multichoice.len(),
        results.bank.prompts.len()
    );
    println!(
        "load (validate, parse every response, bootstrap sums): {:.1} ms",
        median_ms(5, || {
            black_box(load_all());
        })
    );
    // The longest piece of the bank and of a model, in each of several
    // loads; the median of those.
    let longest = |pieces: &mut dyn FnMut() -> bool| {
        let mut longest: f64 = 0.0;
        loop {
            let start = Instant::now();
            let done = pieces();
            longest = longest.max(start.elapsed().as_secs_f64() * 1000.0);
            if done {
                return longest;
            }
        }
    };
    let (mut bank, mut model) = (Vec::new(), Vec::new());
    for _ in 0..9 {
        let m = parse_manifest("index.json", &manifest).unwrap();
        let mut loader = Loader::bank_in_pieces("results", m, FullPath);
        bank.push(longest(&mut || loader.load_bank_piece(&files)));
        let mut slowest: f64 = 0.0;
        while loader.remaining() > 0 {
            slowest = slowest.max(longest(&mut || loader.load_next_piece(&files)));
        }
        model.push(slowest);
    }
    for (what, times) in [("the item bank", &mut bank), ("a model", &mut model)] {
        times.sort_by(f64::total_cmp);
        println!(
            "longest piece of {what} ({PIECE_LINES} lines or responses at most): {:.2} ms",
            times[times.len() / 2]
        );
    }
    let set = |ids: &[&str]| Some(ids.iter().map(|s| s.to_string()).collect());
    let filters = [
        ("everything", Filter::default()),
        (
            "domains law, psychology",
            Filter {
                domains: set(&["law", "psychology"]),
                ..Filter::default()
            },
        ),
        (
            "scenario crimes, hard items",
            Filter {
                scenarios: set(&["crimes"]),
                difficulties: Some([Difficulty::Hard].into()),
                ..Filter::default()
            },
        ),
        (
            "RLHF and API models",
            Filter {
                model_types: set(&["RLHF", "API"]),
                ..Filter::default()
            },
        ),
    ];
    for (name, filter) in filters {
        let ms = median_ms(41, || {
            black_box(board(&results, &filter));
        });
        println!("rescore the board, filter {name:<28} {ms:.2} ms");
    }
}
