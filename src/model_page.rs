//! One model's page: its metadata, every score with its interval and rank,
//! per-category breakdowns, and the item explorer.

use crate::explorer::Explorer;
use crate::i18n::{pick, t, tf};
use crate::leaderboard::metric_index;
use crate::number::cell;
use crate::state::ViewState;
use crate::storage::LOCAL_KIND;
use crate::wide_table::WideTable;
use cvalues_core::adjudication::Adjudication;
use cvalues_core::board::Board;
use cvalues_core::format::Level;
use cvalues_core::load::Results;
use cvalues_core::score::{
    format_value, lookup, lookup_interval, Scores, Unit, LEADERBOARD_METRICS,
};
use leptos::prelude::*;

fn interval(unit: Unit, ci: Option<(f64, f64)>) -> String {
    ci.map(|(a, b)| {
        format!(
            "{}–{}",
            format_value(unit, Some(a)),
            format_value(unit, Some(b))
        )
    })
    .unwrap_or_default()
}

/// The model page for `state.model`.
#[component]
pub fn ModelPage(
    results: RwSignal<Results>,
    board: Memo<Board>,
    state: RwSignal<ViewState>,
    adjudications: RwSignal<Vec<Adjudication>>,
) -> impl IntoView {
    let found = move || {
        let id = state.with(|s| s.model.clone())?;
        results.with(|r| r.models.iter().position(|m| m.entry.id == id))
    };
    move || {
        match found() {
        None => view! {
            <section class="model-page" data-testid="model-page">
                <p class="problems" role="alert">
                    {tf("No model {0} in these results. Choose one from the leaderboard.", &[&format!("{:?}", state.with(|s| s.model.clone()).unwrap_or_default())])}
                </p>
            </section>
        }
        .into_any(),
        Some(index) => view! {
            <section class="model-page" data-testid="model-page">
                <Header results index/>
                <ScoreSummary results board index/>
                <Explorer results state index adjudications/>
            </section>
        }
        .into_any(),
    }
    }
}

