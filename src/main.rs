//! The CValues leaderboard, a Leptos app rendered in the browser.
//!
//! It fetches the published result files, recomputes every score with
//! `cvalues-core` (the same code as the `cvalues` CLI), and renders them.

mod app;
mod breakdown;
mod charts;
mod compare_page;
mod explorer;
mod export;
mod fetch;
mod figure;
mod filters;
mod i18n;
mod leaderboard;
mod methodology_page;
mod model_page;
mod number;
mod own_file;
mod split;
mod state;
mod storage;
mod throughput;

fn main() {
    // In a debug build (`make serve`), a panic's message goes to the console.
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    fetch::mark("app-started");
    let html = leptos::prelude::document()
        .document_element()
        .expect("the page has a root");
    let html_lang = html.get_attribute("lang").unwrap_or_default();
    if !html_lang.starts_with("zh") {
        return mount();
    }
    // In Chinese: the catalogue first (prefs.js has started fetching it).
    // (Leptos' executor starts with the mount: this future is not Leptos'.)
    wasm_bindgen_futures::spawn_local(async move {
        let text = fetch::fetch_text(i18n::ZH_CATALOGUE).await;
        let read = text.map_err(|e| e.to_string()).and_then(|text| {
            i18n::read_catalogue(&text).ok_or_else(|| "not an object of strings".to_string())
        });
        match read {
            Ok(entries) => i18n::start_chinese(entries),
            Err(e) => {
                let e = format!("{}: {e}; the page stays in English", i18n::ZH_CATALOGUE);
                web_sys::console::error_1(&e.into());
                let _ = html.set_attribute("lang", "en");
            }
        }
        mount();
    });
}

/// Mounts the app into the page's `<main>`. (Not inlined: it is called from
/// two places, and the app's code is large.)
#[inline(never)]
fn mount() {
    let main = leptos::prelude::document()
        .query_selector("main")
        .ok()
        .flatten()
        .expect("index.html has a <main>");
    leptos::mount::mount_to(wasm_bindgen::JsCast::unchecked_into(main), app::App).forget();
}
