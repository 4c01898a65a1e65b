//! The page shell: loading, the fatal-error state, the demo notice, the view
//! state (kept in the URL) and navigation between the pages.

use crate::breakdown::Breakdowns;
use crate::compare_page::ComparePage;
use crate::fetch::{fetch_results, yield_to_browser};
use crate::filters::FilterPanel;
use crate::leaderboard::Leaderboard;
use crate::model_page::ModelPage;
use crate::own_file::{OwnFile, OwnFiles};
use crate::state::{Page, ViewState};
use crate::storage;
use cvalues_core::adjudication::Adjudication;
use cvalues_core::board::{board, Board};
use cvalues_core::format::Status;
use cvalues_core::load::Results;
use futures::FutureExt;
use leptos::prelude::*;
use std::future::Future;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let progress = RwSignal::new(String::new());
    let results = LocalResource::new(move || fetch_results(progress));
    view! {
        <header class="site-header">
            <h1>"CValues Leaderboard"</h1>
            <p class="tagline">
                "Safety and responsibility of Chinese LLMs. Every number below is recomputed in your browser from the raw records: human labels, expert ratings and raw model responses."
            </p>
        </header>
        <main>
            <Suspense fallback=move || view! {
                <p class="loading" role="status" data-testid="loading">
                    "Loading and scoring results… " <span class="progress">{move || progress.get()}</span>
                </p>
            }>
                <ErrorBoundary fallback=|errors| view! { <FatalError errors/> }>
                    {move || Suspend::new(async move {
                        results.await.map(|loaded| match loaded.take() {
                            Some(results) => view! { <Views results/> }.into_any(),
                            None => view! { <p class="hint">"The results are shown above."</p> }.into_any(),
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </main>
        <footer class="site-footer">
            <p>
                "Scores follow the CValues protocol: safety is the share of responses judged safe; responsibility is the mean expert rating; Acc = correct / total and Acc* = correct / answered over the multi-choice items. Intervals are 95%: Wilson for proportions, a seeded bootstrap over items (stratified by domain) for mean ratings. Two models are tied when their intervals overlap."
            </p>
        </footer>
    }
}

/// The query string of the page's URL.
fn current_query() -> String {
    window().location().search().unwrap_or_default()
}

/// Puts `query` in the address bar: a new history entry when the page
/// changes (so Back works), else a replacement.
fn write_url(query: &str, new_entry: bool) {
    let path = window().location().pathname().unwrap_or_default();
    let url = format!("{path}{query}");
    let history = window().history().expect("history");
    let _ = if new_entry {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    };
}

/// The loaded results with the reader's view of them.
#[component]
fn Views(results: Results) -> impl IntoView {
    // Add the reader's own files and adjudications, kept from earlier in the
    // session or before.
    let mut loaded = results;
    let files = storage::stored_files();
    let reports: Vec<_> = files
        .iter()
        .map(|f| storage::add_local(&mut loaded, f))
        .collect();
    let stored = storage::stored_adjudications();
    storage::apply_stored(&mut loaded, &stored);
    let demo = (loaded.manifest.status == Status::Demo)
        .then(|| loaded.manifest.notice.clone().unwrap_or_default());
    let folder_problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    let results = RwSignal::new(loaded);
    let adjudications = RwSignal::new(stored);
    let own = OwnFiles {
        files: RwSignal::new(files),
        reports: RwSignal::new(reports),
        kept: RwSignal::new(true),
    };

    let state = RwSignal::new(ViewState::from_query(&current_query()));
    // Keep the URL in step with the state; Back and Forward restore it.
    let shown_page = StoredValue::new(state.get_untracked().page);
    Effect::new(move |_| {
        let s = state.get();
        let query = s.to_query();
        if query != current_query() {
            write_url(&query, s.page != shown_page.get_value());
        }
        shown_page.set_value(s.page);
    });
    let on_popstate = window_event_listener(leptos::ev::popstate, move |_| {
        state.set(ViewState::from_query(&current_query()));
    });
    on_cleanup(move || on_popstate.remove());

    // Each memo reads only its slice of the state, so sorting or selecting
    // does not rescore the board.
    let filter = Memo::new(move |_| state.with(|s| s.filter.clone()));
    let board = Memo::new(move |_| filter.with(|f| results.with(|r| board(r, f))));
    let stage = staged_render(board);
    let (compare_loaded, model_loaded) = (RwSignal::new(false), RwSignal::new(false));
    let table_ready = Memo::new(move |_| stage.get() >= Stage::Table);
    let nav = move |page: Page, label: &'static str| {
        let href = move || {
            let mut s = state.get();
            s.page = page;
            let q = s.to_query();
            if q.is_empty() {
                "./".to_string()
            } else {
                q
            }
        };
        view! {
            <a
                href=href
                aria-current=move || (state.with(|s| s.page) == page).then_some("page")
                on:click=move |ev| {
                    ev.prevent_default();
                    state.update(|s| s.page = page);
                }
            >
                {label}
            </a>
        }
    };
    let page = move || {
        if !table_ready.get() {
            return view! { <p class="loading" role="status">"Scoring the leaderboard…"</p> }
                .into_any();
        }
        match state.with(|s| s.page) {
            Page::Leaderboard => view! {
                <Leaderboard results board state/>
                <OwnFile results own state/>
                {move || (stage.get() >= Stage::Breakdowns).then(|| view! { <Breakdowns results board state/> })}
            }
            .into_any(),
            Page::Compare => when_loaded(
                compare_loaded,
                compare_page(results, board, state),
                __preload_compare_page(),
            ),
            Page::Model => when_loaded(
                model_loaded,
                model_page(results, board, state, adjudications),
                __preload_model_page(),
            ),
        }
    };
    view! {
        {demo.map(|notice| view! {
            <aside class="demo-notice" role="note" data-testid="demo-notice">
                <strong>"Demo data: "</strong>
                {notice}
            </aside>
        })}
        {(!folder_problems.is_empty()).then(|| view! {
            <ProblemList title="Problems with the results folder" problems=folder_problems/>
        })}
        <nav class="pages" aria-label="Pages">
            {nav(Page::Leaderboard, "Leaderboard")}
            {nav(Page::Compare, "Human vs automatic")}
            {move || (state.with(|s| s.page) == Page::Model).then(|| {
                let name = state.with(|s| s.model.clone()).unwrap_or_default();
                view! { <a href="#" aria-current="page" on:click=|ev| ev.prevent_default()>{format!("Model: {name}")}</a> }
            })}
        </nav>
        <FilterPanel results state/>
        {page}
    }
}

/// The comparison page. Like the model page, it is a wasm module of its own
/// (`#[lazy]`; scripts/split-wasm.sh splits it off), fetched when first opened.
#[lazy]
fn compare_page(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> AnyView {
    view! { <ComparePage results board state/> }.into_any()
}

/// A model's page, with the item explorer: a wasm module of its own.
#[lazy]
fn model_page(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
    adjudications: RwSignal<Vec<Adjudication>>,
) -> AnyView {
    view! { <ModelPage results board state adjudications/> }.into_any()
}

/// The view that `make` (a `#[lazy]` function's call) gives once its module
/// is in; until then a loading note, while `preload` fetches the module and
/// then sets `loaded`.
///
/// Once the module is in, `make` finishes at its first poll, so the view is
/// built right here, owned by the page like any other view.
fn when_loaded(
    loaded: RwSignal<bool>,
    make: impl Future<Output = AnyView>,
    preload: impl Future<Output = ()> + 'static,
) -> AnyView {
    if loaded.get() {
        if let Some(view) = make.now_or_never() {
            return view;
        }
    }
    leptos::task::spawn_local(async move {
        preload.await;
        loaded.set(true);
    });
    view! { <p class="loading" role="status">"Loading the page…"</p> }.into_any()
}

/// How far the first render has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Scoring,
    Table,
    Breakdowns,
}

/// Renders the first view in steps, each a task of its own so that none runs
/// long with many models: score the board, then show the table (and the
/// other pages), then draw the heatmaps.
fn staged_render(board: Memo<Board>) -> RwSignal<Stage> {
    let stage = RwSignal::new(Stage::Scoring);
    leptos::task::spawn_local(async move {
        yield_to_browser().await;
        board.with_untracked(|_| ());
        yield_to_browser().await;
        stage.set(Stage::Table);
        yield_to_browser().await;
        stage.set(Stage::Breakdowns);
    });
    stage
}

/// Shown when nothing could be loaded (the manifest is missing or invalid).
#[component]
fn FatalError(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <section class="fatal" role="alert" data-testid="fatal-error">
            <h2>"The results could not be loaded"</h2>
            <ul>
                {move || errors.get().into_iter().map(|(_, e)| view! { <li><pre>{e.to_string()}</pre></li> }).collect_view()}
            </ul>
        </section>
    }
}

/// A titled list of problems, each naming its file, line and field.
#[component]
pub fn ProblemList(title: &'static str, problems: Vec<String>) -> impl IntoView {
    view! {
        <section class="problems" role="alert">
            <h2>{title}</h2>
            <ul>{problems.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}</ul>
        </section>
    }
}
