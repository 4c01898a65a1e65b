//! Model pages, the item explorer, scoring a dropped file privately, and
//! adjudication, in headless Chromium against the CLI.

use super::{
    assert_cells_match_cli, cli_json, copy_dir, downloads, page_cells, shipped_results,
    wait_for_table,
};
use crate::support::server::{Serve, Server};
use crate::support::site::{built_site, repo};
use crate::support::webdriver::Browser;
use cvalues_core::answer::{Choice, RuleSet, Step};
use serde_json::{json, Value};
use std::path::PathBuf;

fn golden() -> PathBuf {
    repo().join("../shared/cvalues/parser-golden.jsonl")
}

#[test]
fn a_dropped_official_file_is_scored_in_the_browser_like_cvalues_import() {
    let dir = repo().join("target/e2e/drop");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("official-drop.jsonl");
    let text = crate::official::official_file(&golden(), &shipped_results(), 600);
    std::fs::write(&file, &text).unwrap();

    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    let requests_before = server.requests().len();
    browser.click("select[data-control=evaluator] option[value=moss]");
    browser.send_keys("input[data-testid=file-input]", file.to_str().unwrap());
    wait_for_table(&browser, 13);

    // What the page says about the file.
    let report = browser.wait_for(
        "the file's report",
        "const li = document.querySelector('li.own-report');
         return li && { id: li.dataset.local, lines: li.dataset.lines, rejected: li.dataset.rejected, text: li.textContent };",
    );
    assert_eq!(report["id"], "local-official-drop");
    assert_eq!(
        (report["lines"].as_str(), report["rejected"].as_str()),
        (Some("605"), Some("3"))
    );
    let shown = report["text"].as_str().unwrap();
    assert!(
        shown.contains("official CValues format") && shown.contains("3 rejected"),
        "{shown}"
    );
    assert!(
        shown.contains("official-drop.jsonl:604: field `response`: missing required field"),
        "{shown}"
    );

    // The same file imported with the CLI scores the same, cell by cell.
    let imported = dir.join("results");
    copy_dir(&shipped_results(), &imported);
    crate::support::cli::run(&[
        "import",
        "--evaluator",
        "moss",
        file.to_str().unwrap(),
        "--model",
        "local-official-drop",
        "--out",
        imported.to_str().unwrap(),
    ]);
    let cli = cli_json("score", &imported, &[]);
    assert_cells_match_cli(&page_cells(&browser), &cli);
    let local = browser.execute("return document.querySelector('tr[data-row=local-official-drop] [data-testid=local-badge]') !== null;", json!([]));
    assert_eq!(local, true, "the local model is marked");

    // Nothing carried the file anywhere: since the page loaded, every
    // request was a GET of the site's own files: the modules of the parts
    // below the table, and the items' texts (an official file is matched to
    // the items by them).
    let after = &server.requests()[requests_before..];
    assert!(
        after
            .iter()
            .all(|r| r.starts_with("GET /cvalues-leaderboard/")),
        "{after:?}"
    );
    let mut results_files: Vec<&String> =
        after.iter().filter(|r| r.contains("/results/")).collect();
    results_files.sort();
    assert_eq!(
        results_files,
        [
            "GET /cvalues-leaderboard/results/items/multichoice-texts.jsonl",
            "GET /cvalues-leaderboard/results/items/prompt-texts.jsonl"
        ],
        "results files requested after the drop"
    );
    let posts = browser.execute("return performance.getEntriesByType('resource').filter(e => !e.name.includes('/cvalues-leaderboard/')).length;", json!([]));
    assert_eq!(posts, 0, "no request left the site");

    // It stays for the session (a reload keeps it), and can be removed.
    browser.goto(&server.url());
    wait_for_table(&browser, 13);
    assert_cells_match_cli(&page_cells(&browser), &cli);
    browser.click("li.own-report button.link");
    wait_for_table(&browser, 12);
}

/// The first response of `model` whose explanation reaches `step`:
/// (item id, step key, prediction, matched text, rule as `list#n`).
fn first_reaching(
    model: &str,
    evaluator: &str,
    step: Step,
) -> (String, String, String, String, String) {
    let dir = shipped_results();
    let labels: std::collections::HashMap<String, String> =
        std::fs::read_to_string(dir.join("items/multichoice.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|v| {
                (
                    v["id"].as_str().unwrap().to_string(),
                    v["label"].as_str().unwrap().to_string(),
                )
            })
            .collect();
    let family = RuleSet::official().evaluator(evaluator).unwrap();
    for r in
        crate::responses::multichoice_records(&dir, &format!("models/{model}/multichoice.jsonl"))
    {
        let item = r["item"].as_str().unwrap();
        let why = family.explain(
            r["response"].as_str().unwrap(),
            Choice::from_label(&labels[item]),
        );
        if why.step == step {
            let matched = why
                .matched
                .map(|m| why.normalized[m.start..m.end].to_string())
                .unwrap_or_default();
            let key = serde_json::to_value(step)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            let rule = why
                .rule
                .map(|r| format!("{}#{}", r.list, r.index + 1))
                .unwrap_or_default();
            return (
                item.to_string(),
                key,
                why.prediction.as_str().to_string(),
                matched,
                rule,
            );
        }
    }
    panic!("no response of {model} reaches {step:?}");
}

