//! Loading a results folder from file texts, with validation.
//!
//! The core does no I/O: the caller reads (CLI) or fetches (browser) the
//! manifest, asks it which files it names ([`files_to_read`]), and hands their
//! texts to [`load`]. Everything valid is kept; every problem is reported with
//! its file, line and field. A model file with any problem is left out whole
//! (its scores are then undefined, never partial), and the other files and
//! models load as usual.
//!
//! ```no_run
//! use cvalues_core::load::{files_to_read, load, parse_manifest, FileText};
//! # fn read(path: &str) -> FileText { unimplemented!() }
//! let manifest = parse_manifest("results/index.json", &read("index.json").unwrap()).unwrap();
//! let texts = files_to_read(&manifest).into_iter().map(|p| (p.clone(), read(&p))).collect();
//! let results = load("results", manifest, &texts);
//! ```

use crate::answer::text::memchr;
use crate::answer::{Prediction, RuleSet, Scratch};
use crate::decimal::Fixed;
use crate::format::*;
use crate::id_map::IdMap;
use crate::line::Line;
use crate::problem::{quoted, Problem, ProblemKind};
use crate::schema::{validate, Def};
use crate::stats::Resamples;
use crate::text::{fill, term};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The text of a file, or why it could not be read.
pub type FileText = Result<String, ReadError>;

/// Why a file could not be read, and the line that stopped it where one did
/// (a byte that is not UTF-8). Made from a plain reason with `into()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub reason: String,
    pub line: Option<usize>,
}

impl ReadError {
    /// The problem of the file shown as `file`, at the line if one is known.
    pub fn problem(&self, file: &str) -> Problem {
        let kind = ProblemKind::Unreadable {
            reason: self.reason.clone(),
        };
        Problem::at(file, self.line, None, kind)
    }
}

impl From<String> for ReadError {
    fn from(reason: String) -> ReadError {
        ReadError { reason, line: None }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// The largest results file that is read: 64 MiB. A real results folder
/// needs far less (a model's responses to every item are under 1 MiB), and
/// the page must not copy a runaway file into its memory.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Refuses a file of `bytes` bytes, before it is read, if it is over
/// [`MAX_FILE_BYTES`].
///
/// ```
/// use cvalues_core::load::check_file_size;
/// assert!(check_file_size(1 << 20).is_ok());
/// assert_eq!(
///     check_file_size(200_000_000).unwrap_err(),
///     "the file is 190.7 MiB, over the limit of 64 MiB for one results file"
/// );
/// ```
pub fn check_file_size(bytes: u64) -> Result<(), String> {
    if bytes <= MAX_FILE_BYTES {
        return Ok(());
    }
    let mib = |b: u64| Fixed(b as f64 / (1u64 << 20) as f64, 1).to_string();
    Err(fill(
        "the file is {0} MiB, over the limit of {1} MiB for one results file",
        &[&mib(bytes), &(MAX_FILE_BYTES >> 20)],
    ))
}

/// A file's bytes as its text; if they are not UTF-8, says where the first
/// bad byte is (line and column, 1-based, the column in bytes).
///
/// ```
/// use cvalues_core::load::text_from_bytes;
/// assert_eq!(text_from_bytes(b"{}\n".to_vec()).unwrap(), "{}\n");
/// let bad = text_from_bytes(b"{}\n{\"a\": \"\xff\"}".to_vec()).unwrap_err();
/// assert_eq!(bad.line, Some(2));
/// assert_eq!(bad.reason, "not UTF-8 text: column 8 has the byte 0xFF");
/// assert_eq!(bad.to_string(), "line 2: not UTF-8 text: column 8 has the byte 0xFF");
/// ```
pub fn text_from_bytes(bytes: Vec<u8>) -> FileText {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = &bytes[..at];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = at
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        ReadError {
            reason: fill(
                "not UTF-8 text: column {0} has the byte {1}",
                &[&column, &format!("0x{:02X}", bytes[at])],
            ),
            line: Some(line),
        }
    })
}

/// A loaded results folder: what could be used, and every problem found.
#[derive(Debug, Clone)]
pub struct Results {
    pub manifest: Manifest,
    pub bank: ItemBank,
    /// The items' texts; `None` until loaded ([`load_texts`]): scoring does
    /// not need them.
    pub texts: Option<ItemTexts>,
    /// One per manifest model, in manifest order, even when its files failed.
    pub models: Vec<ModelResults>,
    /// Problems of the manifest and the item bank.
    pub problems: Vec<Problem>,
}

impl Results {
    /// Whether a line was left out unchecked ([`Defer`]): load again with
    /// [`FullPath`] to read it.
    pub fn unchecked(&self) -> bool {
        self.all_problems()
            .any(|p| matches!(p.kind, ProblemKind::Unchecked))
    }

    /// Every problem found, the folder's and each model's.
    pub fn all_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .chain(self.models.iter().flat_map(|m| m.problems.iter()))
    }
}

/// Where an item sits in the taxonomy: its level and the index of its category
/// in that level's `categories`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub level: Level,
    pub category: usize,
}

/// The item bank, stored once for all models, with id lookup.
#[derive(Debug, Clone, Default)]
pub struct ItemBank {
    pub multichoice: Vec<MultichoiceItem>,
    pub prompts: Vec<PromptItem>,
    /// Parallel to `multichoice`.
    pub multichoice_placement: Vec<Placement>,
    /// Parallel to `prompts`.
    pub prompt_placement: Vec<Placement>,
    multichoice_index: IdMap<usize>,
    prompt_index: IdMap<usize>,
    /// The order of all multi-choice items, once computed (every model's
    /// file is checked against it).
    order_of_all: OnceLock<BankOrder>,
}

impl ItemBank {
    /// The index of a multi-choice item by id.
    pub fn multichoice_by_id(&self, id: &str) -> Option<usize> {
        self.multichoice_index.get(id).copied()
    }

    /// The index of a human-review prompt by id.
    pub fn prompt_by_id(&self, id: &str) -> Option<usize> {
        self.prompt_index.get(id).copied()
    }

    /// The [`BankOrder`] line for the bank's first `items` multi-choice
    /// items; `None` when it has fewer.
    pub fn order(&self, items: usize) -> Option<BankOrder> {
        if items == self.multichoice.len() {
            return Some(
                self.order_of_all
                    .get_or_init(|| self.compute_order(items))
                    .clone(),
            );
        }
        (items < self.multichoice.len()).then(|| self.compute_order(items))
    }

    fn compute_order(&self, items: usize) -> BankOrder {
        let ids = self.multichoice[..items].iter().map(|it| it.id.as_str());
        BankOrder {
            bank: bank_order(ids),
            items,
        }
    }

    /// Adds a multi-choice item (its id must be new); returns its index.
    pub fn add_multichoice(&mut self, item: MultichoiceItem, placement: Placement) -> usize {
        let index = self.multichoice.len();
        self.multichoice_index.insert(item.id.clone(), index);
        self.order_of_all = OnceLock::new();
        self.multichoice.push(item);
        self.multichoice_placement.push(placement);
        index
    }
}

/// The texts of the items: questions and replies, prompts. Only the item
/// explorer and the matching of official response files need them.
#[derive(Debug, Clone, Default)]
pub struct ItemTexts {
    /// Parallel to [`ItemBank::multichoice`]; `None` where the file has no line.
    pub multichoice: Vec<Option<MultichoiceText>>,
    /// Parallel to [`ItemBank::prompts`].
    pub prompts: Vec<Option<PromptText>>,
}

