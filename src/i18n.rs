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
    use std::fmt::Write;
    let mut out = String::new();
    let mut rest = t(en);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after
            .find('}')
            .and_then(|close| Some((after[..close].parse::<usize>().ok()?, close)))
            .and_then(|(i, close)| Some((args.get(i)?, close)));
        match arg {
            Some((arg, close)) => {
                let _ = write!(out, "{arg}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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
}
