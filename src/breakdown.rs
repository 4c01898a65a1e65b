//! Per-category breakdowns: a heatmap of models × categories for each level,
//! for human and for automatic scores, with values, counts and intervals on
//! hover and in a table view.

use crate::charts::{heat_cell_at, heatmap, Heatmap};
use crate::export::csv;
use crate::figure::Figure;
use crate::i18n::{pick, t, tf};
use crate::number::cell;
use crate::state::ViewState;
use cvalues_core::board::Board;
use cvalues_core::format::Level;
use cvalues_core::load::Results;
use cvalues_core::score::{lookup, lookup_interval};
use leptos::prelude::*;

use wasm_bindgen::JsCast;

/// Which score a heatmap shows.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Spec {
    level: Level,
    human: bool,
}

impl Spec {
    const ALL: [Spec; 4] = [
        Spec {
            level: Level::Safety,
            human: true,
        },
        Spec {
            level: Level::Safety,
            human: false,
        },
        Spec {
            level: Level::Responsibility,
            human: true,
        },
        Spec {
            level: Level::Responsibility,
            human: false,
        },
    ];

    fn title(self, results: &Results) -> String {
        let level = results.manifest.benchmark.level(self.level);
        let what = match (self.level, self.human) {
            (Level::Safety, true) => "human safety score (% safe)",
            (Level::Responsibility, true) => "human responsibility (mean rating)",
            (_, false) => "automatic Acc (%)",
        };
        tf(
            "{0} by category: {1}",
            &[&pick(&level.name_en, &level.name_zh), &t(what)],
        )
    }

    fn stem(self) -> String {
        format!(
            "heatmap-{}-{}",
            self.level.id(),
            if self.human { "human" } else { "auto" }
        )
    }

    /// (value path, count path, display scale, decimals) for category `c`.
    fn paths(self, c: &str) -> (String, String, f64, usize) {
        match (self.level, self.human) {
            (Level::Safety, true) => (
                format!("human.safety.categories.{c}.score"),
                format!("human.safety.categories.{c}.n"),
                1.0,
                1,
            ),
            (Level::Responsibility, true) => (
                format!("human.responsibility.categories.{c}.mean"),
                format!("human.responsibility.categories.{c}.n"),
                1.0,
                2,
            ),
            (level, false) => {
                let base = format!("auto.{}.categories.{c}", level.id());
                (format!("{base}.acc"), format!("{base}.total"), 100.0, 1)
            }
        }
    }
}

