//! The fast path of reading a JSON line into a record.
//!
//! The full path ([`crate::load::read_lines`]) parses a line into a JSON
//! value, checks it against the schema, then converts it, so that every
//! problem can be named by field. Nearly every line of a published file is
//! plainly valid, and for the kinds of line that make up the bulk of a
//! results folder, [`Line::fast`] reads it straight into the record and checks
//! what the types do not (formats, lengths, ranges). Whenever it is not sure
//! (an unknown field, a `null`, anything invalid) it declines, and the line
//! takes the full path; a test checks that both paths give the same record.

use crate::answer::{Choice, Prediction};
use crate::format::*;
use crate::schema::{has_format, is_id};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// A kind of JSON line.
pub trait Line: DeserializeOwned {
    /// The record, when `line` is plainly valid (known fields only, and
    /// every constraint of the schema met); `None` to take the full path.
    fn fast(_line: &str) -> Option<Self> {
        None
    }
}

/// Reads a line of only known fields. An explicit `null` is a schema error
/// for every field read here: a field that may be absent is read with
/// [`present`], so that the typed reader does not take a `null` for an
/// absent field, and such lines take the full path.
fn strict<T: DeserializeOwned>(line: &str) -> Option<T> {
    serde_json::from_str::<Obj<T>>(line).ok().map(|o| o.0)
}

/// A `T` read from a JSON object only. A derived `Deserialize` also reads a
/// struct from an array of its fields' values, which the schema rejects.
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Object<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Object<T> {
            type Value = T;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(Object(std::marker::PhantomData)).map(Obj)
    }
}

