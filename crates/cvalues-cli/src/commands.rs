//! The subcommands. Each takes its arguments and the streams, and returns the
//! exit code.

use crate::folder::{read_results, read_text, MANIFEST};
use crate::{demo, CliError, Io};
use cvalues_core::adjudication::{apply as apply_adjudications, read_adjudications};
use cvalues_core::answer::{Choice, RuleSet};
use cvalues_core::board::{board, Board, BoardRow};
use cvalues_core::compare::{compare as compare_levels, AutoMetric};
use cvalues_core::filter::Filter;
use cvalues_core::format::{to_jsonl, ModelEntry, ModelFiles};
use cvalues_core::format::{Difficulty, Level};
use cvalues_core::load::{parse_manifest, Results};
use cvalues_core::pack::{first_view_files, write as write_pack, PACK};
use cvalues_core::score::{format_value, lookup, LEADERBOARD_METRICS};
use cvalues_core::submission::read_submission;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Splits `--name value` options from positional arguments.
struct Args {
    positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

impl Args {
    /// `flags` take no value; every other `--option` takes one.
    fn parse(args: &[String], flags: &[&str]) -> Result<Args, CliError> {
        let (mut positional, mut options) = (Vec::new(), Vec::new());
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                if flags.contains(&name) {
                    options.push((name.to_string(), None));
                } else {
                    let v = it
                        .next()
                        .ok_or_else(|| CliError::Usage(format!("--{name} needs a value")))?;
                    options.push((name.to_string(), Some(v.clone())));
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args {
            positional,
            options,
        })
    }

    fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| n == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    fn only(&self, allowed: &[&str]) -> Result<(), CliError> {
        match self
            .options
            .iter()
            .find(|(n, _)| !allowed.contains(&n.as_str()))
        {
            Some((n, _)) => Err(CliError::Usage(format!("unknown option --{n}"))),
            None => Ok(()),
        }
    }

    fn one_dir(&self) -> Result<PathBuf, CliError> {
        match self.positional.as_slice() {
            [dir] => Ok(PathBuf::from(dir)),
            _ => Err(CliError::Usage("expected one results folder".into())),
        }
    }
}

/// `cvalues parse --evaluator NAME`: adds `pred` to each JSON line of stdin.
pub fn parse(args: &[String], io: &mut Io) -> Result<i32, CliError> {
    let args = Args::parse(args, &[])?;
    args.only(&["evaluator"])?;
    let rules = RuleSet::official();
    let name = args
        .value("evaluator")
        .ok_or_else(|| CliError::Usage("--evaluator is required".into()))?;
    let family = rules.evaluator(name).ok_or_else(|| {
        let known: Vec<_> = rules.evaluator_names().collect();
        CliError::Usage(format!(
            "unknown evaluator {name:?}; known: {}",
            known.join(", ")
        ))
    })?;
    let mut failed = 0;
    let mut line = String::new();
    let mut number = 0;
    loop {
        line.clear();
        if io.stdin.read_line(&mut line)? == 0 {
            break;
        }
        number += 1;
        let text = line.trim_end_matches(['\n', '\r']);
        let text = if number == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        if text.trim().is_empty() {
            continue;
        }
        match parse_line(text, family) {
            Ok(out) => writeln!(io.stdout, "{out}")?,
            Err((field, why)) => {
                failed += 1;
                writeln!(io.stderr, "stdin:{number}: {field}{why}")?;
            }
        }
    }
    if failed > 0 {
        writeln!(io.stderr, "cvalues parse: {failed} line(s) rejected")?;
        return Ok(1);
    }
    Ok(0)
}

/// One line with `pred` added. The line's own text is kept as it is, with the
/// field appended; a line that already has `pred` is rewritten with it replaced.
fn parse_line(
    text: &str,
    family: &cvalues_core::answer::Family,
) -> Result<String, (String, String)> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| (String::new(), format!("not valid JSON: {e}")))?;
    let Value::Object(mut map) = value else {
        return Err((String::new(), "expected a JSON object".into()));
    };
    let response = match map.get("response") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(("field `response`: ".into(), "expected a string".into())),
        None => return Err(("field `response`: ".into(), "missing required field".into())),
    };
    let label = match map.get("label") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Choice::from_label(s).ok_or_else(|| {
            (
                "field `label`: ".to_string(),
                format!("must be 回复1 or 回复2, found {s:?}"),
            )
        })?),
        Some(_) => return Err(("field `label`: ".into(), "expected a string".into())),
    };
    let pred = family.parse(response, label).as_str();
    if map.contains_key("pred") {
        map.insert("pred".into(), json!(pred));
        return Ok(Value::Object(map).to_string());
    }
    let body = text.trim_end();
    let open = &body[..body.len() - 1]; // without the closing brace
    let sep = if map.is_empty() { "" } else { ", " };
    Ok(format!("{open}{sep}\"pred\": {}}}", json!(pred)))
}

