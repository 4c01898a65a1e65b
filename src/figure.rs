//! A chart with its caption, a text alternative and its downloads.

use crate::export::Download;
use crate::i18n::t;
use leptos::prelude::*;

/// A chart's data as a table, folded away under "Table view": the chart's
/// text alternative. `rows` are (row header, cells).
///
/// ```ignore
/// view! { <TableView columns=vec![t("Model"), t("Value")] rows/> }
/// ```
#[component]
pub fn TableView(
    columns: Vec<&'static str>,
    #[prop(into)] rows: Signal<Vec<(String, Vec<String>)>>,
) -> impl IntoView {
    let body = move || {
        rows.get()
            .into_iter()
            .map(|(head, cells)| {
                let cells = cells
                    .into_iter()
                    .map(|c| view! { <td>{c}</td> })
                    .collect_view();
                view! { <tr><th scope="row">{head}</th>{cells}</tr> }
            })
            .collect_view()
    };
    view! {
        <details class="table-view">
            <summary>{t("Table view")}</summary>
            <table class="data-table">
                <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </details>
    }
}

/// A chart (an SVG string from [`crate::charts`]) with "download SVG" and
/// "download CSV of this chart's data" links; `children` hold the chart's
/// accessible table view.
#[component]
pub fn Figure(
    /// Caption, also the chart's accessible name.
    title: String,
    /// File name stem for the downloads; also `data-chart` for tests.
    stem: String,
    #[prop(into)] svg: Signal<String>,
    #[prop(into)] csv: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <figure class="chart" data-chart=stem.clone()>
            <figcaption>{title.clone()}</figcaption>
            <div class="svg" role="img" aria-label=title inner_html=move || svg.get()></div>
            <div class="chart-actions">
                <Download file=format!("{stem}.svg") mime="image/svg+xml" label=t("Download SVG") content=svg/>
                <Download file=format!("{stem}.csv") mime="text/csv" label=t("Download CSV") content=csv/>
            </div>
            {children()}
        </figure>
    }
}
