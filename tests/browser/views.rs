//! Filters, shared URLs, the comparison page, safe labels, heatmap hover and
//! downloads, in headless Chromium against the CLI.

use super::{
    assert_cells_match_cli, cli_json, downloads, open_methodology, page_cells, shipped_copy,
    shipped_results, show_charts, wait_for_table,
};
use crate::support::server::{Serve, Server};
use crate::support::site::{built_site, repo};
use crate::support::webdriver::Browser;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const FILTER_ARGS: [&str; 6] = [
    "--domains",
    "law,psychology",
    "--difficulty",
    "hard",
    "--types",
    "API,RLHF",
];

/// Every row's rank attributes equal the CLI's ranks on `metric`.
fn assert_ranks_match_cli(browser: &Browser, cli: &Value, metric: &str) {
    let page = browser.execute(
        "return Array.from(document.querySelectorAll('[data-testid=leaderboard] tbody tr')).map(tr =>
            [tr.dataset.row, tr.dataset.rankBest, tr.dataset.rankWorst, tr.dataset.tieGroup]);",
        json!([]),
    );
    let page = page.as_array().unwrap();
    assert_eq!(page.len(), cli["models"].as_array().unwrap().len());
    for row in page {
        let model = cli["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == row[0])
            .unwrap();
        let rank = &model["ranks"][metric];
        for (i, key) in [(1, "best"), (2, "worst"), (3, "group")] {
            assert_eq!(
                row[i].as_str().unwrap(),
                rank[key].to_string(),
                "{} {metric} {key}",
                row[0]
            );
        }
    }
}

/// Applies FILTER_ARGS by clicking the filter panel, as a reader would.
fn apply_filter_by_clicking(browser: &Browser) {
    browser.click("details.filters summary");
    browser.click("fieldset[data-group=domains] button.link:last-of-type"); // none
    browser.click("input[data-filter=domains][value=law]");
    browser.click("input[data-filter=domains][value=psychology]");
    browser.click("input[data-filter=difficulty][value=easy]");
    browser.click("input[data-filter=types][value=base]");
    browser.click("input[data-filter=types][value=SFT]");
}

#[test]
fn filters_recompute_every_cell_and_rank_as_the_cli_does_and_the_url_restores_the_view() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    apply_filter_by_clicking(&browser);
    wait_for_table(&browser, 5); // the API and RLHF models
    let cli = cli_json("score", &shipped_results(), &FILTER_ARGS);
    let cells = page_cells(&browser);
    assert_cells_match_cli(&cells, &cli);
    assert_ranks_match_cli(&browser, &cli, "human.safety.score");

    // Sort by a filtered metric, select a model, show intervals.
    browser.click("thead th[data-sort-key='human.responsibility.mean'] button");
    browser.click("input[data-select=juniper-20b-rlhf]");
    browser.click("input[data-testid=show-intervals]");
    assert_ranks_match_cli(&browser, &cli, "human.responsibility.mean");
    let url = browser
        .execute("return location.href;", json!([]))
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        url.contains("domains=law,psychology")
            && url.contains("models=juniper-20b-rlhf")
            && url.contains("ci=1"),
        "{url}"
    );

    // A fresh browser opening the shared link sees the same view.
    drop(browser);
    let browser = Browser::start();
    browser.goto(&url);
    wait_for_table(&browser, 5);
    assert_eq!(page_cells(&browser), cells, "same cells after reload");
    // The link is filtered: the panel opens with its checkboxes.
    browser.wait_for(
        "the filter panel, open",
        "return document.querySelector('details.filters').open && document.querySelector('input[data-filter=difficulty]') !== null;",
    );
    let view = browser.execute(
        "return {
            sort: document.querySelector(\"thead th[data-sort-key='human.responsibility.mean']\").getAttribute('aria-sort'),
            selected: Array.from(document.querySelectorAll('input[data-select]:checked')).map(i => i.dataset.select),
            domains: Array.from(document.querySelectorAll('input[data-filter=domains]:checked')).map(i => i.value),
            easy: document.querySelector('input[data-filter=difficulty][value=easy]').checked,
            intervals: document.querySelectorAll('td .ci').length,
            first: document.querySelector('[data-testid=leaderboard] tbody tr').dataset.row,
        };",
        json!([]),
    );
    assert_eq!(view["sort"], "descending");
    assert_eq!(view["selected"], json!(["juniper-20b-rlhf"]));
    assert_eq!(
        view["domains"],
        json!(["psychology", "law"]),
        "in manifest order"
    );
    assert_eq!(view["easy"], false);
    assert_eq!(view["intervals"], 5 * 6, "every cell shows its interval");
    assert_ranks_match_cli(&browser, &cli, "human.responsibility.mean");
    let top = cli["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["ranks"]["human.responsibility.mean"]["position"] == 1)
        .unwrap();
    assert_eq!(view["first"], top["id"], "sorted by the chosen column");
}