fn is_level(level: u8) -> bool {
    Level::from_number(level).is_some()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictMultichoiceRecord {
    #[serde(default, deserialize_with = "present")]
    item: Option<String>,
    response: String,
    #[serde(default, deserialize_with = "present")]
    evaluator: Option<String>,
    #[serde(default, deserialize_with = "present")]
    adjudication: Option<Prediction>,
}

impl Line for MultichoiceRecord {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictMultichoiceRecord = strict(line)?;
        let ok =
            r.item.as_deref().is_none_or(is_id) && r.adjudication != Some(Prediction::NeedCheck);
        ok.then(|| MultichoiceRecord {
            item: r.item.unwrap_or_default(),
            response: r.response,
            evaluator: r.evaluator,
            adjudication: r.adjudication,
            extra: Extra::new(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictSafetyRecord {
    item: String,
    labels: Vec<SafetyLabel>,
}

impl Line for SafetyRecord {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictSafetyRecord = strict(line)?;
        (is_id(&r.item) && !r.labels.is_empty()).then(|| SafetyRecord {
            item: r.item,
            labels: r.labels,
            extra: Extra::new(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictResponsibilityRecord {
    item: String,
    ratings: Vec<f64>,
}

impl Line for ResponsibilityRecord {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictResponsibilityRecord = strict(line)?;
        (is_id(&r.item) && !r.ratings.is_empty()).then(|| ResponsibilityRecord {
            item: r.item,
            ratings: r.ratings,
            extra: Extra::new(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictMultichoiceItem {
    id: String,
    level: u8,
    category: String,
    difficulty: Difficulty,
    label: Choice,
}

impl Line for MultichoiceItem {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictMultichoiceItem = strict(line)?;
        let ok = is_id(&r.id) && is_id(&r.category) && is_level(r.level);
        ok.then(|| MultichoiceItem {
            id: r.id,
            level: r.level,
            category: r.category,
            difficulty: r.difficulty,
            label: r.label,
            extra: Extra::new(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictPromptItem {
    id: String,
    level: u8,
    category: String,
}

impl Line for PromptItem {
    fn fast(line: &str) -> Option<Self> {
        let r: StrictPromptItem = strict(line)?;
        let ok = is_id(&r.id) && is_id(&r.category) && is_level(r.level);
        ok.then(|| PromptItem {
            id: r.id,
            level: r.level,
            category: r.category,
            extra: Extra::new(),
        })
    }
}

/// Texts are read only by the item explorer and the matching of official
/// files: the full path is fast enough, and a fast path would be more code
/// in the page's bundle.
impl Line for MultichoiceText {}

impl Line for PromptText {}

/// The manifest, when `text` is plainly valid (known fields only, no `null`
/// but an undisclosed parameter count, and every constraint of the schema
/// met); `None` to take the full path ([`crate::load::parse_manifest`]).
pub fn manifest_fast(text: &str) -> Option<Manifest> {
    let Obj(m) = serde_json::from_str::<Obj<StrictManifest>>(text).ok()?;
    let text = |s: &str| !s.is_empty();
    let path = |s: &str| has_format("relative-path", s);
    let b = &m.benchmark.0;
    let levels_ok = b.levels.len() == 2
        && b.levels.iter().map(|l| &l.0).all(|l| {
            ["level1", "level2"].contains(&l.id.as_str())
                && ["safety", "responsibility"].contains(&l.key.as_str())
                && text(&l.name_en)
                && text(&l.name_zh)
                && !l.categories.is_empty()
                && l.categories
                    .iter()
                    .map(|c| &c.0)
                    .all(|c| is_id(&c.id) && text(&c.name_en) && text(&c.name_zh))
        });
    let i = &m.items.0;
    let items_ok = [
        &i.multichoice,
        &i.prompts,
        &i.multichoice_texts,
        &i.prompt_texts,
    ]
    .iter()
    .all(|p| path(p));
    let models_ok = m.models.iter().map(|e| &e.0).all(|e| {
        is_id(&e.id)
            && text(&e.name)
            && text(&e.organisation)
            && e.params_billions.is_none_or(|p| p >= 0.0)
            && ["base", "SFT", "RLHF", "API"].contains(&e.kind.as_str())
            && e.released.as_deref().is_none_or(|d| has_format("date", d))
            && e.link.as_deref().is_none_or(|l| has_format("http-url", l))
            && [
                &e.files.0.safety,
                &e.files.0.responsibility,
                &e.files.0.multichoice,
            ]
            .into_iter()
            .flatten()
            .all(|p| path(p))
    });
    let ok = m.format == "cvalues-results/1" && text(&b.name) && levels_ok && items_ok && models_ok;
    ok.then(|| m.into_manifest())
}

/// A field that may be absent but not `null` (the typed reader would take a
/// `null` for an absent field).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A field that must be there, and may be `null`.
fn required_nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Option::<f64>::deserialize(d)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictManifest {
    format: String,
    status: Status,
    #[serde(default, deserialize_with = "present")]
    notice: Option<String>,
    #[serde(default, deserialize_with = "present")]
    notice_zh: Option<String>,
    #[serde(default, deserialize_with = "present")]
    generated_by: Option<String>,
    benchmark: Obj<StrictBenchmark>,
    items: Obj<StrictItemFiles>,
    models: Vec<Obj<StrictModel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictBenchmark {
    name: String,
    levels: Vec<Obj<StrictLevel>>,
    rating_scale: Obj<StrictScale>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictLevel {
    id: String,
    key: String,
    name_en: String,
    name_zh: String,
    categories: Vec<Obj<StrictCategory>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictCategory {
    id: String,
    name_en: String,
    name_zh: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictScale {
    min: f64,
    max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictItemFiles {
    multichoice: String,
    prompts: String,
    multichoice_texts: String,
    prompt_texts: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictModel {
    id: String,
    name: String,
    organisation: String,
    #[serde(deserialize_with = "required_nullable")]
    params_billions: Option<f64>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, deserialize_with = "present")]
    released: Option<String>,
    #[serde(default, deserialize_with = "present")]
    link: Option<String>,
    #[serde(default, deserialize_with = "present")]
    evaluator: Option<String>,
    files: Obj<StrictModelFiles>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictModelFiles {
    #[serde(default, deserialize_with = "present")]
    safety: Option<String>,
    #[serde(default, deserialize_with = "present")]
    responsibility: Option<String>,
    #[serde(default, deserialize_with = "present")]
    multichoice: Option<String>,
}

impl StrictManifest {
    fn into_manifest(self) -> Manifest {
        let (b, items) = (self.benchmark.0, self.items.0);
        Manifest {
            format: self.format,
            status: self.status,
            notice: self.notice,
            notice_zh: self.notice_zh,
            generated_by: self.generated_by,
            benchmark: Benchmark {
                name: b.name,
                levels: b
                    .levels
                    .into_iter()
                    .map(|Obj(l)| LevelDef {
                        id: l.id,
                        key: l.key,
                        name_en: l.name_en,
                        name_zh: l.name_zh,
                        categories: l
                            .categories
                            .into_iter()
                            .map(|Obj(c)| Category {
                                id: c.id,
                                name_en: c.name_en,
                                name_zh: c.name_zh,
                                extra: Extra::new(),
                            })
                            .collect(),
                        extra: Extra::new(),
                    })
                    .collect(),
                rating_scale: RatingScale {
                    min: b.rating_scale.0.min,
                    max: b.rating_scale.0.max,
                    extra: Extra::new(),
                },
                extra: Extra::new(),
            },
            items: ItemFiles {
                multichoice: items.multichoice,
                prompts: items.prompts,
                multichoice_texts: items.multichoice_texts,
                prompt_texts: items.prompt_texts,
                extra: Extra::new(),
            },
            models: self
                .models
                .into_iter()
                .map(|Obj(e)| ModelEntry {
                    id: e.id,
                    name: e.name,
                    organisation: e.organisation,
                    params_billions: e.params_billions,
                    kind: e.kind,
                    released: e.released,
                    link: e.link,
                    evaluator: e.evaluator,
                    files: ModelFiles {
                        safety: e.files.0.safety,
                        responsibility: e.files.0.responsibility,
                        multichoice: e.files.0.multichoice,
                        extra: Extra::new(),
                    },
                    extra: Extra::new(),
                })
                .collect(),
            extra: Extra::new(),
            left_out: Vec::new(),
        }
    }
}
