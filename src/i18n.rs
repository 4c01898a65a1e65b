//! The page's language: English, the text written in the code, or Chinese,
//! from a catalogue keyed by that English text (`public/i18n/zh.json`),
//! fetched when the page opens in Chinese. The catalogue is data, not code:
//! an English reader's first view carries none of it.
//!
//! Which language: `prefs.js` decides before the first paint (the `lang` of
//! the URL, else the reader's kept choice, else the browser's languages),
//! sets `<html lang>` and starts fetching the catalogue; the app reads
//! `<html lang>`. Switching languages reloads the page with the new `lang`.
//!
//! ```ignore
//! view! { <h2>{t("Data status and provenance")}</h2> }
//! tf("scoring model {0} of {1}", &[&i, &total])
//! ```

use std::cell::{Cell, RefCell};
use std::fmt::Display;

/// A language of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `en` or `zh`, as in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language of a URL's `lang` value.
    pub fn from_key(key: &str) -> Option<Lang> {
        match key {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    /// (English, Chinese), looked up in turn: a few hundred entries, and no
    /// hash map's or sort's code in the first view.
    static CATALOGUE: RefCell<Vec<(&'static str, &'static str)>> = const { RefCell::new(Vec::new()) };
}

/// The page's language.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// The catalogue's path, relative to the page.
pub const ZH_CATALOGUE: &str = "i18n/zh.json";

/// Puts the page in Chinese with the catalogue's `entries` (English,
/// Chinese), as [`read_catalogue`] reads them.
pub fn start_chinese(entries: Vec<(String, String)>) {
    CATALOGUE.with(|c| {
        let mut c = c.borrow_mut();
        c.extend(
            entries
                .into_iter()
                .map(|(en, zh)| (&*en.leak(), &*zh.leak())),
        );
    });
    LANG.with(|l| l.set(Lang::Zh));
}

/// The entries of the catalogue's JSON: one object whose values are strings.
/// A small reader of its own (the first view has no JSON map reader);
/// `None` if the text is anything else.
pub fn read_catalogue(text: &str) -> Option<Vec<(String, String)>> {
    let mut rest = text.trim().strip_prefix('{')?.trim_start();
    let mut entries = Vec::new();
    while !rest.starts_with('}') {
        let (en, after) = json_string(rest)?;
        let after = after.trim_start().strip_prefix(':')?.trim_start();
        let (zh, after) = json_string(after)?;
        entries.push((en, zh));
        rest = after.trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            rest = after.trim_start();
        } else if !rest.starts_with('}') {
            return None;
        }
    }
    (rest.trim() == "}").then_some(entries)
}

/// A JSON string at the start of `text`, and what follows it.
fn json_string(text: &str) -> Option<(String, &str)> {
    let mut chars = text.strip_prefix('"')?.char_indices();
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &text[i + 2..])),
            '\\' => out.push(match chars.next()?.1 {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'u' => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                }
                other => other, // \" \\ \/
            }),
            c => out.push(c),
        }
    }
    None
}

