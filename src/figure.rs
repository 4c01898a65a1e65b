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
/// accessible table view. The chart is drawn when it first comes near the
/// screen (every chart sits below the table): until then the page does not
/// spend its first seconds drawing what nobody sees yet.
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
    let frame = NodeRef::<leptos::html::Figure>::new();
    let near = RwSignal::new(false);
    frame.on_load(move |element| when_near(&element, move || near.set(true)));
    view! {
        <figure class="chart" data-chart=stem.clone() node_ref=frame>
            <figcaption>{title.clone()}</figcaption>
            <div class="svg" role="img" aria-label=title inner_html=move || if near.get() { svg.get() } else { String::new() }></div>
            <div class="chart-actions">
                <Download file=format!("{stem}.svg") mime="image/svg+xml" label=t("Download SVG") content=svg/>
                <Download file=format!("{stem}.csv") mime="text/csv" label=t("Download CSV") content=csv/>
            </div>
            {children()}
        </figure>
    }
}

/// How far from the screen a chart starts to be drawn, so that it is
/// there by the time it scrolls into view.
const NEAR_MARGIN: &str = "400px";

/// Calls `near` once, when `element` first comes within [`NEAR_MARGIN`] of
/// the screen (at once if it is already there, or if the browser cannot say).
fn when_near(element: &web_sys::Element, near: impl Fn() + 'static) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let near = std::rc::Rc::new(near);
    let on_near = near.clone();
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(NEAR_MARGIN);
    let callback = Closure::<dyn Fn(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let seen = entries.iter().any(|e| {
                e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if seen {
                observer.disconnect();
                on_near();
            }
        },
    );
    match web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    ) {
        Ok(observer) => {
            observer.observe(element);
            // The observer holds the callback until it disconnects; so does
            // the page once the chart is gone.
            let kept = StoredValue::new_local((observer, callback));
            on_cleanup(move || kept.with_value(|(observer, _)| observer.disconnect()));
        }
        Err(_) => near(),
    }
}
