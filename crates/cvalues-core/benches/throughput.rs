//! Parse + score throughput of the answer parser, per evaluator family, on
//! the golden corpus and on the shipped demo responses. Prints responses per
//! second on one core (median of 7 timed runs). Every golden prediction is
//! checked before anything is timed.
//!
//! Run: `cargo bench -p cvalues-core --bench throughput` (add `-- FAMILY` for one family)

#[path = "../../cvalues-cli/tests/common/responses.rs"]
mod responses;

use cvalues_core::answer::{Choice, Prediction, RuleSet, Scratch};
use cvalues_core::score::ChoiceTally;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// (response, gold label) pairs.
type Corpus = Vec<(String, Choice)>;

fn golden(dir: &Path) -> (Corpus, Vec<serde_json::Value>) {
    let rows: Vec<serde_json::Value> = read(&dir.join("parser-golden.jsonl"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let corpus = rows
        .iter()
        .map(|r| {
            (
                r["response"].as_str().unwrap().to_string(),
                Choice::from_label(r["label"].as_str().unwrap()).unwrap(),
            )
        })
        .collect();
    (corpus, rows)
}

fn demo(results: &Path) -> Corpus {
    let labels: std::collections::HashMap<String, Choice> =
        read(&results.join("items/multichoice.jsonl"))
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|v| {
                (
                    v["id"].as_str().unwrap().to_string(),
                    Choice::from_label(v["label"].as_str().unwrap()).unwrap(),
                )
            })
            .collect();
    let mut corpus = Vec::new();
    for dir in std::fs::read_dir(results.join("models")).unwrap() {
        let rel = format!(
            "models/{}/multichoice.jsonl",
            dir.unwrap().file_name().to_string_lossy()
        );
        for v in responses::multichoice_records(results, &rel) {
            corpus.push((
                v["response"].as_str().unwrap().to_string(),
                labels[v["item"].as_str().unwrap()],
            ));
        }
    }
    corpus
}

/// Responses per second: parse every response and tally it, median of 7 runs.
fn throughput(family: &str, corpus: &Corpus) -> f64 {
    let f = RuleSet::official().evaluator(family).unwrap();
    let mut scratch = Scratch::default();
    let mut run = || {
        let mut tally = ChoiceTally::default();
        for (response, label) in corpus {
            let p = f.parse_in(&mut scratch, black_box(response), Some(*label));
            tally.add(p, p.is_correct(*label));
        }
        black_box(tally);
    };
    run(); // warm up
    let mut rates: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            let mut n = 0;
            while start.elapsed().as_secs_f64() < 0.3 {
                run();
                n += corpus.len();
            }
            n as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[3]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var_os("CVALUES_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/cvalues"));
    let (golden, rows) = golden(&shared);
    let rules = RuleSet::official();
    for row in &rows {
        for (name, want) in row["pred"].as_object().unwrap() {
            let label = Choice::from_label(row["label"].as_str().unwrap());
            let got = rules
                .evaluator(name)
                .unwrap()
                .parse(row["response"].as_str().unwrap(), label);
            assert_eq!(
                Some(got),
                Prediction::from_name(want.as_str().unwrap()),
                "golden id {}",
                row["id"]
            );
        }
    }
    println!("golden predictions: 18000 of 18000 exact");
    let demo = demo(&root.join("results"));
    println!(
        "{:<16} {:>22} {:>22}",
        "family",
        "golden (3,000) resp/s",
        format!("demo ({}) resp/s", demo.len())
    );
    // `cargo bench --bench throughput -- moss` times only that family.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    for family in ["chatgpt", "moss", "ziya", "chinese_alpaca"] {
        if !only.is_empty() && !only.iter().any(|o| o == family) {
            continue;
        }
        let (g, d) = (throughput(family, &golden), throughput(family, &demo));
        println!("{family:<16} {:>22.0} {:>22.0}", g, d);
    }
}
