//! A model builder's own response file, scored against the item bank.
//!
//! Two formats are read, told apart by their first record: the **official**
//! CValues response file (`prompt`, `label`, `meta_info`, `response`, as a
//! CValues run writes it) and this project's per-model multi-choice format
//! (`item`, `response`). Official rows are matched to the item bank by their
//! question and the two replies in the order shown; a row that matches no
//! item becomes a new item (id `mc<level>-<hash>`, the same for the same
//! question and replies). Bad lines are reported with their line and field
//! and left out; the good lines are still scored.
//!
//! ```no_run
//! # let (mut results, text): (cvalues_core::load::Results, String) = unimplemented!();
//! # let entry: cvalues_core::format::ModelEntry = unimplemented!();
//! use cvalues_core::submission::{add_submission, read_submission};
//! let sub = read_submission("mine.jsonl", &text, &results);
//! println!("{} of {} lines rejected", sub.rejected, sub.lines);
//! let index = add_submission(&mut results, entry, sub);
//! ```

use crate::answer::Choice;
use crate::format::{
    Difficulty, Extra, Level, ModelEntry, MultichoiceItem, MultichoiceRecord, MultichoiceText,
};
use crate::load::{
    json_lines, model_from_multichoice, read_lines, read_multichoice, Placement, Results,
};
use crate::problem::{Problem, ProblemKind};
use crate::schema::Def;
use crate::text::{fill, term};
use serde::Deserialize;
use std::collections::HashMap;

/// The two formats a submission may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The official CValues response file.
    Official,
    /// This project's `multichoice.jsonl` lines.
    Project,
}

/// A submission as read: its records, the items it adds, and its problems.
#[derive(Debug, Clone)]
pub struct Submission {
    pub format: Format,
    /// (line, record) of each good line.
    pub records: Vec<(usize, MultichoiceRecord)>,
    /// Items not in the bank, with their texts, to be added with the submission.
    pub new_items: Vec<(MultichoiceItem, MultichoiceText, Placement)>,
    pub problems: Vec<Problem>,
    /// Non-blank lines read.
    pub lines: usize,
    /// Lines left out because of a problem.
    pub rejected: usize,
}

#[derive(Deserialize)]
struct OfficialRow {
    label: Choice,
    response: String,
    meta_info: MetaInfo,
}

/// Always read by the full path: these files are small.
impl crate::line::Line for OfficialRow {}

#[derive(Deserialize)]
struct MetaInfo {
    question: String,
    pos_resp: String,
    neg_resp: String,
    domain_en: Option<String>,
    scenario_en: Option<String>,
    difficulty_level: Difficulty,
}

/// Which format `text` is in: official when its first record has `meta_info`.
pub fn detect_format(text: &str) -> Format {
    let first = json_lines(text).next().map(|(_, l)| l).unwrap_or("");
    match serde_json::from_str::<serde_json::Value>(first) {
        Ok(v) if v.get("meta_info").is_some() => Format::Official,
        _ => Format::Project,
    }
}

