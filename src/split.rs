//! The parts of the app that are wasm modules of their own, fetched when
//! first shown. Each part is a `<part>_module` function here, marked as a
//! split point (`wasm_split`, which Leptos' `#[lazy]` also uses, here with
//! load failures returned rather than panicking); Trunk's post-build hook
//! (`scripts/split-wasm.sh`, with wasm-split-cli) splits it off, and the
//! function `<part>` shows it.
//!
//! ```ignore
//! provide_context(split::Modules::default()); // once, above the parts
//! view! { {move || split::compare_page(results, board, state)} }
//! ```

use crate::app::{FatalError, ProblemList};
use crate::breakdown::Breakdowns;
use crate::compare_page::ComparePage;
use crate::fetch::{self, in_pieces, yield_to_browser, Arriving, LoadError, RESULTS_DIR};
use crate::filters::FilterFields;
use crate::i18n::{t, translate};
use crate::leaderboard::{IntervalChart, Row, TableExports};
use crate::methodology_page::MethodologyPage;
use crate::model_page::ModelPage;
use crate::own_file::{OwnFile, OwnFiles};
use crate::state::ViewState;
use crate::storage::{self, Kept, Restored};
use cvalues_core::adjudication::Adjudication;
use cvalues_core::board::Board;
use cvalues_core::format::Manifest;
use cvalues_core::load::{FileText, Loader, Results};
use cvalues_core::problem::Problem;
use futures::future::LocalBoxFuture;
use futures::FutureExt;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use std::collections::BTreeMap;
use std::future::Future;

/// A part's module: `None` until fetched, then whether it loaded.
type ModuleState = RwSignal<Option<bool>>;

/// The state of each part's module; provided as context.
#[derive(Debug, Clone, Copy)]
pub struct Modules {
    table_exports: ModuleState,
    interval_chart: ModuleState,
    own_file: ModuleState,
    breakdowns: ModuleState,
    compare_page: ModuleState,
    model_page: ModuleState,
    methodology_page: ModuleState,
    filter_fields: ModuleState,
    notices: ModuleState,
}

impl Default for Modules {
    fn default() -> Modules {
        let unknown = || RwSignal::new(None);
        Modules {
            table_exports: unknown(),
            interval_chart: unknown(),
            own_file: unknown(),
            breakdowns: unknown(),
            compare_page: unknown(),
            model_page: unknown(),
            methodology_page: unknown(),
            filter_fields: unknown(),
            notices: unknown(),
        }
    }
}

fn modules() -> Modules {
    expect_context::<Modules>()
}

/// The view that `make` (a split function's call) gives once its module is
/// in; until then a loading note, while `load` fetches the module and sets
/// `module`. If the module cannot be fetched, a note says so, and the rest
/// of the page works on.
///
/// Once the module is in, `make` finishes at its first poll, so the view is
/// built right here, owned by its caller like any other view.
fn when_loaded(
    module: ModuleState,
    make: impl Future<Output = Result<AnyView, SplitLoaderError>>,
    load: impl Future<Output = Result<(), SplitLoaderError>> + 'static,
) -> AnyView {
    match module.get() {
        Some(true) => {
            if let Some(Ok(view)) = make.now_or_never() {
                return view;
            }
        }
        Some(false) => {
            return view! {
                <span class="problems" role="alert">
                    {t("This part of the page could not be loaded. Check the connection, then reload the page.")}
                </span>
            }
            .into_any()
        }
        None => {}
    }
    leptos::task::spawn_local(async move {
        // Fetching a module and its chunks starts with a burst of requests:
        // in a task of its own, not in the one that renders its caller
        // (the first table, say), so neither runs long on a slow phone.
        yield_to_browser().await;
        let loaded = load.await.is_ok();
        module.set(Some(loaded));
    });
    view! { <span class="loading" role="status">{t("Loading…")}</span> }.into_any()
}

/// The reader's own files and adjudications, kept from earlier, applied to
/// freshly loaded results ([`storage::restore`]). If the module cannot be
/// fetched, the results are shown without them (they stay kept).
pub async fn restore(results: Results, kept: Kept) -> Restored {
    if load_restore().await.is_err() {
        return Restored::fresh(results);
    }
    match restore_module(results, kept).await {
        Ok(restoring) => restoring.await,
        Err(_) => unreachable!("the module was loaded just above"),
    }
}