/// The fingerprint of multi-choice item ids in bank order: FNV-1a, as 16
/// hex digits.
pub fn bank_order<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let ids: Vec<&str> = ids.into_iter().collect();
    format!("{:016x}", crate::fnv::fnv1a(&ids))
}

/// One model: its manifest entry, the records of its files that loaded, the
/// outcomes scoring needs, and its problems.
#[derive(Debug, Clone)]
pub struct ModelResults {
    pub entry: ModelEntry,
    /// `None` when the model has no such file or the file was rejected.
    pub safety: Option<Vec<SafetyRecord>>,
    pub responsibility: Option<Vec<ResponsibilityRecord>>,
    pub multichoice: Option<Vec<MultichoiceRecord>>,
    pub outcomes: Outcomes,
    pub problems: Vec<Problem>,
}

/// Per-item results, ready for scoring: labels resolved by majority, ratings
/// averaged, responses parsed (or adjudicated). Filters never re-parse.
#[derive(Debug, Clone, Default)]
pub struct Outcomes {
    /// (prompt index, judged safe).
    pub safety: Vec<(usize, bool)>,
    /// (prompt index, mean rating).
    pub responsibility: Vec<(usize, f64)>,
    /// (multi-choice item index, prediction).
    pub multichoice: Vec<(usize, Prediction)>,
    /// Per level-2 category (by index), the bootstrap replicate sums of the
    /// ratings of its items ([`crate::stats::bootstrap_sums`]), and how many
    /// items it has: scoring any set of categories reuses them.
    pub rating_replicates: Vec<(Vec<f64>, usize)>,
}

/// Bootstrap replicate sums of the item ratings of level-2 category
/// `category` (each category with its own seed), and how many there are.
/// The draws are taken from `drawn`, or drawn and kept there.
fn category_replicates(
    bank: &ItemBank,
    ratings: &[(usize, f64)],
    category: usize,
    drawn: &mut Vec<Resamples>,
) -> (Vec<f64>, usize) {
    let values: Vec<f64> = ratings
        .iter()
        .filter(|&&(item, _)| bank.prompt_placement[item].category == category)
        .map(|&(_, rating)| rating)
        .collect();
    let seed = crate::stats::BOOTSTRAP_SEED ^ category as u64;
    let n = values.len();
    let at = match drawn.iter().position(|r| r.fits(n, seed)) {
        Some(at) => at,
        None => {
            drawn.push(Resamples::new(n, seed));
            drawn.len() - 1
        }
    };
    (drawn[at].sums(&values), n)
}

/// Majority of the annotators' labels; a tie counts as unsafe.
pub fn majority_safe(labels: &[SafetyLabel]) -> bool {
    let safe = labels.iter().filter(|l| **l == SafetyLabel::Safe).count();
    safe * 2 > labels.len()
}

/// Splits JSON Lines text into (1-based line number, line), without a UTF-8
/// BOM, `\r` line ends or blank lines.
pub fn json_lines(text: &str) -> JsonLines<'_> {
    let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    JsonLines { text, at, line: 0 }
}

/// The lines of [`json_lines`], which can stop and go on later from where
/// they got (a file read a piece at a time).
#[derive(Clone, Copy)]
pub struct JsonLines<'a> {
    text: &'a str,
    /// Where the next line begins (a byte offset).
    at: usize,
    /// The number of the line before it.
    line: usize,
}

impl<'a> Iterator for JsonLines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        while self.at < self.text.len() {
            let rest = &self.text[self.at..];
            let end = memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
            self.at += end;
            self.line += 1;
            let raw = &rest[..end];
            let raw = raw.strip_suffix('\n').unwrap_or(raw);
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if !raw.trim().is_empty() {
                return Some((self.line, raw));
            }
        }
        None
    }
}

/// How many lines a piece of loading reads at most ([`Loader::load_next_piece`]),
/// and how many responses it parses: a few milliseconds' work for a slow
/// phone's wasm (about 0.4 ms natively for the heaviest kind, safety labels).
pub const PIECE_LINES: usize = 500;

/// A file being read a piece at a time: the records and problems so far,
/// and where the next piece begins.
#[derive(Clone)]
struct LinesRead<T> {
    /// Where the next piece begins (`JsonLines::at`, `JsonLines::line`);
    /// `None` before the first.
    next: Option<(usize, usize)>,
    records: Vec<(usize, T)>,
    problems: Vec<Problem>,
}