/// ρ and τ (values and intervals) on the page equal `cvalues compare`.
fn assert_statistics_match(browser: &Browser, comparison: &Value) {
    let page = browser.wait_for(
        "the statistics",
        "const dl = document.querySelector('dl.statistics');
         return dl && { human: dl.dataset.human, auto: dl.dataset.auto,
           stats: Object.fromEntries(Array.from(dl.querySelectorAll('dd[data-stat]')).map(d =>
             [d.dataset.stat, [d.dataset.value, d.dataset.ciLow, d.dataset.ciHigh]])) };",
    );
    assert_eq!(page["human"], comparison["human_metric"]);
    assert_eq!(page["auto"], comparison["auto_metric"]);
    for stat in ["spearman", "kendall"] {
        let got: Vec<f64> = page["stats"][stat]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().parse().unwrap())
            .collect();
        let c = &comparison[stat];
        let want = [
            c["value"].as_f64().unwrap(),
            c["ci"][0].as_f64().unwrap(),
            c["ci"][1].as_f64().unwrap(),
        ];
        assert_eq!(got, want, "{stat} of {}", comparison["auto_metric"]);
    }
}

#[test]
fn the_comparison_page_shows_the_clis_correlations() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    // The page's own wasm module is fetched when it first opens.
    let module_fetched = || {
        server
            .requests()
            .iter()
            .filter(|r| r.contains("/split_compare_page"))
            .count()
    };
    assert_eq!(
        module_fetched(),
        0,
        "the comparison page's module, before it opens"
    );
    browser.click("nav.pages a:nth-child(2)");
    let all = cli_json("compare", &shipped_results(), &[]);
    let find = |c: &Value, auto: &str| {
        c["comparisons"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["auto_metric"] == auto)
            .unwrap()
            .clone()
    };
    assert_statistics_match(&browser, &find(&all, "auto.level2.acc"));
    assert_eq!(
        module_fetched(),
        1,
        "the comparison page's module, once opened"
    );
    let juniper = browser.execute(
        "return document.querySelector('li[data-called-out=juniper-20b-rlhf]')?.textContent;",
        json!([]),
    );
    assert!(
        juniper
            .as_str()
            .unwrap()
            .contains("recognises the better reply"),
        "{juniper}"
    );

    browser.click("select[data-control=metric] option[value=acc_star]");
    assert_statistics_match(&browser, &find(&all, "auto.level2.acc_star"));
    browser.click("select[data-control=level] option[value='1']");
    assert_statistics_match(&browser, &find(&all, "auto.level1.acc_star"));

    // One category, under a filter, straight from a shared link.
    let url = format!(
        "{}?view=compare&level=2&metric=acc_star&category=law&types=API,RLHF,SFT",
        server.url()
    );
    browser.goto(&url);
    let law = cli_json(
        "compare",
        &shipped_results(),
        &["--category", "law", "--types", "API,RLHF,SFT"],
    );
    assert_statistics_match(&browser, &find(&law, "auto.level2.categories.law.acc_star"));
    assert!(browser
        .execute("return location.search;", json!([]))
        .as_str()
        .unwrap()
        .contains("category=law"));
}

