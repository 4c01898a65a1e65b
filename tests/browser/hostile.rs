//! The catalogue of hostile and broken inputs (`tests/hostile/cases.json`),
//! all applied to one copy of the shipped results, each to a file of its
//! own: the CLI and the page must name exactly the expected problems, by
//! file, line and field, and score everything else as usual.

use super::i18n::assert_no_english_left;
use super::{
    assert_cells_match_cli, cli_scores, model_errors, page_cells, shipped_copy, shipped_results,
    wait_for_problem_lists, wait_for_table,
};
use crate::support::server::{Serve, Server};
use crate::support::site::{built_site, repo};
use crate::support::webdriver::Browser;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    /// JSON pointers into the file (a JSON document) set to these values.
    #[serde(default)]
    set: BTreeMap<String, Value>,
    expect: Vec<String>,
    /// Problems expected once for each model of the manifest (`{model}`).
    #[serde(default)]
    expect_per_model: Vec<String>,
    /// The models the manifest's problems leave out.
    #[serde(default)]
    left_out: Vec<String>,
    /// Nothing can be loaded.
    #[serde(default)]
    fatal: bool,
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
        if !self.set.is_empty() {
            let mut doc: Value = serde_json::from_slice(text).unwrap();
            for (pointer, value) in &self.set {
                *doc.pointer_mut(pointer).expect(pointer) = value.clone();
            }
            return (serde_json::to_string_pretty(&doc).unwrap() + "\n").into_bytes();
        }
        let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        if lines.last().is_some_and(Vec::is_empty) {
            lines.pop();
        }
        for (&n, pieces) in &self.set_lines {
            if n > lines.len() {
                lines.resize(n, Vec::new()); // lines added to the end
            }
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

    /// All the problems a folder case expects, for the results folder shown
    /// as `base` whose manifest lists `models`.
    fn expected_in(&self, base: &str, models: &[String]) -> BTreeSet<String> {
        let per_model = models.iter().flat_map(|m| {
            let model = m.clone();
            self.expect_per_model
                .iter()
                .map(move |e| e.replace("{model}", &model))
        });
        self.expected(&format!("{base}/{}", self.file))
            .chain(per_model)
            .map(|e| e.replace("{base}", base))
            .collect()
    }

    /// Whether this case's file is an adjudications file (not part of the
    /// results: the CLI reads it with `score --adjudications`, and the page
    /// keeps it as the reader's adjudications).
    fn is_adjudications(&self) -> bool {
        self.file == ADJUDICATIONS
    }
}

/// The file an adjudications case writes into its copy of the results.
const ADJUDICATIONS: &str = "adjudications.jsonl";