#[component]
fn Header(results: RwSignal<Results>, index: usize) -> impl IntoView {
    // A model's facts do not change while its page is shown.
    results.with_untracked(|r| {
        let e = &r.models[index].entry;
        let link = e
            .link
            .clone()
            .filter(|l| l.starts_with("https://") || l.starts_with("http://"))
            .map(|l| view! { <a href=l.clone() rel="noopener noreferrer nofollow">{l.clone()}</a> });
        let facts = [
            (t("Organisation"), Some(e.organisation.clone())),
            (t("Type"), Some(crate::storage::kind_label(&e.kind).to_string())),
            (t("Parameters"), e.params_billions.map(|p| format!("{p} B")).or(Some(t("undisclosed").into()))),
            (t("Released"), e.released.as_deref().map(crate::i18n::date)),
            (t("Evaluator family"), e.evaluator.clone()),
        ];
        let problems: Vec<String> = r.models[index].problems.iter().map(|p| crate::i18n::translate(&p.to_string())).collect();
        view! {
            <h2 data-model-name=e.id.clone()>
                {e.name.clone()}
                {(e.kind == LOCAL_KIND).then_some(view! { <span class="badge">{t("local: scored in this browser")}</span> })}
            </h2>
            <dl class="facts">
                {facts.into_iter().filter_map(|(k, v)| v.map(|v| view! { <dt>{k}</dt><dd>{v}</dd> })).collect_view()}
                {link.map(|l| view! { <dt>{t("Link")}</dt><dd>{l}</dd> })}
            </dl>
            {(!problems.is_empty()).then(|| view! {
                <details class="model-problems" open>
                    <summary>{tf("⚠ {0} problem(s) with this model's files", &[&problems.len()])}</summary>
                    <ul>{problems.into_iter().take(50).map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </details>
            })}
        }
    })
}

#[component]
fn ScoreSummary(results: RwSignal<Results>, board: Memo<Board>, index: usize) -> impl IntoView {
    move || {
        board.with(|b| {
            let Some(row) = b.rows.iter().find(|r| r.model == index) else {
                return view! { <p class="hint">{t("This model is hidden by the current filter.")}</p> }.into_any();
            };
            let shown = b.rows.len();
            let headline = LEADERBOARD_METRICS
                .iter()
                .map(|m| {
                    let rank = row.ranks[metric_index(m.path).unwrap_or(0)];
                    let value = lookup(&row.scores, m.path);
                    view! {
                        <tr>
                            <th scope="row">{t(m.label)}</th>
                            <td class="num" data-metric=m.path data-value=cell(value)>
                                {format_value(m.unit, value)}
                            </td>
                            <td class="num">{interval(m.unit, lookup_interval(&row.scores, m.path))}</td>
                            <td class="num">
                                {rank.map(|k| tf("{0} of {1} (plausible {2}–{3}, tie group {4})", &[&k.position, &shown, &k.best, &k.worst, &k.group])).unwrap_or_default()}
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            let s = &row.scores;
            let count = |path: &str| lookup(s, path).map_or("—".into(), |v| v.to_string());
            let counts = ["overall", "level1", "level2"]
                .map(|k| {
                    view! {
                        <tr>
                            <th scope="row">{t(k)}</th>
                            <td class="num">{count(&format!("auto.{k}.total"))}</td>
                            <td class="num" data-count=format!("{k}.other")>{count(&format!("auto.{k}.other"))}</td>
                            <td class="num" data-count=format!("{k}.refuse")>{count(&format!("auto.{k}.refuse"))}</td>
                            <td class="num" data-count=format!("{k}.need_check")>{count(&format!("auto.{k}.need_check"))}</td>
                        </tr>
                    }
                })
                .into_iter()
                .collect_view();
            let breakdowns = results.with(|r| Level::ALL.map(|level| category_table(r, s, level)).into_iter().collect_view());
            view! {
                <h3>{t("Scores")}</h3>
                <WideTable><table class="data-table scores">
                    <thead><tr><th scope="col">{t("Metric")}</th><th scope="col">{t("Value")}</th><th scope="col">{t("95% interval")}</th><th scope="col">{t("Rank")}</th></tr></thead>
                    <tbody>{headline}</tbody>
                </table></WideTable>
                <h3>{t("Multi-choice outcomes")}</h3>
                <WideTable><table class="data-table counts">
                    <thead><tr><th scope="col">""</th><th scope="col">{t("Items")}</th><th scope="col">"Other"</th><th scope="col">"Refuse"</th><th scope="col">"Need_Check"</th></tr></thead>
                    <tbody>{counts}</tbody>
                </table></WideTable>
                {breakdowns}
            }
            .into_any()
        })
    }
}

/// Human and automatic scores per category of one level.
fn category_table(r: &Results, s: &Scores, level: Level) -> impl IntoView {
    let def = r.manifest.benchmark.level(level);
    let (human, unit) = match level {
        Level::Safety => ("human.safety", ("score", Unit::Percent)),
        Level::Responsibility => ("human.responsibility", ("mean", Unit::Rating)),
    };
    let rows = def
        .categories
        .iter()
        .filter_map(|c| {
            let h = format!("{human}.categories.{}.{}", c.id, unit.0);
            let a = format!("auto.{}.categories.{}", level.id(), c.id);
            let v = |p: &str| lookup(s, p);
            // (a category the filter leaves out has no counts)
            let shown = v(&format!("{a}.total")).is_some() || v(&format!("{human}.categories.{}.n", c.id)).is_some();
            shown.then_some((c, h, a, v))
        })
        .map(|(c, h, a, v)| {
            view! {
                <tr>
                    <th scope="row">{pick(&c.name_en, &c.name_zh).to_string()}</th>
                    <td class="num">{format_value(unit.1, v(&h))}</td>
                    <td class="num">{interval(unit.1, lookup_interval(s, &h))}</td>
                    <td class="num">{v(&format!("{human}.categories.{}.n", c.id)).map(|n| n.to_string()).unwrap_or_default()}</td>
                    <td class="num">{format_value(Unit::Proportion, v(&format!("{a}.acc")))}</td>
                    <td class="num">{format_value(Unit::Proportion, v(&format!("{a}.acc_star")))}</td>
                    <td class="num">{v(&format!("{a}.total")).map(|n| n.to_string()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>{tf("{0} by category", &[&pick(&def.name_en, &def.name_zh)])}</h3>
        <WideTable><table class="data-table">
            <thead>
                <tr>
                    <th scope="col">{t("Category")}</th>
                    <th scope="col">{t("Human")}</th>
                    <th scope="col">{t("95% interval")}</th>
                    <th scope="col">"n"</th>
                    <th scope="col">"Acc"</th>
                    <th scope="col">"Acc*"</th>
                    <th scope="col">{t("Items")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table></WideTable>
    }
}
