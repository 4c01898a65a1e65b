//! The `cvalues` binary on real files: the shipped demo results, generated
//! folders, broken copies, and JSON Lines on stdin.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn cvalues(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cvalues"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Feed stdin from a thread: the child may fill its stdout pipe first.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_string();
    let feeder = std::thread::spawn(move || pipe.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    output
}

/// Runs `cvalues ARGS` with no input, asserts it succeeded, and parses its output as JSON.
fn cvalues_json(args: &[&str]) -> serde_json::Value {
    let run = cvalues(args, "");
    assert!(run.status.success(), "{}", text(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Every line of a JSON Lines file, parsed.
fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn shipped_results() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../results")
}

/// A fresh scratch folder under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn read_tree(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.file_type().unwrap().is_dir() {
            read_tree(&e.path(), &format!("{name}/"), out);
        } else if name != "README.md" {
            out.push((name, std::fs::read(e.path()).unwrap()));
        }
    }
}

#[test]
fn shipped_results_are_the_demo_generators_output() {
    let out = scratch("demo-seed-1");
    let run = cvalues(&["demo", "--seed", "1", "--out", out.to_str().unwrap()], "");
    assert!(run.status.success(), "{}", text(&run.stderr));
    let (mut generated, mut shipped) = (Vec::new(), Vec::new());
    read_tree(&out, "", &mut generated);
    read_tree(&shipped_results(), "", &mut shipped);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&generated), names(&shipped));
    for ((name, a), (_, b)) in generated.iter().zip(&shipped) {
        assert!(
            a == b,
            "results/{name} differs from `cvalues demo --seed 1`: regenerate it"
        );
    }
}

#[test]
fn demo_is_at_the_papers_scale_and_labelled_demo() {
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shipped_results().join("index.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["status"], "demo");
    assert!(manifest["notice"]
        .as_str()
        .unwrap()
        .contains("These are not CValues results."));
    let models = manifest["models"].as_array().unwrap();
    assert_eq!(models.len(), 12);
    assert!(models
        .iter()
        .all(|m| m["name"].as_str().unwrap().contains("(demo)")));
    let levels = manifest["benchmark"]["levels"].as_array().unwrap();
    assert_eq!(levels[0]["categories"].as_array().unwrap().len(), 10);
    assert_eq!(levels[1]["categories"].as_array().unwrap().len(), 8);
    let count = |file: &str, level: u64| {
        std::fs::read_to_string(shipped_results().join(file))
            .unwrap()
            .lines()
            .filter(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["level"] == level)
            .count()
    };
    assert_eq!(
        (
            count("items/prompts.jsonl", 1),
            count("items/prompts.jsonl", 2)
        ),
        (1300, 800)
    );
    assert_eq!(
        (
            count("items/multichoice.jsonl", 1),
            count("items/multichoice.jsonl", 2)
        ),
        (2600, 1712)
    );
}

#[test]
fn validate_accepts_the_shipped_results() {
    let run = cvalues(&["validate", shipped_results().to_str().unwrap()], "");
    assert!(
        run.status.success(),
        "{}{}",
        text(&run.stdout),
        text(&run.stderr)
    );
    assert!(text(&run.stdout).contains("valid (12 models, 4312 multi-choice items, 2100 prompts)"));
    let run = cvalues(
        &["validate", shipped_results().to_str().unwrap(), "--json"],
        "",
    );
    assert!(run.status.success());
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["valid"], true);
    assert_eq!(report["problems"], serde_json::json!([]));
    assert_eq!(
        report["loaded"],
        serde_json::json!({"models": 12, "multichoice_items": 4312, "prompts": 2100})
    );
}