/// One cell's details: value, count and interval, in display units.
#[derive(Debug, Clone, PartialEq)]
struct Detail {
    value: Option<f64>,
    n: Option<f64>,
    ci: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Grid {
    map: Heatmap,
    ids: Vec<String>,
    details: Vec<Vec<Detail>>,
}

fn grid(results: &Results, board: &Board, state: &ViewState, spec: Spec) -> Grid {
    let level = results.manifest.benchmark.level(spec.level);
    let cats: Vec<_> = level
        .categories
        .iter()
        .filter(|c| state.filter.includes_category(spec.level, &c.id))
        .collect();
    let rows: Vec<_> = board
        .rows
        .iter()
        .filter(|r| {
            state.selected.is_empty() || state.selected.contains(&results.models[r.model].entry.id)
        })
        .collect();
    let details: Vec<Vec<Detail>> = rows
        .iter()
        .map(|r| {
            cats.iter()
                .map(|c| {
                    let (path, count, scale, _) = spec.paths(&c.id);
                    Detail {
                        value: lookup(&r.scores, &path).map(|v| v * scale),
                        n: lookup(&r.scores, &count),
                        ci: lookup_interval(&r.scores, &path).map(|(a, b)| (a * scale, b * scale)),
                    }
                })
                .collect()
        })
        .collect();
    Grid {
        map: Heatmap {
            rows: rows
                .iter()
                .map(|r| results.models[r.model].entry.name.clone())
                .collect(),
            cols: cats
                .iter()
                .map(|c| pick(&c.name_en, &c.name_zh).to_string())
                .collect(),
            cells: details
                .iter()
                .map(|row| row.iter().map(|d| d.value).collect())
                .collect(),
            decimals: spec.paths("").3,
        },
        ids: rows
            .iter()
            .map(|r| results.models[r.model].entry.id.clone())
            .collect(),
        details,
    }
}

fn describe(d: &Detail, decimals: usize) -> String {
    let num = |v: f64| format!("{v:.decimals$}");
    let value = d.value.map_or(t("undefined").to_string(), num);
    let n = d.n.map_or(String::new(), |n| format!(", n = {n}"));
    let ci = d.ci.map_or(String::new(), |(a, b)| {
        tf(", 95% interval {0}–{1}", &[&num(a), &num(b)])
    });
    format!("{value}{n}{ci}")
}

/// The four heatmaps.
#[component]
pub fn Breakdowns(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> impl IntoView {
    // Drawn one at a time, each in a task of its own (scoring a heatmap's
    // cells, drawing it and laying it out is a long task on a slow phone).
    let drawn = RwSignal::new(0);
    leptos::task::spawn_local(async move {
        for k in 1..=Spec::ALL.len() {
            crate::fetch::yield_to_browser().await;
            drawn.set(k);
        }
    });
    let maps = Spec::ALL
        .into_iter()
        .enumerate()
        .map(|(k, spec)| {
            let title = results.with_untracked(|r| spec.title(r));
            // (A memo: drawing the next heatmap does not redraw this one.)
            let shown = Memo::new(move |_| drawn.get() > k);
            move || {
                shown.get().then(|| {
                    let title = title.clone();
                    let grid = Memo::new(move |_| {
                        board.with(|b| state.with(|s| results.with(|r| grid(r, b, s, spec))))
                    });
                    view! { <HeatmapFigure title spec grid/> }
                })
            }
        })
        .collect_view();
    view! {
        <section class="breakdowns">
            <h2>{t("Breakdown by scenario and domain")}</h2>
            {maps}
        </section>
    }
}

#[component]
fn HeatmapFigure(title: String, spec: Spec, grid: Memo<Grid>) -> impl IntoView {
    let hover = RwSignal::new(None::<(usize, usize)>);
    let svg = Memo::new(move |_| grid.with(|g| heatmap(&g.map)));
    let data = Signal::derive(move || {
        grid.with(|g| {
            let mut rows = Vec::new();
            for (r, name) in g.map.rows.iter().enumerate() {
                for (c, col) in g.map.cols.iter().enumerate() {
                    let d = &g.details[r][c];
                    rows.push(vec![
                        g.ids[r].clone(),
                        name.clone(),
                        col.clone(),
                        cell(d.value),
                        cell(d.n),
                        cell(d.ci.map(|c| c.0)),
                        cell(d.ci.map(|c| c.1)),
                    ]);
                }
            }
            csv(
                &[
                    "model_id", "model", "category", "value", "n", "ci_low", "ci_high",
                ],
                &rows,
            )
        })
    });
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let wrapper = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(svg) = wrapper.and_then(|w| w.query_selector(".svg svg").ok().flatten()) else {
            return;
        };
        let rect = svg.get_bounding_client_rect();
        let (x, y) = (
            f64::from(ev.client_x()) - rect.left(),
            f64::from(ev.client_y()) - rect.top(),
        );
        hover.set(grid.with(|g| heat_cell_at(&g.map, x, y)));
    };
    let tooltip = move || {
        hover.get().and_then(|(r, c)| {
            grid.with(|g| {
                let d = g.details.get(r)?.get(c)?;
                Some(format!(
                    "{} · {}: {}",
                    g.map.rows[r],
                    g.map.cols[c],
                    describe(d, g.map.decimals)
                ))
            })
        })
    };
    // The table view is built when it is first opened: with many models it
    // is thousands of cells.
    let opened = RwSignal::new(false);
    let table = move || {
        if !opened.get() {
            return None;
        }
        Some(grid.with(|g| {
            let head = g
                .map
                .cols
                .iter()
                .map(|c| view! { <th scope="col">{c.clone()}</th> })
                .collect_view();
            let body = g
                .map
                .rows
                .iter()
                .enumerate()
                .map(|(r, name)| {
                    let cells = g.details[r]
                        .iter()
                        .map(|d| {
                            view! {
                                <td data-value=cell(d.value)>
                                    {describe(d, g.map.decimals)}
                                </td>
                            }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{name.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="data-table">
                    <thead><tr><th scope="col">{t("Model")}</th>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
        }))
    };
    view! {
        <div class="heatmap" data-heatmap=spec.stem() on:mousemove=on_move on:mouseleave=move |_| hover.set(None)>
            <Figure title stem=spec.stem() svg csv=data>
                <p class="tooltip" role="status" aria-live="polite">{move || tooltip().unwrap_or_else(|| t("Point at a cell for its count and interval.").into())}</p>
                <details class="table-view" on:toggle=move |_| opened.set(true)>
                    <summary>{t("Table view")}</summary>
                    {table}
                </details>
            </Figure>
        </div>
    }
}
