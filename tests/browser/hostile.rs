//! The catalogue of hostile and broken inputs (`tests/hostile/cases.json`),
//! all applied to one copy of the shipped results, each to a file of its
//! own: the CLI and the page must name exactly the expected problems, by
//! file, line and field, and score everything else as usual.

use super::{
    assert_cells_match_cli, cli_scores, model_errors, page_cells, shipped_copy, shipped_results,
    wait_for_table,
};
use crate::support::server::{Serve, Server};
use crate::support::site::{built_site, repo};
use crate::support::webdriver::Browser;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// One case: how it changes one file of the shipped results, and the
/// problems it must give (`{file}` stands for the file as shown).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    file: String,
    /// Lines (1-based) replaced by the given pieces.
    #[serde(default)]
    set_lines: BTreeMap<usize, Vec<Piece>>,
    /// Cuts the last line after this many bytes, without a line end.
    truncate_last_line_at: Option<usize>,
    #[serde(default)]
    empty: bool,
    #[serde(default)]
    bom: bool,
    #[serde(default)]
    crlf: bool,
    expect: Vec<String>,
}

/// Part of a line: text, one raw byte, or text repeated.
#[derive(Deserialize)]
#[serde(untagged, deny_unknown_fields)]
enum Piece {
    Text(String),
    Byte { byte: u8 },
    Repeat { repeat: String, times: usize },
}

impl Case {
    /// The case's version of `text`.
    fn apply(&self, text: &[u8]) -> Vec<u8> {
        if self.empty {
            return Vec::new();
        }
        let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        if lines.last().is_some_and(Vec::is_empty) {
            lines.pop();
        }
        for (&n, pieces) in &self.set_lines {
            let line = &mut lines[n - 1];
            line.clear();
            for piece in pieces {
                match piece {
                    Piece::Text(t) => line.extend_from_slice(t.as_bytes()),
                    Piece::Byte { byte } => line.push(*byte),
                    Piece::Repeat { repeat, times } => {
                        line.extend_from_slice(repeat.repeat(*times).as_bytes())
                    }
                }
            }
        }
        let end: &[u8] = if self.crlf { b"\r\n" } else { b"\n" };
        let mut out = if self.bom {
            "\u{feff}".as_bytes().to_vec()
        } else {
            Vec::new()
        };
        out.extend(lines.join(end));
        match self.truncate_last_line_at {
            Some(keep) => {
                let last = out.len() - lines.last().unwrap().len();
                out.truncate(last + keep);
            }
            None => out.extend_from_slice(end),
        }
        out
    }

    /// The model whose file this case changes.
    fn model(&self) -> &str {
        self.file.split('/').nth(1).unwrap()
    }

    /// The problems expected, with the file shown as `shown`.
    fn expected(&self, shown: &str) -> impl Iterator<Item = String> + '_ {
        let shown = shown.to_string();
        self.expect.iter().map(move |e| e.replace("{file}", &shown))
    }
}

fn catalogue() -> Vec<Case> {
    let path = repo().join("tests/hostile/cases.json");
    let cases: Vec<Case> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let files: BTreeSet<&str> = cases.iter().map(|c| c.file.as_str()).collect();
    assert_eq!(
        files.len(),
        cases.len(),
        "each case changes a file of its own"
    );
    cases
}

/// A copy of the shipped results with every case applied.
fn hostile_folder(name: &str) -> (PathBuf, Vec<Case>) {
    let dir = shipped_copy(name);
    let cases = catalogue();
    for case in &cases {
        let path = dir.join(&case.file);
        let text = std::fs::read(&path).unwrap();
        std::fs::write(&path, case.apply(&text)).unwrap();
    }
    (dir, cases)
}

/// Where a model file's scores are in `score --json`.
fn score_of(file: &str) -> &'static str {
    match file.rsplit('/').next().unwrap() {
        "safety.jsonl" => "/scores/human/safety/score",
        "responsibility.jsonl" => "/scores/human/responsibility/mean",
        _ => "/scores/auto/overall/acc",
    }
}

fn model<'a>(scores: &'a Value, id: &str) -> &'a Value {
    scores["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap()
}

#[test]
fn the_cli_names_every_hostile_case_exactly_and_scores_the_rest() {
    let (dir, cases) = hostile_folder("hostile-cli");
    let dir_arg = dir.to_str().unwrap();
    let (code, out, _) = crate::support::cli::run_status(&["validate", dir_arg, "--json"]);
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(code, 1, "{report:#}");
    let got: BTreeSet<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    let want: BTreeSet<String> = cases
        .iter()
        .flat_map(|c| c.expected(&format!("{dir_arg}/{}", c.file)))
        .collect();
    assert_eq!(got, want);
    // Each problem's `line` is the line its text names (or none).
    for p in report["problems"].as_array().unwrap() {
        let text = p["text"].as_str().unwrap();
        let after_file = text.strip_prefix(p["file"].as_str().unwrap()).unwrap();
        let named = after_file
            .strip_prefix(':')
            .and_then(|rest| rest.split(':').next()?.parse::<u64>().ok());
        assert_eq!(p["line"].as_u64(), named, "{text}");
    }

    // A file with a problem is left out (its score is undefined); every other
    // file scores as usual, and a model no case touches exactly as shipped.
    let scores = cli_scores(&dir);
    let shipped = cli_scores(&shipped_results());
    for case in &cases {
        let score = model(&scores, case.model())
            .pointer(score_of(&case.file))
            .unwrap();
        assert_eq!(
            score.is_null(),
            !case.expect.is_empty(),
            "{}: {score}",
            case.name
        );
    }
    let touched: BTreeSet<&str> = cases.iter().map(Case::model).collect();
    for m in shipped["models"].as_array().unwrap() {
        let id = m["id"].as_str().unwrap();
        if !touched.contains(id) {
            assert_eq!(model(&scores, id)["scores"], m["scores"], "{id}");
        }
    }
}

#[test]
fn the_page_names_every_hostile_case_and_scores_the_rest_as_the_cli_does() {
    let (dir, cases) = hostile_folder("hostile-page");
    let server = Server::start(
        built_site(),
        Serve {
            results: Some(dir.clone()),
            ..Serve::default()
        },
    );
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    let errors = model_errors(&browser);
    let broken: BTreeSet<&str> = cases
        .iter()
        .filter(|c| !c.expect.is_empty())
        .map(Case::model)
        .collect();
    assert_eq!(
        errors.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        broken,
        "{errors:?}"
    );
    for case in cases.iter().filter(|c| !c.expect.is_empty()) {
        for problem in case.expected(&format!("results/{}", case.file)) {
            assert!(
                errors[case.model()].contains(&problem),
                "{}: {problem:?} in {errors:?}",
                case.name
            );
        }
    }
    // Every cell is the CLI's.
    assert_cells_match_cli(&page_cells(&browser), &cli_scores(&dir));
}
