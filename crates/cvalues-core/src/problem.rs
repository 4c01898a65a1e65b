//! Problems found while loading results: where they are and what to do.

use crate::decimal::Short;
use crate::text::fill;
use serde::Serialize;
use std::fmt;

/// One problem in one file, located as precisely as it can be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// The file, as shown to the user (e.g. `results/models/a/safety.jsonl`).
    pub file: String,
    /// 1-based line number, for JSON Lines files.
    pub line: Option<usize>,
    /// Dotted path to the field, e.g. `labels[1]`.
    pub field: Option<String>,
    /// What is wrong (in JSON, its `kind` and fields sit beside `file`).
    #[serde(flatten)]
    pub kind: ProblemKind,
}

/// What is wrong. Each variant's doc says what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file could not be read or fetched. Check that the path in
    /// `index.json` is right and that the file is published.
    Unreadable { reason: String },
    /// The file has no records. Add its records, or remove it from `index.json`.
    Empty,
    /// Not valid JSON. Fix the syntax; a truncated last line is a common cause.
    Json { reason: String },
    /// A value does not fit the schema (`schema.json`). Change it as the message says.
    Schema { message: String },
    /// An id occurs twice. Remove or rename one of them.
    Duplicate {
        id: String,
        first_line: Option<usize>,
    },
    /// A record names an item the item bank does not have (or has as another
    /// kind of item). Fix the id, or add the item to the bank.
    UnknownItem { id: String, expected: String },
    /// An item of the bank has no line in a texts file. Add the line with
    /// its text.
    MissingText { id: String },
    /// A category not declared for its level in `index.json`. Declare it, or fix the id.
    UnknownCategory { level: String, category: String },
    /// A rating outside the benchmark's rating scale. Use a value within the scale.
    OutOfScale { value: f64, min: f64, max: f64 },
    /// No such evaluator. Use one of the official evaluator names.
    UnknownEvaluator { name: String, known: Vec<String> },
    /// A multi-choice file without an evaluator to parse it with. Set the
    /// model's `evaluator` in `index.json`, or `evaluator` on each line.
    MissingEvaluator,
    /// The manifest is inconsistent in a way the schema cannot say. Fix it as the message says.
    Invalid { message: String },
    /// The line is not plainly valid, and the reader that names its problems
    /// by field was not at hand (the page fetches it when a file needs it).
    /// Reload the page; `cvalues validate` names the problem.
    Unchecked,
}

impl ProblemKind {
    /// What is wrong, in one sentence.
    pub fn message(&self) -> String {
        match self {
            ProblemKind::Unreadable { reason } => fill("cannot read the file: {0}", &[reason]),
            ProblemKind::Empty => fill("the file has no records", &[]),
            ProblemKind::Json { reason } => fill("not valid JSON: {0}", &[reason]),
            ProblemKind::Schema { message } => message.clone(),
            ProblemKind::Duplicate { id, first_line } => match first_line {
                Some(l) => fill(
                    "duplicate id {0}, first seen on line {1}",
                    &[&quoted(id), l],
                ),
                None => fill("duplicate id {0}", &[&quoted(id)]),
            },
            ProblemKind::UnknownItem { id, expected } => fill(
                "no {0} with id {1} in the item bank",
                &[expected, &quoted(id)],
            ),
            ProblemKind::MissingText { id } => {
                fill("no line for item {0} of the item bank", &[&quoted(id)])
            }
            ProblemKind::UnknownCategory { level, category } => fill(
                "category {0} is not declared for {1} in index.json",
                &[&quoted(category), level],
            ),
            ProblemKind::OutOfScale { value, min, max } => fill(
                "rating {0} is outside the rating scale {1} to {2}",
                &[&Short(*value), &Short(*min), &Short(*max)],
            ),
            ProblemKind::UnknownEvaluator { name, known } => fill(
                "unknown evaluator {0}; known: {1}",
                &[&quoted(name), &known.join(", ")],
            ),
            ProblemKind::MissingEvaluator => fill(
                "no evaluator: set the model's `evaluator` in index.json or on each line",
                &[],
            ),
            ProblemKind::Invalid { message } => message.clone(),
            ProblemKind::Unchecked => fill(
                "this line needs the full check, which could not be loaded",
                &[],
            ),
        }
    }
}

/// `text` in double quotes, escaped as Rust's `{:?}` does: how messages
/// show ids and values from the data.
pub fn quoted(text: &str) -> String {
    format!("{text:?}")
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = match self.line {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        };
        let message = self.kind.message();
        f.write_str(&match self.field.as_deref().filter(|s| !s.is_empty()) {
            Some(field) => fill("{0}: field `{1}`: {2}", &[&place, &field, &message]),
            None => fill("{0}: {1}", &[&place, &message]),
        })
    }
}

impl Problem {
    /// A problem with the whole file.
    pub fn file(file: &str, kind: ProblemKind) -> Problem {
        Problem {
            file: file.to_string(),
            line: None,
            field: None,
            kind,
        }
    }

    /// A problem at a line, optionally in one field of it.
    pub fn at(file: &str, line: Option<usize>, field: Option<&str>, kind: ProblemKind) -> Problem {
        Problem {
            file: file.to_string(),
            line,
            field: field.map(str::to_string),
            kind,
        }
    }
}
