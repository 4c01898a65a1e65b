//! The parser's throughput measured in the browser, for `make bench-page`.
//!
//! `benches/page.rs` calls the exported `parse_throughput` through Trunk's
//! `window.wasmBindings`; nothing on the page uses it, so its code is a
//! module of its own, fetched when it is called.

use cvalues_core::answer::{Choice, RuleSet, Scratch};
use cvalues_core::score::ChoiceTally;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use wasm_bindgen::prelude::wasm_bindgen;

/// A line of the corpus: a response and its gold label.
#[derive(serde::Deserialize)]
struct CorpusLine {
    response: String,
    label: String,
}

/// Responses per second (median of 7 runs of at least 300 ms) parsing and
/// tallying `corpus`, JSON Lines of `{"response": ..., "label": "回复1"}`,
/// with evaluator `family`. Returns (a promise of) a negative number on bad
/// input, and -3 if its module cannot be fetched.
#[wasm_bindgen]
pub async fn parse_throughput(family: String, corpus: String) -> f64 {
    if load_throughput().await.is_err() {
        return -3.0;
    }
    measure(family, corpus).await.unwrap_or(-3.0)
}

#[wasm_split(throughput, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_throughput))]
fn measure(family: String, corpus: String) -> Result<f64, SplitLoaderError> {
    Ok(rate(&family, &corpus))
}

fn rate(family: &str, corpus: &str) -> f64 {
    let Some(family) = RuleSet::official().evaluator(family) else {
        return -1.0;
    };
    let rows: Option<Vec<(String, Choice)>> = cvalues_core::load::json_lines(corpus)
        .map(|(_, line)| {
            let row: CorpusLine = serde_json::from_str(line).ok()?;
            Some((row.response, Choice::from_label(&row.label)?))
        })
        .collect();
    let Some(rows) = rows.filter(|r| !r.is_empty()) else {
        return -2.0;
    };
    let now = || js_sys::Date::now();
    let mut scratch = Scratch::default();
    let mut rates: Vec<f64> = (0..7)
        .map(|_| {
            let (start, mut n) = (now(), 0);
            while now() - start < 300.0 {
                let mut tally = ChoiceTally::default();
                for (response, label) in &rows {
                    let p = family.parse_in(&mut scratch, response, Some(*label));
                    tally.add(p, p.is_correct(*label));
                }
                std::hint::black_box(tally);
                n += rows.len();
            }
            n as f64 / ((now() - start) / 1000.0)
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[3]
}