#[test]
fn hostile_names_categories_and_responses_render_as_text_everywhere() {
    let dir = shipped_copy("hostile-results");
    // Each payload, if it ran, would set a flag, open a dialog and log a marker.
    let name = "<img src=x onerror=\"window.__pwned=1;alert(1);console.log('PWNED-MARKER')\"> & <script>window.__pwned=2;alert(2)</script>";
    let category =
        "<svg onload=\"window.__pwned=3;alert(3);console.log('PWNED-MARKER')\"></svg> Topics";
    let response = "<img src=x onerror=\"window.__pwned=4;alert(4);console.log('PWNED-MARKER')\"><a href=\"javascript:window.__pwned=5;alert(5)\">回复1更好</a>";
    let json_text = |s: &str| serde_json::to_string(s).unwrap();
    let index = dir.join("index.json");
    let text = std::fs::read_to_string(&index)
        .unwrap()
        .replace("\"Aurora-70B-Chat (demo)\"", &json_text(name))
        .replace("\"Dangerous Topics\"", &json_text(category));
    std::fs::write(&index, text).unwrap();
    let responses = dir.join("models/dune-7b-instruct/multichoice.jsonl");
    let mut lines: Vec<String> = std::fs::read_to_string(&responses)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines[1] = json!({ "response": response }).to_string(); // item mc1-0001
    std::fs::write(&responses, lines.join("\n") + "\n").unwrap();
    let server = Server::start(
        built_site(),
        Serve {
            results: Some(dir),
            ..Serve::default()
        },
    );
    let browser = Browser::start();
    // Every page records the dialogs it opens and what it logs.
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "
            window.__dialogs = []; window.__logged = [];
            for (const k of ['alert', 'confirm', 'prompt']) window[k] = (...a) => { window.__dialogs.push(k + ' ' + a.join(' ')); };
            for (const k of ['log', 'info', 'warn', 'error', 'debug']) {
                const f = console[k].bind(console);
                console[k] = (...a) => { window.__logged.push(a.map(String).join(' ')); f(...a); };
            }" }),
    );
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    let check_script = "return { markup: document.querySelectorAll('main img, main script, main svg svg, main a[href^=javascript]').length,
                      pwned: window.__pwned === undefined ? null : window.__pwned,
                      dialogs: window.__dialogs,
                      marked: window.__logged.filter(m => m.includes('PWNED-MARKER')) };";
    let nothing_ran = |browser: &Browser, page: &str| {
        let check = browser.execute(check_script, json!([]));
        assert_eq!(
            check["markup"], 0,
            "{page}: markup from the data was rendered"
        );
        assert_eq!(check["pwned"], Value::Null, "{page}: the data ran script");
        assert_eq!(
            check["dialogs"],
            json!([]),
            "{page}: the data opened a dialog"
        );
        assert_eq!(
            check["marked"],
            json!([]),
            "{page}: the data logged its marker"
        );
    };
    // The leaderboard's interval chart and four heatmaps; the comparison
    // page's scatter plot. Each arrives with its part's module.
    for (page, charts) in [("", 5), ("?view=compare", 1)] {
        browser.goto(&format!("{}{page}", server.url()));
        show_charts(&browser, charts);
        nothing_ran(&browser, page);
        let in_charts = |text: &str| {
            browser.execute(
                "return Array.from(document.querySelectorAll('figure.chart svg text')).some(t => t.textContent.includes(arguments[0]));",
                json!([text]),
            )
        };
        assert_eq!(
            in_charts(name),
            true,
            "{page}: the name must appear as text in a chart"
        );
        if page.is_empty() {
            assert_eq!(
                in_charts(category),
                true,
                "a category must appear as text in a heatmap"
            );
        }
    }
    // The filter panel names the category; the explorer shows the response.
    browser.click("details.filters summary");
    let filters = browser.wait_for(
        "the filter panel's checkboxes",
        "const d = document.querySelector('details.filters'); return d.querySelector('fieldset') && d.textContent;",
    );
    assert!(
        filters.as_str().unwrap().contains(category),
        "the category as text"
    );
    browser.goto(&format!(
        "{}?view=model&model=dune-7b-instruct&q=mc1-0001",
        server.url()
    ));
    let shown = browser.wait_for(
        "the response's card",
        "const r = document.querySelector(\"article[data-item='mc1-0001'] p.response\");
         return r && r.textContent;",
    );
    assert_eq!(shown, response, "the response, verbatim");
    nothing_ran(&browser, "the explorer");
    // The checks see a dialog and a marker when script does run.
    browser.execute(
        "alert('probe'); console.log('PWNED-MARKER probe');",
        json!([]),
    );
    let check = browser.execute(check_script, json!([]));
    assert_eq!(check["dialogs"], json!(["alert probe"]));
    assert_eq!(check["marked"], json!(["PWNED-MARKER probe"]));
}

