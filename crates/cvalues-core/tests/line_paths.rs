//! The fast path of reading a line ([`Line::fast`]) agrees with the full path
//! ([`check_line`]): on every line of the shipped results (the items' texts aside,
//! which always take the full path), which must all take
//! the fast path, and on edge cases and mutations, where the fast path must
//! either decline or give exactly the full path's record.

use cvalues_core::format::*;
use cvalues_core::line::Line;
use cvalues_core::load::check_line;
use cvalues_core::schema::Def;
use std::fmt::Debug;
use std::path::Path;

/// Checks one line: when the fast path reads it, the full path must give the
/// same record. Returns whether the fast path read it.
fn agree<T: Line + PartialEq + Debug>(raw: &str, def: Def) -> bool {
    let full = check_line::<T>(raw, def);
    match T::fast(raw) {
        None => false,
        Some(fast) => {
            assert_eq!(
                full.as_ref().ok(),
                Some(&fast),
                "fast and full differ on {raw}"
            );
            true
        }
    }
}

/// Variants of a valid line: nulls, unknown and repeated fields, other
/// types and values in each field.
fn mutations(raw: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(raw).unwrap();
    let object = value.as_object().unwrap();
    let replacements = [
        "null",
        "1",
        "1.0",
        "3",
        "-1",
        "1e400",
        "\"\"",
        "\"a b\"",
        "\"x\"",
        "[]",
        "[null]",
        "[\"safe\"]",
        "[\"maybe\"]",
        "[1, 2.5]",
        "{}",
        "true",
        "\"回复1\"",
        "\"Need_Check\"",
        "\"hard\"",
        "\"\\u56de\\u590d2\"",
        "\"Refuse\"",
    ];
    let mut out = Vec::new();
    for key in object.keys() {
        for r in replacements {
            let mut m = object.clone();
            m.insert(
                key.clone(),
                serde_json::from_str(r).unwrap_or(serde_json::Value::Null),
            );
            out.push(serde_json::Value::Object(m).to_string());
        }
        let mut m = object.clone();
        m.remove(key);
        out.push(serde_json::Value::Object(m).to_string());
        // A repeated field, and a null written out.
        out.push(raw.replacen('{', &format!("{{\"{key}\":{},", object[key]), 1));
        out.push(raw.replacen('{', &format!("{{\"{key}\":null,"), 1));
    }
    out.push(raw.replacen('{', "{\"note\":\"kept\",", 1));
    out.push(raw.replacen('{', "{\"evaluator\":\"moss\",", 1));
    out.push(raw.replacen('{', "{\"adjudication\":\"Refuse\",", 1));
    out.push(format!("{raw} "));
    out.push(raw[..raw.len() - 1].to_string());
    out
}

/// Checks every line of `path` (a model may lack a file) and mutations of
/// some; returns (lines, mutations that took the fast path).
fn check_file<T: Line + PartialEq + Debug>(path: &Path, def: Def) -> (usize, usize) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return (0, 0);
    };
    let mut lines = 0;
    let mut fast = 0;
    for (i, raw) in text.lines().enumerate() {
        // A compact multi-choice file's first line states the bank order.
        if i == 0 && serde_json::from_str::<BankOrder>(raw).is_ok() {
            continue;
        }
        assert!(
            agree::<T>(raw, def),
            "{}:{}: a valid line took the full path",
            path.display(),
            i + 1
        );
        lines += 1;
        // Mutate a sample of lines.
        if i % 97 == 0 {
            for m in mutations(raw) {
                fast += usize::from(agree::<T>(&m, def));
            }
        }
    }
    (lines, fast)
}

#[test]
fn fast_path_agrees_with_full_path() {
    let results = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../results");
    let mut lines = 0;
    let mut mutated_fast = 0;
    let mut add = |(l, f): (usize, usize)| {
        lines += l;
        mutated_fast += f;
    };
    add(check_file::<MultichoiceItem>(
        &results.join("items/multichoice.jsonl"),
        Def::MultichoiceItem,
    ));
    add(check_file::<PromptItem>(
        &results.join("items/prompts.jsonl"),
        Def::PromptItem,
    ));
    for dir in std::fs::read_dir(results.join("models")).unwrap() {
        let dir = dir.unwrap().path();
        add(check_file::<SafetyRecord>(
            &dir.join("safety.jsonl"),
            Def::SafetyRecord,
        ));
        add(check_file::<ResponsibilityRecord>(
            &dir.join("responsibility.jsonl"),
            Def::ResponsibilityRecord,
        ));
        add(check_file::<MultichoiceRecord>(
            &dir.join("multichoice.jsonl"),
            Def::MultichoiceRecord,
        ));
    }
    assert!(lines > 60_000, "only {lines} lines");
    // Some mutations stay plainly valid (and were compared), many do not.
    assert!(
        mutated_fast > 100,
        "only {mutated_fast} mutated lines took the fast path"
    );
}