/// `en` in the page's language.
pub fn t(en: &'static str) -> &'static str {
    if lang() == Lang::En {
        return en;
    }
    CATALOGUE.with(|c| {
        let c = c.borrow();
        c.iter()
            .find(|&&(key, _)| key == en)
            .map_or(en, |&(_, zh)| zh)
    })
}

/// [`t`] of a template, with `{0}`, `{1}`, … replaced by `args`.
pub fn tf(en: &'static str, args: &[&dyn Display]) -> String {
    cvalues_core::text::fill(t(en), args)
}

/// A message the core (or the page) wrote from a template
/// (`cvalues_core::text::fill`), in the page's language: in Chinese, the
/// translation of the template it matches, with each argument translated
/// in turn (a message within a message, a term); as it is if none matches.
/// (The page's language is fixed while it is open: messages can be
/// translated when they are made.)
///
/// ```ignore
/// let shown = translate(&problem.to_string());
/// ```
pub fn translate(text: &str) -> String {
    if lang() == Lang::En {
        return text.to_string();
    }
    translate_in(text, 4).0
}

/// `text` translated, and how many of its characters the templates used
/// account for: of the ways templates can make `text`, the one that
/// accounts for the most (so that `{0} or {1}` does not split
/// "expected `,` or `}`", which has a translation of its own).
fn translate_in(text: &str, depth: usize) -> (String, usize) {
    let matching: Vec<(&'static str, &'static str, Vec<&str>)> = CATALOGUE.with(|c| {
        c.borrow()
            .iter()
            .filter_map(|&(en, zh)| Some((en, zh, matches(en, text)?)))
            .collect()
    });
    let mut best = (text.to_string(), 0);
    for (en, zh, args) in matching {
        let literal = en.len() - args.len() * 3; // each `{N}` is 3 bytes
        let args: Vec<(String, usize)> = args
            .iter()
            .map(|a| match depth {
                0 => (a.to_string(), 0),
                _ => translate_in(a, depth - 1),
            })
            .collect();
        let covered = literal + args.iter().map(|(_, n)| n).sum::<usize>();
        if covered > best.1 {
            let args: Vec<&dyn Display> = args.iter().map(|(a, _)| a as &dyn Display).collect();
            best = (cvalues_core::text::fill(zh, &args), covered);
        }
    }
    best
}

/// The arguments that fill `template` to make `text`, if it does: each
/// placeholder takes the shortest text up to what follows it (the last one,
/// up to the template's end). Placeholders are numbered in order.
fn matches<'a>(template: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let mut pieces = template.split('{');
    let first = pieces.next()?;
    let mut rest = text.strip_prefix(first)?;
    let mut args = Vec::new();
    let mut pieces = pieces.peekable();
    while let Some(piece) = pieces.next() {
        let (index, literal) = piece.split_once('}')?;
        if index.parse::<usize>().ok()? != args.len() {
            return None;
        }
        let last = pieces.peek().is_none();
        let end = match (literal.is_empty(), last) {
            (true, true) => rest.len(),
            (false, true) => rest.strip_suffix(literal)?.len(),
            (true, false) => return None, // two placeholders in a row
            (false, false) => rest.find(literal)?,
        };
        if end == 0 {
            return None;
        }
        args.push(&rest[..end]);
        rest = &rest[end + literal.len()..];
    }
    (rest.is_empty()).then_some(args)
}

/// A date from the data (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) as the page's
/// language writes it: unchanged in English, `2023年5月` in Chinese. Other
/// text is left as it is.
pub fn date(iso: &str) -> String {
    if lang() == Lang::En {
        return iso.to_string();
    }
    let parts: Vec<&str> = iso.split('-').collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    match (parts.len(), numbers) {
        (1..=3, Some(n)) if parts[0].len() == 4 => {
            let suffixes = ["年", "月", "日"];
            n.iter()
                .zip(suffixes)
                .map(|(v, s)| format!("{v}{s}"))
                .collect()
        }
        _ => iso.to_string(),
    }
}

/// [`pick`] of two optional texts from the data: whichever there is, in the
/// page's language where there are both.
pub fn pick_either(en: &Option<String>, zh: &Option<String>) -> Option<String> {
    match (en, zh) {
        (Some(en), Some(zh)) => Some(pick(en, zh).to_string()),
        _ => en.clone().or_else(|| zh.clone()),
    }
}

/// One of a pair of names from the data (`name_en`, `name_zh`), in the
/// page's language; the English one where the Chinese is empty.
pub fn pick<'a>(en: &'a str, zh: &'a str) -> &'a str {
    match lang() {
        Lang::Zh if !zh.is_empty() => zh,
        _ => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Placeholders take their arguments by number, in any order; anything
    /// else in braces stays as it is.
    #[test]
    fn templates_fill_numbered_placeholders() {
        assert_eq!(tf("{0} of {1}", &[&3, &"12"]), "3 of 12");
        assert_eq!(tf("{1}, then {0}", &[&"a", &"b"]), "b, then a");
        assert_eq!(tf("{2} {x} {", &[&1]), "{2} {x} {");
        assert_eq!(tf("no placeholder", &[]), "no placeholder");
    }

    /// The catalogue's own reader reads the shipped catalogue as serde_json
    /// does, and refuses what is not an object of strings.
    #[test]
    fn the_catalogue_reads_as_json_does() {
        let text = include_str!("../public/i18n/zh.json");
        let json: std::collections::BTreeMap<String, String> = serde_json::from_str(text).unwrap();
        let read: std::collections::BTreeMap<String, String> =
            read_catalogue(text).unwrap().into_iter().collect();
        assert_eq!(read, json);
        let odd = r#"{"a \"q\" \\ \n \u00e9": "b", "c":"d"}"#;
        let expect: Vec<(String, String)> = vec![
            ("a \"q\" \\ \n é".into(), "b".into()),
            ("c".into(), "d".into()),
        ];
        assert_eq!(read_catalogue(odd), Some(expect));
        for bad in [
            "",
            "[]",
            r#"{"a": 1}"#,
            r#"{"a": "b""#,
            r#"{"a" "b"}"#,
            r#"{"a": "b",}x"#,
        ] {
            assert_eq!(read_catalogue(bad), None, "{bad}");
        }
    }

    /// In Chinese, text with a translation is translated and other text
    /// stays English; dates are written the Chinese way.
    #[test]
    fn chinese_looks_text_up_and_writes_dates() {
        assert_eq!(t("Rank"), "Rank");
        assert_eq!(date("2023-05"), "2023-05");
        start_chinese(vec![
            ("Rank".into(), "排名".into()),
            ("{0} of {1}".into(), "第 {0} 个，共 {1} 个".into()),
        ]);
        assert_eq!(t("Rank"), "排名");
        assert_eq!(t("Model"), "Model");
        assert_eq!(tf("{0} of {1}", &[&3, &12]), "第 3 个，共 12 个");
        assert_eq!(date("2023-05"), "2023年5月");
        assert_eq!(date("2023-05-09"), "2023年5月9日");
        assert_eq!(date("spring 2023"), "spring 2023");
        assert_eq!(pick("law", "法理学"), "法理学");
        assert_eq!(pick("law", ""), "law");
    }

    /// A message is translated by the template it was filled from, the
    /// longest that matches, with its arguments translated in turn; text no
    /// template makes stays as it is.
    #[test]
    fn messages_are_translated_by_their_templates() {
        use cvalues_core::text::fill;
        assert_eq!(matches("a {0} b {1}", "a x b y z"), Some(vec!["x", "y z"]));
        assert_eq!(
            matches("{0}: {1}", "f.jsonl:3: x: y"),
            Some(vec!["f.jsonl:3", "x: y"])
        );
        assert_eq!(
            matches("{0} at line {1} column {2}", "x at line 1 column 2"),
            Some(vec!["x", "1", "2"])
        );
        assert_eq!(
            matches("no {0} here", "no  here"),
            None,
            "an empty argument"
        );
        assert_eq!(matches("exact", "exact"), Some(vec![]));
        assert_eq!(matches("exact", "exact!"), None);
        assert_eq!(matches("{1} {0}", "a b"), None, "placeholders in order");
        start_chinese(vec![
            ("{0}: {1}".into(), "{0}：{1}".into()),
            (
                "{0}: field `{1}`: {2}".into(),
                "{0}：字段 `{1}`：{2}".into(),
            ),
            (
                "expected {0}, found {1}".into(),
                "应为{0}，实际为{1}".into(),
            ),
            ("{0} or {1}".into(), "{0}或{1}".into()),
            ("string".into(), "字符串".into()),
            ("null".into(), "空值".into()),
            ("number".into(), "数字".into()),
        ]);
        let english = fill(
            "{0}: field `{1}`: {2}",
            &[
                &"results/a.jsonl:3",
                &"response",
                &fill(
                    "expected {0}, found {1}",
                    &[&fill("{0} or {1}", &[&"string", &"null"]), &"number"],
                ),
            ],
        );
        assert_eq!(
            translate(&english),
            "results/a.jsonl:3：字段 `response`：应为字符串或空值，实际为数字"
        );
        assert_eq!(translate("nothing makes this"), "nothing makes this");
    }

    /// The shipped catalogue translates the core's messages as they come.
    #[test]
    fn the_catalogue_translates_the_cores_messages() {
        let text = include_str!("../public/i18n/zh.json");
        start_chinese(read_catalogue(text).unwrap());
        assert_eq!(
            translate("results/a.jsonl:3: not valid JSON: expected `,` or `}` at line 1 column 20"),
            "results/a.jsonl:3：不是有效的 JSON：此处应为 `,` 或 `}`（第 1 行第 20 列）"
        );
    }
}