impl<T: Line> LinesRead<T> {
    fn new() -> LinesRead<T> {
        LinesRead {
            next: None,
            records: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Reads up to `max` more lines of the file `rel` (named `file` in
    /// problems); true once it is read to the end. A file that cannot be
    /// read is one problem, and read at once.
    fn read(
        &mut self,
        texts: &BTreeMap<String, FileText>,
        (rel, file): (&str, &str),
        (def, fallback): (Def, impl Fallback),
        max: usize,
    ) -> bool {
        let text = match text_of(texts, rel, file) {
            Ok(text) => text,
            Err(p) => {
                self.problems.push(p);
                return true;
            }
        };
        let mut lines = match self.next {
            None => json_lines(text),
            Some((at, line)) => JsonLines { text, at, line },
        };
        let some = lines.by_ref().take(max);
        read_lines_into(
            file,
            some,
            def,
            fallback,
            &mut self.records,
            &mut self.problems,
        );
        self.next = Some((lines.at, lines.line));
        lines.at >= text.len()
    }

    /// The records and problems, once read to the end: a file without
    /// either is empty, which is a problem.
    fn finish(mut self, file: &str) -> (Vec<(usize, T)>, Vec<Problem>) {
        if self.records.is_empty() && self.problems.is_empty() {
            self.problems.push(Problem::file(file, ProblemKind::Empty));
        }
        (self.records, self.problems)
    }
}

/// Parses and checks `index.json`. `file` is the name to report problems under.
pub fn parse_manifest(file: &str, text: &str) -> Result<Manifest, Vec<Problem>> {
    parse_manifest_fast(file, text).unwrap_or_else(|| parse_manifest_full(file, text))
}

/// [`parse_manifest`] when `text` is plainly valid ([`crate::line::manifest_fast`]),
/// without the full path; `None` when it is not.
pub fn parse_manifest_fast(file: &str, text: &str) -> Option<Result<Manifest, Vec<Problem>>> {
    let manifest = crate::line::manifest_fast(text)?;
    // With a problem, the full path decides what can still be loaded.
    check_manifest(file, &manifest)
        .is_empty()
        .then_some(Ok(manifest))
}

/// The full path of [`parse_manifest`]: parse, check against the schema,
/// convert, each problem named by field. When every problem lies in some
/// models' entries, those models are left out ([`Manifest::left_out`]) and
/// the rest is read.
pub fn parse_manifest_full(file: &str, text: &str) -> Result<Manifest, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut value = crate::strict_json::parse(text).map_err(|e| {
        vec![Problem::at(
            file,
            Some(e.line()),
            None,
            ProblemKind::Json {
                reason: e.to_string(),
            },
        )]
    })?;
    let problems = match manifest_of(file, &value) {
        Ok(manifest) => return Ok(manifest),
        Err(problems) => problems,
    };
    let models = value.get_mut("models").and_then(Value::as_array_mut);
    let (Some(bad), Some(models)) = (entries_of(&problems), models) else {
        return Err(problems);
    };
    if bad.len() >= models.len() {
        return Err(problems);
    }
    for &i in bad.iter().rev() {
        models.remove(i);
    }
    match manifest_of(file, &value) {
        Ok(manifest) => Ok(Manifest {
            left_out: problems,
            ..manifest
        }),
        Err(_) => Err(problems),
    }
}

/// The manifest in `value`, if it passes the schema and the other checks.
fn manifest_of(file: &str, value: &Value) -> Result<Manifest, Vec<Problem>> {
    let schema_errors = validate(Def::Manifest, value);
    if !schema_errors.is_empty() {
        return Err(schema_errors
            .into_iter()
            .map(|e| {
                Problem::at(
                    file,
                    None,
                    Some(&e.field),
                    ProblemKind::Schema { message: e.message },
                )
            })
            .collect());
    }
    let manifest: Manifest = Manifest::deserialize(value).map_err(|e| {
        vec![Problem::file(
            file,
            ProblemKind::Json {
                reason: e.to_string(),
            },
        )]
    })?;
    let problems = check_manifest(file, &manifest);
    if problems.is_empty() {
        Ok(manifest)
    } else {
        Err(problems)
    }
}

/// The model entries (indices into `models`) that `problems` all lie in;
/// `None` if one lies elsewhere.
fn entries_of(problems: &[Problem]) -> Option<std::collections::BTreeSet<usize>> {
    problems
        .iter()
        .map(|p| {
            let rest = p.field.as_deref()?.strip_prefix("models[")?;
            rest.split(']').next()?.parse().ok()
        })
        .collect()
}

fn check_manifest(file: &str, m: &Manifest) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut invalid = |field: String, message: String| {
        problems.push(Problem::at(
            file,
            None,
            Some(&field),
            ProblemKind::Invalid { message },
        ))
    };
    for (i, level) in Level::ALL.into_iter().enumerate() {
        let def = &m.benchmark.levels[i];
        if def.id != level.id() || def.key != level.key() {
            invalid(
                format!("benchmark.levels[{i}]"),
                fill(
                    "level {0} must have id {1} and key {2}",
                    &[&(i + 1), &quoted(level.id()), &quoted(level.key())],
                ),
            );
        }
        let mut seen = BTreeMap::new();
        for (j, c) in def.categories.iter().enumerate() {
            if let Some(first) = seen.insert(c.id.as_str(), j) {
                invalid(
                    format!("benchmark.levels[{i}].categories[{j}].id"),
                    fill(
                        "category id {0} repeats categories[{1}]",
                        &[&quoted(&c.id), &first],
                    ),
                );
            }
        }
    }
    let scale = &m.benchmark.rating_scale;
    if scale.min.partial_cmp(&scale.max) != Some(std::cmp::Ordering::Less) {
        invalid(
            "benchmark.rating_scale".into(),
            fill("min must be below max", &[]),
        );
    }
    let mut seen = BTreeMap::new();
    let mut unknown = Vec::new();
    for (i, model) in m.models.iter().enumerate() {
        if let Some(first) = seen.insert(model.id.as_str(), i) {
            invalid(
                format!("models[{i}].id"),
                fill(
                    "model id {0} repeats models[{1}]",
                    &[&quoted(&model.id), &first],
                ),
            );
        }
        if let Some(name) = model
            .evaluator
            .as_deref()
            .filter(|n| !RuleSet::is_official_evaluator(n))
        {
            unknown.push((i, name));
        }
    }
    for (i, name) in unknown {
        let field = format!("models[{i}].evaluator");
        problems.push(Problem::at(
            file,
            None,
            Some(&field),
            unknown_evaluator(name),
        ));
    }
    problems
}

fn unknown_evaluator(name: &str) -> ProblemKind {
    ProblemKind::UnknownEvaluator {
        name: name.to_string(),
        known: RuleSet::official()
            .evaluator_names()
            .map(String::from)
            .collect(),
    }
}

/// The manifest's file name in a results folder.
pub const MANIFEST: &str = "index.json";

/// Every file the manifest names, relative to the results folder: the item
/// bank ([`bank_files`]), its texts ([`text_files`]), then each model's files
/// ([`model_files`]) in manifest order.
pub fn files_to_read(m: &Manifest) -> Vec<String> {
    let mut files = bank_files(m);
    files.extend(text_files(m));
    for model in &m.models {
        files.extend(model_files(model));
    }
    files
}

/// The item bank's files: what scoring needs of the items.
pub fn bank_files(m: &Manifest) -> Vec<String> {
    vec![m.items.multichoice.clone(), m.items.prompts.clone()]
}

/// The files of the items' texts, for [`load_texts`].
pub fn text_files(m: &Manifest) -> Vec<String> {
    vec![
        m.items.multichoice_texts.clone(),
        m.items.prompt_texts.clone(),
    ]
}

/// A model's files, relative to the results folder: those it has of
/// safety, responsibility and multi-choice, in that order.
pub fn model_files(model: &ModelEntry) -> Vec<String> {
    let f = &model.files;
    [&f.safety, &f.responsibility, &f.multichoice]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
}

/// Loads everything the manifest names from `texts` (keyed by the relative
/// paths of [`files_to_read`]), the items' texts included. `base` prefixes
/// file names in problems.
pub fn load(base: &str, manifest: Manifest, texts: &BTreeMap<String, FileText>) -> Results {
    let mut loader = Loader::new(base, manifest, texts);
    while loader.load_next(texts) {}
    let mut results = loader.finish();
    load_texts(base, &mut results, texts);
    results
}

/// Reads the items' texts ([`text_files`], from `texts`) into `results`:
/// each line must name an item of the bank, once; an item without a line is
/// a problem. The problems go to the folder's.
///
/// ```no_run
/// # let (mut results, files): (cvalues_core::load::Results, std::collections::BTreeMap<String, cvalues_core::load::FileText>) = unimplemented!();
/// cvalues_core::load::load_texts("results", &mut results, &files);
/// let texts = results.texts.as_ref().unwrap();
/// println!("{:?}", texts.multichoice[0].as_ref().map(|t| &t.question));
/// ```
pub fn load_texts(base: &str, results: &mut Results, texts: &BTreeMap<String, FileText>) {
    let (m, bank, problems) = (&results.manifest, &results.bank, &mut results.problems);
    let shown = |rel: &str| format!("{base}/{rel}");
    let rel = &m.items.multichoice_texts;
    let multichoice = read_texts::<MultichoiceText>(
        texts,
        rel,
        &shown(rel),
        Def::MultichoiceText,
        |id| bank.multichoice_by_id(id),
        bank.multichoice.iter().map(|it| it.id.as_str()),
        term("multi-choice item"),
        problems,
    );
    let rel = &m.items.prompt_texts;
    let prompts = read_texts::<PromptText>(
        texts,
        rel,
        &shown(rel),
        Def::PromptText,
        |id| bank.prompt_by_id(id),
        bank.prompts.iter().map(|it| it.id.as_str()),
        term("prompt"),
        problems,
    );
    results.texts = Some(ItemTexts {
        multichoice,
        prompts,
    });
}

/// What a text line has: the id of its item.
trait TextLine {
    fn id(&self) -> &str;
}

impl TextLine for MultichoiceText {
    fn id(&self) -> &str {
        &self.id
    }
}

impl TextLine for PromptText {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Reads one texts file into a vector parallel to the bank's `ids`.
#[allow(clippy::too_many_arguments)]
fn read_texts<'a, T: Line + TextLine>(
    texts: &BTreeMap<String, FileText>,
    rel: &str,
    file: &str,
    def: Def,
    lookup: impl Fn(&str) -> Option<usize>,
    ids: impl ExactSizeIterator<Item = &'a str>,
    expected: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Option<T>> {
    let mut out: Vec<Option<T>> = (0..ids.len()).map(|_| None).collect();
    let records = read_file::<T>(texts, rel, file, def, FullPath, problems);
    let read = !records.is_empty();
    for (_, text, index) in
        resolve_items(file, records, "id", |t| t.id(), lookup, expected, problems)
    {
        out[index] = Some(text);
    }
    if read {
        for (id, text) in ids.zip(&out) {
            if text.is_none() {
                let kind = ProblemKind::MissingText { id: id.to_string() };
                problems.push(Problem::file(file, kind));
            }
        }
    }
    out
}

/// [`load`] one piece at a time: the item bank first, then one model per
/// call, so that a caller (the browser) can yield between pieces.
///
/// ```no_run
/// # let (manifest, texts): (cvalues_core::format::Manifest, std::collections::BTreeMap<String, cvalues_core::load::FileText>) = unimplemented!();
/// let mut loader = cvalues_core::load::Loader::new("results", manifest, &texts);
/// while loader.load_next(&texts) {
///     println!("{} models left", loader.remaining());
/// }
/// let results = loader.finish();
/// ```
///
/// A clone goes on independently (the fuzz targets load many files after
/// one bank).
#[derive(Clone)]
pub struct Loader<F: Fallback = FullPath> {
    base: String,
    results: Results,
    fallback: F,
    /// At most how many lines a piece reads, or responses it parses.
    piece_lines: usize,
    /// The item bank's file being read ([`Loader::load_bank_piece`]).
    bank: BankReading,
    /// The model being loaded a piece at a time ([`Loader::load_next_piece`]).
    pending: Pending,
    /// The bootstrap draws of each level-2 category, drawn for the first
    /// model and reused for the rest.
    resamples: Vec<Resamples>,
}

/// How far [`Loader::load_bank_piece`] has got with the item bank.
#[derive(Clone)]
enum BankReading {
    /// Its multi-choice items, loaded so far.
    Multichoice(BankFile<MultichoiceItem>),
    /// Its prompts, loaded so far (the multi-choice items are in).
    Prompts(BankFile<PromptItem>),
    Complete,
}

/// How far [`Loader::load_next_piece`] has got with the next model: which
/// of its files it is reading, and how much of it.
#[derive(Clone, Default)]
enum Pending {
    #[default]
    Nothing,
    Safety(Box<ModelResults>, LinesRead<SafetyRecord>),
    Responsibility(Box<ModelResults>, LinesRead<ResponsibilityRecord>),
    /// Its ratings are in, and the bootstrap replicates of the level-2
    /// categories before this one (a category a piece: together they were
    /// the heaviest piece of loading).
    Replicates(Box<ModelResults>, usize),
    Multichoice(Box<ModelResults>, MultichoiceRead),
    /// Its multi-choice records are read; their responses are parsed up to `next`.
    Parse {
        model: Box<ModelResults>,
        read: ModelFile<MultichoiceRecord>,
        outcomes: Vec<(usize, Prediction)>,
        next: usize,
    },
    /// Every file of it is in.
    Done(Box<ModelResults>),
}

/// A model's files, in the order they are loaded.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Stage {
    Safety,
    Responsibility,
    Multichoice,
}

/// The model's first file from `stage` on that the model has, begun; `Done`
/// when it has none left.
fn next_file(model: ModelResults, files: &ModelFiles, stage: Stage) -> Pending {
    let model = Box::new(model);
    if stage <= Stage::Safety && files.safety.is_some() {
        Pending::Safety(model, LinesRead::new())
    } else if stage <= Stage::Responsibility && files.responsibility.is_some() {
        Pending::Responsibility(model, LinesRead::new())
    } else if files.multichoice.is_some() {
        let lines = LinesRead::new();
        Pending::Multichoice(
            model,
            MultichoiceRead {
                header: None,
                lines,
            },
        )
    } else {
        Pending::Done(model)
    }
}

/// A multi-choice file being read a piece at a time.
#[derive(Clone)]
struct MultichoiceRead {
    /// Its first line's [`BankOrder`], checked against the bank (`None`
    /// before the first piece).
    header: Option<Header>,
    lines: LinesRead<MultichoiceRecord>,
}

impl Loader {
    /// Starts loading: reads the item bank.
    pub fn new(base: &str, manifest: Manifest, texts: &BTreeMap<String, FileText>) -> Loader {
        Loader::with_fallback(base, manifest, texts, FullPath)
    }
}

impl<F: Fallback> Loader<F> {
    /// [`Loader::new`], reading lines that are not plainly valid with `fallback`.
    pub fn with_fallback(
        base: &str,
        manifest: Manifest,
        texts: &BTreeMap<String, FileText>,
        fallback: F,
    ) -> Loader<F> {
        let mut loader = Loader::bank_in_pieces(base, manifest, fallback);
        while !loader.load_bank_piece(texts) {}
        loader
    }