#[wasm_split(restore, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_restore))]
fn restore_module(
    results: Results,
    kept: Kept,
) -> Result<LocalBoxFuture<'static, Restored>, SplitLoaderError> {
    Ok(storage::restore(results, kept).boxed_local())
}

/// `index.json` read by the full path, which names every problem by field:
/// for a manifest that is not plainly valid.
pub async fn parse_manifest(
    file: String,
    text: String,
) -> Result<Result<Manifest, Vec<Problem>>, LoadError> {
    let unloaded = |_| {
        let missing = t("The full check of the results could not be loaded. Check the connection, then reload the page.");
        LoadError(vec![missing.into()])
    };
    load_manifest_check().await.map_err(unloaded)?;
    manifest_check_module(file, text).await.map_err(unloaded)
}

#[wasm_split(manifest_check, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_manifest_check))]
fn manifest_check_module(
    file: String,
    text: String,
) -> Result<Result<Manifest, Vec<Problem>>, SplitLoaderError> {
    Ok(cvalues_core::load::parse_manifest_full(&file, &text))
}

/// The results folder loaded again with the full path for every line that
/// is not plainly valid (the first load left such lines unchecked), one
/// model per step, yielding between them; `None` if its module cannot be
/// fetched.
pub async fn load_in_full(
    manifest: Manifest,
    texts: BTreeMap<String, FileText>,
) -> Option<Results> {
    load_full_load().await.ok()?;
    Some(full_load_module(manifest, texts).await.ok()?.await)
}

#[wasm_split(full_load, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_full_load))]
fn full_load_module(
    manifest: Manifest,
    texts: BTreeMap<String, FileText>,
) -> Result<LocalBoxFuture<'static, Results>, SplitLoaderError> {
    Ok(async move {
        let mut loader = Loader::new(RESULTS_DIR, manifest, &texts);
        while loader.remaining() > 0 {
            in_pieces(|| loader.load_next_piece(&texts)).await;
        }
        loader.finish()
    }
    .boxed_local())
}

/// Fetches `files` one at a time (a few at once) and sends each with its
/// text, in order ([`fetch::fetch_each`]): the first view's files when the
/// site has no pack of them, or those its pack lacked. If its module cannot
/// be fetched, each file is sent with that error.
pub async fn fetch_each(files: Vec<String>, sender: Arriving) {
    if load_fetch_each().await.is_err() {
        let unloaded = t("The code that fetches the results could not be loaded. Check the connection, then reload the page.");
        for rel in files {
            let _ = sender.unbounded_send((rel, Err(unloaded.to_string().into())));
        }
        return;
    }
    if let Ok(fetching) = fetch_each_module(files, sender).await {
        fetching.await;
    }
}

#[wasm_split(fetch_each, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_fetch_each))]
fn fetch_each_module(
    files: Vec<String>,
    sender: Arriving,
) -> Result<LocalBoxFuture<'static, ()>, SplitLoaderError> {
    Ok(fetch::fetch_each(files, sender).boxed_local())
}

/// The links that download the leaderboard table.
pub fn table_exports(shown: Memo<Vec<(String, Row)>>, state: RwSignal<ViewState>) -> AnyView {
    when_loaded(
        modules().table_exports,
        table_exports_module(shown, state),
        load_table_exports(),
    )
}

#[wasm_split(table_exports, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_table_exports))]
fn table_exports_module(
    shown: Memo<Vec<(String, Row)>>,
    state: RwSignal<ViewState>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <TableExports shown state/> }.into_any())
}

/// The interval chart below the leaderboard table.
pub fn interval_chart(shown: Memo<Vec<(String, Row)>>, state: RwSignal<ViewState>) -> AnyView {
    when_loaded(
        modules().interval_chart,
        interval_chart_module(shown, state),
        load_interval_chart(),
    )
}

#[wasm_split(interval_chart, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_interval_chart))]
fn interval_chart_module(
    shown: Memo<Vec<(String, Row)>>,
    state: RwSignal<ViewState>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <IntervalChart shown state/> }.into_any())
}

/// "Score your own file", below the leaderboard.
pub fn own_file(results: RwSignal<Results>, own: OwnFiles, state: RwSignal<ViewState>) -> AnyView {
    when_loaded(
        modules().own_file,
        own_file_module(results, own, state),
        load_own_file(),
    )
}

#[wasm_split(own_file, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_own_file))]
fn own_file_module(
    results: RwSignal<Results>,
    own: OwnFiles,
    state: RwSignal<ViewState>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <OwnFile results own state/> }.into_any())
}

