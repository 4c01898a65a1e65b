//! The Chinese catalogue (`public/i18n/zh.json`) against the code: every
//! text the app passes to `t`/`tf` has a translation with the same
//! placeholders, and no translation is left over from text that is gone;
//! and the script that preloads the catalogue names the file the app reads.
//! (The browser test `i18n::every_page_in_chinese_has_no_english_left`
//! walks the pages for text that never went through `t` at all.)

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The string literals of the Rust files under `dir` (plain `"…"`, with `\"`
/// and `\\` escapes; enough for this code base), before their unit tests,
/// each with whether it is the first argument of `t(` or `tf(` (the page's
/// texts), or of `fill(` or `term(` (messages written from templates, see
/// `cvalues_core::text`).
fn literals(dir: &Path) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(literals(&path));
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Not the unit tests at the end of a file.
        let text = text.split("#[cfg(test)]").next().unwrap();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'"' && (i == 0 || bytes[i - 1] != b'\'') {
                let before = text[..i].trim_end();
                let call = |name: &str| {
                    before.strip_suffix(name).is_some_and(|rest| {
                        !rest.ends_with(|c: char| c.is_alphanumeric() || c == '_')
                    })
                };
                // The page's texts, and the core's messages and terms.
                let translated = ["t(", "tf(", "fill(", "term("].into_iter().any(call);
                let mut s = String::new();
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    if bytes[j] == b'\\' && j + 1 < bytes.len() {
                        j += 1;
                        s.push(match bytes[j] {
                            b'n' => '\n',
                            other => other as char,
                        });
                        j += 1;
                        continue;
                    }
                    let c = text[j..].chars().next().unwrap();
                    s.push(c);
                    j += c.len_utf8();
                }
                out.push((s, translated));
                i = j + 1;
            } else {
                i += 1;
            }
        }
    }
    out
}

fn placeholders(s: &str) -> BTreeSet<String> {
    (0..10)
        .map(|i| format!("{{{i}}}"))
        .filter(|p| s.contains(p.as_str()))
        .collect()
}

#[test]
fn the_catalogue_translates_every_text_and_nothing_else() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalogue: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("public/i18n/zh.json")).unwrap())
            .unwrap();
    let catalogue = catalogue.as_object().unwrap();
    let app = literals(&root.join("src"));
    // The core's messages, and the parser's (the core re-exports it).
    let mut core = literals(&root.join("crates/cvalues-core/src"));
    core.extend(literals(&root.join("crates/cvalues-answer/src")));

    let missing: Vec<&String> = app
        .iter()
        .chain(&core)
        .filter(|(s, translated)| *translated && !catalogue.contains_key(s))
        .map(|(s, _)| s)
        .collect();
    assert!(missing.is_empty(), "no translation for {missing:#?}");

    let known: BTreeSet<&String> = app.iter().chain(&core).map(|(s, _)| s).collect();
    let stale: Vec<&String> = catalogue.keys().filter(|k| !known.contains(k)).collect();
    assert!(
        stale.is_empty(),
        "translations of text the code no longer has: {stale:#?}"
    );

    for (en, zh) in catalogue {
        let zh = zh.as_str().unwrap();
        assert!(!zh.trim().is_empty(), "{en:?} has an empty translation");
        assert_eq!(placeholders(en), placeholders(zh), "{en:?} -> {zh:?}");
    }
}

/// `prefs.js` starts fetching the catalogue before the app runs, and the app
/// reads it from `i18n::ZH_CATALOGUE`: both name the one file the site
/// ships (a plain script cannot share the app's constant).
#[test]
fn the_preload_and_the_app_name_the_same_catalogue() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let i18n = std::fs::read_to_string(repo.join("src/i18n.rs")).unwrap();
    let declared = i18n
        .split("pub const ZH_CATALOGUE: &str = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("src/i18n.rs declares ZH_CATALOGUE");
    let prefs = std::fs::read_to_string(repo.join("public/prefs.js")).unwrap();
    assert!(
        prefs.contains(&format!("\"{declared}\"")),
        "public/prefs.js does not preload {declared}, the app's catalogue"
    );
    assert!(
        repo.join("public").join(declared).is_file(),
        "the site has no public/{declared}"
    );
}