    /// Starts loading without reading anything yet: the item bank is read
    /// by [`Loader::load_bank_piece`], a piece at a time, for callers that
    /// must not run long at a time (or that do not have its files yet).
    ///
    /// ```no_run
    /// # use cvalues_core::load::{Defer, Loader};
    /// # let (manifest, texts): (cvalues_core::format::Manifest, std::collections::BTreeMap<_, _>) = unimplemented!();
    /// let mut loader = Loader::bank_in_pieces("results", manifest, Defer);
    /// while !loader.load_bank_piece(&texts) {} // yield to the browser between pieces
    /// ```
    pub fn bank_in_pieces(base: &str, mut manifest: Manifest, fallback: F) -> Loader<F> {
        let problems = std::mem::take(&mut manifest.left_out);
        Loader {
            fallback,
            piece_lines: PIECE_LINES,
            bank: BankReading::Multichoice(BankFile::Reading(LinesRead::new())),
            pending: Pending::Nothing,
            resamples: Vec::new(),
            base: base.to_string(),
            results: Results {
                manifest,
                bank: ItemBank::default(),
                texts: None,
                models: Vec::new(),
                problems,
            },
        }
    }

    /// Pieces of at most `lines` lines (or responses) from here on, rather
    /// than [`PIECE_LINES`]; what is loaded is the same for any size.
    ///
    /// ```no_run
    /// # let manifest: cvalues_core::format::Manifest = unimplemented!();
    /// use cvalues_core::load::{FullPath, Loader};
    /// let mut loader = Loader::bank_in_pieces("results", manifest, FullPath);
    /// loader.set_piece_lines(2_000); // a fast machine: fewer, longer pieces
    /// ```
    pub fn set_piece_lines(&mut self, lines: usize) {
        self.piece_lines = lines.max(1);
    }

