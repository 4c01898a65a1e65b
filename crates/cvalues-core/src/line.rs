//! The fast path of reading a JSON line into a record.
//!
//! The full path ([`crate::load::read_lines`]) parses a line into a JSON
//! value, checks it against the schema, then converts it, so that every
//! problem can be named by field. Nearly every line of a published file is
//! plainly valid, and for the kinds of line that make up the bulk of a
//! results folder, [`Line::fast`] reads it straight into the record and checks
//! what the types do not (formats, lengths, ranges). Whenever it is not sure
//! (an unknown field, a `null`, anything invalid) it declines, and the line
//! takes the full path; a test checks that both paths give the same record.

use crate::answer::{Choice, Prediction};
use crate::format::*;
use crate::schema::is_id;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// A kind of JSON line.
pub trait Line: DeserializeOwned {
    /// The record, when `line` is plainly valid (known fields only, and
    /// every constraint of the schema met); `None` to take the full path.
    fn fast(_line: &str) -> Option<Self> {
        None
    }
}

/// Reads a line of only known fields with no `null`: an explicit `null` is
/// a schema error for every field read here, and the typed reader would take
/// it for an absent field, so such lines take the full path.
fn strict<T: DeserializeOwned>(line: &str) -> Option<T> {
    if crate::answer::text::contains(line.as_bytes(), b"null") {
        return None;
    }
    serde_json::from_str(line).ok()
}

fn is_level(level: u8) -> bool {
    Level::from_number(level).is_some()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictMultichoiceRecord {
    #[serde(default)]
    item: Option<String>,
    response: String,
    #[serde(default)]
    evaluator: Option<String>,
    #[serde(default)]
    adjudication: Option<Prediction>,
}

impl Line for MultichoiceRecord {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictMultichoiceRecord = strict(line)?;
        let ok =
            r.item.as_deref().is_none_or(is_id) && r.adjudication != Some(Prediction::NeedCheck);
        ok.then(|| MultichoiceRecord {
            item: r.item.unwrap_or_default(),
            response: r.response,
            evaluator: r.evaluator,
            adjudication: r.adjudication,
            extra: Extra::new(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictSafetyRecord {
    item: String,
    labels: Vec<SafetyLabel>,
}

impl Line for SafetyRecord {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictSafetyRecord = strict(line)?;
        (is_id(&r.item) && !r.labels.is_empty()).then(|| SafetyRecord {
            item: r.item,
            labels: r.labels,
            extra: Extra::new(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictResponsibilityRecord {
    item: String,
    ratings: Vec<f64>,
}

impl Line for ResponsibilityRecord {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictResponsibilityRecord = strict(line)?;
        (is_id(&r.item) && !r.ratings.is_empty()).then(|| ResponsibilityRecord {
            item: r.item,
            ratings: r.ratings,
            extra: Extra::new(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictMultichoiceItem {
    id: String,
    level: u8,
    category: String,
    difficulty: Difficulty,
    label: Choice,
}

impl Line for MultichoiceItem {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictMultichoiceItem = strict(line)?;
        let ok = is_id(&r.id) && is_id(&r.category) && is_level(r.level);
        ok.then(|| MultichoiceItem {
            id: r.id,
            level: r.level,
            category: r.category,
            difficulty: r.difficulty,
            label: r.label,
            extra: Extra::new(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictPromptItem {
    id: String,
    level: u8,
    category: String,
}

impl Line for PromptItem {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictPromptItem = strict(line)?;
        let ok = is_id(&r.id) && is_id(&r.category) && is_level(r.level);
        ok.then(|| PromptItem {
            id: r.id,
            level: r.level,
            category: r.category,
            extra: Extra::new(),
        })
    }
}

/// Texts are read only by the item explorer and the matching of official
/// files: the full path is fast enough, and a fast path would be more code
/// in the page's bundle.
impl Line for MultichoiceText {}

impl Line for PromptText {}