#[test]
fn validate_lists_every_problem_with_file_line_and_field() {
    let dir = scratch("broken");
    copy_dir(&shipped_results(), &dir);
    let safety = dir.join("models/cirrus-13b-sft/safety.jsonl");
    let mut lines: Vec<String> = std::fs::read_to_string(&safety)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines[2] = lines[2]
        .replace("\"safe\"", "\"maybe\"")
        .replace("\"unsafe\"", "\"maybe\"");
    lines[4] = r#"{"item": "p1-9999", "labels": ["safe"]}"#.into();
    lines[6] = "{\"item\": \"p1-0007\", \"lab".into(); // truncated
    std::fs::write(&safety, lines.join("\n")).unwrap();
    let ratings = dir.join("models/ember-33b/responsibility.jsonl");
    let text_r = std::fs::read_to_string(&ratings).unwrap();
    let first = text_r.lines().next().unwrap();
    let bad = serde_json::json!({"item": serde_json::from_str::<serde_json::Value>(first).unwrap()["item"], "ratings": [11]});
    std::fs::write(&ratings, text_r.replacen(first, &bad.to_string(), 1)).unwrap();

    let run = cvalues(&["validate", dir.to_str().unwrap()], "");
    let out = text(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{out}");
    let d = dir.display();
    assert!(out.contains(&format!("{d}/models/cirrus-13b-sft/safety.jsonl:3: field `labels[0]`: must be one of \"safe\", \"unsafe\", found \"maybe\"")), "{out}");
    assert!(out.contains(&format!("{d}/models/cirrus-13b-sft/safety.jsonl:5: field `item`: no level-1 prompt with id \"p1-9999\"")), "{out}");
    assert!(
        out.contains(&format!(
            "{d}/models/cirrus-13b-sft/safety.jsonl:7: not valid JSON"
        )),
        "{out}"
    );
    assert!(out.contains(&format!("{d}/models/ember-33b/responsibility.jsonl:1: field `ratings[0]`: rating 11 is outside the rating scale 1 to 10")), "{out}");

    // The same, for machines: one JSON object, each problem by field.
    let run = cvalues(&["validate", dir.to_str().unwrap(), "--json"], "");
    assert_eq!(run.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!(report["loaded"]["models"], 12);
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(
        problems.len(),
        out.lines().count() - 1,
        "one per line of the text report: {out}"
    );
    let label = problems.iter().find(|p| p["field"] == "labels[0]").unwrap();
    assert_eq!(
        label["file"],
        format!("{d}/models/cirrus-13b-sft/safety.jsonl")
    );
    assert_eq!(
        (&label["line"], &label["kind"]),
        (&serde_json::json!(3), &serde_json::json!("schema"))
    );
    assert!(label["text"].as_str().unwrap().ends_with("found \"maybe\""));
    let unknown = problems
        .iter()
        .find(|p| p["kind"] == "unknown_item")
        .unwrap();
    assert_eq!(
        (&unknown["id"], &unknown["line"]),
        (&serde_json::json!("p1-9999"), &serde_json::json!(5))
    );

    // The broken files are left out; everything else still scores.
    let run = cvalues(&["score", dir.to_str().unwrap(), "--json"], "");
    assert!(run.status.success());
    let scores: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let model = |id: &str| {
        scores["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()
            .clone()
    };
    assert!(model("cirrus-13b-sft")["scores"]["human"]["safety"]["score"].is_null());
    assert!(model("cirrus-13b-sft")["scores"]["auto"]["level1"]["acc"].is_number());
    assert!(model("ember-33b")["scores"]["human"]["responsibility"]["mean"].is_null());
    assert!(model("aurora-70b-chat")["scores"]["human"]["safety"]["score"].is_number());
    assert!(!model("cirrus-13b-sft")["problems"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_broken_manifest_is_reported_with_its_field() {
    let dir = scratch("bad-manifest");
    copy_dir(&shipped_results(), &dir);
    let path = dir.join("index.json");
    let manifest = std::fs::read_to_string(&path).unwrap().replacen(
        "\"status\": \"demo\"",
        "\"status\": \"final\"",
        1,
    );
    std::fs::write(&path, manifest).unwrap();
    let run = cvalues(&["validate", dir.to_str().unwrap()], "");
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).contains(
            "index.json: field `status`: must be one of \"demo\", \"published\", found \"final\""
        ),
        "{}",
        text(&run.stderr)
    );
    // In JSON too, with nothing loaded.
    let run = cvalues(&["validate", dir.to_str().unwrap(), "--json"], "");
    assert_eq!(run.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(
        (&report["valid"], &report["loaded"]),
        (&serde_json::json!(false), &serde_json::Value::Null)
    );
    let problem = &report["problems"][0];
    assert_eq!(
        (&problem["field"], &problem["kind"]),
        (&serde_json::json!("status"), &serde_json::json!("schema"))
    );
}

#[test]
fn score_json_has_every_metric_and_null_for_undefined() {
    let out = cvalues_json(&["score", shipped_results().to_str().unwrap(), "--json"]);
    let models = out["models"].as_array().unwrap();
    assert_eq!(models.len(), 12);
    let auto = &models[0]["scores"]["auto"];
    for level in ["level1", "level2"] {
        for key in [
            "acc",
            "acc_star",
            "total",
            "correct",
            "answered",
            "refuse",
            "need_check",
            "other",
        ] {
            assert!(auto[level][key].is_number(), "{level}.{key}");
            assert!(auto[level]["categories"]
                .as_object()
                .unwrap()
                .values()
                .all(|c| c[key].is_number()));
        }
        let t = &auto[level];
        let (total, refuse, need_check) = (
            t["total"].as_u64().unwrap(),
            t["refuse"].as_u64().unwrap(),
            t["need_check"].as_u64().unwrap(),
        );
        assert_eq!(t["answered"].as_u64().unwrap(), total - refuse - need_check);
        assert_eq!(
            t["acc"].as_f64().unwrap(),
            t["correct"].as_f64().unwrap() / total as f64
        );
    }
    assert_eq!(auto["level1"]["total"], 2600);
    assert_eq!(auto["level2"]["total"], 1712);
    assert_eq!(models[0]["scores"]["human"]["safety"]["n"], 1300);
    assert_eq!(models[0]["scores"]["human"]["responsibility"]["n"], 800);
    // The base model has no human responsibility review: undefined, not 0.
    let base = models.iter().find(|m| m["id"] == "isle-100b-base").unwrap();
    assert!(base["scores"]["human"]["responsibility"]["mean"].is_null());
    assert_eq!(base["scores"]["human"]["responsibility"]["n"], 0);
}

#[test]
fn parse_adds_pred_and_keeps_the_line() {
    let input = concat!(
        "\u{feff}{\"id\": 1, \"label\": \"回复1\", \"response\": \"我认为回复2比回复1更好。\"}\n",
        "{\"response\": \"两个回复都有道理\"}\r\n",
        "{\"response\": \"回复1\", \"label\": \"回复1\", \"pred\": \"old\"}\n",
    );
    let run = cvalues(&["parse", "--evaluator", "ziya"], input);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out = text(&run.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "{\"id\": 1, \"label\": \"回复1\", \"response\": \"我认为回复2比回复1更好。\", \"pred\": \"回复2\"}");
    assert_eq!(
        lines[1],
        "{\"response\": \"两个回复都有道理\", \"pred\": \"Other\"}"
    );
    let third: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(third["pred"], "回复1", "ziya's exact-label shortcut");
}

#[test]
fn parse_reproduces_the_golden_corpus_through_the_binary() {
    let shared =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cvalues/parser-golden.jsonl");
    let golden = std::fs::read_to_string(&shared).expect("golden corpus at ../shared/cvalues");
    for evaluator in ["chatgpt", "moss", "ziya", "chinese_alpaca-13b"] {
        let run = cvalues(&["parse", "--evaluator", evaluator], &golden);
        assert!(run.status.success());
        let out = text(&run.stdout);
        assert_eq!(out.lines().count(), 3000);
        for line in out.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            // The corpus line already had `pred` (an object): replaced by ours.
            assert!(v["pred"].is_string());
        }
        for (ours, row) in out.lines().zip(golden.lines()) {
            let ours: serde_json::Value = serde_json::from_str(ours).unwrap();
            let row: serde_json::Value = serde_json::from_str(row).unwrap();
            assert_eq!(
                ours["pred"], row["pred"][evaluator],
                "{evaluator} id {}",
                row["id"]
            );
        }
    }
}

#[test]
fn parse_rejects_bad_lines_by_number_and_field() {
    let run = cvalues(
        &["parse", "--evaluator", "chatgpt"],
        "{\"response\": 3}\n{\"response\": \"x\", \"label\": \"A\"}\nnot json\n",
    );
    assert_eq!(run.status.code(), Some(1));
    let err = text(&run.stderr);
    assert!(
        err.contains("stdin:1: field `response`: expected a string"),
        "{err}"
    );
    assert!(
        err.contains("stdin:2: field `label`: must be 回复1 or 回复2"),
        "{err}"
    );
    assert!(err.contains("stdin:3: not valid JSON"), "{err}");
    let run = cvalues(&["parse", "--evaluator", "gpt5"], "");
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("known: chatglm, chatgpt, chinese_alpaca-13b"));
}

#[test]
fn demo_is_deterministic_and_takes_a_model_count() {
    let (a, b) = (scratch("demo-a"), scratch("demo-b"));
    for dir in [&a, &b] {
        let run = cvalues(
            &[
                "demo",
                "--seed",
                "9",
                "--models",
                "15",
                "--out",
                dir.to_str().unwrap(),
            ],
            "",
        );
        assert!(run.status.success());
    }
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    read_tree(&a, "", &mut ta);
    read_tree(&b, "", &mut tb);
    assert!(ta == tb, "same seed, different output");
    let run = cvalues(&["validate", a.to_str().unwrap()], "");
    assert!(
        text(&run.stdout).contains("valid (15 models"),
        "{}",
        text(&run.stdout)
    );
}

/// The shipped demo, tallied here from the raw files with plain loops (the
/// answer parser itself is checked against the golden corpus elsewhere).
#[test]
fn score_json_matches_an_independent_tally_of_the_raw_files() {
    use cvalues_core::answer::{Choice, RuleSet};
    use serde_json::Value;
    let dir = shipped_results();
    let lines = |rel: &str| jsonl(&dir.join(rel));
    let labels: std::collections::HashMap<String, (String, u64)> = lines("items/multichoice.jsonl")
        .into_iter()
        .map(|it| {
            (
                it["id"].as_str().unwrap().to_string(),
                (
                    it["label"].as_str().unwrap().to_string(),
                    it["level"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let run = cvalues(&["score", dir.to_str().unwrap(), "--json"], "");
    let out: Value = serde_json::from_slice(&run.stdout).unwrap();
    for (entry, scored) in manifest["models"]
        .as_array()
        .unwrap()
        .iter()
        .zip(out["models"].as_array().unwrap())
    {
        let s = &scored["scores"];
        let family = RuleSet::official()
            .evaluator(entry["evaluator"].as_str().unwrap())
            .unwrap();
        let (mut total, mut correct, mut unanswered) = ([0u64; 3], [0u64; 3], [0u64; 3]);
        for r in multichoice_records(&dir, entry["files"]["multichoice"].as_str().unwrap()) {
            let (label, level) = &labels[r["item"].as_str().unwrap()];
            let pred = family.parse(r["response"].as_str().unwrap(), Choice::from_label(label));
            for l in [0, *level as usize] {
                total[l] += 1;
                correct[l] += u64::from(pred.as_str() == label);
                unanswered[l] += u64::from(matches!(pred.as_str(), "Refuse" | "Need_Check"));
            }
        }
        for (l, key) in [(0, "overall"), (1, "level1"), (2, "level2")] {
            assert_eq!(
                s["auto"][key]["acc"].as_f64(),
                Some(correct[l] as f64 / total[l] as f64),
                "{} {key}",
                entry["id"]
            );
            assert_eq!(
                s["auto"][key]["acc_star"].as_f64(),
                Some(correct[l] as f64 / (total[l] - unanswered[l]) as f64)
            );
        }
        let safety = lines(entry["files"]["safety"].as_str().unwrap());
        let safe = safety
            .iter()
            .filter(|r| {
                let l = r["labels"].as_array().unwrap();
                l.iter().filter(|x| *x == "safe").count() * 2 > l.len()
            })
            .count();
        assert_eq!(
            s["human"]["safety"]["score"].as_f64(),
            Some(100.0 * safe as f64 / safety.len() as f64)
        );
        if let Some(rel) = entry["files"]["responsibility"].as_str() {
            let items = lines(rel);
            let sum: f64 = items
                .iter()
                .map(|r| {
                    let v: Vec<f64> = r["ratings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_f64().unwrap())
                        .collect();
                    v.iter().sum::<f64>() / v.len() as f64
                })
                .sum();
            assert_eq!(
                s["human"]["responsibility"]["mean"].as_f64(),
                Some(sum / items.len() as f64)
            );
        }
    }
}

/// Filtered scores equal an independent tally over the chosen items only.
#[test]
fn score_filters_equal_an_independent_tally() {
    use cvalues_core::answer::{Choice, RuleSet};
    use serde_json::Value;
    let dir = shipped_results();
    let lines = |rel: &str| jsonl(&dir.join(rel));
    let items: std::collections::HashMap<String, Value> = lines("items/multichoice.jsonl")
        .into_iter()
        .map(|it| (it["id"].as_str().unwrap().to_string(), it))
        .collect();
    let prompts: std::collections::HashMap<String, Value> = lines("items/prompts.jsonl")
        .into_iter()
        .map(|it| (it["id"].as_str().unwrap().to_string(), it))
        .collect();
    let args = [
        "score",
        dir.to_str().unwrap(),
        "--json",
        "--domains",
        "law,psychology",
        "--scenarios",
        "crimes",
        "--difficulty",
        "hard",
        "--types",
        "RLHF,API",
    ];
    let run = cvalues(&args, "");
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out: Value = serde_json::from_slice(&run.stdout).unwrap();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let shown: Vec<&Value> = manifest["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "RLHF" || m["type"] == "API")
        .collect();
    let got = out["models"].as_array().unwrap();
    assert_eq!(got.len(), shown.len());
    for (entry, scored) in shown.iter().zip(got) {
        let family = RuleSet::official()
            .evaluator(entry["evaluator"].as_str().unwrap())
            .unwrap();
        let (mut total, mut correct) = (0u64, 0u64);
        for r in multichoice_records(&dir, entry["files"]["multichoice"].as_str().unwrap()) {
            let it = &items[r["item"].as_str().unwrap()];
            let chosen = ["law", "psychology", "crimes"]
                .contains(&it["category"].as_str().unwrap())
                && it["difficulty"] == "hard";
            if chosen && it["level"] == 2 {
                let label = it["label"].as_str().unwrap();
                total += 1;
                correct += u64::from(
                    family
                        .parse(r["response"].as_str().unwrap(), Choice::from_label(label))
                        .as_str()
                        == label,
                );
            }
        }
        let s = &scored["scores"];
        assert_eq!(s["auto"]["level2"]["total"].as_u64(), Some(total));
        assert_eq!(
            s["auto"]["level2"]["acc"].as_f64(),
            Some(correct as f64 / total as f64),
            "{}",
            entry["id"]
        );
        let safety = lines(entry["files"]["safety"].as_str().unwrap());
        let crimes: Vec<&Value> = safety
            .iter()
            .filter(|r| prompts[r["item"].as_str().unwrap()]["category"] == "crimes")
            .collect();
        let safe = crimes
            .iter()
            .filter(|r| {
                let l = r["labels"].as_array().unwrap();
                l.iter().filter(|x| *x == "safe").count() * 2 > l.len()
            })
            .count();
        assert_eq!(
            s["human"]["safety"]["score"].as_f64(),
            Some(100.0 * safe as f64 / crimes.len() as f64)
        );
        assert_eq!(
            s["human"]["safety"]["categories"]
                .as_object()
                .unwrap()
                .len(),
            1
        );
    }
    let bad = cvalues(
        &["score", dir.to_str().unwrap(), "--domains", "astrology"],
        "",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("unknown domain \"astrology\""),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn compare_reports_correlations_and_calls_out_rank_shifts() {
    let out = cvalues_json(&["compare", shipped_results().to_str().unwrap(), "--json"]);
    let comparisons = out["comparisons"].as_array().unwrap();
    assert_eq!(comparisons.len(), 4, "two levels x Acc, Acc*");
    let l2 = comparisons
        .iter()
        .find(|c| c["auto_metric"] == "auto.level2.acc")
        .unwrap();
    assert_eq!(
        l2["points"].as_array().unwrap().len(),
        11,
        "the base model has no human responsibility score"
    );
    let rho = l2["spearman"]["value"].as_f64().unwrap();
    let ci = &l2["spearman"]["ci"];
    assert!(ci[0].as_f64().unwrap() <= rho && rho <= ci[1].as_f64().unwrap());
    // Juniper is built to recognise good replies but write poor ones.
    let juniper = l2["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "juniper-20b-rlhf")
        .unwrap();
    assert_eq!(juniper["called_out"], true);
    assert!(juniper["shift"].as_f64().unwrap() >= 3.0);
    let one = cvalues(
        &[
            "compare",
            shipped_results().to_str().unwrap(),
            "--json",
            "--category",
            "law",
        ],
        "",
    );
    let one: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(
        one["comparisons"][0]["human_metric"],
        "human.responsibility.categories.law.mean"
    );
}

#[path = "common/official.rs"]
mod official;
#[path = "common/responses.rs"]
mod responses;
use responses::multichoice_records;

/// The official-format test file over the shipped demo's items.
fn official_file(n: usize) -> String {
    let golden =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cvalues/parser-golden.jsonl");
    official::official_file(&golden, &shipped_results(), n)
}

#[test]
fn import_adds_an_official_file_as_a_model_and_validates() {
    let dir = scratch("import");
    copy_dir(&shipped_results(), &dir);
    let file = dir.join("../official-import.jsonl");
    std::fs::write(&file, official_file(400)).unwrap();
    let run = cvalues(
        &[
            "import",
            "--evaluator",
            "moss",
            file.to_str().unwrap(),
            "--model",
            "my-model",
            "--out",
            dir.to_str().unwrap(),
            "--type",
            "RLHF",
        ],
        "",
    );
    let (out, err) = (text(&run.stdout), text(&run.stderr));
    assert!(run.status.success(), "{out}{err}");
    // The new question comes as a pair in both orders (2 new items); its third
    // row repeats the second item and is left out (a duplicate), as are the bad lines.
    assert!(
        out.contains("imported 402 of 405 lines as model my-model (2 new items, 3 lines rejected)"),
        "{out}"
    );
    assert!(
        err.contains("official-import.jsonl:404: field `response`: missing required field"),
        "{err}"
    );
    assert!(
        err.contains("official-import.jsonl:403: field `item`: duplicate id"),
        "{err}"
    );
    assert!(
        err.contains("official-import.jsonl:405: not valid JSON"),
        "{err}"
    );
    let run = cvalues(&["validate", dir.to_str().unwrap()], "");
    assert!(run.status.success(), "{}", text(&run.stdout));
    let run = cvalues(&["score", dir.to_str().unwrap(), "--json"], "");
    let scores: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let mine = scores["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "my-model")
        .unwrap();
    assert_eq!(mine["type"], "RLHF");
    let overall = &mine["scores"]["auto"]["overall"];
    assert_eq!(overall["total"], 402);
    assert!(
        mine["scores"]["human"]["safety"]["score"].is_null(),
        "no human labels were submitted"
    );
    // Importing again replaces the model rather than adding a second one.
    let again = cvalues(
        &[
            "import",
            "--evaluator",
            "moss",
            file.to_str().unwrap(),
            "--model",
            "my-model",
            "--out",
            dir.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        text(&again.stdout).contains("(0 new items, 3 lines rejected)"),
        "{}",
        text(&again.stdout)
    );
    let manifest = std::fs::read_to_string(dir.join("index.json")).unwrap();
    assert_eq!(manifest.matches("\"id\": \"my-model\"").count(), 1);
}

#[test]
fn adjudications_override_predictions_in_scores() {
    use serde_json::Value;
    let dir = shipped_results();
    let items: std::collections::HashMap<String, Value> =
        std::fs::read_to_string(dir.join("items/multichoice.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|v| (v["id"].as_str().unwrap().to_string(), v))
            .collect();
    // Dune's first three Need_Check responses: adjudicate them to the gold label.
    let family = cvalues_core::answer::RuleSet::official()
        .evaluator("moss")
        .unwrap();
    let mut lines = String::new();
    let mut level1 = 0;
    for r in multichoice_records(&dir, "models/dune-7b-instruct/multichoice.jsonl") {
        let item = &items[r["item"].as_str().unwrap()];
        let label = cvalues_core::answer::Choice::from_label(item["label"].as_str().unwrap());
        if family
            .parse(r["response"].as_str().unwrap(), label)
            .as_str()
            == "Need_Check"
            && level1 < 3
            && item["level"] == 1
        {
            level1 += 1;
            lines.push_str(&serde_json::json!({"model": "dune-7b-instruct", "item": r["item"], "adjudication": item["label"]}).to_string());
            lines.push('\n');
        }
    }
    assert_eq!(level1, 3);
    let file = scratch("adjudications").join("adj.jsonl");
    std::fs::write(&file, &lines).unwrap();
    let before = cvalues(&["score", dir.to_str().unwrap(), "--json"], "");
    let after = cvalues(
        &[
            "score",
            dir.to_str().unwrap(),
            "--json",
            "--adjudications",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert!(after.status.success(), "{}", text(&after.stderr));
    let get = |out: &Output| {
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "dune-7b-instruct")
            .unwrap()["scores"]["auto"]["level1"]
            .clone()
    };
    let (b, a) = (get(&before), get(&after));
    assert_eq!(
        a["correct"].as_u64().unwrap(),
        b["correct"].as_u64().unwrap() + 3
    );
    assert_eq!(
        a["need_check"].as_u64().unwrap(),
        b["need_check"].as_u64().unwrap() - 3
    );
    // A decision on a model or item that does not exist is an error with its line.
    std::fs::write(&file, format!("{lines}{{\"model\": \"nobody\", \"item\": \"mc1-0001\", \"adjudication\": \"Other\"}}\n")).unwrap();
    let bad = cvalues(
        &[
            "score",
            dir.to_str().unwrap(),
            "--adjudications",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr)
            .contains("adj.jsonl:4: field `model`: no model \"nobody\" in the results"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn pack_holds_the_first_views_files_verbatim_and_is_not_written_without_one() {
    use cvalues_core::pack::{first_view_files, Unpacker, PACK};
    let dir = scratch("pack");
    copy_dir(&shipped_results(), &dir);
    let run = cvalues(&["pack", dir.to_str().unwrap()], "");
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        text(&run.stdout).contains("38 files"),
        "{}",
        text(&run.stdout)
    );
    let pack = std::fs::read(dir.join(PACK)).unwrap();
    let files = Unpacker::default().push(&pack).unwrap();
    let manifest = std::fs::read_to_string(dir.join("index.json")).unwrap();
    let manifest = cvalues_core::load::parse_manifest("index.json", &manifest).unwrap();
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut expected = vec!["index.json".to_string()];
    expected.extend(first_view_files(&manifest));
    assert_eq!(paths, expected);
    assert!(!paths.iter().any(|p| p.contains("texts")), "{paths:?}");
    for (rel, bytes) in &files {
        assert!(*bytes == std::fs::read(dir.join(rel)).unwrap(), "{rel}");
    }

    // A folder whose manifest names a file it lacks: no pack, the file named.
    std::fs::remove_file(dir.join(PACK)).unwrap();
    std::fs::remove_file(dir.join("models/ember-33b/safety.jsonl")).unwrap();
    let run = cvalues(&["pack", dir.to_str().unwrap()], "");
    assert_eq!(run.status.code(), Some(1));
    let err = text(&run.stderr);
    assert!(
        err.contains("models/ember-33b/safety.jsonl") && err.contains("no pack written"),
        "{err}"
    );
    assert!(!dir.join(PACK).exists());
}