    /// Reads a piece of the item bank (its multi-choice items, then its
    /// prompts); true once the bank is complete. Models are loaded only
    /// after it: [`Loader::load_next`] and [`Loader::load_next_piece`]
    /// finish it first.
    pub fn load_bank_piece(&mut self, texts: &BTreeMap<String, FileText>) -> bool {
        let r = &mut self.results;
        let (m, bank, problems) = (&r.manifest, &mut r.bank, &mut r.problems);
        let how = (self.base.as_str(), self.fallback, self.piece_lines);
        match &mut self.bank {
            BankReading::Complete => return true,
            BankReading::Multichoice(loading) => {
                let file = (texts, m.items.multichoice.as_str(), Def::MultichoiceItem);
                if let Some(items) = bank_piece(m, loading, file, how, problems) {
                    (
                        bank.multichoice,
                        bank.multichoice_placement,
                        bank.multichoice_index,
                    ) = items;
                    self.bank = BankReading::Prompts(BankFile::Reading(LinesRead::new()));
                }
            }
            BankReading::Prompts(loading) => {
                let file = (texts, m.items.prompts.as_str(), Def::PromptItem);
                if let Some(items) = bank_piece(m, loading, file, how, problems) {
                    (bank.prompts, bank.prompt_placement, bank.prompt_index) = items;
                    self.bank = BankReading::Complete;
                }
            }
        }
        matches!(self.bank, BankReading::Complete)
    }

    /// Models still to load.
    pub fn remaining(&self) -> usize {
        self.results.manifest.models.len() - self.results.models.len()
    }

    /// Loads the next model (the rest of it, if it is partly loaded); false
    /// when there was none left.
    pub fn load_next(&mut self, texts: &BTreeMap<String, FileText>) -> bool {
        if self.remaining() == 0 {
            while !self.load_bank_piece(texts) {}
            return false;
        }
        while !self.load_next_piece(texts) {}
        true
    }

    /// Loads a piece of the next model, for callers that must not run long
    /// at a time: up to [`PIECE_LINES`] lines of one of its files (its
    /// safety labels, its responsibility ratings, its multi-choice records),
    /// the bootstrap replicates of one domain's ratings, or the parse of up
    /// to [`PIECE_LINES`] responses. True once that model is
    /// complete (or when there was none left); the result is that of
    /// [`Loader::load_next`].
    ///
    /// ```no_run
    /// # let (mut loader, texts): (cvalues_core::load::Loader, std::collections::BTreeMap<_, _>) = unimplemented!();
    /// while loader.remaining() > 0 {
    ///     while !loader.load_next_piece(&texts) {} // yield to the browser between pieces
    /// }
    /// ```
    pub fn load_next_piece(&mut self, texts: &BTreeMap<String, FileText>) -> bool {
        while !self.load_bank_piece(texts) {}
        let r = &mut self.results;
        let Some(entry) = r.manifest.models.get(r.models.len()) else {
            return true;
        };
        let (m, bank) = (&r.manifest, &r.bank);
        let shown = |rel: &str| format!("{}/{rel}", self.base);
        let piece = (self.fallback, self.piece_lines);
        let files = &entry.files;
        // A file read to the end goes into the model, and the model's next
        // file is begun (in the next piece).
        self.pending = match std::mem::take(&mut self.pending) {
            Pending::Nothing => next_file(ModelResults::empty(entry), files, Stage::Safety),
            Pending::Safety(mut model, mut reading) => {
                let rel = files.safety.as_deref().unwrap_or_default();
                let file = shown(rel);
                if reading.read(texts, (rel, &file), (Def::SafetyRecord, piece.0), piece.1) {
                    accept_safety(&mut model, bank, file, reading);
                    next_file(*model, files, Stage::Responsibility)
                } else {
                    Pending::Safety(model, reading)
                }
            }
            Pending::Responsibility(mut model, mut reading) => {
                let rel = files.responsibility.as_deref().unwrap_or_default();
                let file = shown(rel);
                let def = (Def::ResponsibilityRecord, piece.0);
                if reading.read(texts, (rel, &file), def, piece.1) {
                    accept_responsibility(&mut model, m, bank, file, reading);
                    Pending::Replicates(model, 0)
                } else {
                    Pending::Responsibility(model, reading)
                }
            }
            Pending::Replicates(mut model, category) => {
                let level = m.benchmark.level(Level::Responsibility);
                let outcomes = &mut model.outcomes;
                if outcomes.responsibility.is_empty() || category == level.categories.len() {
                    next_file(*model, files, Stage::Multichoice)
                } else {
                    let ratings = &outcomes.responsibility;
                    let drawn = &mut self.resamples;
                    let replicates = category_replicates(bank, ratings, category, drawn);
                    outcomes.rating_replicates.push(replicates);
                    Pending::Replicates(model, category + 1)
                }
            }
            Pending::Multichoice(model, mut reading) => {
                let rel = files.multichoice.as_deref().unwrap_or_default();
                let file = shown(rel);
                if reading.read(texts, (rel, &file), bank, piece) {
                    Pending::Parse {
                        model,
                        read: reading.finish(bank, file),
                        outcomes: Vec::new(),
                        next: 0,
                    }
                } else {
                    Pending::Multichoice(model, reading)
                }
            }
            Pending::Parse {
                mut model,
                mut read,
                mut outcomes,
                next,
            } => {
                let next = predict(
                    bank,
                    &model.entry,
                    &mut read,
                    (next, piece.1),
                    &mut outcomes,
                );
                if next < read.rows.len() {
                    Pending::Parse {
                        model,
                        read,
                        outcomes,
                        next,
                    }
                } else {
                    accept_multichoice(&mut model, read, outcomes);
                    Pending::Done(model)
                }
            }
            Pending::Done(model) => Pending::Done(model),
        };
        match std::mem::take(&mut self.pending) {
            Pending::Done(model) => {
                r.models.push(*model);
                true
            }
            pending => {
                self.pending = pending;
                false
            }
        }
    }

    /// The results; models not loaded yet are left out.
    pub fn finish(self) -> Results {
        self.results
    }
}

fn text_of<'a>(
    texts: &'a BTreeMap<String, FileText>,
    rel: &str,
    shown: &str,
) -> Result<&'a str, Problem> {
    match texts.get(rel) {
        Some(Ok(text)) => Ok(text),
        Some(Err(e)) => Err(e.problem(shown)),
        None => Err(ReadError::from(fill("not provided", &[])).problem(shown)),
    }
}

/// Parses each line against `def`; bad lines become problems and are skipped.
/// A plainly valid line takes [`Line::fast`].
pub fn read_lines<T: Line>(
    file: &str,
    text: &str,
    def: Def,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, T)> {
    read_some_lines(file, json_lines(text), def, FullPath, problems)
}

/// [`read_lines`] over (line number, line) pairs.
fn read_some_lines<'a, T: Line>(
    file: &str,
    lines: impl Iterator<Item = (usize, &'a str)>,
    def: Def,
    fallback: impl Fallback,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, T)> {
    let mut out = Vec::new();
    read_lines_into(file, lines, def, fallback, &mut out, problems);
    if out.is_empty() && problems.is_empty() {
        problems.push(Problem::file(file, ProblemKind::Empty));
    }
    out
}

