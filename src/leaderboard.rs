//! The leaderboard table: one row per model, sortable by any column.
//!
//! Scores come from `cvalues_core::score`; this module only arranges them.
//! Each score cell carries `data-model`, `data-metric` (the path into the
//! model's scores, as in `cvalues score --json`) and `data-value` (the
//! unrounded number, empty when undefined).

use cvalues_core::board::board;
use cvalues_core::filter::Filter;
use cvalues_core::load::Results;
use cvalues_core::score::{format_value, lookup, LEADERBOARD_METRICS};
use leptos::prelude::*;
use std::cmp::Ordering;
use std::rc::Rc;

/// One model's row.
#[derive(Debug, Clone)]
struct Row {
    id: String,
    name: String,
    organisation: String,
    kind: String,
    /// Parallel to [`LEADERBOARD_METRICS`].
    values: Vec<Option<f64>>,
    problems: Vec<String>,
}

fn rows(results: &Results) -> Vec<Row> {
    board(results, &Filter::default())
        .rows
        .into_iter()
        .map(|r| {
            let (m, scores) = (&results.models[r.model], r.scores);
            Row {
                id: m.entry.id.clone(),
                name: m.entry.name.clone(),
                organisation: m.entry.organisation.clone(),
                kind: m.entry.kind.clone(),
                values: LEADERBOARD_METRICS
                    .iter()
                    .map(|metric| lookup(&scores, metric.path))
                    .collect(),
                problems: m.problems.iter().map(ToString::to_string).collect(),
            }
        })
        .collect()
}

/// What the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Name,
    /// Index into [`LEADERBOARD_METRICS`].
    Metric(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sort {
    key: SortKey,
    descending: bool,
}

impl Sort {
    /// Clicking a header: the same column flips; another column starts with
    /// the best first (highest score, or A to Z for names).
    fn toggled(self, key: SortKey) -> Sort {
        if self.key == key {
            Sort {
                key,
                descending: !self.descending,
            }
        } else {
            Sort {
                key,
                descending: matches!(key, SortKey::Metric(_)),
            }
        }
    }

    fn aria(self, key: SortKey) -> &'static str {
        match (self.key == key, self.descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        }
    }
}

/// Orders rows; undefined values always sort last, ties by name.
fn sorted(rows: &[Row], sort: Sort) -> Vec<Row> {
    let mut out = rows.to_vec();
    out.sort_by(|a, b| {
        let primary = match sort.key {
            SortKey::Name => {
                let o = a.name.cmp(&b.name);
                if sort.descending {
                    o.reverse()
                } else {
                    o
                }
            }
            SortKey::Metric(i) => match (a.values[i], b.values[i]) {
                (Some(x), Some(y)) => {
                    let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                    if sort.descending {
                        o.reverse()
                    } else {
                        o
                    }
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        primary.then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// The leaderboard table.
#[component]
pub fn Leaderboard(results: Rc<Results>) -> impl IntoView {
    let all_rows = rows(&results);
    let sort = RwSignal::new(Sort {
        key: SortKey::Metric(0),
        descending: true,
    });
    let header = move |key: SortKey, label: &'static str| {
        view! {
            <th scope="col" aria-sort=move || sort.get().aria(key)>
                <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = s.toggled(key))>
                    {label}
                    <span class="arrow" aria-hidden="true">
                        {move || match sort.get().aria(key) {
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
        sorted(&all_rows, sort.get())
            .into_iter()
            .enumerate()
            .map(|(rank, row)| view! { <ModelRow rank=rank + 1 row/> })
            .collect_view()
    };
    view! {
        <div class="table-wrap">
            <table class="leaderboard" data-testid="leaderboard">
                <caption>
                    "Human scores (safety: % judged safe; responsibility: mean expert rating) and automatic multi-choice scores (Acc and Acc*, in %). Click a column to sort."
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="rank">"#"</th>
                        {header(SortKey::Name, "Model")}
                        {LEADERBOARD_METRICS
                            .iter()
                            .enumerate()
                            .map(|(i, m)| header(SortKey::Metric(i), m.label))
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
fn ModelRow(rank: usize, row: Row) -> impl IntoView {
    let has_problems = !row.problems.is_empty();
    let cells = LEADERBOARD_METRICS
        .iter()
        .zip(&row.values)
        .map(|(metric, value)| {
            view! {
                <td
                    class="num"
                    data-model=row.id.clone()
                    data-metric=metric.path
                    data-value=value.map(|v| v.to_string()).unwrap_or_default()
                >
                    {format_value(metric.unit, *value)}
                </td>
            }
        })
        .collect_view();
    view! {
        <tr class:has-problems=has_problems data-row=row.id.clone()>
            <td class="rank">{rank}</td>
            <th scope="row" class="model">
                <span class="name">{row.name.clone()}</span>
                <span class="meta">{format!("{} · {}", row.organisation, row.kind)}</span>
                {has_problems.then(|| view! {
                    <details class="model-problems" data-testid="model-error">
                        <summary>{format!("⚠ {} problem(s): some results were left out", row.problems.len())}</summary>
                        <ul>{row.problems.iter().map(|p| view! { <li><code>{p.clone()}</code></li> }).collect_view()}</ul>
                    </details>
                })}
            </th>
            {cells}
        </tr>
    }
}