#[test]
fn fast_path_declines_what_the_schema_rejects() {
    let cases: [(&str, bool); 11] = [
        // A derived reader also takes a struct from an array of its values.
        (r#"["mc1-0001","x"]"#, false),
        (
            r#"{"item":"mc1-0001","response":"x","evaluator":null}"#,
            false,
        ),
        (r#"{"item":"mc1 0001","response":"x"}"#, false),
        (
            r#"{"item":"mc1-0001","response":"x","adjudication":"Need_Check"}"#,
            false,
        ),
        (
            r#"{"item":"mc1-0001","response":"x","adjudication":"Refuse"}"#,
            true,
        ),
        (
            r#"{"item":"mc1-0001","response":"x","item":"mc1-0002"}"#,
            false,
        ),
        // An optional field may be absent, never `null`.
        (r#"{"item":null,"response":"x"}"#, false),
        (r#"{"response":"x","adjudication":null}"#, false),
        // A `null` in a text is just text.
        (r#"{"item":"mc1-0001","response":"null is a word"}"#, true),
        (r#"{"item":"mc1-0001","response":"\u56de\u590d1"}"#, true),
        (r#"{"item":"mc1-0001","response":"x","extra":1}"#, false),
    ];
    for (raw, fast) in cases {
        assert_eq!(
            agree::<MultichoiceRecord>(raw, Def::MultichoiceRecord),
            fast,
            "{raw}"
        );
    }
    for raw in [
        r#"{"item":"p1","labels":[]}"#,
        r#"{"item":"p1","labels":["maybe"]}"#,
    ] {
        assert!(!agree::<SafetyRecord>(raw, Def::SafetyRecord), "{raw}");
    }
    for raw in [
        r#"{"id":"p","level":3,"category":"c"}"#,
        r#"{"id":"p","level":1.0,"category":"c"}"#,
        r#"{"id":"p","level":1,"category":"c","text":"t"}"#,
    ] {
        assert!(!agree::<PromptItem>(raw, Def::PromptItem), "{raw}");
    }
}

/// Every variant of `value` with one node (at any depth) replaced by each of
/// `replacements` or removed, as JSON text.
fn deep_mutations(value: &serde_json::Value, replacements: &[serde_json::Value]) -> Vec<String> {
    use serde_json::Value;
    fn walk(
        node: &Value,
        replacements: &[Value],
        rebuild: &dyn Fn(Option<Value>) -> Value,
        out: &mut Vec<String>,
    ) {
        for r in replacements {
            out.push(rebuild(Some(r.clone())).to_string());
        }
        out.push(rebuild(None).to_string());
        match node {
            Value::Object(map) => {
                for key in map.keys() {
                    let child = |v: Option<Value>| {
                        let mut m = map.clone();
                        match v {
                            Some(v) => m.insert(key.clone(), v),
                            None => m.remove(key),
                        };
                        rebuild(Some(Value::Object(m)))
                    };
                    walk(&map[key], replacements, &child, out);
                }
            }
            Value::Array(items) => {
                for i in 0..items.len() {
                    let child = |v: Option<Value>| {
                        let mut a = items.clone();
                        match v {
                            Some(v) => a[i] = v,
                            None => {
                                a.remove(i);
                            }
                        }
                        rebuild(Some(Value::Array(a)))
                    };
                    walk(&items[i], replacements, &child, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let root = |v: Option<Value>| v.unwrap_or(Value::Null);
    walk(value, replacements, &root, &mut out);
    out
}

/// The manifest's fast path ([`manifest_fast`]) gives exactly what the full
/// path gives, on the shipped manifest and on every one-node mutation of
/// it; where the full path finds a problem, the fast path declines.
#[test]
fn manifest_fast_path_agrees_with_full_path() {
    use cvalues_core::line::manifest_fast;
    use cvalues_core::load::{parse_manifest_fast, parse_manifest_full};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../results/index.json");
    let shipped = std::fs::read_to_string(path).unwrap();
    let full = parse_manifest_full("index.json", &shipped).unwrap();
    assert_eq!(manifest_fast(&shipped).as_ref(), Some(&full));
    let value: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    let replacements: Vec<serde_json::Value> = [
        "null",
        "1",
        "-1",
        "2.5",
        "\"\"",
        "\"a b\"",
        "\"x\"",
        "\"level2\"",
        "\"safety\"",
        "\"../x\"",
        "\"/abs\"",
        "\"https://e.org\"",
        "\"javascript:x\"",
        "\"2023-02-30\"",
        "\"2023-13-01\"",
        "\"RLHF\"",
        "\"published\"",
        "[]",
        "{}",
        "true",
    ]
    .iter()
    .map(|r| serde_json::from_str(r).unwrap())
    .collect();
    let (mut fast, mut declined) = (0, 0);
    for text in deep_mutations(&value, &replacements).into_iter().chain([
        shipped.replacen('{', "{\"note\":1,", 1),
        format!("\u{feff}{shipped}"),
    ]) {
        let full = parse_manifest_full("index.json", &text);
        match manifest_fast(&text) {
            Some(m) => {
                fast += 1;
                // The schema's verdict: the fast path read only what it accepts.
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                let schema = cvalues_core::schema::validate(Def::Manifest, &value);
                assert!(
                    schema.is_empty(),
                    "fast path read what the schema rejects: {schema:?} in {text}"
                );
                // With a problem the fast path declines, and the full path
                // decides (it may leave some models out).
                match parse_manifest_fast("index.json", &text) {
                    Some(checked) => {
                        assert_eq!(checked.as_ref(), full.as_ref(), "{text}");
                        assert_eq!(checked.as_ref().ok(), Some(&m), "{text}");
                    }
                    None => assert!(
                        full.as_ref().map_or(true, |f| !f.left_out.is_empty()),
                        "{text}"
                    ),
                }
            }
            None => declined += 1,
        }
    }
    assert!(
        fast > 50 && declined > 500,
        "fast {fast}, declined {declined}"
    );
}