fn read_cases(name: &str) -> Vec<Case> {
    let path = repo().join("tests/hostile").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The cases of a model's file, all applied to one copy of the results.
fn catalogue() -> Vec<Case> {
    let cases = read_cases("cases.json");
    let files: BTreeSet<&str> = cases.iter().map(|c| c.file.as_str()).collect();
    assert_eq!(
        files.len(),
        cases.len(),
        "each case changes a file of its own"
    );
    for case in &cases {
        assert!(
            case.file.starts_with("models/"),
            "{}: a model's file",
            case.name
        );
        let folder_only = !case.set.is_empty()
            || !case.expect_per_model.is_empty()
            || !case.left_out.is_empty()
            || case.fatal;
        assert!(!folder_only, "{}: belongs in folders.json", case.name);
    }
    cases
}

/// The cases of the manifest, the item bank and adjudications: each applied
/// to a copy of the shipped results of its own, as `target/e2e/<prefix>-<i>`.
fn folder_cases(prefix: &str) -> Vec<(Case, PathBuf)> {
    read_cases("folders.json")
        .into_iter()
        .enumerate()
        .map(|(i, case)| {
            let dir = shipped_copy(&format!("{prefix}-{i}"));
            let path = dir.join(&case.file);
            let text = std::fs::read(&path).unwrap_or_default();
            std::fs::write(&path, case.apply(&text)).unwrap();
            (case, dir)
        })
        .collect()
}

/// `cvalues validate DIR --json`: the exit code, the report, and its
/// problems' texts.
fn cli_validate(dir: &str) -> (i32, Value, BTreeSet<String>) {
    let (code, out, _) = crate::support::cli::run_status(&["validate", dir, "--json"]);
    let report: Value = serde_json::from_slice(&out).unwrap();
    let texts = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    (code, report, texts)
}

/// The models' ids, in order, in `score --json` output.
fn model_ids(scores: &Value) -> Vec<String> {
    scores["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

/// `cvalues score DIR --json`, with the case's adjudications if it has them:
/// the exit code, the scores, and the problem lines of stderr.
fn cli_score_case(case: &Case, dir: &Path) -> (i32, Value, BTreeSet<String>) {
    let dir_arg = dir.to_str().unwrap();
    let adjudications = dir.join(ADJUDICATIONS);
    let mut args = vec!["score", dir_arg, "--json"];
    if case.is_adjudications() {
        args.extend(["--adjudications", adjudications.to_str().unwrap()]);
    }
    let (code, out, err) = crate::support::cli::run_status(&args);
    let problems = String::from_utf8(err)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("cvalues "))
        .map(str::to_string)
        .collect();
    let scores = serde_json::from_slice(&out).unwrap_or(Value::Null);
    (code, scores, problems)
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
    let (code, report, got) = cli_validate(dir_arg);
    assert_eq!(code, 1, "{report:#}");
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
    let (server, browser) = super::open_with_results(&dir, 12);
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

    // In Chinese: the same rows name as many problems, in Chinese (the
    // files, fields and values from the data stay as they are).
    let count = "return Array.from(document.querySelectorAll('tr.has-problems')).map(tr =>
        [tr.dataset.row, tr.querySelectorAll('[data-testid=model-error] li').length]);";
    let english = browser.execute(count, json!([]));
    browser.goto(&format!("{}?lang=zh", server.url()));
    wait_for_table(&browser, 12);
    wait_for_problem_lists(&browser);
    assert_eq!(browser.execute(count, json!([])), english);
    assert_no_english_left(&browser, "the hostile cases");
}

#[test]
fn the_cli_names_every_folder_case_exactly_and_keeps_what_is_valid() {
    let shipped = cli_scores(&shipped_results());
    let all = model_ids(&shipped);
    for (case, dir) in folder_cases("hostile-folder-cli") {
        let base = dir.display().to_string();
        let want = case.expected_in(&base, &all);
        let (code, scores, stderr) = cli_score_case(&case, &dir);
        if case.is_adjudications() {
            // The valid decisions apply; the others are named and left out.
            assert_eq!(code, 1, "{}", case.name);
            assert_eq!(stderr, want, "{}", case.name);
        } else {
            let (code, report, got) = cli_validate(&base);
            assert_eq!(code, 1, "{}", case.name);
            assert_eq!(got, want, "{}", case.name);
            assert_eq!(report["loaded"].is_null(), case.fatal, "{}", case.name);
        }
        if case.fatal {
            assert_eq!(scores, Value::Null, "{}: nothing to score", case.name);
            continue;
        }
        // Every model but those left out is scored.
        let kept: Vec<String> = all
            .iter()
            .filter(|m| !case.left_out.contains(m))
            .cloned()
            .collect();
        assert_eq!(model_ids(&scores), kept, "{}", case.name);
        for id in &kept {
            let (got, was) = (
                &model(&scores, id)["scores"],
                &model(&shipped, id)["scores"],
            );
            // Human scores never depend on the multi-choice bank or decisions.
            assert_eq!(got["human"], was["human"], "{}: {id}", case.name);
            let auto_changes = !case.expect_per_model.is_empty()
                || (case.is_adjudications() && id == "dune-7b-instruct");
            assert_eq!(
                got["auto"] != was["auto"],
                auto_changes,
                "{}: {id}",
                case.name
            );
            if !case.expect_per_model.is_empty() {
                assert!(
                    got["auto"]["overall"]["acc"].is_null(),
                    "{}: {id}",
                    case.name
                );
            }
        }
    }
}

#[test]
fn the_page_shows_every_folder_case_and_scores_the_rest_as_the_cli_does() {
    let all = model_ids(&cli_scores(&shipped_results()));
    let browser = Browser::start();
    for (case, dir) in folder_cases("hostile-folder-page") {
        let server = Server::start(
            built_site(),
            Serve {
                results: Some(dir.clone()),
                ..Serve::default()
            },
        );
        browser.goto(&server.url());
        let want = case.expected_in("results", &all);
        if case.fatal {
            let shown = browser.wait_for(
                "the fatal error",
                "const e = document.querySelector('[data-testid=fatal-error]'); return e && e.textContent;",
            );
            for problem in &want {
                assert!(
                    shown.as_str().unwrap().contains(problem.as_str()),
                    "{}: {problem:?} in {shown}",
                    case.name
                );
            }
            browser.goto(&format!("{}?lang=zh", server.url()));
            browser.wait_for(
                "the fatal error, in Chinese",
                "return document.querySelector('[data-testid=fatal-error]') !== null;",
            );
            assert_no_english_left(&browser, &case.name);
            continue;
        }
        if case.is_adjudications() {
            // As kept by an earlier visit: the page reads them at load.
            let text = std::fs::read_to_string(dir.join(ADJUDICATIONS)).unwrap();
            browser.execute(
                "localStorage.setItem('cvalues.adjudications.v1', arguments[0]);",
                json!([text]),
            );
            browser.goto(&server.url());
        }
        wait_for_table(&browser, all.len() - case.left_out.len());
        if case.is_adjudications() {
            browser.execute("localStorage.clear();", json!([]));
        } else {
            // Problems of the manifest and the bank are listed for the folder,
            // those of a model's file in its row.
            // (The items' texts are read only when the explorer opens.)
            let (in_models, in_folder): (BTreeSet<String>, BTreeSet<String>) = want
                .into_iter()
                .filter(|p| !p.contains("-texts.jsonl:"))
                .partition(|p| p.starts_with("results/models/"));
            // The folder's list is a module of its own: wait until it shows.
            let folder = browser.wait_for(
                "the folder's problems",
                &format!(
                    "const li = Array.from(document.querySelectorAll('section.problems li'));
                     return li.length >= {} && li.map(c => c.textContent);",
                    in_folder.len()
                ),
            );
            let folder: BTreeSet<String> = serde_json::from_value(folder).unwrap();
            assert_eq!(folder, in_folder, "{}", case.name);
            let errors = model_errors(&browser);
            for problem in &in_models {
                let id = problem.split('/').nth(2).unwrap();
                assert!(
                    errors.get(id).is_some_and(|e| e.contains(problem.as_str())),
                    "{}: {problem:?} in {errors:?}",
                    case.name
                );
            }
        }
        let (_, cli, _) = cli_score_case(&case, &dir);
        assert_cells_match_cli(&page_cells(&browser), &cli);
        // In Chinese, no English left in the problems.
        if case.is_adjudications() {
            let text = std::fs::read_to_string(dir.join(ADJUDICATIONS)).unwrap();
            browser.execute(
                "localStorage.setItem('cvalues.adjudications.v1', arguments[0]);",
                json!([text]),
            );
        }
        browser.goto(&format!("{}?lang=zh", server.url()));
        wait_for_table(&browser, all.len() - case.left_out.len());
        assert_no_english_left(&browser, &case.name);
        browser.execute("localStorage.clear();", json!([]));
    }
}

/// The cases of a reader's own file (`tests/hostile/dropped.json`), each
/// written as `target/e2e/dropped/<file>`.
fn dropped_cases() -> Vec<(Case, PathBuf)> {
    let dir = repo().join("target/e2e/dropped");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    read_cases("dropped.json")
        .into_iter()
        .map(|case| {
            let path = dir.join(&case.file);
            std::fs::write(&path, case.apply(b"")).unwrap();
            (case, path)
        })
        .collect()
}

/// The id the page gives a dropped file (and the CLI imports it as).
fn local_id(file: &str) -> String {
    format!("local-{}", file.trim_end_matches(".jsonl"))
}

#[test]
fn a_dropped_file_is_read_alike_by_the_page_and_cvalues_import() {
    let imported = shipped_copy("dropped-cli");
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    browser.click("select[data-control=evaluator] option[value=chatgpt]");
    let mut scored = 12;
    for (case, path) in dropped_cases() {
        let id = local_id(&case.file);
        // The CLI: exactly the expected problems; a file with a usable line
        // is imported.
        let (code, _, err) = crate::support::cli::run_status(&[
            "import",
            "--evaluator",
            "chatgpt",
            path.to_str().unwrap(),
            "--model",
            &id,
            "--out",
            imported.to_str().unwrap(),
        ]);
        let got: BTreeSet<String> = String::from_utf8(err)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("cvalues"))
            .map(str::to_string)
            .collect();
        let want: BTreeSet<String> = case.expected(path.to_str().unwrap()).collect();
        assert_eq!(got, want, "{}", case.name);
        let usable = code == 0;
        scored += usize::from(usable);

        // The page: the same problems, named by the file's name.
        browser.send_keys("input[data-testid=file-input]", path.to_str().unwrap());
        let shown = browser.wait_for(
            "the file's report or error",
            &format!(
                "const li = document.querySelector(\"li.own-report[data-local='{id}']\");
                 if (li) return Array.from(li.querySelectorAll('.own-problems li')).map(c => c.textContent);
                 const e = document.querySelector('section.own-file p.problems');
                 return e && e.textContent.includes({name:?}) && [e.textContent];",
                name = case.file
            ),
        );
        let shown: BTreeSet<String> = serde_json::from_value(shown).unwrap();
        let want: BTreeSet<String> = case.expected(&case.file).collect();
        assert_eq!(shown, want, "{}", case.name);
        wait_for_table(&browser, scored);
    }
    // Every file the CLI imported is a row of the page, cell for cell.
    assert_cells_match_cli(&page_cells(&browser), &cli_scores(&imported));
    // Kept, the files' reports show again after a reload, here in Chinese.
    browser.goto(&format!("{}?lang=zh", server.url()));
    wait_for_table(&browser, scored);
    assert_no_english_left(&browser, "the dropped files' reports");
}