/// The filter options every scoring command takes.
const FILTER_OPTIONS: [&str; 4] = ["scenarios", "domains", "difficulty", "types"];

/// Reads `--scenarios a,b --domains x --difficulty easy --types RLHF,API`.
fn filter_from(args: &Args, results: &Results) -> Result<Filter, CliError> {
    let set = |name: &str| -> Option<std::collections::BTreeSet<String>> {
        args.value(name).map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
    };
    let difficulties = match set("difficulty") {
        None => None,
        Some(names) => Some(
            names
                .iter()
                .map(|n: &String| {
                    Difficulty::ALL
                        .into_iter()
                        .find(|d| d.as_str() == n)
                        .ok_or_else(|| {
                            CliError::Usage(format!(
                                "--difficulty takes easy and/or hard, not {n:?}"
                            ))
                        })
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    let filter = Filter {
        scenarios: set("scenarios"),
        domains: set("domains"),
        difficulties,
        model_types: set("types"),
    };
    filter
        .check(&results.manifest.benchmark)
        .map_err(CliError::Usage)?;
    Ok(filter)
}

fn load_or_report(dir: &std::path::Path, io: &mut Io) -> Result<Results, CliError> {
    read_results(dir).map_err(|problems| {
        for p in &problems {
            let _ = writeln!(io.stderr, "{p}");
        }
        CliError::Failed(format!(
            "{} cannot be loaded: {} problem(s) in the manifest",
            dir.display(),
            problems.len()
        ))
    })
}

/// A file named on the command line, read as the page reads a dropped file
/// (refused if over the size limit; a byte that is not UTF-8 named by its
/// line): its text, or its problem written to stderr.
fn read_input(path: &str, io: &mut Io) -> Result<String, CliError> {
    crate::folder::read_text(Path::new(path)).or_else(|e| {
        writeln!(io.stderr, "{}", e.problem(path))?;
        Err(CliError::Failed(format!("{path}: cannot be read")))
    })
}

/// `cvalues score DIR [--json] [--adjudications FILE] [filters]`.
pub fn score(args: &[String], io: &mut Io) -> Result<i32, CliError> {
    let args = Args::parse(args, &["json"])?;
    args.only(&[&["json", "adjudications"][..], &FILTER_OPTIONS].concat())?;
    let dir = args.one_dir()?;
    let mut results = load_or_report(&dir, io)?;
    // The valid decisions apply; those with problems are left out, and the
    // exit code is 1.
    let mut code = 0;
    if let Some(path) = args.value("adjudications") {
        let text = read_input(path, io)?;
        let (decisions, mut problems) = read_adjudications(path, &text);
        problems.extend(apply_adjudications(&mut results, path, &decisions));
        for p in &problems {
            writeln!(io.stderr, "{p}")?;
        }
        if !problems.is_empty() {
            writeln!(
                io.stderr,
                "cvalues score: {path}: {} problem(s); those decisions were left out",
                problems.len()
            )?;
            code = 1;
        }
    }
    let filter = filter_from(&args, &results)?;
    let board = board(&results, &filter);
    let models: Vec<Value> = board
        .rows
        .iter()
        .map(|row| {
            let m = &results.models[row.model];
            let ranks: serde_json::Map<String, Value> = LEADERBOARD_METRICS
                .iter()
                .zip(&row.ranks)
                .map(|(metric, rank)| (metric.path.to_string(), json!(rank)))
                .collect();
            json!({
                "id": m.entry.id,
                "name": m.entry.name,
                "type": m.entry.kind,
                "scores": row.scores,
                "ranks": ranks,
                "problems": m.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            })
        })
        .collect();
    if args.flag("json") {
        let out = json!({
            "status": results.manifest.status,
            "filter": filter,
            "models": models,
            "problems": results.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        writeln!(io.stdout, "{out}")?;
    } else {
        write_table(&results, &board, io)?;
    }
    report_problems(&results, "score", io)?;
    Ok(code)
}

fn report_problems(results: &Results, command: &str, io: &mut Io) -> Result<(), CliError> {
    let problems: Vec<_> = results.all_problems().collect();
    for p in &problems {
        writeln!(io.stderr, "{p}")?;
    }
    if !problems.is_empty() {
        writeln!(
            io.stderr,
            "cvalues {command}: {} problem(s); affected files were left out",
            problems.len()
        )?;
    }
    Ok(())
}

/// `cvalues compare DIR [--json] [--category ID] [filters]`: human versus
/// automatic scores, per level (or for one category), for Acc and Acc*.
pub fn compare(args: &[String], io: &mut Io) -> Result<i32, CliError> {
    let args = Args::parse(args, &["json"])?;
    args.only(&[&["json", "category"][..], &FILTER_OPTIONS].concat())?;
    let dir = args.one_dir()?;
    let results = load_or_report(&dir, io)?;
    let filter = filter_from(&args, &results)?;
    let b = &results.manifest.benchmark;
    let (levels, category) = match args.value("category") {
        None => (Level::ALL.to_vec(), None),
        Some(id) => {
            let level = Level::ALL
                .into_iter()
                .find(|&l| b.level(l).categories.iter().any(|c| c.id == id))
                .ok_or_else(|| CliError::Usage(format!("unknown category {id:?}")))?;
            (vec![level], Some(id))
        }
    };
    let board = board(&results, &filter);
    let comparisons: Vec<_> = levels
        .iter()
        .flat_map(|&level| {
            AutoMetric::ALL.map(|m| compare_levels(&results, &board, level, m, category))
        })
        .collect();
    if args.flag("json") {
        writeln!(
            io.stdout,
            "{}",
            json!({ "filter": filter, "comparisons": comparisons })
        )?;
    } else {
        let show = |c: Option<f64>| c.map_or("—".to_string(), |v| format!("{v:.3}"));
        for c in &comparisons {
            writeln!(
                io.stdout,
                "{} vs {} ({} models): Spearman ρ {}, Kendall τ {}",
                c.human_metric,
                c.auto_metric,
                c.points.len(),
                show(c.spearman.value),
                show(c.kendall.value)
            )?;
            for p in c.points.iter().filter(|p| p.called_out) {
                writeln!(
                    io.stdout,
                    "  called out: {} ranks {} on human, {} on automatic",
                    p.name, p.human_rank, p.auto_rank
                )?;
            }
        }
    }
    report_problems(&results, "compare", io)?;
    Ok(0)
}

fn write_table(results: &Results, board: &Board, io: &mut Io) -> Result<(), CliError> {
    if results.manifest.status == cvalues_core::format::Status::Demo {
        writeln!(
            io.stdout,
            "DEMO DATA: fictional models, synthetic results\n"
        )?;
    }
    let name = |row: &BoardRow| results.models[row.model].entry.name.as_str();
    let name_width = board
        .rows
        .iter()
        .map(|row| name(row).chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    write!(io.stdout, "{:<name_width$}", "Model")?;
    for metric in LEADERBOARD_METRICS {
        write!(io.stdout, "  {:>22}", metric.label)?;
    }
    writeln!(io.stdout)?;
    for row in &board.rows {
        let name = name(row);
        write!(
            io.stdout,
            "{name}{}",
            " ".repeat(name_width - name.chars().count())
        )?;
        for metric in LEADERBOARD_METRICS {
            let v = lookup(&row.scores, metric.path);
            write!(io.stdout, "  {:>22}", format_value(metric.unit, v))?;
        }
        writeln!(io.stdout)?;
    }
    Ok(())
}

/// `cvalues validate DIR [--json]`: every problem, and exit 1 when there is
/// any (the gate before publishing). With `--json`, one JSON object on stdout:
/// `valid`, what was `loaded` (`null` when the manifest cannot be used), and
/// each problem with its `file`, `line`, `field`, `kind`, the kind's fields
/// and the whole `text`.
pub fn validate(args: &[String], io: &mut Io) -> Result<i32, CliError> {
    let args = Args::parse(args, &["json"])?;
    args.only(&["json"])?;
    let dir = args.one_dir()?;
    if args.flag("json") {
        let (problems, loaded) = match read_results(&dir) {
            Ok(results) => {
                let loaded = json!({
                    "models": results.models.len(),
                    "multichoice_items": results.bank.multichoice.len(),
                    "prompts": results.bank.prompts.len(),
                });
                (results.all_problems().cloned().collect(), loaded)
            }
            Err(problems) => (problems, Value::Null),
        };
        let problems: Vec<Value> = problems
            .iter()
            .map(|p| {
                let mut v = json!(p);
                v["text"] = json!(p.to_string());
                v
            })
            .collect();
        let valid = problems.is_empty();
        let out = json!({
            "folder": dir.display().to_string(),
            "valid": valid,
            "loaded": loaded,
            "problems": problems,
        });
        writeln!(
            io.stdout,
            "{}",
            serde_json::to_string_pretty(&out).expect("JSON")
        )?;
        return Ok(if valid { 0 } else { 1 });
    }
    let results = load_or_report(&dir, io)?;
    let problems: Vec<_> = results.all_problems().collect();
    for p in &problems {
        writeln!(io.stdout, "{p}")?;
    }
    if problems.is_empty() {
        writeln!(
            io.stdout,
            "{}: valid ({} models, {} multi-choice items, {} prompts)",
            dir.display(),
            results.models.len(),
            results.bank.multichoice.len(),
            results.bank.prompts.len()
        )?;
        Ok(0)
    } else {
        writeln!(
            io.stdout,
            "{}: {} problem(s)",
            dir.display(),
            problems.len()
        )?;
        Ok(1)
    }
}

/// `cvalues pack DIR`: writes DIR's first-view pack (`cvalues_core::pack`),
/// the manifest and every file the page's first view loads, in one file
/// beside them. The site's build runs it; it fails, writing nothing, if a
/// file cannot be read or the manifest cannot be used.
pub fn pack(args: &[String], io: &mut Io) -> Result<i32, CliError> {
    let args = Args::parse(args, &[])?;
    args.only(&[])?;
    let dir = args.one_dir()?;
    let read = |rel: &str| -> Result<String, CliError> {
        let path = dir.join(rel);
        read_text(&path).map_err(|e| {
            CliError::Failed(format!("{}: {}; no pack written", path.display(), e.reason))
        })
    };
    let manifest_text = read(MANIFEST)?;
    let manifest_file = dir.join(MANIFEST).display().to_string();
    let manifest = match parse_manifest(&manifest_file, &manifest_text) {
        Ok(manifest) => manifest,
        Err(problems) => {
            for p in &problems {
                writeln!(io.stderr, "{p}")?;
            }
            return Err(CliError::Failed(
                "the manifest cannot be used; no pack written".into(),
            ));
        }
    };
    let files = first_view_files(&manifest);
    let texts = files
        .iter()
        .map(|rel| read(rel))
        .collect::<Result<Vec<_>, _>>()?;
    let entries = std::iter::once((MANIFEST, manifest_text.as_bytes())).chain(
        files
            .iter()
            .map(String::as_str)
            .zip(texts.iter().map(String::as_bytes)),
    );
    let pack = write_pack(entries);
    let out = dir.join(PACK);
    std::fs::write(&out, &pack).map_err(|e| CliError::Failed(format!("{}: {e}", out.display())))?;
    writeln!(
        io.stdout,
        "wrote {}: {} files, {} bytes",
        out.display(),
        files.len() + 1,
        pack.len()
    )?;
    Ok(0)
}

/// `cvalues demo --seed N --out DIR [--models N]`.
pub fn demo(args: &[String], io: &mut Io) -> Result<i32, CliError> {
    let args = Args::parse(args, &[])?;
    args.only(&["seed", "out", "models"])?;
    let number = |name: &str| -> Result<Option<u64>, CliError> {
        args.value(name)
            .map(|v| {
                v.parse().map_err(|_| {
                    CliError::Usage(format!("--{name} takes a whole number, not {v:?}"))
                })
            })
            .transpose()
    };
    let config = demo::Config {
        seed: number("seed")?.ok_or_else(|| CliError::Usage("--seed is required".into()))?,
        models: number("models")?.unwrap_or(12) as usize,
    };
    let out = PathBuf::from(
        args.value("out")
            .ok_or_else(|| CliError::Usage("--out is required".into()))?,
    );
    if config.models == 0 {
        return Err(CliError::Usage("--models must be at least 1".into()));
    }
    let written = demo::write(&config, &out)?;
    writeln!(
        io.stdout,
        "wrote {written} files of demo results to {}",
        out.display()
    )?;
    Ok(0)
}

/// Appends JSON `lines` to the file at `path`, after a newline if it lacks one.
fn append_lines(path: &std::path::Path, lines: &str) -> std::io::Result<()> {
    let mut text = std::fs::read_to_string(path)?;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    std::fs::write(path, text + lines)
}

/// `cvalues import --evaluator NAME OFFICIAL.jsonl --model ID --out DIR`:
/// adds (or replaces) a model in the results folder DIR from a response file,
/// matching its items to the bank and adding new ones.
pub fn import(args: &[String], io: &mut Io) -> Result<i32, CliError> {
    let args = Args::parse(args, &[])?;
    args.only(&["evaluator", "model", "out", "name", "organisation", "type"])?;
    let required = |name: &str| {
        args.value(name)
            .ok_or_else(|| CliError::Usage(format!("--{name} is required")))
    };
    let (evaluator, id, out) = (
        required("evaluator")?,
        required("model")?,
        PathBuf::from(required("out")?),
    );
    let [file] = args.positional.as_slice() else {
        return Err(CliError::Usage("expected one response file".into()));
    };
    let rules = RuleSet::official();
    if rules.evaluator(evaluator).is_none() {
        let known: Vec<_> = rules.evaluator_names().collect();
        return Err(CliError::Usage(format!(
            "unknown evaluator {evaluator:?}; known: {}",
            known.join(", ")
        )));
    }
    let kind = args.value("type").unwrap_or("SFT");
    if !["base", "SFT", "RLHF", "API"].contains(&kind) {
        return Err(CliError::Usage(format!(
            "--type must be base, SFT, RLHF or API, not {kind:?}"
        )));
    }
    let results = load_or_report(&out, io)?;
    let text = read_input(file, io)?;
    let sub = read_submission(file, &text, &results);
    for p in &sub.problems {
        writeln!(io.stderr, "{p}")?;
    }
    if sub.records.is_empty() {
        return Err(CliError::Failed(format!(
            "{file}: no usable lines ({} rejected)",
            sub.rejected
        )));
    }
    let rel = format!("models/{id}/multichoice.jsonl");
    let mut manifest = results.manifest.clone();
    let entry = ModelEntry {
        id: id.to_string(),
        name: args.value("name").unwrap_or(id).to_string(),
        organisation: args.value("organisation").unwrap_or("unknown").to_string(),
        params_billions: None,
        kind: kind.to_string(),
        released: None,
        link: None,
        evaluator: Some(evaluator.to_string()),
        files: ModelFiles {
            multichoice: Some(rel.clone()),
            ..ModelFiles::default()
        },
        extra: Default::default(),
    };
    match manifest.models.iter_mut().find(|m| m.id == id) {
        Some(existing) => {
            existing.evaluator = entry.evaluator;
            existing.files.multichoice = entry.files.multichoice;
        }
        None => manifest.models.push(entry),
    }
    let added: Vec<_> = sub
        .new_items
        .iter()
        .filter(|(it, _, _)| results.bank.multichoice_by_id(&it.id).is_none())
        .collect();
    let items: Vec<_> = added.iter().map(|(item, _, _)| item).collect();
    append_lines(&out.join(&manifest.items.multichoice), &to_jsonl(&items))?;
    let texts: Vec<_> = added.iter().map(|(_, text, _)| text).collect();
    append_lines(
        &out.join(&manifest.items.multichoice_texts),
        &to_jsonl(&texts),
    )?;
    let records: Vec<_> = sub.records.iter().map(|(_, r)| r.clone()).collect();
    let records = to_jsonl(&records);
    std::fs::create_dir_all(out.join(format!("models/{id}")))?;
    std::fs::write(out.join(&rel), records)?;
    std::fs::write(
        out.join("index.json"),
        serde_json::to_string_pretty(&manifest).expect("manifest serializes") + "\n",
    )?;
    writeln!(
        io.stdout,
        "imported {} of {} lines as model {id} ({} new items, {} lines rejected) into {}",
        sub.records.len(),
        sub.lines,
        added.len(),
        sub.rejected,
        out.display()
    )?;
    Ok(0)
}