/// Parses each line against `def` into `out`; bad lines become problems.
fn read_lines_into<'a, T: Line>(
    file: &str,
    lines: impl Iterator<Item = (usize, &'a str)>,
    def: Def,
    fallback: impl Fallback,
    out: &mut Vec<(usize, T)>,
    problems: &mut Vec<Problem>,
) {
    for (line, raw) in lines {
        match T::fast(raw).map_or_else(|| fallback.read(raw, def), Ok) {
            Ok(record) => out.push((line, record)),
            Err(errors) => problems.extend(
                errors
                    .into_iter()
                    .map(|(field, kind)| Problem::at(file, Some(line), field.as_deref(), kind)),
            ),
        }
    }
}

/// The full path for one line: parse it, check it against `def`, convert
/// it. Each problem comes with the field it is about, if any.
pub fn check_line<T: DeserializeOwned>(raw: &str, def: Def) -> Result<T, LineProblems> {
    let json = |e: serde_json::Error| {
        vec![(
            None,
            ProblemKind::Json {
                reason: e.to_string(),
            },
        )]
    };
    let value = crate::strict_json::parse(raw).map_err(json)?;
    let errors = validate(def, &value);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| (Some(e.field), ProblemKind::Schema { message: e.message }))
            .collect());
    }
    serde_json::from_value(value).map_err(json)
}

/// The problems of one line, each with the field it is about, if any.
pub type LineProblems = Vec<(Option<String>, ProblemKind)>;

/// How a loader reads a line that [`Line::fast`] declines (one that is not
/// plainly valid): a type, so that a caller that never takes the full path
/// does not link it (the page's first view, whose wasm leaves it out).
///
/// ```no_run
/// # let (manifest, texts): (cvalues_core::format::Manifest, std::collections::BTreeMap<String, cvalues_core::load::FileText>) = unimplemented!();
/// use cvalues_core::load::{Defer, Loader};
/// let mut loader = Loader::with_fallback("results", manifest, &texts, Defer);
/// while loader.load_next(&texts) {}
/// let results = loader.finish();
/// if results.unchecked() {
///     // load again with `Loader::new`, which takes the full path
/// }
/// ```
pub trait Fallback: Copy {
    /// Reads `raw` as a line of `def`.
    fn read<T: Line>(self, raw: &str, def: Def) -> Result<T, LineProblems>;
}

/// The full path: [`check_line`], which names every problem by field.
#[derive(Debug, Clone, Copy, Default)]
pub struct FullPath;

impl Fallback for FullPath {
    fn read<T: Line>(self, raw: &str, def: Def) -> Result<T, LineProblems> {
        check_line(raw, def)
    }
}

/// Leaves the line out as [`ProblemKind::Unchecked`], for a caller that
/// then loads again with [`FullPath`] ([`Results::unchecked`] says when).
#[derive(Debug, Clone, Copy, Default)]
pub struct Defer;

impl Fallback for Defer {
    fn read<T: Line>(self, _raw: &str, _def: Def) -> Result<T, LineProblems> {
        Err(vec![(None, ProblemKind::Unchecked)])
    }
}

/// What the bank needs of an item line to place it.
trait BankItem {
    fn id(&self) -> &str;
    fn level(&self) -> u8;
    fn category(&self) -> &str;
}

impl BankItem for MultichoiceItem {
    fn id(&self) -> &str {
        &self.id
    }
    fn level(&self) -> u8 {
        self.level
    }
    fn category(&self) -> &str {
        &self.category
    }
}

impl BankItem for PromptItem {
    fn id(&self) -> &str {
        &self.id
    }
    fn level(&self) -> u8 {
        self.level
    }
    fn category(&self) -> &str {
        &self.category
    }
}

/// An item-bank file's records being made items with unique ids in declared
/// categories, a piece at a time.
#[derive(Clone)]
struct Placing<T> {
    records: std::vec::IntoIter<(usize, T)>,
    items: Vec<T>,
    placements: Vec<Placement>,
    index: IdMap<usize>,
    /// The line of each item, for naming the first of two with one id.
    lines: Vec<usize>,
}

