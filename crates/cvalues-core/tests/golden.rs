//! The answer parser reproduces every prediction of the official golden corpus.

use cvalues_core::answer::{Choice, Prediction, RuleSet, OFFICIAL_RULES_JSON};
use std::path::PathBuf;

/// `../shared/cvalues` beside the checkout, or `$CVALUES_SHARED`. Missing is a
/// failure, never a skip.
fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("CVALUES_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cvalues")
        });
    assert!(
        dir.join("parser-golden.jsonl").is_file(),
        "golden corpus missing: expected {}/parser-golden.jsonl (set CVALUES_SHARED to its folder)",
        dir.display()
    );
    dir
}

#[test]
fn shipped_rules_are_the_official_file_verbatim() {
    let official = std::fs::read_to_string(shared_dir().join("parser-rules.json")).unwrap();
    assert_eq!(OFFICIAL_RULES_JSON, official);
}

/// `build.rs` writes the shipped rules as Rust data; compiled, they are the
/// rules the JSON reader makes of the file.
#[test]
fn rules_built_into_the_code_are_the_shipped_file() {
    let read = RuleSet::from_json(OFFICIAL_RULES_JSON).unwrap();
    assert_eq!(format!("{read:?}"), format!("{:?}", RuleSet::official()));
    assert_eq!(RuleSet::official().evaluator_names().count(), 6);
}

#[test]
fn reproduces_all_golden_predictions() {
    let text = std::fs::read_to_string(shared_dir().join("parser-golden.jsonl")).unwrap();
    let rules = RuleSet::official();
    let (mut checked, mut wrong) = (0, Vec::new());
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let label = Choice::from_label(row["label"].as_str().unwrap());
        let response = row["response"].as_str().unwrap();
        for (evaluator, expected) in row["pred"].as_object().unwrap() {
            let family = rules.evaluator(evaluator).expect("known evaluator");
            let expected = Prediction::from_name(expected.as_str().unwrap()).unwrap();
            let got = family.parse(response, label);
            checked += 1;
            if got != expected {
                wrong.push(format!(
                    "id {} {evaluator}: got {got}, want {expected}",
                    row["id"]
                ));
            }
        }
    }
    assert_eq!(checked, 18_000, "the corpus has 3,000 rows x 6 evaluators");
    assert!(
        wrong.is_empty(),
        "{} of {checked} wrong:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(20)].join("\n")
    );
}
