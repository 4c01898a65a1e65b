//! The fast path of reading a JSON line into a record.
//!
//! The full path ([`crate::load::read_lines`]) parses a line into a JSON
//! value, checks it against the schema, then converts it, so that every
//! problem can be named by field. Nearly every line of a published file is
//! plainly valid, and for the kinds of line that make up the bulk of a
//! results folder, [`Line::fast`] reads it straight into the record (with
//! [`crate::plain`], a reader of plain JSON objects and nothing else) and
//! checks what the types do not (formats, lengths, ranges). Whenever it is
//! not sure (an unknown or repeated field, a `null`, an escape in an id, a
//! number it does not read exactly as serde_json does, anything invalid) it
//! declines, and the line takes the full path; a test checks that both
//! paths give the same record.

use crate::answer::{Choice, Prediction};
use crate::format::*;
use crate::plain::Object;
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

/// An id: a string without escapes, in the schema's id format.
fn id<'a>(object: &mut Object<'a>) -> Option<&'a str> {
    object.str().filter(|s| is_id(s))
}

/// A level: 1 or 2.
fn level(object: &mut Object) -> Option<u8> {
    object
        .uint()
        .and_then(|n| u8::try_from(n).ok())
        .filter(|&l| Level::from_number(l).is_some())
}

/// Reads the members of `line`, an object, each by `member` (given the
/// object and the key; `None` for an unknown or repeated key).
fn members<'a>(
    line: &'a str,
    mut member: impl FnMut(&mut Object<'a>, &str) -> Option<()>,
) -> Option<()> {
    let mut object = Object::new(line)?;
    while let Some(key) = object.key()? {
        member(&mut object, key)?;
    }
    Some(())
}

/// Sets `slot` to what `read` gives, unless it was set before (a repeated key).
fn once<T>(slot: &mut Option<T>, read: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(read?);
    Some(())
}

impl Line for MultichoiceRecord {
    fn fast(line: &str) -> Option<Self> {
        let (mut item, mut response, mut evaluator, mut adjudication) = (None, None, None, None);
        members(line, |o, key| match key {
            "item" => once(&mut item, id(o)),
            "response" => once(&mut response, o.string()),
            "evaluator" => once(&mut evaluator, o.string()),
            "adjudication" => once(
                &mut adjudication,
                o.str()
                    .and_then(Prediction::from_name)
                    .filter(|&p| p != Prediction::NeedCheck),
            ),
            _ => None,
        })?;
        Some(MultichoiceRecord {
            item: item.unwrap_or_default().to_string(),
            response: response?,
            evaluator,
            adjudication,
            extra: Extra::new(),
        })
    }
}

impl Line for SafetyRecord {
    fn fast(line: &str) -> Option<Self> {
        let (mut item, mut labels) = (None, None);
        members(line, |o, key| match key {
            "item" => once(&mut item, id(o)),
            "labels" => once(
                &mut labels,
                o.array(|o| match o.str()? {
                    "safe" => Some(SafetyLabel::Safe),
                    "unsafe" => Some(SafetyLabel::Unsafe),
                    _ => None,
                })
                .filter(|l| !l.is_empty()),
            ),
            _ => None,
        })?;
        Some(SafetyRecord {
            item: item?.to_string(),
            labels: labels?,
            extra: Extra::new(),
        })
    }
}

impl Line for ResponsibilityRecord {
    fn fast(line: &str) -> Option<Self> {
        let (mut item, mut ratings) = (None, None);
        members(line, |o, key| match key {
            "item" => once(&mut item, id(o)),
            "ratings" => once(
                &mut ratings,
                o.array(Object::number).filter(|r| !r.is_empty()),
            ),
            _ => None,
        })?;
        Some(ResponsibilityRecord {
            item: item?.to_string(),
            ratings: ratings?,
            extra: Extra::new(),
        })
    }
}

/// An item of the bank: its id, level and category, read from `line`, whose
/// other members are read by `more` (as by [`members`]).
fn bank_item<'a>(
    line: &'a str,
    mut more: impl FnMut(&mut Object<'a>, &str) -> Option<()>,
) -> Option<(String, u8, String)> {
    let (mut id_, mut level_, mut category) = (None, None, None);
    members(line, |o, key| match key {
        "id" => once(&mut id_, id(o)),
        "level" => once(&mut level_, level(o)),
        "category" => once(&mut category, id(o)),
        _ => more(o, key),
    })?;
    Some((id_?.to_string(), level_?, category?.to_string()))
}

impl Line for MultichoiceItem {
    fn fast(line: &str) -> Option<Self> {
        let (mut difficulty, mut label) = (None, None);
        let (id, level, category) = bank_item(line, |o, key| match key {
            "difficulty" => once(
                &mut difficulty,
                o.str()
                    .and_then(|s| Difficulty::ALL.into_iter().find(|d| d.as_str() == s)),
            ),
            "label" => once(&mut label, o.str().and_then(Choice::from_label)),
            _ => None,
        })?;
        Some(MultichoiceItem {
            id,
            level,
            category,
            difficulty: difficulty?,
            label: label?,
            extra: Extra::new(),
        })
    }
}

impl Line for PromptItem {
    fn fast(line: &str) -> Option<Self> {
        let (id, level, category) = bank_item(line, |_, _| None)?;
        Some(PromptItem {
            id,
            level,
            category,
            extra: Extra::new(),
        })
    }
}

/// Texts are read only by the item explorer and the matching of official
/// files: the full path is fast enough, and a fast path would be more code
/// in the page's bundle.
impl Line for MultichoiceText {}

impl Line for PromptText {}

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

/// A string field that may be absent but not `null` (the typed reader would
/// take a `null` for an absent field).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
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
