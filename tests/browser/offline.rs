//! Offline use: after one visit, the leaderboard (and any page the reader
//! opened) loads with the server gone, from the service worker's copy, with
//! the same scores and a notice saying it is that copy.

use super::*;

/// Whether the service worker controls the page and has a copy of every
/// file the page loaded under the site (and of the page itself).
const COPY_IS_COMPLETE: &str = "
    if (!navigator.serviceWorker.controller) return false;
    const base = document.baseURI;
    const urls = [base, ...performance.getEntriesByType('resource').map(e => e.name)]
        .filter(u => u.startsWith(base));
    return caches.open('cvalues-site-v1').then(async cache => {
        for (const u of urls) if (!(await cache.match(u))) return false;
        return urls.length;
    });";

const NOTICE: &str =
    "const n = document.querySelector('[data-testid=offline-notice]'); return n && n.textContent;";

#[test]
fn after_one_visit_the_leaderboard_opens_offline_and_says_so() {
    let server = Server::start(built_site(), Serve::default());
    let url = server.url();
    let browser = Browser::start();
    browser.goto(&url);
    wait_for_table(&browser, 12);
    let online = page_cells(&browser);
    // The comparison page too, so that its module is in the copy.
    browser.click("nav.pages a:nth-child(2)");
    browser.wait_for(
        "the comparison page",
        "return document.querySelector('[data-testid=compare-page]') !== null;",
    );
    let kept = browser.wait_for(
        "the service worker's copy of what the page loaded",
        COPY_IS_COMPLETE,
    );
    assert!(kept.as_u64().unwrap() > 10, "kept {kept}");
    assert_eq!(
        browser.execute(NOTICE, json!([])),
        Value::Null,
        "no notice online"
    );

    // The network is gone: every request goes unanswered.
    drop(server);
    browser.goto(&url);
    wait_for_table(&browser, 12);
    assert_eq!(
        page_cells(&browser),
        online,
        "the same scores, from the copy"
    );
    let notice = browser.wait_for("the offline notice", NOTICE);
    let notice = notice.as_str().unwrap();
    assert!(
        notice.starts_with("Offline: showing the results as saved on ")
            && notice.contains("recomputed"),
        "{notice}"
    );
    // A page opened on the first visit opens offline as well.
    browser.click("nav.pages a:nth-child(2)");
    browser.wait_for(
        "the comparison page, offline",
        "return document.querySelector('[data-testid=rank-changes]') !== null;",
    );
}
