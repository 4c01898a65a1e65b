//! The parser's cost in instructions, not seconds: parses the golden corpus
//! `REPEATS` times with one family's rules, in [`parse_all`], which
//! `scripts/parser-instructions.sh` counts under callgrind. Instruction
//! counts repeat exactly for the same build and input, where timings on the
//! project's machines move by a factor of two from day to day.
//!
//! Run: `scripts/parser-instructions.sh` (prints instructions per response,
//! per family).

use cvalues_core::answer::{Choice, RuleSet, Scratch};
use std::hint::black_box;
use std::path::Path;

/// How many times the corpus is parsed: the first pass is counted too, so
/// several passes keep one-off costs (growing the buffers) out of the mean.
const REPEATS: usize = 10;

/// Parses every response `REPEATS` times; returns a checksum of the
/// predictions, so nothing is optimised away.
#[inline(never)]
fn parse_all(family: &str, corpus: &[(String, Choice)]) -> usize {
    let f = RuleSet::official()
        .evaluator(family)
        .expect("a family name");
    let mut scratch = Scratch::default();
    let mut sum = 0;
    for _ in 0..REPEATS {
        for (response, label) in corpus {
            sum += f.parse_in(&mut scratch, black_box(response), Some(*label)) as usize;
        }
    }
    sum
}

fn main() {
    // `cargo bench` passes `--bench`; the family is the first other argument.
    let family = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "chatgpt".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var_os("CVALUES_SHARED")
        .map(Into::into)
        .unwrap_or_else(|| root.join("../shared/cvalues"));
    let path = shared.join("parser-golden.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let corpus: Vec<(String, Choice)> = text
        .lines()
        .map(|l| {
            let row: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let label = Choice::from_label(row["label"].as_str().expect("a label"));
            (
                row["response"].as_str().expect("a response").to_string(),
                label.expect("回复1 or 回复2"),
            )
        })
        .collect();
    // Compiling the rules is not part of the count.
    RuleSet::official();
    let sum = parse_all(&family, &corpus);
    println!(
        "{family}: {} responses parsed (checksum {sum})",
        corpus.len() * REPEATS
    );
}