#[test]
fn heatmap_hover_shows_counts_and_intervals_and_downloads_hold_the_data() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    // The heatmaps are a module of their own, fetched after the table.
    show_charts(&browser, 5);
    // Point at the first cell of the human safety heatmap (layout: left 230, top 210, cells 62 x 28).
    let tip = browser.execute(
        "const wrap = document.querySelector('[data-heatmap=heatmap-level1-human]');
         const r = wrap.querySelector('.svg svg').getBoundingClientRect();
         wrap.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: r.left + 230 + 31, clientY: r.top + 210 + 14 }));
         return null;",
        json!([]),
    );
    assert!(tip.is_null());
    let text = browser.wait_for(
        "the heatmap tooltip",
        "const t = document.querySelector('[data-heatmap=heatmap-level1-human] .tooltip').textContent;
         return t.includes('n = ') && t;",
    );
    let cli = cli_json("score", &shipped_results(), &[]);
    let first = &cli["models"][0]["scores"]["human"]["safety"]["categories"]["dangerous_topics"];
    let text = text.as_str().unwrap();
    assert!(
        text.starts_with("Aurora-70B-Chat (demo) · Dangerous Topics"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{:.1}, n = {}, 95% interval",
            first["score"].as_f64().unwrap(),
            first["n"]
        )),
        "{text}"
    );

    let files = downloads(
        &browser,
        "figure[data-chart=heatmap-level1-human] a[download]",
    );
    let svg = &files[0];
    assert_eq!(svg.0, "heatmap-level1-human.svg");
    assert!(svg.1.starts_with("<svg"), "{}", &svg.1[..40]);
    let csv = files[1].1.as_str();
    assert_eq!(files[1].0, "heatmap-level1-human.csv");
    assert!(csv.starts_with("model_id,model,category,value,n,ci_low,ci_high\r\n"));
    assert_eq!(
        csv.lines().count(),
        1 + 12 * 10,
        "a row per model and scenario"
    );
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with(&format!(
            "aurora-70b-chat,Aurora-70B-Chat (demo),Dangerous Topics,{},",
            first["score"]
        )),
        "{row}"
    );
    let table: Value =
        serde_json::from_str(&downloads(&browser, "a[download='cvalues-leaderboard.json']")[0].1)
            .unwrap();
    assert_eq!(table["rows"].as_array().unwrap().len(), 12);
}

#[test]
fn a_part_whose_module_cannot_be_fetched_says_so_and_the_rest_still_works() {
    let server = Server::start(
        built_site(),
        Serve {
            missing: vec!["/split_compare_page".into()],
            ..Serve::default()
        },
    );
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    browser.click("nav.pages a:nth-child(2)");
    let note = browser.wait_for(
        "the note that the page could not be loaded",
        "const a = document.querySelector('main [role=alert]'); return a && a.textContent;",
    );
    assert!(
        note.as_str().unwrap().contains("could not be loaded"),
        "{note}"
    );
    // Back on the leaderboard, the table and the parts below it still work.
    browser.click("nav.pages a:nth-child(1)");
    wait_for_table(&browser, 12);
    show_charts(&browser, 5);
}

/// The release page carries a Content-Security-Policy (written at build time
/// with the hash of Trunk's inline loader): every view, with its charts and
/// its wasm modules, runs with no violation, and a script put into the page
/// does not run.
#[test]
fn every_view_runs_under_the_csp_and_an_injected_script_is_blocked() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__violations = [];
            document.addEventListener('securitypolicyviolation',
                e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));" }),
    );
    let violations = |browser: &Browser| browser.execute("return window.__violations;", json!([]));
    let views = [
        (
            "",
            "const chart = document.querySelector('figure.chart');
             if (chart) chart.scrollIntoView();
             return document.querySelectorAll('div.svg svg').length > 0;",
        ),
        (
            "?view=compare",
            "return !!document.querySelector('[data-testid=rank-changes]');",
        ),
        (
            "?view=model&model=ember-33b",
            "return !!document.querySelector('[data-testid=model-page] table');",
        ),
    ];
    for (query, shown) in views {
        browser.goto(&format!("{}{query}", server.url()));
        browser.wait_for(&format!("the view {query:?}"), shown);
        std::thread::sleep(std::time::Duration::from_millis(500)); // late modules and charts
        assert_eq!(violations(&browser), json!([]), "view {query:?}");
    }
    let csp = browser.execute(
        "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content;",
        json!([]),
    );
    assert!(
        csp.as_str().unwrap().contains("script-src 'self' 'sha256-"),
        "{csp}"
    );

    browser.execute(
        "const s = document.createElement('script');
         s.textContent = 'window.__injected = true;';
         document.body.appendChild(s);",
        json!([]),
    );
    browser.wait_for(
        "the injected script's violation",
        "return window.__violations.some(v => v.startsWith('script-src'));",
    );
    assert_eq!(
        browser.execute("return window.__injected === undefined;", json!([])),
        json!(true)
    );
}

