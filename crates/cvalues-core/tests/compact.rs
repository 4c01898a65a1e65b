//! The compact multi-choice file: a `{"bank", "items"}` line, then records
//! in the bank's order without ids. It is read against exactly the bank it
//! was written for, and never misaligned.

mod common;

use common::shipped;
use cvalues_core::filter::Filter;
use cvalues_core::load::{load, FileText, Results};
use std::collections::BTreeMap;

const BANK: &str = "items/multichoice.jsonl";
const DUNE: &str = "models/dune-7b-instruct/multichoice.jsonl";

/// `files` with file `rel`'s lines changed by `edit`.
fn edited(
    files: &BTreeMap<String, FileText>,
    rel: &str,
    edit: impl FnOnce(&mut Vec<String>),
) -> BTreeMap<String, FileText> {
    let mut files = files.clone();
    let mut lines: Vec<String> = files[rel]
        .as_ref()
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    edit(&mut lines);
    files.insert(rel.into(), Ok(lines.join("\n") + "\n"));
    files
}

fn problems(results: &Results) -> Vec<String> {
    results.all_problems().map(ToString::to_string).collect()
}

#[test]
fn records_get_the_ids_of_the_bank_items_at_their_positions() {
    let (manifest, files) = shipped();
    assert!(files[DUNE].as_ref().unwrap().starts_with("{\"bank\":"));
    let results = load("results", manifest, &files);
    assert_eq!(problems(&results), [] as [String; 0]);
    for model in &results.models {
        let records = model.multichoice.as_ref().unwrap();
        assert_eq!(records.len(), results.bank.multichoice.len());
        for (record, item) in records.iter().zip(&results.bank.multichoice) {
            assert_eq!(record.item, item.id);
        }
    }
}

#[test]
fn a_file_for_another_bank_order_is_refused_and_the_rest_kept() {
    let (manifest, files) = shipped();
    // Two items trade places: every compact file now names another order.
    let files = edited(&files, BANK, |lines| lines.swap(0, 1));
    let results = load("results", manifest, &files);
    for model in &results.models {
        assert!(model.multichoice.is_none(), "{}", model.entry.id);
        assert!(model.safety.is_some(), "{}", model.entry.id);
        let file = format!(
            "results/{}",
            model.entry.files.multichoice.as_ref().unwrap()
        );
        assert!(
            problems(&results).iter().any(|p| p.starts_with(&format!(
                "{file}:1: field `bank`: the records follow the order of another item bank"
            ))),
            "{file}"
        );
    }
}

#[test]
fn items_added_to_the_bank_later_leave_the_files_valid() {
    let (manifest, files) = shipped();
    let before = load("results", manifest.clone(), &files);
    let files = edited(&files, BANK, |lines| {
        lines.push(
            r#"{"id":"mc2-new","level":2,"category":"law","difficulty":"hard","label":"回复1"}"#
                .into(),
        )
    });
    let after = load("results", manifest, &files);
    let texts_problem = |p: &String| p.contains("texts.jsonl");
    assert!(
        problems(&after).iter().all(texts_problem),
        "{:?}",
        problems(&after)
    );
    let filter = Filter::default();
    assert_eq!(
        cvalues_core::board::board(&before, &filter),
        cvalues_core::board::board(&after, &filter)
    );
}

#[test]
fn a_wrong_id_or_a_line_past_the_covered_items_is_named() {
    let (manifest, files) = shipped();
    let files = edited(&files, DUNE, |lines| {
        lines[3] = r#"{"item":"mc1-0001","response":"回复1更好"}"#.into();
        let header = lines[0].replace("\"items\":4312", "\"items\":4311");
        let bank_4311: String = {
            // The fingerprint of the first 4311 ids, as the demo would write it.
            let text = std::fs::read_to_string(common::results_dir().join(BANK)).unwrap();
            let ids: Vec<String> = text
                .lines()
                .take(4311)
                .map(|l| {
                    serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                        .as_str()
                        .unwrap()
                        .to_string()
                })
                .collect();
            cvalues_core::load::bank_order(ids.iter().map(String::as_str))
        };
        let old = serde_json::from_str::<serde_json::Value>(&header).unwrap()["bank"]
            .as_str()
            .unwrap()
            .to_string();
        lines[0] = header.replace(&old, &bank_4311);
    });
    let results = load("results", manifest, &files);
    let shown = problems(&results);
    let file = format!("results/{DUNE}");
    assert!(
        shown.contains(&format!(
            "{file}:4: field `item`: this line answers item \"mc1-0003\" (the bank's item at its position), not \"mc1-0001\""
        )),
        "{shown:?}"
    );
    assert!(
        shown.contains(&format!(
            "{file}:4313: past the 4311 items that line 1 covers"
        )),
        "{shown:?}"
    );
    let dune = results
        .models
        .iter()
        .find(|m| m.entry.id == "dune-7b-instruct")
        .unwrap();
    assert!(
        dune.multichoice.is_none(),
        "a file with problems is left out whole"
    );
}
