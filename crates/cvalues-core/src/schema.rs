//! Validation of result documents against the shipped JSON Schema.
//!
//! `schema/results-v1.schema.json` is the one definition of the format's
//! shape. This module implements the JSON Schema keywords that file uses
//! (`$ref`, `type`, `const`, `enum`, `required`, `properties`, `items`,
//! `minItems`, `maxItems`, `minLength`, `minimum`, `format`); a test checks the
//! file uses no others, so the schema never promises a check that is not made.
//!
//! ```
//! use cvalues_core::schema::{validate, Def};
//! let line = serde_json::json!({"item": "p1-1", "labels": ["safe", "maybe"]});
//! let errors = validate(Def::SafetyRecord, &line);
//! assert_eq!(errors[0].field, "labels[1]");
//! ```

use crate::text::{fill, term};
use serde_json::Value;
use std::sync::OnceLock;

/// The schema text, as shipped in every results folder as `schema.json`.
pub const SCHEMA_JSON: &str = include_str!("../schema/results-v1.schema.json");

/// The keywords [`validate`] understands; annotations are ignored.
pub const SUPPORTED_KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "const",
    "enum",
    "required",
    "properties",
    "items",
    "minItems",
    "maxItems",
    "minLength",
    "minimum",
    "format",
];
/// Keywords that only annotate.
pub const ANNOTATION_KEYWORDS: &[&str] = &["$schema", "$id", "$defs", "title", "description"];

/// The kinds of document the format defines (the schema's `$defs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Def {
    Manifest,
    MultichoiceItem,
    PromptItem,
    MultichoiceText,
    PromptText,
    SafetyRecord,
    ResponsibilityRecord,
    MultichoiceRecord,
    OfficialRow,
    AdjudicationRecord,
}

impl Def {
    fn name(self) -> &'static str {
        match self {
            Def::Manifest => "manifest",
            Def::MultichoiceItem => "multichoice_item",
            Def::PromptItem => "prompt_item",
            Def::MultichoiceText => "multichoice_text",
            Def::PromptText => "prompt_text",
            Def::SafetyRecord => "safety_record",
            Def::ResponsibilityRecord => "responsibility_record",
            Def::MultichoiceRecord => "multichoice_record",
            Def::OfficialRow => "official_row",
            Def::AdjudicationRecord => "adjudication_record",
        }
    }
}

/// One place where a document does not fit the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path to the field, e.g. `benchmark.levels[0].id`; empty for the whole document.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// The parsed schema.
pub fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::from_str(SCHEMA_JSON).expect("the shipped schema is JSON"))
}

/// Every place where `value` does not fit definition `def`.
pub fn validate(def: Def, value: &Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let node = &schema()["$defs"][def.name()];
    check(node, value, &mut String::new(), &mut errors);
    errors
}

fn resolve(node: &Value) -> &Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").expect("local $ref");
            resolve(&schema()["$defs"][name])
        }
        None => node,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => term("null"),
        Value::Bool(_) => term("boolean"),
        Value::Number(_) => term("number"),
        Value::String(_) => term("string"),
        Value::Array(_) => term("array"),
        Value::Object(_) => term("object"),
    }
}

/// A type of the schema, as messages name it.
fn schema_type(ty: &str) -> &str {
    match ty {
        "integer" => term("integer"),
        ty => ty,
    }
}

fn has_type(v: &Value, ty: &str) -> bool {
    match ty {
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        ty => type_name(v) == ty,
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

fn check(node: &Value, value: &Value, path: &mut String, errors: &mut Vec<FieldError>) {
    let node = resolve(node);
    let mut fail = |path: &str, message: String| {
        errors.push(FieldError {
            field: path.to_string(),
            message,
        })
    };
    if let Some(ty) = node.get("type") {
        let allowed: Vec<&str> = match ty {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if !allowed.iter().any(|t| has_type(value, t)) {
            let found = type_name(value);
            let types = allowed.iter().map(|t| schema_type(t).to_string());
            let expected = types
                .reduce(|a, b| fill("{0} or {1}", &[&a, &b]))
                .unwrap_or_default();
            fail(path, fill("expected {0}, found {1}", &[&expected, &found]));
            return;
        }
    }
    if let Some(c) = node.get("const") {
        if value != c {
            fail(path, fill("must be {0}, found {1}", &[c, &short(value)]));
        }
    }
    if let Some(Value::Array(options)) = node.get("enum") {
        if !options.contains(value) {
            let list: Vec<String> = options.iter().map(Value::to_string).collect();
            fail(
                path,
                fill(
                    "must be one of {0}, found {1}",
                    &[&list.join(", "), &short(value)],
                ),
            );
        }
    }
    if let (Some(min), Some(v)) = (node.get("minimum").and_then(Value::as_f64), value.as_f64()) {
        if v < min {
            fail(path, fill("must be at least {0}, found {1}", &[&min, &v]));
        }
    }
    if let Value::String(s) = value {
        if let Some(min) = node.get("minLength").and_then(Value::as_u64) {
            if (s.chars().count() as u64) < min {
                fail(path, fill("must have at least {0} character(s)", &[&min]));
            }
        }
        if let Some(format) = node.get("format").and_then(Value::as_str) {
            if let Err(template) = check_format(format, s) {
                fail(path, fill(template, &[&short(value)]));
            }
        }
    }
    if let Value::Array(items) = value {
        if let Some(min) = node.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                fail(
                    path,
                    fill(
                        "must have at least {0} element(s), found {1}",
                        &[&min, &items.len()],
                    ),
                );
            }
        }
        if let Some(max) = node.get("maxItems").and_then(Value::as_u64) {
            if (items.len() as u64) > max {
                fail(
                    path,
                    fill(
                        "must have at most {0} element(s), found {1}",
                        &[&max, &items.len()],
                    ),
                );
            }
        }
        if let Some(item_schema) = node.get("items") {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check(item_schema, item, path, errors);
                path.truncate(len);
            }
        }
    }
    if let Value::Object(map) = value {
        let join = |path: &str, key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        if let Some(Value::Array(required)) = node.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(key) {
                    errors.push(FieldError {
                        field: join(path, key),
                        message: fill("missing required field", &[]),
                    });
                }
            }
        }
        if let Some(Value::Object(props)) = node.get("properties") {
            for (key, sub) in props {
                if let Some(v) = map.get(key) {
                    let mut sub_path = join(path, key);
                    check(sub, v, &mut sub_path, errors);
                }
            }
        }
    }
}

