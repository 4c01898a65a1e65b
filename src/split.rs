//! The parts of the app that are wasm modules of their own, fetched when
//! first shown: each is a `#[lazy]` function here, which Trunk's post-build
//! hook (`scripts/split-wasm.sh`, with wasm-split-cli) splits off, and a
//! function of the same name that shows it.
//!
//! ```ignore
//! provide_context(split::Modules::default()); // once, above the parts
//! view! { {move || split::compare_page(results, board, state)} }
//! ```

use crate::breakdown::Breakdowns;
use crate::compare_page::ComparePage;
use crate::leaderboard::{IntervalChart, Row, TableExports};
use crate::model_page::ModelPage;
use crate::own_file::{OwnFile, OwnFiles};
use crate::state::ViewState;
use crate::storage::{self, Kept, Restored};
use cvalues_core::adjudication::Adjudication;
use cvalues_core::board::Board;
use cvalues_core::load::Results;
use futures::FutureExt;
use leptos::prelude::*;
use std::future::Future;

/// Whether each part's module is in; provided as context.
#[derive(Debug, Clone, Copy)]
pub struct Modules {
    table_exports: RwSignal<bool>,
    interval_chart: RwSignal<bool>,
    own_file: RwSignal<bool>,
    breakdowns: RwSignal<bool>,
    compare_page: RwSignal<bool>,
    model_page: RwSignal<bool>,
}

impl Default for Modules {
    fn default() -> Modules {
        let no = || RwSignal::new(false);
        Modules {
            table_exports: no(),
            interval_chart: no(),
            own_file: no(),
            breakdowns: no(),
            compare_page: no(),
            model_page: no(),
        }
    }
}

fn loaded() -> Modules {
    expect_context::<Modules>()
}

/// The view that `make` (a `#[lazy]` function's call) gives once its module
/// is in; until then a loading note, while `preload` fetches the module and
/// then sets `loaded`.
///
/// Once the module is in, `make` finishes at its first poll, so the view is
/// built right here, owned by its caller like any other view.
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
    view! { <span class="loading" role="status">"Loading…"</span> }.into_any()
}

/// The reader's own files and adjudications, kept from earlier, applied to
/// freshly loaded results ([`storage::restore`]).
pub async fn restore(results: Results, kept: Kept) -> Restored {
    restore_module(results, kept).await
}

#[lazy]
async fn restore_module(results: Results, kept: Kept) -> Restored {
    storage::restore(results, kept).await
}

/// The links that download the leaderboard table.
pub fn table_exports(shown: Memo<Vec<(String, Row)>>, state: RwSignal<ViewState>) -> AnyView {
    when_loaded(
        loaded().table_exports,
        table_exports_module(shown, state),
        __preload_table_exports_module(),
    )
}

#[lazy]
fn table_exports_module(shown: Memo<Vec<(String, Row)>>, state: RwSignal<ViewState>) -> AnyView {
    view! { <TableExports shown state/> }.into_any()
}

/// The interval chart below the leaderboard table.
pub fn interval_chart(shown: Memo<Vec<(String, Row)>>, state: RwSignal<ViewState>) -> AnyView {
    when_loaded(
        loaded().interval_chart,
        interval_chart_module(shown, state),
        __preload_interval_chart_module(),
    )
}

#[lazy]
fn interval_chart_module(shown: Memo<Vec<(String, Row)>>, state: RwSignal<ViewState>) -> AnyView {
    view! { <IntervalChart shown state/> }.into_any()
}

/// "Score your own file", below the leaderboard.
pub fn own_file(results: RwSignal<Results>, own: OwnFiles, state: RwSignal<ViewState>) -> AnyView {
    when_loaded(
        loaded().own_file,
        own_file_module(results, own, state),
        __preload_own_file_module(),
    )
}

#[lazy]
fn own_file_module(
    results: RwSignal<Results>,
    own: OwnFiles,
    state: RwSignal<ViewState>,
) -> AnyView {
    view! { <OwnFile results own state/> }.into_any()
}

/// The heatmaps below the leaderboard.
pub fn breakdowns(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> AnyView {
    when_loaded(
        loaded().breakdowns,
        breakdowns_module(results, board, state),
        __preload_breakdowns_module(),
    )
}

#[lazy]
fn breakdowns_module(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> AnyView {
    view! { <Breakdowns results board state/> }.into_any()
}

/// The human-versus-automatic page.
pub fn compare_page(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> AnyView {
    when_loaded(
        loaded().compare_page,
        compare_page_module(results, board, state),
        __preload_compare_page_module(),
    )
}

#[lazy]
fn compare_page_module(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> AnyView {
    view! { <ComparePage results board state/> }.into_any()
}

/// A model's page, with the item explorer.
pub fn model_page(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
    adjudications: RwSignal<Vec<Adjudication>>,
) -> AnyView {
    when_loaded(
        loaded().model_page,
        model_page_module(results, board, state, adjudications),
        __preload_model_page_module(),
    )
}

#[lazy]
fn model_page_module(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
    adjudications: RwSignal<Vec<Adjudication>>,
) -> AnyView {
    view! { <ModelPage results board state adjudications/> }.into_any()
}
