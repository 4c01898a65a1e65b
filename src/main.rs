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
mod wide_table;

/// Bytes of memory reserved at the start: about what the first view uses
/// with the paper's dozen models.
const RESERVED_MEMORY: usize = 32 << 20;

fn main() {
    // In a debug build (`make serve`), a panic's message goes to the console.
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    fetch::mark("app-started");
    // The memory loading takes, reserved at once: the allocator keeps what
    // is freed, so loading does not grow the memory dozens of times.
    drop(Vec::<u8>::with_capacity(RESERVED_MEMORY));
    // The results' files are requested first, so that they download while
    // the app is mounted; in Chinese, while the catalogue is read too.
    // (Leptos' executor starts with the mount: these futures are not Leptos'.)
    wasm_bindgen_futures::spawn_local(async move {
        let document = leptos::prelude::document();
        let html = document.document_element().expect("the page has a root");
        // The language, once prefs.js has set it; in Chinese, the catalogue
        // too (prefs.js has started fetching it).
        let catalogue = async {
            html_parsed(&document).await;
            let chinese = html
                .get_attribute("lang")
                .is_some_and(|l| l.starts_with("zh"));
            if !chinese {
                return None;
            }
            let text = fetch::fetch_text(i18n::ZH_CATALOGUE).await;
            Some(text.map_err(|e| e.to_string()).and_then(|text| {
                i18n::read_catalogue(&text).ok_or_else(|| "not an object of strings".to_string())
            }))
        };
        let (read, requested) = futures::join!(catalogue, fetch::request_results());
        match read {
            None => {}
            Some(Ok(entries)) => i18n::start_chinese(entries),
            Some(Err(e)) => {
                let e = format!("{}: {e}; the page stays in English", i18n::ZH_CATALOGUE);
                web_sys::console::error_1(&e.into());
                let _ = html.set_attribute("lang", "en");
            }
        }
        // The mount in a task of its own: no long task on a slow phone.
        fetch::yield_to_browser().await;
        mount(requested);
    });
}

/// Resolves once the page's HTML is parsed (at once if it is). The module
/// script that starts the app is `async` (`scripts/split-wasm.sh`): the wasm
/// compiles and the results' files are requested while the browser still
/// parses the page and waits for its stylesheet, and the app waits for this
/// before it reads the language (which prefs.js sets) or mounts into `<main>`.
async fn html_parsed(document: &web_sys::Document) {
    if document.ready_state() != "loading" {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = document.add_event_listener_with_callback("DOMContentLoaded", &resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Mounts the app into the page's `<main>`, with the results' files
/// `requested`.
fn mount(requested: Result<fetch::Requested, fetch::LoadError>) {
    let main = leptos::prelude::document()
        .query_selector("main")
        .ok()
        .flatten()
        .expect("index.html has a <main>");
    let main = wasm_bindgen::JsCast::unchecked_into(main);
    leptos::mount::mount_to(main, move || leptos::view! { <app::App requested/> }).forget();
}
