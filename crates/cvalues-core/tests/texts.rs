//! The items' texts load apart from the items: scoring never reads them, and
//! a problem in them names its file, line and field and loses nothing else.

mod common;

use common::shipped;
use cvalues_core::load::{bank_files, load, text_files};
use cvalues_core::problem::ProblemKind;

#[test]
fn every_item_has_its_text_and_scoring_never_reads_them() {
    let (manifest, files) = shipped();
    let texts = text_files(&manifest);
    assert!(texts.iter().all(|t| !bank_files(&manifest).contains(t)));
    let full = load("results", manifest.clone(), &files);
    assert_eq!(full.all_problems().count(), 0);
    let loaded = full.texts.as_ref().expect("load reads the texts");
    assert_eq!(loaded.multichoice.len(), full.bank.multichoice.len());
    assert_eq!(loaded.prompts.len(), full.bank.prompts.len());
    for (item, text) in full.bank.multichoice.iter().zip(&loaded.multichoice) {
        assert_eq!(Some(&item.id), text.as_ref().map(|t| &t.id));
    }
    for (item, text) in full.bank.prompts.iter().zip(&loaded.prompts) {
        assert_eq!(Some(&item.id), text.as_ref().map(|t| &t.id));
    }

    // Without the text files the scores are the same.
    let mut scoring_only = files.clone();
    for t in &texts {
        scoring_only.remove(t);
    }
    let mut loader = cvalues_core::load::Loader::new("results", manifest, &scoring_only);
    while loader.load_next(&scoring_only) {}
    let scored = loader.finish();
    assert!(scored.texts.is_none());
    assert_eq!(scored.all_problems().count(), 0);
    let filter = cvalues_core::filter::Filter::default();
    assert_eq!(
        cvalues_core::board::board(&scored, &filter),
        cvalues_core::board::board(&full, &filter)
    );
}

#[test]
fn bad_text_lines_are_named_and_the_rest_kept() {
    let (manifest, mut files) = shipped();
    let rel = manifest.items.prompt_texts.clone();
    let text = files[&rel].as_ref().unwrap().clone();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let id_of = |line: &str| line.split('"').nth(3).unwrap().to_string();
    let ids: Vec<String> = lines.iter().map(|l| id_of(l)).collect();
    lines[5] = lines[0].clone(); // line 6 repeats line 1
    lines[9] = r#"{"id":"nope","text":"t"}"#.into();
    lines[11] = format!(r#"{{"id":"{}","text":""}}"#, ids[11]);
    files.insert(rel.clone(), Ok(lines.join("\n")));
    let results = load("results", manifest, &files);
    let shown: Vec<String> = results.all_problems().map(ToString::to_string).collect();
    let file = format!("results/{rel}");
    assert!(shown.contains(&format!(
        "{file}:6: field `id`: duplicate id {:?}, first seen on line 1",
        ids[0]
    )));
    assert!(shown.contains(&format!(
        "{file}:10: field `id`: no prompt with id \"nope\" in the item bank"
    )));
    assert!(shown.contains(&format!(
        "{file}:12: field `text`: must have at least 1 character(s)"
    )));
    let missing: Vec<_> = results
        .all_problems()
        .filter_map(|p| match &p.kind {
            ProblemKind::MissingText { id } => Some(id.clone()),
            _ => None,
        })
        .collect();
    // The three items whose lines were broken have no text; the problems
    // say so.
    assert_eq!(missing, [ids[5].clone(), ids[9].clone(), ids[11].clone()]);
    // Every other prompt keeps its text, and every model is still scored.
    let texts = results.texts.as_ref().unwrap();
    assert_eq!(
        texts.prompts.iter().filter(|t| t.is_some()).count(),
        results.bank.prompts.len() - 3
    );
    assert!(results.models.iter().all(|m| m.problems.is_empty()));
}
