//! What the page keeps in the browser: the reader's own files (session
//! storage: until the tab closes) and adjudications (local storage: until
//! cleared). Nothing here is ever sent anywhere.

use crate::i18n::{t, tf};
use cvalues_core::adjudication::{adjudicate, read_adjudications, to_jsonl, Adjudication};
use cvalues_core::format::{Extra, ModelEntry, ModelFiles};
use cvalues_core::load::{load_texts, text_files, Results};
use cvalues_core::submission::{add_submission, detect_format, read_submission, Format};
use serde::{Deserialize, Serialize};

const LOCAL_FILES: &str = "cvalues.local-files.v1";
const ADJUDICATIONS: &str = "cvalues.adjudications.v1";

/// The model type that marks a reader's own file.
pub const LOCAL_KIND: &str = "local";

/// A model's type as the page shows it: as the data has it, but for the
/// reader's own files', in the page's language.
pub fn kind_label(kind: &str) -> &str {
    match kind {
        LOCAL_KIND => t("local"),
        kind => kind,
    }
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A file the reader dropped, as kept for the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalFile {
    pub id: String,
    pub file_name: String,
    pub evaluator: String,
    pub text: String,
}

/// What happened to a dropped file.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalReport {
    pub id: String,
    pub file_name: String,
    pub format: Format,
    pub lines: usize,
    pub rejected: usize,
    pub problems: Vec<String>,
    /// Whether the file had a usable line, and so is a model on the page
    /// (as `cvalues import` imports only such a file).
    pub scored: bool,
}

/// A model id for a file name: `local-` and its stem, made safe and unique.
pub fn local_id(file_name: &str, results: &Results) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let base: String = format!("local-{}", clean.trim_matches('-'))
        .chars()
        .take(48)
        .collect();
    let taken = |id: &str| results.models.iter().any(|m| m.entry.id == id);
    let mut id = base.clone();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Scores a dropped file into the results as a local model, if it has a
/// usable line; the report says what was read.
pub fn add_local(results: &mut Results, file: &LocalFile) -> LocalReport {
    let sub = read_submission(&file.file_name, &file.text, results);
    let report = LocalReport {
        id: file.id.clone(),
        file_name: file.file_name.clone(),
        format: sub.format,
        lines: sub.lines,
        rejected: sub.rejected,
        problems: sub.problems.iter().map(ToString::to_string).collect(),
        scored: !sub.records.is_empty(),
    };
    if !report.scored {
        return report;
    }
    let entry = ModelEntry {
        id: file.id.clone(),
        name: tf("{0} (local)", &[&file.file_name]),
        organisation: t("your file, scored in this browser").into(),
        params_billions: None,
        kind: LOCAL_KIND.into(),
        released: None,
        link: None,
        evaluator: Some(file.evaluator.clone()),
        files: ModelFiles {
            multichoice: Some(file.file_name.clone()),
            ..ModelFiles::default()
        },
        extra: Extra::new(),
    };
    add_submission(results, entry, sub);
    report
}

/// What the browser kept from earlier, unread: the reader's files (for this
/// session) and adjudications.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    files: String,
    adjudications: String,
}

impl Kept {
    /// Reads the two storage entries.
    pub fn read() -> Kept {
        let get = |s: Option<web_sys::Storage>, key: &str| {
            s.and_then(|s| s.get_item(key).ok().flatten())
                .unwrap_or_default()
        };
        Kept {
            files: get(session(), LOCAL_FILES),
            adjudications: get(local(), ADJUDICATIONS),
        }
    }

    /// True when nothing was kept.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.adjudications.is_empty()
    }
}

/// Loaded results with what the reader kept applied.
#[derive(Debug, Clone)]
pub struct Restored {
    pub results: Results,
    pub files: Vec<LocalFile>,
    pub reports: Vec<LocalReport>,
    pub adjudications: Vec<Adjudication>,
}

impl Restored {
    /// Results with nothing kept to apply.
    pub fn fresh(results: Results) -> Restored {
        Restored {
            results,
            files: Vec::new(),
            reports: Vec::new(),
            adjudications: Vec::new(),
        }
    }
}

/// Scores the kept files into `results` as local models, and applies the kept
/// adjudications. Official files are matched to the items by their texts,
/// which are fetched first if any such file was kept.
pub async fn restore(mut results: Results, kept: Kept) -> Restored {
    let files: Vec<LocalFile> = serde_json::from_str(&kept.files).unwrap_or_default();
    if results.texts.is_none()
        && files
            .iter()
            .any(|f| detect_format(&f.text) == Format::Official)
    {
        let texts = crate::fetch::fetch_all(text_files(&results.manifest)).await;
        load_texts(crate::fetch::RESULTS_DIR, &mut results, &texts);
    }
    let reports = files.iter().map(|f| add_local(&mut results, f)).collect();
    let adjudications: Vec<Adjudication> = read_adjudications("local storage", &kept.adjudications)
        .0
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    apply_stored(&mut results, &adjudications);
    Restored {
        results,
        files,
        reports,
        adjudications,
    }
}

/// Keeps `files` for the session; false when the browser refused (too large).
pub fn store_files(files: &[LocalFile]) -> bool {
    let text = serde_json::to_string(files).expect("serializes");
    session().is_some_and(|s| s.set_item(LOCAL_FILES, &text).is_ok())
}

/// Keeps the reader's adjudications.
pub fn store_adjudications(all: &[Adjudication]) {
    if let Some(s) = local() {
        let _ = s.set_item(ADJUDICATIONS, &to_jsonl(all));
    }
}

/// Applies stored adjudications; those whose model or item is gone are kept
/// in storage but skipped.
fn apply_stored(results: &mut Results, all: &[Adjudication]) {
    for a in all {
        if let Some(m) = results.models.iter().position(|m| m.entry.id == a.model) {
            adjudicate(results, m, &a.item, Some(a.adjudication));
        }
    }
}
