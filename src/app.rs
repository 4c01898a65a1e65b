//! The page shell: loading, the fatal-error state, the demo notice, the view
//! state (kept in the URL) and navigation between the pages.

use crate::fetch::{fetch_results, yield_to_browser, LoadError, Progress, Requested};
use crate::filters::FilterPanel;
use crate::i18n::{t, tf, translate};
use crate::leaderboard::Leaderboard;
use crate::own_file::OwnFiles;
use crate::split;
use crate::state::{Page, ViewState};
use crate::storage::Restored;
use cvalues_core::board::{board, board_row, rank_rows, Board};
use cvalues_core::filter::Filter;
use cvalues_core::load::Results;
use leptos::prelude::*;

/// The whole app, in the page's `<main>` (the header and the footer are
/// plain HTML in `index.html`, shown before the app starts). `requested`:
/// the results' files, requested before the app was mounted.
#[component]
pub fn App(requested: Result<Requested, LoadError>) -> impl IntoView {
    let progress = Progress::new();
    // Taken by the one run of the resource (it tracks nothing, so it never
    // runs again).
    let requested = StoredValue::new_local(Some(requested));
    let results = LocalResource::new(move || {
        let requested = requested.try_update_value(Option::take).flatten();
        fetch_results(
            requested.unwrap_or_else(|| Err(LoadError(Vec::new()))),
            progress,
        )
    });
    view! {
        // As soon as the manifest says so, before anything is scored.
        {move || progress.demo.get().map(|notice: String| view! {
            <aside class="demo-notice" role="note" data-testid="demo-notice">
                <strong>{t("Demo data: ")}</strong>
                {notice}
            </aside>
        })}
        <Suspense fallback=move || view! {
            <div class="loading" role="status" data-testid="loading">
                <p>{t("Loading and scoring results… ")} <span class="progress">{move || progress.stage.get()}</span></p>
                // Indeterminate until the manifest says how many steps there are.
                <progress
                    aria-label=t("Loading the results")
                    max=move || progress.steps.get().1.max(1)
                    value=move || { let (done, total) = progress.steps.get(); (total > 0).then_some(done) }
                ></progress>
            </div>
        }>
            <ErrorBoundary fallback=split::fatal_error>
                {move || Suspend::new(async move {
                    results.await.map(|loaded| match loaded.take() {
                        Some(restored) => view! { <Views restored/> }.into_any(),
                        None => view! { <p class="hint">{t("The results are shown above.")}</p> }.into_any(),
                    })
                })}
            </ErrorBoundary>
        </Suspense>
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

/// The loaded results (with the reader's own files and adjudications, kept
/// from earlier) and the reader's view of them.
#[component]
fn Views(restored: Restored) -> impl IntoView {
    let Restored {
        results: loaded,
        files,
        reports,
        adjudications: stored,
    } = restored;
    let folder_problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    let results = RwSignal::new(loaded);
    let adjudications = RwSignal::new(stored);
    let own = OwnFiles {
        files: RwSignal::new(files),
        reports: RwSignal::new(reports),
        kept: RwSignal::new(true),
    };

    let (mut initial, ignored) = ViewState::from_query_checked(&current_query());
    // The page's language lives in the URL, also when it came from the
    // reader's kept choice or the browser's languages.
    if crate::i18n::lang() == crate::i18n::Lang::Zh {
        initial.lang = Some(crate::i18n::Lang::Zh);
    }
    let state = RwSignal::new(initial);
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
    // The first board is scored a model at a time (`staged_render`); after
    // that, in one go (a rescore takes a few milliseconds).
    let first = StoredValue::new_local(None::<(Filter, Board)>);
    let board = Memo::new(move |previous: Option<&Board>| {
        let first = first.try_update_value(Option::take).flatten();
        filter.with(|f| match first {
            Some((scored, board)) if previous.is_none() && scored == *f => {
                results.track(); // rescored when the results change
                board
            }
            _ => results.with(|r| board(r, f)),
        })
    });
    let stage = staged_render(results, filter, first, board);
    provide_context(split::Modules::default());
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
            return view! { <p class="loading" role="status">{t("Scoring the leaderboard…")}</p> }
                .into_any();
        }
        match state.with(|s| s.page) {
            Page::Leaderboard => view! {
                <Leaderboard results board state/>
                {move || split::own_file(results, own, state)}
                {move || (stage.get() >= Stage::Breakdowns).then(|| split::breakdowns(results, board, state))}
            }
            .into_any(),
            Page::Compare => split::compare_page(results, board, state),
            Page::Model => split::model_page(results, board, state, adjudications),
            Page::Methodology => split::methodology_page(results),
        }
    };
    view! {
        {(!ignored.is_empty()).then(|| view! {
            {move || split::notice(split::Notice::IgnoredLink(ignored.clone()))}
        })}
        {(!folder_problems.is_empty()).then(|| view! {
            {move || split::notice(split::Notice::FolderProblems(folder_problems.clone()))}
        })}
        <nav class="pages" aria-label=t("Pages")>
            {nav(Page::Leaderboard, t("Leaderboard"))}
            {nav(Page::Compare, t("Human vs automatic"))}
            {nav(Page::Methodology, t("Methodology"))}
            {move || (state.with(|s| s.page) == Page::Model).then(|| {
                let name = state.with(|s| s.model.clone()).unwrap_or_default();
                view! { <a href="#" aria-current="page" on:click=|ev| ev.prevent_default()>{tf("Model: {0}", &[&name])}</a> }
            })}
        </nav>
        <FilterPanel results state/>
        {page}
    }
}

/// How far the first render has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Scoring,
    Table,
    Breakdowns,
}

/// Renders the first view in steps, each a task of its own so that none runs
/// long with many models, or on a slow phone: score the board a model at a
/// time (into `first`, which `board` takes), then show the table (and the
/// other pages), then draw the heatmaps.
fn staged_render(
    results: RwSignal<Results>,
    filter: Memo<Filter>,
    first: StoredValue<Option<(Filter, Board)>, LocalStorage>,
    board: Memo<Board>,
) -> RwSignal<Stage> {
    let stage = RwSignal::new(Stage::Scoring);
    leptos::task::spawn_local(async move {
        let scored = filter.get_untracked();
        let mut rows = Vec::new();
        for model in 0..results.with_untracked(|r| r.models.len()) {
            yield_to_browser().await;
            rows.extend(results.with_untracked(|r| board_row(r, model, &scored)));
        }
        first.set_value(Some((scored, rank_rows(rows))));
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
pub fn FatalError(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <section class="fatal" role="alert" data-testid="fatal-error">
            <h2>{t("The results could not be loaded")}</h2>
            <ul>
                {move || errors.get().into_iter().flat_map(|(_, e)| {
                    let lines: Vec<String> = e.to_string().lines().map(translate).collect();
                    lines.into_iter().map(|line| view! { <li>{line}</li> })
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A titled list of problems, each naming its file, line and field (in
/// the page's language).
#[component]
pub fn ProblemList(title: &'static str, problems: Vec<String>) -> impl IntoView {
    view! {
        <section class="problems" role="alert">
            <h2>{title}</h2>
            <ul>{problems.into_iter().map(|p| view! { <li>{translate(&p)}</li> }).collect_view()}</ul>
        </section>
    }
}
