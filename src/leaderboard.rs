//! The leaderboard table: one row per model, sortable by any column, with
//! rank intervals, tie groups, optional 95% intervals, and an interval chart.
//!
//! Scores and ranks come from `cvalues_core::board`; this module only
//! arranges them. Each score cell carries `data-model`, `data-metric` (the
//! path into the model's scores, as in `cvalues score --json`) and
//! `data-value` (the unrounded number, empty when undefined).

use crate::charts::{interval_chart, Whisker};
use crate::export::{csv, Download};
use crate::figure::{Figure, TableView};
use crate::i18n::{t, tf};
use crate::number::{cell, full_number};
use crate::state::{Sort, ViewState};
use cvalues_core::board::{Board, Rank};
use cvalues_core::decimal::Fixed;
use cvalues_core::load::Results;
use cvalues_core::score::{
    format_value, lookup, lookup_interval, Metric, Unit, LEADERBOARD_METRICS,
};
use cvalues_core::stats::Interval;
use leptos::prelude::*;
use serde_json::json;
use std::cmp::Ordering;

/// One model's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    pub name: String,
    organisation: String,
    pub kind: String,
    /// Parallel to [`LEADERBOARD_METRICS`].
    pub values: Vec<Option<f64>>,
    pub intervals: Vec<Option<Interval>>,
    pub ranks: Vec<Option<Rank>>,
    problems: Vec<String>,
}

/// The board's rows, in manifest order.
pub fn rows(results: &Results, board: &Board) -> Vec<Row> {
    board
        .rows
        .iter()
        .map(|r| {
            let m = &results.models[r.model];
            Row {
                id: m.entry.id.clone(),
                name: m.entry.name.clone(),
                organisation: m.entry.organisation.clone(),
                kind: m.entry.kind.clone(),
                values: LEADERBOARD_METRICS
                    .iter()
                    .map(|k| lookup(&r.scores, k.path))
                    .collect(),
                intervals: LEADERBOARD_METRICS
                    .iter()
                    .map(|k| lookup_interval(&r.scores, k.path))
                    .collect(),
                ranks: r.ranks.clone(),
                problems: m.problems.iter().map(ToString::to_string).collect(),
            }
        })
        .collect()
}

/// The index of a metric path in [`LEADERBOARD_METRICS`].
pub fn metric_index(path: &str) -> Option<usize> {
    LEADERBOARD_METRICS.iter().position(|m| m.path == path)
}