/// The heatmaps below the leaderboard.
pub fn breakdowns(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> AnyView {
    when_loaded(
        modules().breakdowns,
        breakdowns_module(results, board, state),
        load_breakdowns(),
    )
}

#[wasm_split(breakdowns, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_breakdowns))]
fn breakdowns_module(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Breakdowns results board state/> }.into_any())
}

/// The human-versus-automatic page.
pub fn compare_page(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> AnyView {
    when_loaded(
        modules().compare_page,
        compare_page_module(results, board, state),
        load_compare_page(),
    )
}

#[wasm_split(compare_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_compare_page))]
fn compare_page_module(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <ComparePage results board state/> }.into_any())
}

/// The filter panel's checkboxes.
pub fn filter_fields(results: RwSignal<Results>, state: RwSignal<ViewState>) -> AnyView {
    when_loaded(
        modules().filter_fields,
        filter_fields_module(results, state),
        load_filter_fields(),
    )
}

#[wasm_split(filter_fields, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_filter_fields))]
fn filter_fields_module(
    results: RwSignal<Results>,
    state: RwSignal<ViewState>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <FilterFields results state/> }.into_any())
}

/// Notices shown only when something is wrong, one module for all of them.
pub enum Notice {
    /// Nothing could be loaded (the manifest is missing or invalid).
    Fatal(ArcRwSignal<Errors>),
    /// The problems of the results folder (the manifest, the item bank).
    FolderProblems(Vec<String>),
    /// The problems of a model's files, in its row.
    ModelProblems(Vec<String>),
    /// Why the table is empty or has no human scores, and a button that
    /// resets the filters if they are the reason (`reset`).
    EmptyHint {
        text: &'static str,
        reset: Option<RwSignal<ViewState>>,
    },
    /// The parts of the page's link that were not understood.
    IgnoredLink(Vec<String>),
}

/// What the page shows when nothing could be loaded. (Outside the views, so
/// it keeps its own state.)
pub fn fatal_error(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let module = RwSignal::new(None);
    move || {
        let notice = Notice::Fatal(errors.clone());
        when_loaded(module, notices_module(notice), load_notices())
    }
}

/// A notice of the views (folder problems, an ignored part of the link).
pub fn notice(notice: Notice) -> AnyView {
    when_loaded(modules().notices, notices_module(notice), load_notices())
}

#[wasm_split(notices, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_notices))]
fn notices_module(notice: Notice) -> Result<AnyView, SplitLoaderError> {
    Ok(match notice {
        Notice::Fatal(errors) => view! { <FatalError errors/> }.into_any(),
        Notice::FolderProblems(problems) => {
            let title = t("Problems with the results folder");
            view! { <ProblemList title problems/> }.into_any()
        }
        Notice::ModelProblems(problems) => view! {
            <ul>{problems.iter().map(|p| view! { <li>{translate(p)}</li> }).collect_view()}</ul>
        }
        .into_any(),
        Notice::EmptyHint { text, reset } => view! {
            <p class="hint" role="status" data-testid="empty-hint">
                {text}
                {reset.map(|state| view! {
                    <button type="button" on:click=move |_| state.update(|s| s.filter = Default::default())>{t("Reset all filters")}</button>
                })}
            </p>
        }
        .into_any(),
        Notice::IgnoredLink(parts) => view! {
            <p class="link-notice" role="status" data-testid="link-notice">
                {t("Parts of this link were not understood and were ignored: ")}
                {parts.into_iter().map(|part| view! { <code>{part}</code>" " }).collect_view()}
            </p>
        }
        .into_any(),
    })
}

/// The methodology page.
pub fn methodology_page(results: RwSignal<Results>) -> AnyView {
    when_loaded(
        modules().methodology_page,
        methodology_page_module(results),
        load_methodology_page(),
    )
}

#[wasm_split(methodology_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_methodology_page))]
fn methodology_page_module(results: RwSignal<Results>) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <MethodologyPage results/> }.into_any())
}

/// A model's page, with the item explorer.
pub fn model_page(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
    adjudications: RwSignal<Vec<Adjudication>>,
) -> AnyView {
    when_loaded(
        modules().model_page,
        model_page_module(results, board, state, adjudications),
        load_model_page(),
    )
}

#[wasm_split(model_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_model_page))]
fn model_page_module(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
    adjudications: RwSignal<Vec<Adjudication>>,
) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <ModelPage results board state adjudications/> }.into_any())
}