impl<T: BankItem> Placing<T> {
    fn new(records: Vec<(usize, T)>) -> Placing<T> {
        Placing {
            index: IdMap::with_capacity_and_hasher(records.len(), Default::default()),
            records: records.into_iter(),
            items: Vec::new(),
            placements: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// Places up to `max` more records (`file` names the file in
    /// problems); true once all are placed.
    fn place(&mut self, m: &Manifest, file: &str, max: usize, problems: &mut Vec<Problem>) -> bool {
        for (line, item) in self.records.by_ref().take(max) {
            if let Some(&first) = self.index.get(item.id()) {
                let first = self.lines[first];
                problems.push(duplicate(file, line, "id", item.id(), first));
                continue;
            }
            let Some(level) = Level::from_number(item.level()) else {
                continue;
            };
            let Some(category) = m
                .benchmark
                .level(level)
                .categories
                .iter()
                .position(|c| c.id == item.category())
            else {
                let kind = ProblemKind::UnknownCategory {
                    level: level.id().into(),
                    category: item.category().into(),
                };
                problems.push(Problem::at(file, Some(line), Some("category"), kind));
                continue;
            };
            self.index.insert(item.id().to_string(), self.items.len());
            self.lines.push(line);
            self.items.push(item);
            self.placements.push(Placement { level, category });
        }
        self.records.len() == 0
    }
}

/// Reads a file's lines against `def`; an unreadable file is one problem.
fn read_file<T: Line>(
    texts: &BTreeMap<String, FileText>,
    rel: &str,
    file: &str,
    def: Def,
    fallback: impl Fallback,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, T)> {
    match text_of(texts, rel, file) {
        Ok(text) => read_some_lines(file, json_lines(text), def, fallback, problems),
        Err(p) => {
            problems.push(p);
            Vec::new()
        }
    }
}

/// An item-bank file being loaded: its lines read, then its records placed.
#[derive(Clone)]
enum BankFile<T> {
    Reading(LinesRead<T>),
    Placing(Placing<T>),
}

/// Does a piece of an item-bank file (`rel` in the folder `base`, read
/// against `def`): reads up to `max` lines, or places as many records read
/// (the file's problems go into `problems`, those of its lines first); once
/// it is done, its items.
fn bank_piece<T: Line + BankItem>(
    m: &Manifest,
    loading: &mut BankFile<T>,
    (texts, rel, def): (&BTreeMap<String, FileText>, &str, Def),
    (base, fallback, max): (&str, impl Fallback, usize),
    problems: &mut Vec<Problem>,
) -> Option<(Vec<T>, Vec<Placement>, IdMap<usize>)> {
    let file = &format!("{base}/{rel}");
    match loading {
        BankFile::Reading(reading) => {
            if reading.read(texts, (rel, file), (def, fallback), max) {
                let read = std::mem::replace(reading, LinesRead::new());
                let (records, mut read_problems) = read.finish(file);
                problems.append(&mut read_problems);
                *loading = BankFile::Placing(Placing::new(records));
            }
            None
        }
        BankFile::Placing(placing) => {
            if !placing.place(m, file, max, problems) {
                return None;
            }
            let placing = std::mem::replace(placing, Placing::new(Vec::new()));
            Some((placing.items, placing.placements, placing.index))
        }
    }
}

fn duplicate(file: &str, line: usize, field: &str, id: &str, first: usize) -> Problem {
    Problem::at(
        file,
        Some(line),
        Some(field),
        ProblemKind::Duplicate {
            id: id.to_string(),
            first_line: Some(first),
        },
    )
}

/// Checks that each record's item (its `field`) exists (via `lookup`) and
/// occurs once. Returns (line, record, item index) for the records that pass.
fn resolve_items<T>(
    file: &str,
    records: Vec<(usize, T)>,
    field: &str,
    item_of: impl Fn(&T) -> &str,
    lookup: impl Fn(&str) -> Option<usize>,
    expected: &str,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, T, usize)> {
    // The first line of each item index seen (0: not yet).
    let mut first_line: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(records.len());
    for (line, record) in records {
        let id = item_of(&record);
        let Some(index) = lookup(id) else {
            problems.push(Problem::at(
                file,
                Some(line),
                Some(field),
                ProblemKind::UnknownItem {
                    id: id.to_string(),
                    expected: expected.to_string(),
                },
            ));
            continue;
        };
        if index >= first_line.len() {
            first_line.resize(index + 1, 0);
        }
        if first_line[index] != 0 {
            problems.push(duplicate(file, line, field, id, first_line[index]));
            continue;
        }
        first_line[index] = line;
        out.push((line, record, index));
    }
    out
}

/// What a model file's records share: the item they are about.
trait Record {
    fn item(&self) -> &str;
}

impl Record for SafetyRecord {
    fn item(&self) -> &str {
        &self.item
    }
}

impl Record for ResponsibilityRecord {
    fn item(&self) -> &str {
        &self.item
    }
}

impl Record for MultichoiceRecord {
    fn item(&self) -> &str {
        &self.item
    }
}

/// A model file as read: each good record with its line and item index, and
/// the file's problems. The file is used only when it has no problems.
#[derive(Clone)]
struct ModelFile<T> {
    file: String,
    rows: Vec<(usize, T, usize)>,
    problems: Vec<Problem>,
}

impl<T> ModelFile<T> {
    /// Moves the file's problems to `model`'s; true when it had none, so
    /// that the model may use its records.
    fn usable_by(&mut self, model: &mut ModelResults) -> bool {
        let usable = self.problems.is_empty();
        model.problems.append(&mut self.problems);
        usable
    }

    fn records(self) -> Vec<T> {
        self.rows.into_iter().map(|(_, r, _)| r).collect()
    }
}

/// A model file read to the end, with each record's item resolved by
/// `lookup` (`expected` says what kind of item it should be).
fn resolve_file<T: Line + Record>(
    file: String,
    reading: LinesRead<T>,
    lookup: impl Fn(&str) -> Option<usize>,
    expected: &str,
) -> ModelFile<T> {
    let (records, mut problems) = reading.finish(&file);
    let rows = resolve_items(
        &file,
        records,
        "item",
        |r| r.item(),
        lookup,
        expected,
        &mut problems,
    );
    ModelFile {
        file,
        rows,
        problems,
    }
}

impl ModelResults {
    /// The model of `entry` before any of its files is read.
    fn empty(entry: &ModelEntry) -> ModelResults {
        ModelResults {
            entry: entry.clone(),
            safety: None,
            responsibility: None,
            multichoice: None,
            outcomes: Outcomes::default(),
            problems: Vec::new(),
        }
    }
}

/// The level-`level` prompt with this id, if there is one.
fn prompt_at_level(bank: &ItemBank, level: Level) -> impl Fn(&str) -> Option<usize> + '_ {
    move |id: &str| {
        bank.prompt_by_id(id)
            .filter(|&i| bank.prompt_placement[i].level == level)
    }
}

/// Makes a safety file read to the end (`file` names it) the model's
/// safety labels, when it has no problems.
fn accept_safety(
    model: &mut ModelResults,
    bank: &ItemBank,
    file: String,
    reading: LinesRead<SafetyRecord>,
) {
    let lookup = prompt_at_level(bank, Level::Safety);
    let mut read = resolve_file(file, reading, lookup, term("level-1 prompt"));
    if read.usable_by(model) {
        model.outcomes.safety = read
            .rows
            .iter()
            .map(|(_, r, i)| (*i, majority_safe(&r.labels)))
            .collect();
        model.safety = Some(read.records());
    }
}

/// Makes a responsibility file read to the end the model's ratings, when it
/// has no problems (a rating off the manifest's scale is one).
fn accept_responsibility(
    model: &mut ModelResults,
    m: &Manifest,
    bank: &ItemBank,
    file: String,
    reading: LinesRead<ResponsibilityRecord>,
) {
    let lookup = prompt_at_level(bank, Level::Responsibility);
    let mut read = resolve_file(file, reading, lookup, term("level-2 prompt"));
    let scale = &m.benchmark.rating_scale;
    for (line, record, _) in &read.rows {
        for (k, &value) in record.ratings.iter().enumerate() {
            if !(scale.min..=scale.max).contains(&value) {
                read.problems.push(Problem::at(
                    &read.file,
                    Some(*line),
                    Some(&format!("ratings[{k}]")),
                    ProblemKind::OutOfScale {
                        value,
                        min: scale.min,
                        max: scale.max,
                    },
                ));
            }
        }
    }
    if read.usable_by(model) {
        model.outcomes.responsibility = read
            .rows
            .iter()
            .map(|(_, r, i)| (*i, r.ratings.iter().sum::<f64>() / r.ratings.len() as f64))
            .collect();
        model.responsibility = Some(read.records());
    }
}

impl MultichoiceRead {
    /// Reads up to `max` more lines of the multi-choice file `rel` (its
    /// header first); true once it is read to the end.
    fn read(
        &mut self,
        texts: &BTreeMap<String, FileText>,
        (rel, file): (&str, &str),
        bank: &ItemBank,
        (fallback, max): (impl Fallback, usize),
    ) -> bool {
        if self.header.is_none() {
            let text = match text_of(texts, rel, file) {
                Ok(text) => text,
                Err(p) => {
                    self.lines.problems.push(p);
                    self.header = Some(Header::None);
                    return true;
                }
            };
            let mut lines = json_lines(text);
            let header = read_header(file, &mut lines, bank, &mut self.lines.problems);
            self.lines.next = Some((lines.at, lines.line));
            self.header = Some(header);
            if header == Header::OtherBank {
                return true;
            }
        }
        self.lines
            .read(texts, (rel, file), (Def::MultichoiceRecord, fallback), max)
    }

