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
    let main = leptos::prelude::document()
        .query_selector("main")
        .ok()
        .flatten()
        .expect("index.html has a <main>");
    leptos::mount::mount_to(wasm_bindgen::JsCast::unchecked_into(main), app::App).forget();
}