/// Deep links work as GitHub Pages serves the site: every view is in the
/// query, so a link opens cold on `index.html` (parts of it the page does not
/// know are named in a notice); an address under the site that does not
/// exist gets the site's 404 page (the server answers as Pages does), which
/// opens the leaderboard with the same query and fragment.
#[test]
fn deep_links_open_cold_and_an_unknown_path_opens_the_same_view() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(shipped_results().join("index.json")).unwrap(),
    )
    .unwrap();
    let model = &manifest["models"][1];
    let (id, name) = (
        model["id"].as_str().unwrap(),
        model["name"].as_str().unwrap(),
    );
    let model_page_shows = format!(
        "const p = document.querySelector('[data-testid=model-page]');
         return p !== null && p.querySelector('h2').textContent.includes({name:?});"
    );

    browser.goto(&format!("{}?view=compare", server.url()));
    browser.wait_for(
        "the comparison page, opened cold",
        "return document.querySelector('[data-testid=compare-page]') !== null;",
    );
    let no_notice = browser.execute(
        "return document.querySelector('[data-testid=link-notice]') === null;",
        json!([]),
    );
    assert_eq!(no_notice, true, "the page's own link is understood whole");
    // A link with parts the page does not know opens what it can, and says
    // which parts it ignored (as text).
    browser.goto(&format!(
        "{}?view=compare&sort=%3Cimg%20src%3Dx%3E&bogus=1&ci=1",
        server.url()
    ));
    let notice = browser.wait_for(
        "the notice of the link's ignored parts",
        "const n = document.querySelector('[data-testid=link-notice]');
         return n && document.querySelector('[data-testid=compare-page]') !== null
             && Array.from(n.querySelectorAll('code')).map(c => c.textContent);",
    );
    assert_eq!(notice, json!(["sort=<img src=x>", "bogus=1"]));
    browser.goto(&format!("{}?view=model&model={id}", server.url()));
    browser.wait_for("the model page, opened cold", &model_page_shows);

    let unknown = format!("models/{id}/scores");
    browser.goto(&format!(
        "{}{unknown}?view=model&model={id}#ranks",
        server.url()
    ));
    browser.wait_for("the model page, from an unknown path", &model_page_shows);
    let at = browser.execute(
        "return [location.pathname, location.search, location.hash];",
        json!([]),
    );
    assert_eq!(
        at,
        json!([
            crate::support::server::SUBPATH,
            format!("?view=model&model={id}"),
            "#ranks"
        ])
    );
    let asked = server.requests();
    assert!(
        asked.iter().any(|r| r.contains(&unknown)),
        "the unknown path was requested (and answered with 404.html): {asked:?}"
    );
}

/// At a phone's width (375 px) the page does not scroll sideways: the table
/// does, in its own box, with the model column pinned, and the charts stay
/// within the screen.
#[test]
fn at_375_px_only_the_table_scrolls_sideways_and_the_model_column_stays() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": true }),
    );
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    show_charts(&browser, 5);
    let layout = browser.execute(
        "const wrap = document.querySelector('.table-wrap');
         const before = wrap.querySelector('tbody th.model').getBoundingClientRect().left;
         wrap.scrollLeft = 300;
         const cell = wrap.querySelector('tbody th.model').getBoundingClientRect();
         return {
           width: window.innerWidth,
           page: document.documentElement.scrollWidth,
           table_scrolls: wrap.scrollWidth > wrap.clientWidth,
           scrolled: wrap.scrollLeft,
           model_left: Math.round(cell.left),
           box_left: Math.round(wrap.getBoundingClientRect().left),
           model_moved_from: Math.round(before),
           widest_chart: Math.max(...Array.from(document.querySelectorAll('figure.chart')).map(f => Math.round(f.getBoundingClientRect().right))),
         };",
        json!([]),
    );
    assert_eq!(layout["width"], 375, "{layout}");
    assert!(
        layout["page"].as_i64() <= layout["width"].as_i64(),
        "the page scrolls sideways: {layout}"
    );
    assert_eq!(layout["table_scrolls"], true, "{layout}");
    assert!(layout["scrolled"].as_f64().unwrap() > 0.0, "{layout}");
    assert_eq!(
        layout["model_left"], layout["box_left"],
        "the model column is pinned: {layout}"
    );
    assert!(
        layout["widest_chart"].as_i64() <= layout["width"].as_i64(),
        "a chart overflows: {layout}"
    );
}

/// A chart is drawn when it comes near the screen, not with the page: the
/// heatmaps far below the table are empty frames until the reader scrolls
/// to them (their captions, downloads and table views are there at once).
#[test]
fn a_chart_below_the_screen_is_drawn_when_scrolled_to() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    browser.wait_for(
        "the four heatmaps' figures",
        "return document.querySelectorAll('figure.chart[data-chart^=heatmap]').length === 4;",
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    let last = "document.querySelector('figure.chart[data-chart=heatmap-level2-auto]')";
    let before = browser.execute(
        &format!(
            "const f = {last};
             return {{ drawn: f.querySelector('.svg svg') !== null,
                       below: f.getBoundingClientRect().top - window.innerHeight,
                       caption: f.querySelector('figcaption').textContent,
                       downloads: f.querySelectorAll('a[download]').length }};"
        ),
        json!([]),
    );
    assert!(
        before["below"].as_f64().unwrap() > 400.0,
        "the last heatmap starts well below the screen: {before}"
    );
    assert_eq!(before["drawn"], json!(false), "{before}");
    assert_ne!(before["caption"], json!(""), "{before}");
    assert_eq!(before["downloads"], json!(2), "{before}");
    browser.execute(&format!("{last}.scrollIntoView();"), json!([]));
    browser.wait_for(
        "the last heatmap, drawn once scrolled to",
        &format!("return {last}.querySelector('.svg svg rect') !== null;"),
    );
}

