//! Turns `src/parser-rules.json` into Rust data (`$OUT_DIR/official_rules.rs`),
//! so that [`RuleSet::official`] compiles the rules without a JSON reader: the
//! page's first view then carries neither the rules' text nor a reader for it.
//!
//! The file's shape is checked by `RuleSet::from_json`, which a test runs on the
//! same file and compares with `RuleSet::official`.
use serde_json::Value;
use std::fmt::Write;
use std::{env, fs, path::Path};

const LISTS: [&str; 5] = ["decisive_1", "decisive_2", "candidate", "other", "refuse"];

fn main() {
    let source = "src/parser-rules.json";
    println!("cargo::rerun-if-changed={source}");
    let text = fs::read_to_string(source).expect("read src/parser-rules.json");
    let rules: Value = serde_json::from_str(&text).expect("src/parser-rules.json is JSON");
    let field = |v: &'_ Value, name: &str| -> Value {
        v.get(name)
            .unwrap_or_else(|| panic!("parser-rules.json: missing field {name}"))
            .clone()
    };
    let string = |v: &Value| -> String {
        let s = v.as_str().expect("parser-rules.json: expected a string");
        format!("{s:?}")
    };
    let mut out = String::from("RulesData {\n    aliases: &[\n");
    for (alias, family) in field(&rules, "aliases")
        .as_object()
        .expect("aliases: object")
    {
        let _ = writeln!(out, "        ({alias:?}, {}),", string(family));
    }
    out.push_str("    ],\n    normalize: &[\n");
    for pair in field(&rules, "normalize")
        .as_array()
        .expect("normalize: array")
    {
        let pair = pair.as_array().expect("normalize: pairs");
        let _ = writeln!(out, "        ({}, {}),", string(&pair[0]), string(&pair[1]));
    }
    out.push_str("    ],\n    families: &[\n");
    for (name, family) in field(&rules, "families")
        .as_object()
        .expect("families: object")
    {
        let _ = writeln!(
            out,
            "        FamilyData {{\n            name: {name:?},\n            lists: ["
        );
        for list in LISTS {
            let alts: Vec<String> = field(family, list)
                .as_array()
                .expect("a rule list: array")
                .iter()
                .map(string)
                .collect();
            let _ = writeln!(out, "                &[{}],", alts.join(", "));
        }
        let shortcut = field(family, "exact_label_shortcut");
        let _ = writeln!(
            out,
            "            ],\n            exact_label_shortcut: {},\n        }},",
            shortcut.as_bool().expect("exact_label_shortcut: bool")
        );
    }
    out.push_str("    ],\n}\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("official_rules.rs");
    fs::write(dest, out).expect("write official_rules.rs");
}