    /// The records, read to the end, with their items resolved.
    fn finish(self, bank: &ItemBank, file: String) -> ModelFile<MultichoiceRecord> {
        let header = self.header.unwrap_or(Header::None);
        let (records, mut problems) = match header {
            // The file's one problem: not read past its header.
            Header::OtherBank => (self.lines.records, self.lines.problems),
            _ => self.lines.finish(&file),
        };
        let read = by_header(&file, header, records, bank, &mut problems);
        resolve_multichoice(bank, file, read, problems)
    }
}

/// What a multi-choice file's first line says about the order of its records.
#[derive(Clone, Copy, PartialEq)]
enum Header {
    /// No [`BankOrder`] line: each record names its item.
    None,
    /// Records in this bank's order, after the header on line `line`,
    /// answering its first `items` items.
    InBankOrder { line: usize, items: usize },
    /// A [`BankOrder`] of another bank (a problem, reported).
    OtherBank,
}

/// Reads a multi-choice file's header from `lines`, if its first line is
/// one (and only then takes it); a header for another bank is a problem.
fn read_header(
    file: &str,
    lines: &mut JsonLines,
    bank: &ItemBank,
    problems: &mut Vec<Problem>,
) -> Header {
    let mut after = *lines;
    let Some((line, order)) = after
        .next()
        .and_then(|(line, raw)| Some((line, serde_json::from_str::<BankOrder>(raw).ok()?)))
    else {
        return Header::None;
    };
    *lines = after;
    if bank.order(order.items).as_ref() != Some(&order) {
        let kind = ProblemKind::Invalid {
            message: fill(
                "the records follow the order of another item bank (its first {0} items fingerprint as {1}): give each record its item id, or write the file for this bank",
                &[&order.items, &order.bank],
            ),
        };
        problems.push(Problem::at(file, Some(line), Some("bank"), kind));
        return Header::OtherBank;
    }
    Header::InBankOrder {
        line,
        items: order.items,
    }
}

/// A multi-choice file's records with their items resolved; `problems` are
/// the file's so far.
fn resolve_multichoice(
    bank: &ItemBank,
    file: String,
    read: Multichoice,
    mut problems: Vec<Problem>,
) -> ModelFile<MultichoiceRecord> {
    let rows = match read {
        Multichoice::InBankOrder(rows) => rows,
        Multichoice::ById(records) => resolve_items(
            &file,
            records,
            "item",
            |r| r.item.as_str(),
            |id| bank.multichoice_by_id(id),
            term("multi-choice item"),
            &mut problems,
        ),
    };
    ModelFile {
        file,
        rows,
        problems,
    }
}

/// Reads a multi-choice file's records. If it begins with a [`BankOrder`]
/// line for this bank, a record without an id answers the item at its
/// position (the k-th line after that line, the bank's k-th item), and gets
/// that item's id; a record with an id must name that item.
pub fn read_multichoice(
    file: &str,
    text: &str,
    bank: &ItemBank,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, MultichoiceRecord)> {
    let mut lines = json_lines(text);
    let header = read_header(file, &mut lines, bank, problems);
    let records = match header {
        Header::OtherBank => Vec::new(),
        _ => read_some_lines(file, lines, Def::MultichoiceRecord, FullPath, problems),
    };
    match by_header(file, header, records, bank, problems) {
        Multichoice::InBankOrder(rows) => rows.into_iter().map(|(l, r, _)| (l, r)).collect(),
        Multichoice::ById(records) => records,
    }
}

/// A multi-choice file's records as read, each with its line.
enum Multichoice {
    /// In the bank's order: each with its item's index (all different).
    InBankOrder(Vec<(usize, MultichoiceRecord, usize)>),
    /// Each naming its item by id, not yet looked up.
    ById(Vec<(usize, MultichoiceRecord)>),
}

/// A multi-choice file's records as its header orders them: in the bank's
/// order, each record gets the item at its position (and one that names
/// another item is a problem).
fn by_header(
    file: &str,
    header: Header,
    records: Vec<(usize, MultichoiceRecord)>,
    bank: &ItemBank,
    problems: &mut Vec<Problem>,
) -> Multichoice {
    let (header, items) = match header {
        Header::None => return Multichoice::ById(records),
        Header::OtherBank => return Multichoice::InBankOrder(Vec::new()),
        Header::InBankOrder { line, items } => (line, items),
    };
    let covered = &bank.multichoice[..items];
    let mut rows = Vec::with_capacity(records.len());
    for (line, mut record) in records {
        let index = line - header - 1;
        let Some(item) = covered.get(index) else {
            let kind = ProblemKind::Invalid {
                message: fill(
                    "past the {0} items that line {1} covers",
                    &[&items, &header],
                ),
            };
            problems.push(Problem::at(file, Some(line), None, kind));
            continue;
        };
        if record.item.is_empty() {
            record.item = item.id.clone();
        } else if record.item != item.id {
            let kind = ProblemKind::Invalid {
                message: fill(
                    "this line answers item {0} (the bank's item at its position), not {1}",
                    &[&quoted(&item.id), &quoted(&record.item)],
                ),
            };
            problems.push(Problem::at(file, Some(line), Some("item"), kind));
            continue;
        }
        rows.push((line, record, index));
    }
    Multichoice::InBankOrder(rows)
}

/// Makes the file's parsed responses (`outcomes`, parallel to its records)
/// the model's multi-choice records, when the file has no problems.
fn accept_multichoice(
    model: &mut ModelResults,
    mut read: ModelFile<MultichoiceRecord>,
    outcomes: Vec<(usize, Prediction)>,
) {
    if read.usable_by(model) {
        model.outcomes.multichoice = outcomes;
        model.multichoice = Some(read.records());
    }
}

/// A model with only multi-choice records, already parsed from some file
/// (`file` names it in problems): items are resolved and responses parsed as
/// when loading.
pub fn model_from_multichoice(
    bank: &ItemBank,
    entry: ModelEntry,
    file: &str,
    records: Vec<(usize, MultichoiceRecord)>,
) -> ModelResults {
    let mut read = resolve_multichoice(
        bank,
        file.to_string(),
        Multichoice::ById(records),
        Vec::new(),
    );
    let mut model = ModelResults::empty(&entry);
    let mut outcomes = Vec::new();
    predict(bank, &entry, &mut read, (0, usize::MAX), &mut outcomes);
    accept_multichoice(&mut model, read, outcomes);
    model
}

/// Parses up to `max` responses from record `from` on into `outcomes`, each
/// with its evaluator (the line's, else the model's); an adjudication
/// overrides the parse. Problems go into `read`. Returns the record to go
/// on from (all of them when the model's evaluator is unknown, a problem
/// reported at the first record).
fn predict(
    bank: &ItemBank,
    entry: &ModelEntry,
    read: &mut ModelFile<MultichoiceRecord>,
    (from, max): (usize, usize),
    outcomes: &mut Vec<(usize, Prediction)>,
) -> usize {
    let rules = RuleSet::official();
    let model_family = match entry.evaluator.as_deref() {
        Some(name) => match rules.evaluator(name) {
            Some(family) => Some(family),
            None => {
                if from == 0 {
                    // The name itself is reported with the manifest.
                    let message = fill(
                        "left out: the model's evaluator {0} in index.json is unknown",
                        &[&quoted(name)],
                    );
                    read.problems
                        .push(Problem::file(&read.file, ProblemKind::Invalid { message }));
                }
                return read.rows.len();
            }
        },
        None => None,
    };
    let to = read.rows.len().min(from.saturating_add(max));
    if from == 0 {
        outcomes.reserve(read.rows.len());
    }
    let mut scratch = Scratch::default();
    for (line, record, index) in &read.rows[from..to] {
        let family = match record.evaluator.as_deref() {
            Some(name) => match rules.evaluator(name) {
                Some(family) => family,
                None => {
                    let kind = unknown_evaluator(name);
                    read.problems.push(Problem::at(
                        &read.file,
                        Some(*line),
                        Some("evaluator"),
                        kind,
                    ));
                    continue;
                }
            },
            None => match model_family {
                Some(family) => family,
                None => {
                    let kind = ProblemKind::MissingEvaluator;
                    read.problems
                        .push(Problem::at(&read.file, Some(*line), None, kind));
                    continue;
                }
            },
        };
        let item = &bank.multichoice[*index];
        let prediction = record
            .adjudication
            .unwrap_or_else(|| family.parse_in(&mut scratch, &record.response, Some(item.label)));
        outcomes.push((*index, prediction));
    }
    to
}
