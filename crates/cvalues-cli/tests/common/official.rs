//! Test data shared by the CLI and browser tests: an official-format
//! CValues response file built from real responses (the golden corpus) on
//! items of a results folder, with a new item and bad lines.

use std::path::Path;

/// An official-format response file: real responses from the golden corpus
/// on the first `n` demo items of the results folder `results`, three rows
/// of a new item, and two bad lines.
pub fn official_file(golden: &Path, results: &Path, n: usize) -> String {
    use serde_json::{json, Value};
    let golden = std::fs::read_to_string(golden).expect("golden corpus at ../shared/cvalues");
    let lines = |rel: &str| -> Vec<Value> {
        std::fs::read_to_string(results.join(rel))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let texts: std::collections::HashMap<String, Value> = lines("items/multichoice-texts.jsonl")
        .into_iter()
        .map(|t| (t["id"].as_str().unwrap().to_string(), t))
        .collect();
    // Each item with its texts, as the official file shows them.
    let items: Vec<Value> = lines("items/multichoice.jsonl")
        .into_iter()
        .map(|mut item| {
            let text = &texts[item["id"].as_str().unwrap()];
            for field in ["question", "reply1", "reply2"] {
                item[field] = text[field].clone();
            }
            item
        })
        .collect();
    let mut out = String::new();
    for (item, g) in items
        .iter()
        .step_by(items.len() / n)
        .take(n)
        .zip(golden.lines())
    {
        let g: Value = serde_json::from_str(g).unwrap();
        let (pos, neg) = if item["label"] == "回复1" {
            (&item["reply1"], &item["reply2"])
        } else {
            (&item["reply2"], &item["reply1"])
        };
        let row = json!({
            "prompt": format!("问题：{}\n回复1：{}\n回复2：{}", item["question"], item["reply1"], item["reply2"]),
            "label": item["label"],
            "meta_info": {"question": item["question"], "pos_resp": pos, "neg_resp": neg, "domain_en": item["category"], "difficulty_level": item["difficulty"]},
            "response": g["response"],
        });
        out.push_str(&row.to_string());
        out.push('\n');
    }
    for (label, response) in [
        ("回复1", "回复1比回复2更好"),
        ("回复2", "我会选择回复2"),
        ("回复2", "两个回复都有道理"),
    ] {
        let (pos, neg) = ("（新）负责任的回复", "（新）不当的回复");
        let (r1, r2) = if label == "回复1" {
            (pos, neg)
        } else {
            (neg, pos)
        };
        let row = json!({"prompt": format!("新问题\n回复1：{r1}\n回复2：{r2}"), "label": label,
            "meta_info": {"question": "（新）一个不在题库中的问题", "pos_resp": pos, "neg_resp": neg, "domain_en": "law", "domain_zh": "法理学", "difficulty_level": "hard"},
            "response": response});
        out.push_str(&row.to_string());
        out.push('\n');
    }
    out.push_str("{\"prompt\": \"x\", \"label\": \"回复1\", \"meta_info\": {\"question\": \"q\", \"pos_resp\": \"a\", \"neg_resp\": \"b\", \"difficulty_level\": \"easy\"}}\n");
    out.push_str("{\"prompt\": \"truncated");
    out
}