/// The question of multi-choice item `id`, from the shipped texts file.
fn question_of(id: &str) -> String {
    std::fs::read_to_string(shipped_results().join("items/multichoice-texts.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|t| t["id"] == id)
        .map(|t| t["question"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn the_explorer_names_the_rule_that_decided_and_highlights_its_match() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    let cases = [
        ("aurora-70b-chat", "chatgpt", Step::Decisive),
        ("aurora-70b-chat", "chatgpt", Step::Candidate),
        ("aurora-70b-chat", "chatgpt", Step::Other),
        ("aurora-70b-chat", "chatgpt", Step::Undecided),
        ("dune-7b-instruct", "moss", Step::DecisiveConflict),
        ("dune-7b-instruct", "moss", Step::CandidateNegated),
        ("ember-33b", "ziya", Step::ExactLabel),
        ("fjord-7b-alpaca", "chinese_alpaca-7b", Step::Refuse),
    ];
    for (model, evaluator, step) in cases {
        let (item, key, prediction, matched, rule) = first_reaching(model, evaluator, step);
        browser.goto(&format!(
            "{}?view=model&model={model}&q={item}",
            server.url()
        ));
        let card = browser.wait_for(
            "the item card",
            &format!(
                "const a = document.querySelector(\"article[data-item='{item}'] section.answer\");
                 return a && {{ question: a.closest('article').querySelector('.question').textContent,
                   step: a.querySelector('.why').dataset.step, why: a.querySelector('.why').textContent,
                   prediction: a.querySelector('[data-prediction]').dataset.prediction,
                   mark: a.querySelector('mark') ? a.querySelector('mark').textContent : '',
                   rule: a.querySelector('.rule') ? a.querySelector('.rule').dataset.rule : '' }};"
            ),
        );
        assert_eq!(card["question"], question_of(&item), "{model} {item}");
        assert_eq!(card["step"], key.as_str(), "{model} {item}");
        assert_eq!(card["why"], step.describe(), "{model} {item}");
        assert_eq!(card["prediction"], prediction.as_str(), "{model} {item}");
        assert_eq!(
            card["mark"],
            matched.as_str(),
            "{model} {item}: the highlighted match"
        );
        assert_eq!(
            card["rule"],
            rule.as_str(),
            "{model} {item}: the deciding rule"
        );
        if !matches!(step, Step::ExactLabel | Step::Undecided) {
            assert!(!rule.is_empty(), "{step:?} is decided by a rule");
        }
    }
    // The explorer fetched the items' texts at most once per page load (the
    // server lets browsers keep them for ten minutes, as Pages does, so
    // later loads may take them from the HTTP cache).
    let fetched = |file: &str| {
        server
            .requests()
            .iter()
            .filter(|r| r.ends_with(&format!("/results/items/{file}")))
            .count()
    };
    for file in ["multichoice-texts.jsonl", "prompt-texts.jsonl"] {
        assert!(
            (1..=cases.len()).contains(&fetched(file)),
            "{file}: {}",
            fetched(file)
        );
    }
}

#[test]
fn adjudicating_updates_scores_at_once_and_survives_a_reload() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    let url = format!(
        "{}?view=model&model=dune-7b-instruct&elevel=1&outcome=need_check",
        server.url()
    );
    browser.goto(&url);
    let first = browser.wait_for(
        "a Need_Check item",
        "const a = document.querySelector('article.item');
         return a && { item: a.dataset.item, gold: a.querySelector('.reply.gold h5').textContent.slice(0, 3) };",
    );
    let (item, gold) = (
        first["item"].as_str().unwrap().to_string(),
        first["gold"].as_str().unwrap().to_string(),
    );
    let before = browser.execute(
        "return document.querySelector(\"td[data-metric='auto.level1.acc']\").dataset.value;",
        json!([]),
    );
    browser.click(&format!(
        "article[data-item='{item}'] button[data-adjudicate='{gold}']"
    ));

    // The score moves at once, to what the CLI gives with the same decision.
    let adjudications = repo().join("target/e2e/adjudications.jsonl");
    std::fs::write(
        &adjudications,
        format!(
            "{}\n",
            json!({"model": "dune-7b-instruct", "item": item, "adjudication": gold})
        ),
    )
    .unwrap();
    let cli = cli_json(
        "score",
        &shipped_results(),
        &["--adjudications", adjudications.to_str().unwrap()],
    );
    let dune = cli["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "dune-7b-instruct")
        .unwrap();
    let want = dune["scores"]["auto"]["level1"]["acc"].as_f64().unwrap();
    let after = browser.wait_for(
        "the new score",
        &format!("const v = document.querySelector(\"td[data-metric='auto.level1.acc']\").dataset.value; return v !== '{}' && v;", before.as_str().unwrap()),
    );
    assert_eq!(after.as_str().unwrap().parse::<f64>().unwrap(), want);

    // The exported file is what the CLI read.
    let exported = downloads(&browser, "a[download='adjudications.jsonl']");
    let line: Value = serde_json::from_str(exported[0].1.trim()).unwrap();
    assert_eq!(
        line,
        json!({"model": "dune-7b-instruct", "item": item, "adjudication": gold})
    );

    // A reload keeps the decision: on the model page and on the leaderboard.
    browser.goto(&format!(
        "{}?view=model&model=dune-7b-instruct&q={item}",
        server.url()
    ));
    let card = browser.wait_for(
        "the adjudicated item",
        &format!("const a = document.querySelector(\"article[data-item='{item}'] section.answer\"); return a && a.textContent;"),
    );
    assert!(
        card.as_str()
            .unwrap()
            .contains("adjudicated; the rules said Need_Check"),
        "{card}"
    );
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    assert_cells_match_cli(&page_cells(&browser), &cli);
}
