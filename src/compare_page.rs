//! Human versus automatic: per level (or category), each model's human score
//! against its automatic Acc or Acc*, with Spearman's ρ, Kendall's τ and
//! their bootstrap intervals, and the models whose ranks differ most.

use crate::charts::{scatter, ScatterPoint};
use crate::export::csv;
use crate::figure::{Figure, TableView};
use crate::i18n::{lang, pick, t, tf, Lang};
use crate::number::cell;
use crate::state::{CompareChoice, ViewState};
use crate::wide_table::WideTable;
use cvalues_core::board::Board;
use cvalues_core::compare::{compare, AutoMetric, Comparison, Correlation};
use cvalues_core::format::Level;
use cvalues_core::load::Results;
use leptos::prelude::*;

fn ordinal(rank: f64) -> String {
    if rank.fract() != 0.0 {
        return tf("{0} (tied)", &[&rank]);
    }
    let n = rank as u64;
    if lang() == Lang::Zh {
        return format!("第 {n} 名");
    }
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The comparison page.
#[component]
pub fn ComparePage(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
) -> impl IntoView {
    let choice = Memo::new(move |_| state.with(|s| s.compare.clone()));
    let choice = move || choice.get();
    let comparison = Memo::new(move |_| {
        let c = choice();
        board.with(|b| results.with(|r| compare(r, b, c.level, c.metric, c.category.as_deref())))
    });
    let set = move |f: &dyn Fn(&mut CompareChoice)| state.update(|s| f(&mut s.compare));
    let level_names = results.with_untracked(|r| {
        let b = &r.manifest.benchmark;
        Level::ALL.map(|l| {
            (
                l,
                tf(
                    "Level {0}: {1}",
                    &[&l.number(), &pick(&b.level(l).name_en, &b.level(l).name_zh)],
                ),
            )
        })
    });
    let categories = move || {
        let c = choice();
        let filter = state.with(|s| s.filter.clone());
        results.with(|r| {
            r.manifest
                .benchmark
                .level(c.level)
                .categories
                .iter()
                .filter(|cat| filter.includes_category(c.level, &cat.id))
                .map(|cat| {
                    let selected = c.category.as_deref() == Some(cat.id.as_str());
                    view! { <option value=cat.id.clone() selected=selected>{pick(&cat.name_en, &cat.name_zh).to_string()}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <section class="compare" data-testid="compare-page">
            <h2>{t("Human versus automatic scores")}</h2>
            <p class="hint">
                {t("Does a model that picks the better reply also write good replies? Each dot is a model; whiskers are 95% intervals. The correlations are over models, with bootstrap intervals.")}
            </p>
            <div class="compare-controls">
                <label>
                    {t("Level ")}
                    <select data-control="level" on:change=move |ev| {
                        let level = Level::from_number(event_target_value(&ev).parse().unwrap_or(2)).unwrap_or(Level::Responsibility);
                        set(&|c| { c.level = level; c.category = None; });
                    }>
                        {level_names.into_iter().map(|(l, name)| view! {
                            <option value=l.number().to_string() selected=move || choice().level == l>{name}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t("Automatic metric ")}
                    <select data-control="metric" on:change=move |ev| {
                        let m = if event_target_value(&ev) == "acc_star" { AutoMetric::AccStar } else { AutoMetric::Acc };
                        set(&|c| c.metric = m);
                    }>
                        <option value="acc" selected=move || choice().metric == AutoMetric::Acc>"Acc"</option>
                        <option value="acc_star" selected=move || choice().metric == AutoMetric::AccStar>"Acc*"</option>
                    </select>
                </label>
                <label>
                    {t("Category ")}
                    <select data-control="category" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set(&|c| c.category = (!v.is_empty()).then(|| v.clone()));
                    }>
                        <option value="" selected=move || choice().category.is_none()>{t("Whole level")}</option>
                        {categories}
                    </select>
                </label>
            </div>
            {move || comparison.with(|c| view! { <Statistics comparison=c.clone()/> })}
            <CompareChart comparison state/>
            {move || comparison.with(|c| view! { <RankChanges comparison=c.clone()/> })}
        </section>
    }
}

fn correlation_text(c: &Correlation) -> String {
    match (c.value, c.ci) {
        (Some(v), Some((a, b))) => format!("{v:.3} [{a:.3}, {b:.3}]"),
        (Some(v), None) => format!("{v:.3}"),
        _ => t("undefined (fewer than 2 models, or no variation)").into(),
    }
}

#[component]
fn Statistics(comparison: Comparison) -> impl IntoView {
    let stat = |name: &'static str, label: &'static str, c: Correlation| {
        view! {
            <dt>{label}</dt>
            <dd data-stat=name data-value=cell(c.value)
                data-ci-low=cell(c.ci.map(|v| v.0))
                data-ci-high=cell(c.ci.map(|v| v.1))>
                {correlation_text(&c)}
            </dd>
        }
    };
    view! {
        <dl class="statistics" data-human=comparison.human_metric.clone() data-auto=comparison.auto_metric.clone()>
            <dt>{t("Models")}</dt>
            <dd data-stat="models">{comparison.points.len()}</dd>
            {stat("spearman", t("Spearman ρ [95% interval]"), comparison.spearman)}
            {stat("kendall", t("Kendall τ-b [95% interval]"), comparison.kendall)}
        </dl>
    }
}

#[component]
fn CompareChart(comparison: Memo<Comparison>, state: RwSignal<ViewState>) -> impl IntoView {
    let points = move || {
        let selected = state.with(|s| s.selected.clone());
        comparison.with(|c| {
            c.points
                .iter()
                .filter(|p| selected.is_empty() || selected.contains(&p.id))
                .map(|p| ScatterPoint {
                    label: p.name.clone(),
                    x: p.human,
                    x_ci: p.human_ci,
                    y: p.auto * 100.0,
                    y_ci: p.auto_ci.map(|(a, b)| (a * 100.0, b * 100.0)),
                    highlight: p.called_out,
                })
                .collect::<Vec<_>>()
        })
    };
    let axes =
        move || comparison.with(|c| (c.human_metric.clone(), format!("{} (%)", c.auto_metric)));
    let svg = Signal::derive(move || {
        let (x, y) = axes();
        scatter(&points(), &x, &y)
    });
    let data = Signal::derive(move || {
        let rows: Vec<Vec<String>> = points()
            .into_iter()
            .map(|p| {
                vec![
                    p.label,
                    p.x.to_string(),
                    cell(p.x_ci.map(|c| c.0)),
                    cell(p.x_ci.map(|c| c.1)),
                    p.y.to_string(),
                    cell(p.y_ci.map(|c| c.0)),
                    cell(p.y_ci.map(|c| c.1)),
                ]
            })
            .collect();
        csv(
            &[
                "model",
                "human",
                "human_ci_low",
                "human_ci_high",
                "auto_percent",
                "auto_ci_low",
                "auto_ci_high",
            ],
            &rows,
        )
    });
    let table = Signal::derive(move || {
        let with_ci = |v: f64, ci: Option<(f64, f64)>| match ci {
            Some((a, b)) => format!("{v:.2} [{a:.2}, {b:.2}]"),
            None => format!("{v:.2}"),
        };
        points()
            .into_iter()
            .map(|p| (p.label, vec![with_ci(p.x, p.x_ci), with_ci(p.y, p.y_ci)]))
            .collect()
    });
    view! {
        {move || {
            let (x, y) = axes();
            view! {
                <Figure title=tf("{0} against {1}", &[&x, &y]) stem="human-vs-automatic".into() svg csv=data>
                    <p class="hint">{t("Orange: models called out for a large rank shift.")}</p>
                    <TableView columns=vec![t("Model"), t("Human [95% interval]"), t("Automatic, % [95% interval]")] rows=table/>
                </Figure>
            }
        }}
    }
}

#[component]
fn RankChanges(comparison: Comparison) -> impl IntoView {
    let mut points = comparison.points.clone();
    points.sort_by(|a, b| {
        b.shift
            .abs()
            .total_cmp(&a.shift.abs())
            .then(a.name.cmp(&b.name))
    });
    let callouts = points
        .iter()
        .filter(|p| p.called_out)
        .map(|p| {
            let why = if p.shift > 0.0 {
                t("it recognises the better reply more often than it writes one")
            } else {
                t("it writes better replies than it recognises")
            };
            view! {
                <li data-called-out=p.id.clone()>
                    <strong>{p.name.clone()}</strong>
                    {tf(" ranks {0} on the automatic score but {1} on the human score: {2}.", &[&ordinal(p.auto_rank), &ordinal(p.human_rank), &why])}
                </li>
            }
        })
        .collect_view();
    let rows = points
        .into_iter()
        .map(|p| {
            view! {
                <tr data-model=p.id.clone() class:called-out=p.called_out>
                    <th scope="row">{p.name}</th>
                    <td class="num">{p.human_rank}</td>
                    <td class="num">{p.auto_rank}</td>
                    <td class="num" data-shift=p.shift.to_string()>{format!("{:+}", p.shift)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="rank-changes">
            <h3>{t("Rank changes")}</h3>
            <ul class="callouts">{callouts}</ul>
            <WideTable><table class="data-table" data-testid="rank-changes">
                <thead>
                    <tr>
                        <th scope="col">{t("Model")}</th>
                        <th scope="col">{t("Human rank")}</th>
                        <th scope="col">{t("Automatic rank")}</th>
                        <th scope="col">{t("Shift (human − automatic)")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table></WideTable>
        </section>
    }
}
