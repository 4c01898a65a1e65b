//! Accessibility: axe-core (pinned by scripts/setup.sh) run in headless
//! Chromium on every page of the built site.

use super::{open_methodology, show_charts, wait_for_table};
use crate::support::server::{Serve, Server};
use crate::support::site::built_site;
use crate::support::webdriver::Browser;
use serde_json::{json, Value};

/// axe-core's script, from the tools folder scripts/setup.sh installs.
fn axe_source() -> String {
    let dir = std::env::var("CVALUES_TOOLS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::PathBuf::from(std::env::var("HOME").unwrap())
                .join(".cache/cvalues-leaderboard-tools")
        });
    let path = dir.join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `make test`, which installs axe-core",
            path.display()
        )
    })
}

/// The violations of serious or critical impact axe-core finds on the page
/// as it is: rule id, impact, and the elements (as selectors).
fn violations(browser: &Browser, axe: &str) -> Vec<Value> {
    browser.execute(&format!("{axe}\n; window.__axe = null; axe.run(document).then(r => {{ window.__axe = r.violations; }}); return true;"), json!([]));
    let found = browser.wait_for("axe-core's report", "return window.__axe;");
    found
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| {
            json!({
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": v["nodes"].as_array().unwrap().iter().map(|n| n["target"].clone()).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// A model page, once its item explorer shows items.
fn open_model_page(browser: &Browser, server: &Server) {
    browser.goto(&format!(
        "{}?view=model&model=dune-7b-instruct",
        server.url()
    ));
    browser.wait_for(
        "the model page's explorer",
        "return document.querySelector('article[data-item]') !== null;",
    );
}

#[test]
fn axe_finds_nothing_serious_on_any_page() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    let axe = axe_source();
    let mut report = Vec::new();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    show_charts(&browser, 5);
    report.push(("leaderboard", violations(&browser, &axe)));
    browser.goto(&format!("{}?view=compare", server.url()));
    browser.wait_for(
        "the comparison page",
        "return document.querySelector('[data-testid=compare-page] figure svg') !== null;",
    );
    report.push(("comparison", violations(&browser, &axe)));
    open_model_page(&browser, &server);
    report.push(("model page", violations(&browser, &axe)));
    open_methodology(&browser, &format!("{}?view=methodology", server.url()));
    report.push(("methodology", violations(&browser, &axe)));
    browser.goto(&format!("{}?lang=zh", server.url()));
    wait_for_table(&browser, 12);
    report.push(("leaderboard in Chinese", violations(&browser, &axe)));
    let bad: Vec<_> = report.iter().filter(|(_, v)| !v.is_empty()).collect();
    assert!(
        bad.is_empty(),
        "{}",
        serde_json::to_string_pretty(&json!(bad)).unwrap()
    );

    // axe-core does see a serious problem where there is one: a button
    // without a name.
    browser.execute(
        "const b = document.createElement('button'); b.id = 'unnamed'; document.querySelector('main').append(b);",
        json!([]),
    );
    let found = violations(&browser, &axe);
    assert!(
        found.iter().any(|v| v["rule"] == "button-name"),
        "{found:?}"
    );
}

/// The page's background colour, as computed.
fn background(browser: &Browser) -> Value {
    browser.execute(
        "return getComputedStyle(document.documentElement).backgroundColor;",
        json!([]),
    )
}

const LIGHT: &str = "rgb(255, 255, 255)";
const DARK: &str = "rgb(13, 17, 23)";

/// The theme follows the system's setting; the switch overrides it, and the
/// choice is kept across visits. axe-core finds nothing serious in the dark
/// theme either (its colour contrasts included).
#[test]
fn the_theme_follows_the_system_and_a_choice_is_kept() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    let axe = axe_source();
    let system = |scheme: &str| {
        browser.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    };
    system("dark");
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    assert_eq!(background(&browser), DARK, "the system's dark theme");
    assert_eq!(
        violations(&browser, &axe),
        Vec::<Value>::new(),
        "leaderboard, dark"
    );
    open_model_page(&browser, &server);
    assert_eq!(
        violations(&browser, &axe),
        Vec::<Value>::new(),
        "model page, dark"
    );

    // system -> light -> dark -> system
    let choice = |browser: &Browser| {
        browser.execute(
            "return document.querySelector('[data-testid=theme-switch]').dataset.themeChoice;",
            json!([]),
        )
    };
    assert_eq!(choice(&browser), "auto");
    browser.click("[data-testid=theme-switch]");
    assert_eq!(
        (choice(&browser), background(&browser)),
        (json!("light"), json!(LIGHT))
    );
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    assert_eq!(
        (choice(&browser), background(&browser)),
        (json!("light"), json!(LIGHT)),
        "the choice is kept over the system's dark"
    );
    browser.click("[data-testid=theme-switch]");
    system("light");
    assert_eq!(
        (choice(&browser), background(&browser)),
        (json!("dark"), json!(DARK))
    );
    browser.click("[data-testid=theme-switch]");
    assert_eq!(
        (choice(&browser), background(&browser)),
        (json!("auto"), json!(LIGHT)),
        "back to the system's, now light"
    );
}

/// The Tab key, as WebDriver types it.
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SPACE: &str = "\u{E00D}";

/// The focused element: its tag, test id or class, its `data-` attributes
/// (`data`), and whether its focus ring is visible (a solid outline at
/// least 2 px wide).
fn focused(browser: &Browser) -> Value {
    browser.execute(
        "const e = document.activeElement; const s = getComputedStyle(e);
         const column = e.closest('[data-sort-key]');
         return { tag: e.tagName.toLowerCase(), id: e.dataset.testid || (column && column.dataset.sortKey) || e.getAttribute('href') || e.className,
                  data: Object.assign({}, e.dataset),
                  ring: s.outlineStyle === 'solid' && parseFloat(s.outlineWidth) >= 2 };",
        json!([]),
    )
}

/// With the keyboard alone: Tab reaches the theme switch, the pages, the
/// filters, every sortable column and the file picker, each with a visible
/// focus ring; Enter sorts a column and opens the filters.
#[test]
fn the_keyboard_reaches_every_control_with_a_visible_focus_ring() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    browser.execute("document.activeElement.blur();", json!([]));
    browser.send_keys("body", TAB);
    let wanted = [
        "theme-switch",
        "?view=compare",
        "name",
        "human.safety.score",
        "auto.level2.acc_star",
        "file-input",
    ];
    let reached = |seen: &[String], want: &str| seen.iter().any(|s| s == want);
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..200 {
        let f = focused(&browser);
        assert_eq!(f["ring"], true, "no visible focus ring on {f}");
        seen.push(f["id"].as_str().unwrap_or_default().to_string());
        if wanted.iter().all(|w| reached(&seen, w)) {
            break;
        }
        browser.send_keys(":focus", TAB);
    }
    for want in wanted {
        assert!(reached(&seen, want), "Tab never reached {want}: {seen:?}");
    }
    // Enter on a column header sorts by it; on the filters' summary, opens them.
    let sort = "th[data-sort-key='auto.level1.acc'] button";
    browser.send_keys(sort, ENTER);
    let sorted = browser.execute(
        "return document.querySelector(\"th[data-sort-key='auto.level1.acc']\").getAttribute('aria-sort');",
        json!([]),
    );
    assert_eq!(sorted, "descending");
    browser.send_keys("details.filters summary", ENTER);
    let open = browser.execute(
        "return document.querySelector('details.filters').open;",
        json!([]),
    );
    assert_eq!(open, true);
    // Its checkboxes come next in the Tab order; Space unticks one, and the
    // panel says the view is filtered.
    browser.wait_for(
        "the filters' checkboxes",
        "return document.querySelector('input[data-filter=scenarios]') !== null;",
    );
    browser.send_keys("details.filters summary", TAB);
    let first = focused(&browser);
    let checked = browser.execute("return document.activeElement.checked;", json!([]));
    assert_eq!(
        (&first["data"]["filter"], &first["ring"], checked),
        (&json!("scenarios"), &json!(true), json!(true))
    );
    browser.send_keys(":focus", SPACE);
    browser.wait_for(
        "the filtered badge",
        "return !document.activeElement.checked && document.querySelector('[data-testid=filter-active]') !== null;",
    );
}

/// With the keyboard alone on a model page: Tab goes through the item
/// explorer's controls to the adjudication buttons of a Need_Check
/// response, each with a visible focus ring; Enter records a decision,
/// which the model's score follows at once, and the focus goes on to the
/// next item.
#[test]
fn the_explorer_and_adjudication_work_from_the_keyboard() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&format!(
        "{}?view=model&model=dune-7b-instruct&elevel=1&outcome=need_check",
        server.url()
    ));
    browser.wait_for(
        "a Need_Check item",
        "return document.querySelector('article.item button[data-adjudicate]') !== null;",
    );
    let score =
        "return document.querySelector(\"td[data-metric='auto.level1.acc_star']\").dataset.value;";
    let before = browser.execute(score, json!([]));
    browser.execute("document.activeElement.blur();", json!([]));
    browser.send_keys("body", TAB);
    let mut controls = Vec::new();
    let mut decision = Value::Null;
    for _ in 0..300 {
        let f = focused(&browser);
        assert_eq!(f["ring"], true, "no visible focus ring on {f}");
        if let Some(c) = f["data"]["control"].as_str() {
            controls.push(c.to_string());
        }
        if f["data"]["adjudicate"].is_string() {
            decision = f["data"]["adjudicate"].clone();
            break;
        }
        browser.send_keys(":focus", TAB);
    }
    for want in ["set", "ecat", "outcome", "q"] {
        assert!(
            controls.iter().any(|c| c == want),
            "Tab never reached {want}: {controls:?}"
        );
    }
    assert!(
        decision.is_string(),
        "Tab never reached an adjudication button"
    );
    assert_eq!(decision, "回复1", "the first button of a response");
    let item = browser.execute(
        "return document.activeElement.closest('article').dataset.item;",
        json!([]),
    );
    browser.send_keys(":focus", ENTER);
    // Decided, the item leaves the list of Need_Check items, and the focus
    // goes on to the next item's first button.
    browser.wait_for(
        "the focus, on the next item",
        &format!(
            "const e = document.activeElement; const a = e.closest('article');
             return e.dataset.adjudicate === '回复1' && a !== null && a.dataset.item !== {item}
                 && document.querySelector('article[data-item=' + JSON.stringify({item}) + ']') === null;"
        ),
    );
    let after = browser.wait_for(
        "the score, updated",
        &format!("const v = (() => {{ {score} }})(); return v !== {before} && v;"),
    );
    assert_ne!(after, before);
}