/// Reads a submission against the results' item bank and taxonomy. An
/// official file is matched by the items' texts: load them first
/// ([`crate::load::load_texts`]), or every row is a problem.
pub fn read_submission(file: &str, text: &str, results: &Results) -> Submission {
    let format = detect_format(text);
    let lines = json_lines(text).count();
    let mut problems = Vec::new();
    let mut records = Vec::new();
    let mut new_items: Vec<(MultichoiceItem, MultichoiceText, Placement)> = Vec::new();
    let bank = &results.bank;
    match format {
        Format::Project => {
            for (line, record) in read_multichoice(file, text, bank, &mut problems) {
                if bank.multichoice_by_id(&record.item).is_none() {
                    let kind = ProblemKind::UnknownItem {
                        id: record.item.clone(),
                        expected: term("multi-choice item").into(),
                    };
                    problems.push(Problem::at(file, Some(line), Some("item"), kind));
                    continue;
                }
                records.push((line, record));
            }
        }
        Format::Official => {
            let b = &results.manifest.benchmark;
            let Some(texts) = &results.texts else {
                let kind = ProblemKind::Invalid {
                    message: fill("an official response file is matched to the items by their texts, which are not loaded", &[]),
                };
                problems.push(Problem::file(file, kind));
                return Submission {
                    format,
                    records,
                    new_items,
                    problems,
                    lines,
                    rejected: lines,
                };
            };
            let by_text: HashMap<(&str, &str, &str), usize> = texts
                .multichoice
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    let t = t.as_ref()?;
                    Some((
                        (t.question.as_str(), t.reply1.as_str(), t.reply2.as_str()),
                        i,
                    ))
                })
                .collect();
            let mut new_ids: HashMap<String, usize> = HashMap::new();
            for (line, row) in
                read_lines::<OfficialRow>(file, text, Def::OfficialRow, &mut problems)
            {
                let m = &row.meta_info;
                let (reply1, reply2) = match row.label {
                    Choice::Reply1 => (&m.pos_resp, &m.neg_resp),
                    Choice::Reply2 => (&m.neg_resp, &m.pos_resp),
                };
                let item = match by_text.get(&(
                    m.question.as_str(),
                    reply1.as_str(),
                    reply2.as_str(),
                )) {
                    Some(&i) => bank.multichoice[i].id.clone(),
                    None => {
                        let (field, category) = match (&m.domain_en, &m.scenario_en) {
                            (Some(d), _) => ("meta_info.domain_en", d),
                            (None, Some(s)) => ("meta_info.scenario_en", s),
                            (None, None) => {
                                let kind = ProblemKind::Schema {
                                    message: fill("a new item needs meta_info.domain_en (level 2) or meta_info.scenario_en (level 1)", &[]),
                                };
                                problems.push(Problem::at(
                                    file,
                                    Some(line),
                                    Some("meta_info"),
                                    kind,
                                ));
                                continue;
                            }
                        };
                        let level = if field.ends_with("domain_en") {
                            Level::Responsibility
                        } else {
                            Level::Safety
                        };
                        let Some(index) = b
                            .level(level)
                            .categories
                            .iter()
                            .position(|c| &c.id == category)
                        else {
                            let kind = ProblemKind::UnknownCategory {
                                level: level.id().into(),
                                category: category.clone(),
                            };
                            problems.push(Problem::at(file, Some(line), Some(field), kind));
                            continue;
                        };
                        let id = format!(
                            "mc{}-{:016x}",
                            level.number(),
                            crate::fnv::fnv1a(&[&m.question, reply1, reply2])
                        );
                        if !new_ids.contains_key(&id) {
                            new_ids.insert(id.clone(), new_items.len());
                            let item = MultichoiceItem {
                                id: id.clone(),
                                level: level.number(),
                                category: category.clone(),
                                difficulty: m.difficulty_level,
                                label: row.label,
                                extra: Extra::new(),
                            };
                            let text = MultichoiceText {
                                id: id.clone(),
                                question: m.question.clone(),
                                reply1: reply1.clone(),
                                reply2: reply2.clone(),
                                extra: Extra::new(),
                            };
                            new_items.push((
                                item,
                                text,
                                Placement {
                                    level,
                                    category: index,
                                },
                            ));
                        }
                        id
                    }
                };
                let record = MultichoiceRecord {
                    item,
                    response: row.response,
                    evaluator: None,
                    adjudication: None,
                    extra: Extra::new(),
                };
                records.push((line, record));
            }
        }
    }
    // One response per item: later repeats are left out.
    let mut first_line: HashMap<String, usize> = HashMap::new();
    records.retain(|(line, r)| match first_line.get(&r.item) {
        Some(&first) => {
            let kind = ProblemKind::Duplicate {
                id: r.item.clone(),
                first_line: Some(first),
            };
            problems.push(Problem::at(file, Some(*line), Some("item"), kind));
            false
        }
        None => {
            first_line.insert(r.item.clone(), *line);
            true
        }
    });
    Submission {
        format,
        rejected: lines - records.len(),
        lines,
        records,
        new_items,
        problems,
    }
}

/// Adds the submission's new items to the bank and the model (with its
/// multi-choice records) to the results; returns the model's index. The
/// entry's `files.multichoice` names the submitted file.
pub fn add_submission(results: &mut Results, entry: ModelEntry, sub: Submission) -> usize {
    for (item, text, placement) in sub.new_items {
        if results.bank.multichoice_by_id(&item.id).is_none() {
            results.bank.add_multichoice(item, placement);
            if let Some(texts) = &mut results.texts {
                texts.multichoice.push(Some(text));
            }
        }
    }
    let file = entry.files.multichoice.clone().unwrap_or_default();
    let mut model = model_from_multichoice(&results.bank, entry, &file, sub.records);
    model.problems.splice(0..0, sub.problems);
    results.models.push(model);
    results.models.len() - 1
}
