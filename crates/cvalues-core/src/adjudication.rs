//! People's decisions on responses the rules could not decide.
//!
//! An adjudication (`回复1`, `回复2`, `Other` or `Refuse`) always overrides the
//! parsed prediction. They travel as JSON Lines files, one decision a line:
//! `{"model": "aurora-70b-chat", "item": "mc2-0007", "adjudication": "回复1"}`,
//! which `cvalues score --adjudications FILE` and the page read and write.
//!
//! ```no_run
//! # let mut results: cvalues_core::load::Results = unimplemented!();
//! use cvalues_core::adjudication::{apply, read_adjudications};
//! let (decisions, mut problems) = read_adjudications("adj.jsonl", "{\"model\":\"m\",\"item\":\"i\",\"adjudication\":\"Other\"}");
//! problems.extend(apply(&mut results, "adj.jsonl", &decisions));
//! ```

use crate::answer::{Prediction, RuleSet};
use crate::load::{read_lines, Results};
use crate::problem::{quoted, Problem, ProblemKind};
use crate::schema::Def;
use crate::text::fill;
use serde::{Deserialize, Serialize};

/// One decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjudication {
    pub model: String,
    pub item: String,
    pub adjudication: Prediction,
}

/// Always read by the full path: these files are small.
impl crate::line::Line for Adjudication {}

/// Reads an adjudications file: (line, decision) of each good line, and problems.
pub fn read_adjudications(file: &str, text: &str) -> (Vec<(usize, Adjudication)>, Vec<Problem>) {
    let mut problems = Vec::new();
    let decisions = read_lines(file, text, Def::AdjudicationRecord, &mut problems);
    (decisions, problems)
}

/// Sets (or with `None` clears) the decision on one response of model
/// `model` (an index into `results.models`) and updates its outcome.
/// Returns false when the model has no response to that item.
pub fn adjudicate(
    results: &mut Results,
    model: usize,
    item: &str,
    decision: Option<Prediction>,
) -> bool {
    let Some(index) = results.bank.multichoice_by_id(item) else {
        return false;
    };
    let bank_item = &results.bank.multichoice[index];
    let m = &mut results.models[model];
    let Some(records) = m.multichoice.as_mut() else {
        return false;
    };
    // Outcomes are parallel to the records.
    let Some(k) = m.outcomes.multichoice.iter().position(|&(i, _)| i == index) else {
        return false;
    };
    let record = &mut records[k];
    record.adjudication = decision;
    let prediction = decision.unwrap_or_else(|| {
        let name = record
            .evaluator
            .as_deref()
            .or(m.entry.evaluator.as_deref())
            .unwrap_or_default();
        RuleSet::official()
            .evaluator(name)
            .map_or(Prediction::NeedCheck, |f| {
                f.parse(&record.response, Some(bank_item.label))
            })
    });
    m.outcomes.multichoice[k].1 = prediction;
    true
}

/// Applies decisions; each that names no model, or no response of it, is a problem.
pub fn apply(
    results: &mut Results,
    file: &str,
    decisions: &[(usize, Adjudication)],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (line, d) in decisions {
        let Some(model) = results.models.iter().position(|m| m.entry.id == d.model) else {
            let kind = ProblemKind::Invalid {
                message: fill("no model {0} in the results", &[&quoted(&d.model)]),
            };
            problems.push(Problem::at(file, Some(*line), Some("model"), kind));
            continue;
        };
        if !adjudicate(results, model, &d.item, Some(d.adjudication)) {
            let kind = ProblemKind::UnknownItem {
                id: d.item.clone(),
                expected: fill("response of {0} to a multi-choice item", &[&d.model]),
            };
            problems.push(Problem::at(file, Some(*line), Some("item"), kind));
        }
    }
    problems
}

/// Writes decisions as an adjudications file.
pub fn to_jsonl(decisions: &[Adjudication]) -> String {
    decisions
        .iter()
        .map(|d| serde_json::to_string(d).expect("serializes") + "\n")
        .collect()
}