/// Whether `s` has the schema's `id` format: 1 to 64 of a-z A-Z 0-9 . _ -
pub(crate) fn is_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// Whether `s` has the schema's string format `format` (`id`, `date`,
/// `http-url`, `relative-path`).
pub(crate) fn has_format(format: &str, s: &str) -> bool {
    check_format(format, s).is_ok()
}

/// Checks the named string formats of the schema: whether `s` is in `format`; if not, the template of the message, whose
/// `{0}` is the value found.
fn check_format(format: &str, s: &str) -> Result<(), &'static str> {
    let ok = match format {
        "id" => is_id(s),
        "date" => is_date(s),
        "http-url" => {
            (s.starts_with("https://") || s.starts_with("http://"))
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        "relative-path" => is_relative_path(s),
        _ => panic!("schema uses unknown format {format:?}"),
    };
    if ok {
        return Ok(());
    }
    Err(match format {
        "id" => term("must be 1 to 64 of a-z A-Z 0-9 . _ -, found {0}"),
        "date" => term("must be a date YYYY-MM-DD, found {0}"),
        "http-url" => term("must be an http:// or https:// URL, found {0}"),
        _ => {
            term("must be a relative path inside the results folder (no '..', no leading '/', no scheme), found {0}")
        }
    })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// A path inside the results folder: no `..`, no leading `/`, no scheme, no backslash.
pub fn is_relative_path(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('/')
        && !s.contains(':')
        && !s.contains('\\')
        && s.split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keywords(node: &Value, out: &mut Vec<String>) {
        if let Value::Object(map) = node {
            for (k, v) in map {
                out.push(k.clone());
                match k.as_str() {
                    "properties" | "$defs" => {
                        for sub in v.as_object().unwrap().values() {
                            keywords(sub, out);
                        }
                    }
                    "items" => keywords(v, out),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn schema_uses_only_supported_keywords() {
        let mut found = Vec::new();
        keywords(schema(), &mut found);
        for k in found {
            assert!(
                SUPPORTED_KEYWORDS.contains(&k.as_str())
                    || ANNOTATION_KEYWORDS.contains(&k.as_str()),
                "the schema uses {k:?}, which the validator does not check"
            );
        }
    }

    #[test]
    fn reports_each_bad_field_with_its_path() {
        let line = json!({"item": 5, "ratings": []});
        let errors = validate(Def::ResponsibilityRecord, &line);
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["item", "ratings"]);
        assert_eq!(errors[0].message, "expected string, found number");
        let missing = validate(Def::MultichoiceRecord, &json!({"item": "a"}));
        assert_eq!(missing[0].field, "response");
        assert_eq!(missing[0].message, "missing required field");
    }

    #[test]
    fn unknown_fields_are_allowed() {
        let line = json!({"item": "x", "labels": ["safe"], "annotator_ids": [3]});
        assert!(validate(Def::SafetyRecord, &line).is_empty());
    }

    #[test]
    fn formats() {
        assert!(is_relative_path("models/a/safety.jsonl"));
        for bad in [
            "../x",
            "/etc/passwd",
            "https://e.com/x",
            "a//b",
            "a\\b",
            "./a",
            "",
        ] {
            assert!(!is_relative_path(bad), "{bad}");
        }
        assert!(is_date("2026-02-28"));
        assert!(!is_date("2026-13-01") && !is_date("26-01-01"));
        assert!(check_format("http-url", "javascript:alert(1)").is_err());
        assert!(check_format("id", "a b").is_err());
    }
}
