//! The page in Chinese: a switch that is kept and lives in the URL, and no
//! English left on any page (text, labels, placeholders, chart text), other
//! than names from the data and the protocol's own terms.

use super::*;
use std::collections::BTreeSet;

/// Every visible piece of text on the page that has a Latin word of two
/// letters or more, with identifiers (dotted metric paths, file names) and
/// code taken out; and the attributes people hear or see.
const LATIN_TEXT: &str = "
    const out = [];
    const visible = el => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const skip = el => el.closest('code, pre, script, style, noscript, [translate=no]');
    const check = (text, where) => {
        const cleaned = text.replace(/[\\w-]*[.\\/][\\w.\\/*-]*[\\w*]/g, ' ');
        if (/[A-Za-z]{2,}/.test(cleaned)) out.push([where, text.trim().slice(0, 160)]);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || skip(el) || !visible(el)) continue;
        check(n.textContent, el.tagName.toLowerCase());
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
        if (skip(el)) continue;
        for (const a of ['aria-label', 'title', 'placeholder']) {
            if (el.hasAttribute(a)) check(el.getAttribute(a), a);
        }
    }
    return out;";

/// Latin words that may stay in a Chinese page: the data's names, the
/// protocol's terms, and the names of formats and statistics.
fn allowed(manifest: &Value) -> BTreeSet<String> {
    let mut words: BTreeSet<String> = [
        "CValues",
        "Acc",
        "Other",
        "Refuse",
        "Need_Check",
        "SVG",
        "CSV",
        "JSON",
        "SHA",
        "Spearman",
        "Kendall",
        "Wilson",
        "English",
        "cvalues",
        "score",
        "adjudications",
        "multichoice",
        "jsonl",
        "sha256sum",
        "JavaScript",
        "WebAssembly",
        "LLM",
        "response",
        "prompt",
        "label",
        "meta_info",
        "other",
        "refuse",
        "need_check",
        "decisive_1",
        "decisive_2",
        "candidate",
        "parser-rules",
        "json",
        "Lines",
        "Unicode",
        "Rust",
        "UTF",
        "MiB",
        "HTTP",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    for m in manifest["models"].as_array().unwrap() {
        for key in ["id", "name", "organisation", "type", "evaluator"] {
            if let Some(text) = m[key].as_str() {
                words.extend(latin_words(text));
            }
        }
    }
    for (alias, family) in [
        ("chatgpt", "chatgpt"),
        ("chatglm", "chatgpt"),
        ("moss", "moss"),
        ("ziya", "ziya"),
        ("chinese_alpaca-7b", "chinese_alpaca"),
        ("chinese_alpaca-13b", "chinese_alpaca"),
    ] {
        words.extend(latin_words(alias));
        words.extend(latin_words(family));
    }
    words
}

fn latin_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '*'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .map(|w| w.trim_end_matches('*').to_string())
        .collect()
}

/// The texts of `found` with a Latin word that is not allowed.
fn untranslated(found: &Value, allowed: &BTreeSet<String>) -> Vec<String> {
    found
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let text = f[1].as_str().unwrap();
            // Code quoted in backticks (in the data's notice, in problems)
            // and values from the data in double quotes (in problems) stay
            // as they are.
            let text: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
            let text: String = text.split('"').step_by(2).collect::<Vec<_>>().join(" ");
            let cleaned: String = text
                .split_whitespace()
                .filter(|w| !w.contains('.') && !w.contains('/'))
                .collect::<Vec<_>>()
                .join(" ");
            latin_words(&cleaned).iter().any(|w| !allowed.contains(w))
        })
        .map(|f| format!("{}: {}", f[0].as_str().unwrap(), f[1].as_str().unwrap()))
        .collect()
}

/// Asserts that the page, in Chinese, has no English left other than the
/// words allowed (the shipped results' names among them): every
/// `<details>` opened first, so that lists of problems are seen too.
pub(super) fn assert_no_english_left(browser: &Browser, what: &str) {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(shipped_results().join("index.json")).unwrap(),
    )
    .unwrap();
    wait_for_problem_lists(browser);
    browser.execute(
        "document.querySelectorAll('details').forEach(d => d.open = true);",
        json!([]),
    );
    let found = browser.execute(LATIN_TEXT, json!([]));
    let left = untranslated(&found, &allowed(&manifest));
    assert!(
        left.is_empty(),
        "{what}: English left in Chinese: {left:#?}"
    );
}

#[test]
fn every_page_in_chinese_has_no_english_left() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(shipped_results().join("index.json")).unwrap(),
    )
    .unwrap();
    let allowed = allowed(&manifest);
    let mut left = Vec::new();
    let mut walk = |page: &str| {
        let found = browser.execute(LATIN_TEXT, json!([]));
        left.extend(
            untranslated(&found, &allowed)
                .into_iter()
                .map(|t| format!("[{page}] {t}")),
        );
    };

    browser.goto(&format!("{}?lang=zh", server.url()));
    wait_for_table(&browser, 12);
    show_charts(&browser, 5);
    let head = browser.execute(
        "return [document.documentElement.lang, document.title, document.querySelector('h1').innerText];",
        json!([]),
    );
    assert_eq!(head, json!(["zh-CN", "CValues 排行榜", "CValues 排行榜"]));
    browser.click("details.filters summary");
    browser.wait_for(
        "the filters",
        "return document.querySelector('input[data-filter=scenarios]') !== null;",
    );
    browser.click("[data-testid=show-intervals]");
    walk("leaderboard");

    // A positive control: English the page did not translate is found.
    browser.execute(
        "const p = document.createElement('p'); p.id = 'control'; p.textContent = 'Untranslated words'; document.querySelector('main').append(p);",
        json!([]),
    );
    let found = browser.execute(LATIN_TEXT, json!([]));
    assert!(
        untranslated(&found, &allowed).contains(&"p: Untranslated words".to_string()),
        "the walker sees untranslated text"
    );
    browser.execute("document.getElementById('control').remove();", json!([]));

    browser.click("nav.pages a:nth-child(2)");
    browser.wait_for(
        "the comparison page",
        "return document.querySelector('[data-testid=rank-changes]') !== null;",
    );
    walk("comparison");

    browser.goto(&format!(
        "{}?view=model&model=dune-7b-instruct&elevel=1&outcome=need_check&lang=zh",
        server.url()
    ));
    browser.wait_for(
        "the explorer with a Need_Check item",
        "return document.querySelector('article.item button[data-adjudicate]') !== null;",
    );
    walk("model page");
    browser.goto(&format!(
        "{}?view=model&model=dune-7b-instruct&set=safety&lang=zh",
        server.url()
    ));
    browser.wait_for(
        "the safety labels",
        "return document.querySelector('article.item [data-verdict]') !== null;",
    );
    walk("model page, safety labels");

    open_methodology(
        &browser,
        &format!("{}?view=methodology&lang=zh", server.url()),
    );
    walk("methodology");

    assert!(
        left.is_empty(),
        "English left on Chinese pages:\n{}",
        left.join("\n")
    );
}

/// The switch: named in the language it switches to, kept in local storage,
/// and in the URL, which the page keeps as the reader moves around.
#[test]
fn the_language_switch_is_kept_and_lives_in_the_url() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    let state = "return [document.documentElement.lang, location.search, document.querySelector('[data-testid=lang-switch]').textContent, document.querySelector('nav.pages a').textContent];";
    assert_eq!(
        browser.execute(state, json!([])),
        json!(["en", "", "中文", "Leaderboard"])
    );
    browser.click("[data-testid=lang-switch]");
    wait_for_table(&browser, 12);
    assert_eq!(
        browser.execute(state, json!([])),
        json!(["zh-CN", "?lang=zh", "English", "排行榜"])
    );
    // Moving around keeps the language in the URL.
    browser.click("nav.pages a:nth-child(2)");
    browser.wait_for(
        "the comparison page, in the URL with the language",
        "return location.search === '?view=compare&lang=zh';",
    );
    // Kept: a link without `lang` opens in Chinese, and says so in its URL.
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    let kept = browser.execute(state, json!([]));
    assert_eq!(kept[0], "zh-CN");
    browser.wait_for("the URL", "return location.search === '?lang=zh';");
    // And back.
    browser.click("[data-testid=lang-switch]");
    wait_for_table(&browser, 12);
    assert_eq!(
        browser.execute(state, json!([])),
        json!(["en", "?lang=en", "中文", "Leaderboard"])
    );
}
