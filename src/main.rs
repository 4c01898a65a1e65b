//! The CValues leaderboard, a Leptos app rendered in the browser.
//!
//! It fetches the published result files, recomputes every score with
//! `cvalues-core` (the same code as the `cvalues` CLI), and renders them.

mod app;
mod fetch;
mod leaderboard;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
