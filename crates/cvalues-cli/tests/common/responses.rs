//! A model's multi-choice records, each with its item id, read as plain JSON
//! (independently of the core). A file in the compact form (a `{"bank": …}`
//! line, then the records in the bank's order, without ids) gets the ids of
//! the bank's items by position.

use serde_json::Value;
use std::path::Path;

/// The records of the multi-choice file `rel` of the results folder `results`.
pub fn multichoice_records(results: &Path, rel: &str) -> Vec<Value> {
    let lines = |rel: &str| -> Vec<Value> {
        std::fs::read_to_string(results.join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let mut records = lines(rel);
    if records.first().is_some_and(|r| r.get("bank").is_some()) {
        records.remove(0);
        let bank = lines("items/multichoice.jsonl");
        for (record, item) in records.iter_mut().zip(&bank) {
            if record.get("item").is_none() {
                record["item"] = item["id"].clone();
            }
        }
    }
    records
}
