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
use std::collections::HashMap;
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
    static CATALOGUE: RefCell<HashMap<&'static str, &'static str>> = RefCell::new(HashMap::new());
}

/// The page's language.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// The catalogue's path, relative to the page.
pub const ZH_CATALOGUE: &str = "i18n/zh.json";

/// Sets the page's language from `<html lang>` and, for Chinese, reads the
/// catalogue `text` (a JSON object: English → Chinese). A catalogue that
/// cannot be read leaves the page in English, and says why.
pub fn start(html_lang: &str, catalogue: Option<Result<String, String>>) -> Result<(), String> {
    if !html_lang.starts_with("zh") {
        return Ok(());
    }
    let text = catalogue.unwrap_or_else(|| Err("not fetched".into()))?;
    let entries: HashMap<String, String> =
        serde_json::from_str(&text).map_err(|e| format!("{ZH_CATALOGUE}: {e}"))?;
    CATALOGUE.with(|c| {
        let mut c = c.borrow_mut();
        for (en, zh) in entries {
            c.insert(&*en.leak(), &*zh.leak());
        }
    });
    LANG.with(|l| l.set(Lang::Zh));
    Ok(())
}

/// `en` in the page's language.
pub fn t(en: &'static str) -> &'static str {
    if lang() == Lang::En {
        return en;
    }
    CATALOGUE.with(|c| c.borrow().get(en).copied().unwrap_or(en))
}

/// [`t`] of a template, with `{0}`, `{1}`, … replaced by `args`.
pub fn tf(en: &'static str, args: &[&dyn Display]) -> String {
    let mut out = t(en).to_string();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &arg.to_string());
    }
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
