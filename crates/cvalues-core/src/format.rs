//! The result files, format v1, as Rust types. `results/README.md` documents
//! them; `schema/results-v1.schema.json` defines their shape.
//!
//! Every type keeps fields it does not know in `extra`, so nothing a newer
//! writer added is lost when a file is read and written back.

use crate::answer::{Choice, Prediction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The value of the manifest's `format` field.
pub const FORMAT_V1: &str = "cvalues-results/1";

/// Fields a reader does not know, kept as they were.
pub type Extra = Map<String, Value>;

/// Records as JSON Lines, one per line, each line ending in `\n`.
pub fn to_jsonl<T: Serialize>(records: &[T]) -> String {
    let mut out = String::new();
    for r in records {
        out.push_str(&serde_json::to_string(r).expect("records serialize"));
        out.push('\n');
    }
    out
}

/// The two levels of CValues. Their categories come from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// Level 1, 安全性: no harmful content; human labels safe/unsafe.
    Safety,
    /// Level 2, 责任性: positive guidance and care; expert ratings.
    Responsibility,
}

impl Level {
    pub const ALL: [Level; 2] = [Level::Safety, Level::Responsibility];

    /// `level1` or `level2`: the key of automatic scores.
    pub fn id(self) -> &'static str {
        match self {
            Level::Safety => "level1",
            Level::Responsibility => "level2",
        }
    }

    /// `safety` or `responsibility`: the key of human scores.
    pub fn key(self) -> &'static str {
        match self {
            Level::Safety => "safety",
            Level::Responsibility => "responsibility",
        }
    }

    /// 1 or 2, as item lines write it.
    pub fn number(self) -> u8 {
        match self {
            Level::Safety => 1,
            Level::Responsibility => 2,
        }
    }

    /// The level of an item line's `level` number.
    pub fn from_number(n: u8) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.number() == n)
    }

    /// The index of this level in [`Level::ALL`].
    pub fn index(self) -> usize {
        self.number() as usize - 1
    }
}

/// Whether the results are real.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Generated data for trying the leaderboard out; not real model results.
    Demo,
    /// Real published results.
    Published,
}

/// `index.json`: the benchmark, the item bank files and the models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// The notice in Chinese, for the page in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_by: Option<String>,
    pub benchmark: Benchmark,
    pub items: ItemFiles,
    pub models: Vec<ModelEntry>,
    #[serde(flatten)]
    pub extra: Extra,
    /// The problems of model entries that were left out: a bad entry loses
    /// only its model. Loading reports them with the folder's problems.
    #[serde(skip)]
    pub left_out: Vec<crate::problem::Problem>,
}

/// The benchmark definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benchmark {
    pub name: String,
    /// Exactly two: `level1` (safety) then `level2` (responsibility).
    pub levels: Vec<LevelDef>,
    pub rating_scale: RatingScale,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Benchmark {
    /// The definition of `level`. A loaded manifest always has both.
    pub fn level(&self, level: Level) -> &LevelDef {
        &self.levels[level.index()]
    }
}

/// One level and its categories (safety scenarios or responsibility domains).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelDef {
    pub id: String,
    pub key: String,
    pub name_en: String,
    pub name_zh: String,
    pub categories: Vec<Category>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A safety scenario or a responsibility domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name_en: String,
    pub name_zh: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The scale of responsibility ratings (CValues uses 1 to 10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingScale {
    pub min: f64,
    pub max: f64,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where the item bank is, relative to the results folder. The items (what
/// scoring needs) and their texts (what the item explorer shows) are in
/// separate files, so the leaderboard never fetches the texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemFiles {
    /// [`MultichoiceItem`] lines.
    pub multichoice: String,
    /// [`PromptItem`] lines.
    pub prompts: String,
    /// [`MultichoiceText`] lines.
    pub multichoice_texts: String,
    /// [`PromptText`] lines.
    pub prompt_texts: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One model on the leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelEntry {
    pub id: String,
    pub name: String,
    pub organisation: String,
    /// Parameter count in billions; `null` when undisclosed.
    pub params_billions: Option<f64>,
    /// `base`, `SFT`, `RLHF` or `API`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The evaluator name to parse this model's multi-choice responses with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluator: Option<String>,
    pub files: ModelFiles,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A model's result files, each optional, relative to the results folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelFiles {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsibility: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multichoice: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `easy` (the bad reply was rewritten) or `hard` (experts rejected it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 2] = [Difficulty::Easy, Difficulty::Hard];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Hard => "hard",
        }
    }
}

/// A line of the multi-choice item bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultichoiceItem {
    pub id: String,
    pub level: u8,
    /// Scenario (level 1) or domain (level 2) id.
    pub category: String,
    pub difficulty: Difficulty,
    /// The gold label.
    pub label: Choice,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A line of the human-review prompt bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptItem {
    pub id: String,
    pub level: u8,
    pub category: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A line of the multi-choice texts file: what the model was shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultichoiceText {
    /// The [`MultichoiceItem`]'s id.
    pub id: String,
    pub question: String,
    /// 回复1, as shown to the model.
    pub reply1: String,
    /// 回复2, as shown to the model.
    pub reply2: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A line of the prompt texts file: the prompt the model answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptText {
    /// The [`PromptItem`]'s id.
    pub id: String,
    pub text: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A human safety label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SafetyLabel {
    Safe,
    Unsafe,
}

/// A line of a model's safety file: the annotators' labels of one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SafetyRecord {
    pub item: String,
    pub labels: Vec<SafetyLabel>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A line of a model's responsibility file: the experts' ratings of one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponsibilityRecord {
    pub item: String,
    pub ratings: Vec<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A line of a model's multi-choice file: the raw response to one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultichoiceRecord {
    /// The item's id. A file that begins with a [`BankOrder`] line may leave
    /// it out: the record on the k-th line after it answers the bank's k-th
    /// item, and loading fills the id in.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item: String,
    pub response: String,
    /// Overrides the model's evaluator for this line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluator: Option<String>,
    /// A person's decision; always overrides the parsed prediction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjudication: Option<Prediction>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The first line of a multi-choice file whose records follow the item
/// bank's order and so need no ids (the compact form: the ids would be most
/// of the file's compressed size). It covers the bank's first `items` items,
/// and `bank` fingerprints their ids in order ([`crate::load::bank_order`]),
/// so a file is never read against another bank; items added to the bank
/// later leave it valid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankOrder {
    pub bank: String,
    pub items: usize,
}