/// What of the page reaches past the screen's right edge, outside a box
/// that scrolls sideways: for the failure message, the page's width too.
const PAST_THE_RIGHT_EDGE: &str = "
    const width = document.documentElement.clientWidth;
    const inScroller = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === 'auto' || o === 'scroll') return true;
        }
        return false;
    };
    const over = Array.from(document.querySelectorAll('body *'))
        .filter(el => el.getBoundingClientRect().right > width + 0.5 && !inScroller(el))
        .map(el => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} (right ${Math.round(el.getBoundingClientRect().right)}): ${el.textContent.slice(0, 40)}`);
    return { width, page: document.documentElement.scrollWidth, over: over.slice(0, 8) };";

/// At 360 px, the width of many Android phones (narrower than the 375 px
/// above), no page scrolls sideways, in English (the longer words) or in
/// Chinese: wide tables scroll in boxes of their own, which take the
/// keyboard's focus, and the tabs and long values wrap.
#[test]
fn at_360_px_no_page_scrolls_sideways() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 360, "height": 800, "deviceScaleFactor": 2, "mobile": true }),
    );
    let mut wide = Vec::new();
    let mut check = |page: &str| {
        let fit = browser.execute(PAST_THE_RIGHT_EDGE, json!([]));
        if fit["page"].as_i64() > fit["width"].as_i64() || fit["over"] != json!([]) {
            wide.push(format!("{page}: {fit}"));
        }
    };
    for lang in ["en", "zh"] {
        browser.goto(&format!("{}?lang={lang}", server.url()));
        wait_for_table(&browser, 12);
        show_charts(&browser, 5);
        browser.click("details.filters summary");
        browser.click("[data-testid=show-intervals]");
        check(&format!("leaderboard ({lang})"));

        browser.goto(&format!("{}?view=compare&lang={lang}", server.url()));
        browser.wait_for(
            "the comparison page",
            "return document.querySelector('[data-testid=rank-changes]') !== null;",
        );
        check(&format!("comparison ({lang})"));

        browser.goto(&format!(
            "{}?view=model&model=dune-7b-instruct&elevel=1&outcome=need_check&lang={lang}",
            server.url()
        ));
        browser.wait_for(
            "the model page's explorer",
            "return document.querySelector('article.item button[data-adjudicate]') !== null;",
        );
        check(&format!("model page ({lang})"));

        open_methodology(
            &browser,
            &format!("{}?view=methodology&lang={lang}", server.url()),
        );
        check(&format!("methodology ({lang})"));
    }
    assert!(
        wide.is_empty(),
        "wider than the screen:\n{}",
        wide.join("\n")
    );

    // A wide table's box is reached by the keyboard, so it can be scrolled.
    let boxes = browser.execute(
        "return Array.from(document.querySelectorAll('.wide-table')).map(b => [b.tabIndex, b.scrollWidth > b.clientWidth]);",
        json!([]),
    );
    let boxes = boxes.as_array().unwrap();
    assert!(
        boxes.iter().any(|b| b[1] == json!(true)),
        "a methodology table scrolls in its box at 360 px: {boxes:?}"
    );
    assert!(boxes.iter().all(|b| b[0] == json!(0)), "{boxes:?}");
}

/// The methodology page opens from the page's navigation and cold from a
/// link; it shows the prose, the rule counts of `parser-rules.json` and, for
/// every file of the results, the size and SHA-256 that `sha256sum` gives
/// for the file as served.
#[test]
fn the_methodology_page_shows_the_rules_and_every_files_hash() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    browser.goto(&server.url());
    wait_for_table(&browser, 12);
    browser.click("nav.pages a:nth-child(3)");
    browser.wait_for(
        "the methodology page from the navigation",
        "return location.search === '?view=methodology' && document.querySelector('[data-testid=methodology-page] .prose h2#scores') !== null;",
    );

    // Cold, from a link.
    browser.goto(&format!("{}?view=methodology", server.url()));
    let rows = browser.wait_for(
        "every file's hash",
        "const rows = Array.from(document.querySelectorAll('[data-testid=provenance] tr[data-file]'));
         if (rows.length === 0 || rows.some(r => !/^[0-9a-f]{64}$/.test(r.querySelector('[data-sha256]').dataset.sha256))) return null;
         return rows.map(r => [r.dataset.file, r.querySelector('[data-bytes]').dataset.bytes, r.querySelector('[data-sha256]').dataset.sha256]);",
    );
    let results = built_site().join("results");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(results.join("index.json")).unwrap())
            .unwrap();
    let model_files: usize = manifest["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["files"].as_object().unwrap().len())
        .sum();
    let rows = rows.as_array().unwrap();
    assert_eq!(
        rows.len(),
        1 + 4 + model_files,
        "the manifest, the bank's four files and every model's"
    );
    for row in rows {
        let file = results.join(row[0].as_str().unwrap());
        let out = std::process::Command::new("sha256sum")
            .arg(&file)
            .output()
            .unwrap();
        let sum = String::from_utf8(out.stdout).unwrap();
        assert_eq!(row[2].as_str().unwrap(), &sum[..64], "{}", file.display());
        let bytes = std::fs::metadata(&file).unwrap().len().to_string();
        assert_eq!(row[1].as_str().unwrap(), bytes, "{}", file.display());
    }

    // The rule counts are those of the official rules file.
    let rules: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("../shared/cvalues/parser-rules.json")).unwrap(),
    )
    .unwrap();
    let shown = browser.execute(
        "return Object.fromEntries(Array.from(document.querySelectorAll('[data-testid=rule-counts] tr[data-family]'))
            .map(r => [r.dataset.family, Object.fromEntries(Array.from(r.querySelectorAll('[data-list]')).map(td => [td.dataset.list, Number(td.textContent)]))]));",
        json!([]),
    );
    let families = rules["families"].as_object().unwrap();
    assert_eq!(shown.as_object().unwrap().len(), families.len(), "{shown}");
    for (family, lists) in families {
        for list in ["decisive_1", "decisive_2", "candidate", "other", "refuse"] {
            assert_eq!(
                shown[family][list].as_u64().unwrap() as usize,
                lists[list].as_array().unwrap().len(),
                "{family} {list}"
            );
        }
    }
    // The data's status, as the manifest says.
    let status = browser.execute(
        "return document.querySelector('[data-testid=data-status]').textContent;",
        json!([]),
    );
    assert!(
        status.as_str().unwrap().starts_with("Demo data"),
        "{status}"
    );
}

/// Empty states say what to do: filters that leave no model offer to reset
/// them, and so do filters that leave no scenario and no domain (whose human
/// scores are then undefined, shown as "—").
#[test]
fn empty_states_say_what_to_do() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    let hint =
        "const h = document.querySelector('[data-testid=empty-hint]'); return h && h.textContent;";

    browser.goto(&format!("{}?types=", server.url()));
    let shown = browser.wait_for("the hint for no model", hint);
    assert_eq!(shown, "No model matches these filters. Reset all filters");
    let rows = browser.execute(
        "return document.querySelectorAll('[data-testid=leaderboard] tbody tr').length;",
        json!([]),
    );
    assert_eq!(rows, 0);
    browser.click("[data-testid=empty-hint] button");
    wait_for_table(&browser, 12);
    assert_eq!(
        browser.execute(hint, json!([])),
        Value::Null,
        "no hint once reset"
    );

    browser.goto(&format!("{}?scenarios=&domains=", server.url()));
    wait_for_table(&browser, 12);
    let shown = browser.wait_for("the hint for no category", hint);
    assert!(
        shown
            .as_str()
            .unwrap()
            .starts_with("No scenario and no domain is chosen"),
        "{shown}"
    );
    let human = browser.execute(
        "return Array.from(document.querySelectorAll('td[data-metric^=human]')).map(td => td.textContent.trim());",
        json!([]),
    );
    assert!(
        human.as_array().unwrap().iter().all(|t| t == "—"),
        "{human}"
    );
}

/// Every chart has its data as a table (its text alternative), one row per
/// model it draws, named as in the leaderboard.
#[test]
fn every_chart_has_a_table_view_of_its_data() {
    let server = Server::start(built_site(), Serve::default());
    let browser = Browser::start();
    // Opened (a heatmap builds its table when it is first opened).
    let tables = "document.querySelectorAll('details.table-view').forEach(d => d.open = true);
        return new Promise(r => setTimeout(r, 300)).then(() => Array.from(document.querySelectorAll('figure.chart')).map(f => {
        const t = f.querySelector('details.table-view table');
        return [f.dataset.chart, t ? Array.from(t.querySelectorAll('tbody th')).map(th => th.textContent) : null];
    }));";
    let names: BTreeSet<String> = leaderboard_models(&server, &browser);
    show_charts(&browser, 5);
    let mut charts = browser
        .execute(tables, json!([]))
        .as_array()
        .unwrap()
        .clone();
    browser.click("nav.pages a:nth-child(2)");
    browser.wait_for(
        "the comparison chart",
        "return document.querySelector('[data-testid=compare-page] figure.chart') !== null;",
    );
    charts.extend(
        browser
            .execute(tables, json!([]))
            .as_array()
            .unwrap()
            .clone(),
    );
    // The comparison draws the models with both scores.
    let compared = browser.execute(
        "return Number(document.querySelector('[data-stat=models]').textContent);",
        json!([]),
    );
    assert_eq!(
        charts.len(),
        6,
        "the interval chart, four heatmaps, the comparison: {charts:?}"
    );
    for chart in &charts {
        let rows: BTreeSet<String> = chart[1]
            .as_array()
            .unwrap_or_else(|| panic!("no table view: {chart}"))
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect();
        assert!(rows.is_subset(&names), "{}: {rows:?}", chart[0]);
        let drawn = match chart[0].as_str() {
            Some("human-vs-automatic") => compared.as_u64().unwrap() as usize,
            _ => names.len(),
        };
        assert_eq!(rows.len(), drawn, "{}", chart[0]);
    }
}

/// The names of the models in the leaderboard, once it is complete.
fn leaderboard_models(server: &Server, browser: &Browser) -> BTreeSet<String> {
    browser.goto(&server.url());
    wait_for_table(browser, 12);
    let names = browser.execute(
        "return Array.from(document.querySelectorAll('[data-testid=leaderboard] tbody a.name')).map(a => a.textContent);",
        json!([]),
    );
    names
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

/// The page's largest text is the header's tagline, plain HTML painted with
/// the first paint: nothing the app shows later (the demo notice, the
/// table's caption, the charts) is larger, so the largest contentful paint
/// does not wait for the app (Lighthouse scores it). At a phone's width
/// (Lighthouse's mobile screen) and a wide screen, in both languages.
#[test]
fn the_largest_contentful_paint_is_the_header_painted_first() {
    let server = Server::start(built_site(), Serve::default());
    for (width, height, lang) in [
        (412, 823, "en"),
        (412, 823, "zh"),
        (1440, 900, "en"),
        (1440, 900, "zh"),
    ] {
        let browser = Browser::start();
        browser.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800 }),
        );
        browser.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "window.__paints = [];
                new PerformanceObserver(list => { for (const e of list.getEntries())
                    window.__paints.push({ size: e.size, element: e.element ? e.element.tagName + '.' + e.element.className : null }); })
                    .observe({ type: 'largest-contentful-paint', buffered: true });" }),
        );
        browser.goto(&format!("{}?lang={lang}", server.url()));
        wait_for_table(&browser, 12);
        // Every chart is in the page (drawn only when scrolled to).
        browser.wait_for(
            "the charts' figures",
            "return document.querySelectorAll('figure.chart').length >= 5;",
        );
        std::thread::sleep(std::time::Duration::from_millis(500)); // the last paints
        let paints = browser.execute("return window.__paints;", json!([]));
        let last = paints.as_array().and_then(|p| p.last()).cloned();
        assert_eq!(
            last.as_ref().map(|p| p["element"].clone()),
            Some(json!("P.tagline")),
            "at {width} px in {lang}, the largest contentful paints were {paints}"
        );
    }
}

/// On a phone the table scrolls sideways inside its box, and its caption (the
/// explanation of every column) stays within the box, at the start of the
/// scroll and after it: none of it is cut off at the box's right edge.
#[test]
fn the_tables_caption_fits_a_phone_screen() {
    let server = Server::start(built_site(), Serve::default());
    for lang in ["en", "zh"] {
        let browser = Browser::start();
        browser.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": true }),
        );
        browser.goto(&format!("{}?lang={lang}", server.url()));
        wait_for_table(&browser, 12);
        let fit = browser.execute(
            "const wrap = document.querySelector('.table-wrap');
             const measure = () => {
                 const w = wrap.getBoundingClientRect();
                 const c = document.querySelector('.leaderboard caption').getBoundingClientRect();
                 return { left: c.left - w.left, right: w.right - c.right, height: c.height };
             };
             const before = measure();
             wrap.scrollLeft = wrap.scrollWidth;
             const after = measure();
             return { scrolls: wrap.scrollWidth > wrap.clientWidth, before, after };",
            json!([]),
        );
        assert_eq!(fit["scrolls"], json!(true), "in {lang}: {fit}");
        for at in ["before", "after"] {
            for side in ["left", "right"] {
                assert!(
                    fit[at][side].as_f64().unwrap() >= -1.0,
                    "in {lang}, {at} scrolling, the caption overflows the box on the {side}: {fit}"
                );
            }
        }
    }
}