/// Orders rows; undefined values always sort last, ties by name.
pub fn sorted(mut rows: Vec<Row>, sort: &Sort) -> Vec<Row> {
    let index = sort.metric.and_then(metric_index);
    rows.sort_by(|a, b| {
        let flip = |o: Ordering| if sort.descending { o.reverse() } else { o };
        let primary = match index {
            None => flip(a.name.cmp(&b.name)),
            Some(i) => match (a.values[i], b.values[i]) {
                (Some(x), Some(y)) => flip(x.total_cmp(&y)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        primary.then_with(|| a.name.cmp(&b.name))
    });
    rows
}

/// Scale from a metric's unit to what the page shows (proportions as %).
pub fn display_scale(unit: Unit) -> f64 {
    match unit {
        Unit::Proportion => 100.0,
        Unit::Percent | Unit::Rating => 1.0,
    }
}

fn interval_text(metric: &Metric, ci: Option<Interval>) -> String {
    match ci {
        Some((lo, hi)) => format!(
            "[{}–{}]",
            format_value(metric.unit, Some(lo)),
            format_value(metric.unit, Some(hi))
        ),
        None => String::new(),
    }
}

/// Sets the `leaderboard-ready` performance mark, and records the wasm
/// memory size in `window.__cvaluesWasmMemory` for the page benchmark.
fn mark_ready() {
    let Some(window) = web_sys::window() else {
        return;
    };
    crate::fetch::mark("leaderboard-ready");
    let memory = wasm_bindgen::memory();
    let bytes = js_sys::Reflect::get(&memory, &"buffer".into())
        .ok()
        .and_then(|b| js_sys::Reflect::get(&b, &"byteLength".into()).ok())
        .unwrap_or_default();
    let _ = js_sys::Reflect::set(&window, &"__cvaluesWasmMemory".into(), &bytes);
}

/// The leaderboard table with its export links and interval chart.
#[component]
pub fn Leaderboard(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> impl IntoView {
    let sort_key = Memo::new(move |_| state.with(|s| s.sort.clone()));
    let shown = Memo::new(move |_| {
        let rows = board.with(|b| results.with(|r| rows(r, b)));
        sort_key
            .with(|sort| sorted(rows, sort))
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect::<Vec<_>>()
    });
    let sort = move || sort_key.get();
    let header = move |metric: Option<&'static str>, label: &'static str| {
        view! {
            <th scope="col" data-sort-key=metric.unwrap_or("name") aria-sort=move || sort().aria(metric)>
                <button type="button" class="sort" on:click=move |_| state.update(|s| s.sort = s.sort.toggled(metric))>
                    {label}
                    <span class="arrow" aria-hidden="true">
                        {move || match sort().aria(metric) {
                            "descending" => "▼",
                            "ascending" => "▲",
                            _ => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    let body = move || {
        let sort = sort();
        let index = sort.metric.and_then(metric_index);
        let mut previous_group = None;
        shown
            .get()
            .into_iter()
            .enumerate()
            .map(|(position, (_, row))| {
                let rank = index.and_then(|i| row.ranks[i]);
                let group_start =
                    rank.is_some_and(|r| previous_group.is_some_and(|g| g != r.group));
                previous_group = rank.map(|r| r.group);
                view! { <ModelRow position=position + 1 rank group_start row state/> }
            })
            .collect_view()
    };
    // Tell benchmarks when the table is first filled: a performance mark, and
    // the wasm memory size beside it.
    let marked = StoredValue::new(false);
    Effect::new(move |_| {
        shown.track();
        if !marked.get_value() {
            marked.set_value(true);
            mark_ready();
        }
    });
    view! {
        <section class="board">
            <div class="table-tools">
                <label>
                    <input
                        type="checkbox"
                        data-testid="show-intervals"
                        prop:checked=move || state.with(|s| s.show_intervals)
                        on:change=move |_| state.update(|s| s.show_intervals = !s.show_intervals)
                    />
                    {t("Show 95% intervals")}
                </label>
                {move || crate::split::table_exports(shown, state)}
            </div>
            <div class="table-wrap">
                <table class="leaderboard" data-testid="leaderboard">
                    <caption>
                        {t("Human scores (safety: % judged safe; responsibility: mean expert rating) and automatic multi-choice scores (Acc and Acc*, in %). Click a column to sort; the rank shows its plausible range, and a line separates tie groups.")}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col" class="select"><span class="visually-hidden">{t("Select")}</span></th>
                            <th scope="col" class="rank">{t("Rank")}</th>
                            {header(None, t("Model"))}
                            {LEADERBOARD_METRICS.iter().map(|m| header(Some(m.path), t(m.label))).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {move || empty_hint(shown.with(Vec::is_empty), state)}
            {move || crate::split::interval_chart(shown, state)}
        </section>
    }
}

/// What to do when the table has no rows, or its scores cannot be defined:
/// the filters leave no model, or no scenario and no domain.
fn empty_hint(no_rows: bool, state: RwSignal<ViewState>) -> Option<impl IntoView> {
    let (filtered, no_category) = state.with(|s| {
        let none = |c: &Option<std::collections::BTreeSet<String>>| {
            c.as_ref().is_some_and(|c| c.is_empty())
        };
        (
            !s.filter.is_everything(),
            none(&s.filter.scenarios) && none(&s.filter.domains),
        )
    });
    let text = match (no_rows, filtered, no_category) {
        (true, false, _) => t("These results have no models yet."),
        (true, true, _) => t("No model matches these filters. "),
        (false, _, true) => {
            t("No scenario and no domain is chosen, so no human score is defined. ")
        }
        (false, _, false) => return None,
    };
    Some(crate::split::notice(crate::split::Notice::EmptyHint {
        text,
        reset: filtered.then_some(state),
    }))
}

/// The links that download the shown table as CSV and as JSON.
#[component]
pub fn TableExports(shown: Memo<Vec<(String, Row)>>, state: RwSignal<ViewState>) -> impl IntoView {
    let table_csv = Signal::derive(move || {
        let mut header = vec!["id", "name", "type"];
        for m in LEADERBOARD_METRICS {
            header.extend([
                m.path,
                "ci_low",
                "ci_high",
                "rank_best",
                "rank_worst",
                "tie_group",
            ]);
        }
        let rows: Vec<Vec<String>> = shown
            .get()
            .into_iter()
            .map(|(_, r)| {
                let mut out = vec![r.id.clone(), r.name.clone(), r.kind.clone()];
                for i in 0..LEADERBOARD_METRICS.len() {
                    let rank = r.ranks[i];
                    out.extend([
                        cell(r.values[i]),
                        cell(r.intervals[i].map(|c| c.0)),
                        cell(r.intervals[i].map(|c| c.1)),
                        rank.map(|k| k.best.to_string()).unwrap_or_default(),
                        rank.map(|k| k.worst.to_string()).unwrap_or_default(),
                        rank.map(|k| k.group.to_string()).unwrap_or_default(),
                    ]);
                }
                out
            })
            .collect();
        csv(&header, &rows)
    });
    let table_json = Signal::derive(move || {
        let rows: Vec<_> = shown
            .get()
            .into_iter()
            .map(|(_, r)| {
                let by_metric = |f: &dyn Fn(usize) -> serde_json::Value| -> serde_json::Map<String, serde_json::Value> {
                    LEADERBOARD_METRICS.iter().enumerate().map(|(i, m)| (m.path.to_string(), f(i))).collect()
                };
                json!({
                    "id": r.id, "name": r.name, "type": r.kind,
                    "values": by_metric(&|i| json!(r.values[i])),
                    "intervals": by_metric(&|i| json!(r.intervals[i])),
                    "ranks": by_metric(&|i| json!(r.ranks[i])),
                })
            })
            .collect();
        state.with(|s| json!({ "filter": s.filter, "rows": rows }).to_string())
    });
    view! {
        <span class="exports">
            {t("Export this table: ")}
            <Download file="cvalues-leaderboard.csv".into() mime="text/csv" label="CSV" content=table_csv/>
            " · "
            <Download file="cvalues-leaderboard.json".into() mime="application/json" label="JSON" content=table_json/>
        </span>
    }
}

/// The sorted metric's values with whiskers, for the shown (or selected) models.
#[component]
pub fn IntervalChart(shown: Memo<Vec<(String, Row)>>, state: RwSignal<ViewState>) -> impl IntoView {
    let metric = move || {
        let path = state
            .with(|s| s.sort.metric)
            .unwrap_or(LEADERBOARD_METRICS[0].path);
        metric_index(path).unwrap_or(0)
    };
    let whiskers = move || {
        let i = metric();
        let scale = display_scale(LEADERBOARD_METRICS[i].unit);
        let selected = state.with(|s| s.selected.clone());
        let mut rows: Vec<Row> = shown
            .get()
            .into_iter()
            .map(|(_, r)| r)
            .filter(|r| r.values[i].is_some())
            .collect();
        if !selected.is_empty() {
            rows.retain(|r| selected.contains(&r.id));
        }
        let best_first = Sort {
            metric: Some(LEADERBOARD_METRICS[i].path),
            descending: true,
        };
        sorted(rows, &best_first)
            .into_iter()
            .map(|r| Whisker {
                label: r.name.clone(),
                value: r.values[i].unwrap() * scale,
                ci: r.intervals[i].map(|(a, b)| (a * scale, b * scale)),
                highlight: selected.contains(&r.id),
            })
            .collect::<Vec<_>>()
    };
    let svg =
        Signal::derive(move || interval_chart(&whiskers(), t(LEADERBOARD_METRICS[metric()].label)));
    let data = Signal::derive(move || {
        let rows: Vec<Vec<String>> = whiskers()
            .into_iter()
            .map(|w| {
                vec![
                    w.label,
                    full_number(w.value),
                    cell(w.ci.map(|c| c.0)),
                    cell(w.ci.map(|c| c.1)),
                ]
            })
            .collect();
        csv(&["model", "value", "ci_low", "ci_high"], &rows)
    });
    let title = move || {
        tf(
            "{0} with 95% intervals",
            &[&t(LEADERBOARD_METRICS[metric()].label)],
        )
    };
    let table = Signal::derive(move || {
        let decimals = if LEADERBOARD_METRICS[metric()].unit == Unit::Rating {
            2
        } else {
            1
        };
        let num = |v: f64| Fixed(v, decimals).to_string();
        whiskers()
            .into_iter()
            .map(|w| {
                let ci =
                    w.ci.map_or("—".into(), |(a, b)| format!("{}–{}", num(a), num(b)));
                (w.label, vec![num(w.value), ci])
            })
            .collect()
    });
    view! {
        {move || view! {
            <Figure title=title() stem="interval-chart".into() svg csv=data>
                <p class="hint">{t("Dots are scores; whiskers are 95% intervals. Select models in the table to show only them.")}</p>
                <TableView columns=vec![t("Model"), t("Value"), t("95% interval")] rows=table/>
            </Figure>
        }}
    }
}

#[component]
fn ModelRow(
    position: usize,
    rank: Option<Rank>,
    group_start: bool,
    row: Row,
    state: RwSignal<ViewState>,
) -> impl IntoView {
    let has_problems = !row.problems.is_empty();
    let id = row.id.clone();
    let selected = {
        let id = id.clone();
        move || state.with(|s| s.selected.contains(&id))
    };
    let is_selected = selected.clone();
    let open = {
        let id = id.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            state.update(|s| {
                s.page = crate::state::Page::Model;
                s.model = Some(id.clone());
            });
        }
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            state.update(|s| {
                if !s.selected.remove(&id) {
                    s.selected.insert(id.clone());
                }
            })
        }
    };
    let cells = LEADERBOARD_METRICS
        .iter()
        .zip(row.values.iter().zip(&row.intervals))
        .map(|(metric, (value, ci))| {
            let ci_text = interval_text(metric, *ci);
            view! {
                <td
                    class="num"
                    data-model=row.id.clone()
                    data-metric=metric.path
                    data-value=cell(*value)
                >
                    {format_value(metric.unit, *value)}
                    {move || state.with(|s| s.show_intervals).then(|| view! { <span class="ci">{ci_text.clone()}</span> })}
                </td>
            }
        })
        .collect_view();
    let rank_cell = match rank {
        Some(r) if r.best != r.worst => format!("{} ({}–{})", r.position, r.best, r.worst),
        Some(r) => r.position.to_string(),
        None => position.to_string(),
    };
    view! {
        <tr
            class:has-problems=has_problems
            class:group-start=group_start
            class:selected=is_selected
            data-row=row.id.clone()
            data-tie-group=rank.map(|r| r.group.to_string())
            data-rank-best=rank.map(|r| r.best.to_string())
            data-rank-worst=rank.map(|r| r.worst.to_string())
        >
            <td class="select">
                <input
                    type="checkbox"
                    data-select=id
                    aria-label=tf("Select {0}", &[&row.name])
                    prop:checked=selected
                    on:change=toggle
                />
            </td>
            <td class="rank">{rank_cell}</td>
            <th scope="row" class="model">
                <a class="name" href=format!("?view=model&model={}", row.id) on:click=open>{row.name.clone()}</a>
                {(row.kind == crate::storage::LOCAL_KIND).then_some(view! { <span class="badge" data-testid="local-badge">{t("local")}</span> })}
                <span class="meta">{format!("{} · {}", row.organisation, crate::storage::kind_label(&row.kind))}</span>
                {has_problems.then(|| {
                    let problems = row.problems.clone();
                    view! {
                        <details class="model-problems" data-testid="model-error">
                            <summary>{tf("⚠ {0} problem(s): some results were left out", &[&problems.len()])}</summary>
                            // Shown (in the page's language) by a module of its own.
                            {move || crate::split::notice(crate::split::Notice::ModelProblems(problems.clone()))}
                        </details>
                    }
                })}
            </th>
            {cells}
        </tr>
    }
}
