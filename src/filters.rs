//! The filter panel: scenarios, domains, multi-choice difficulty and model
//! type. Every score, rank, chart and statistic follows it.

use crate::i18n::{pick, t};
use crate::state::ViewState;
use cvalues_core::filter::Filter;
use cvalues_core::format::{Difficulty, Level};
use cvalues_core::load::Results;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// One group of checkboxes: how to read and write its part of the filter.
struct Group {
    key: &'static str,
    legend: String,
    /// (value, label) of each option.
    options: Vec<(String, String)>,
    get: fn(&Filter) -> Option<BTreeSet<String>>,
    set: fn(&mut Filter, Option<BTreeSet<String>>),
}

fn groups(results: &Results) -> Vec<Group> {
    let b = &results.manifest.benchmark;
    let categories = |level: Level| {
        b.level(level)
            .categories
            .iter()
            .map(|c| (c.id.clone(), pick(&c.name_en, &c.name_zh).to_string()))
            .collect()
    };
    let mut types: Vec<String> = results
        .models
        .iter()
        .map(|m| m.entry.kind.clone())
        .collect();
    types.sort();
    types.dedup();
    let level = |l: Level, what: &'static str| {
        let def = b.level(l);
        format!("{}: {}", pick(&def.name_en, &def.name_zh), t(what))
    };
    vec![
        Group {
            key: "scenarios",
            legend: level(Level::Safety, "scenarios"),
            options: categories(Level::Safety),
            get: |f| f.scenarios.clone(),
            set: |f, v| f.scenarios = v,
        },
        Group {
            key: "domains",
            legend: level(Level::Responsibility, "domains"),
            options: categories(Level::Responsibility),
            get: |f| f.domains.clone(),
            set: |f, v| f.domains = v,
        },
        Group {
            key: "difficulty",
            legend: t("Multi-choice difficulty").into(),
            options: Difficulty::ALL
                .iter()
                .map(|d| (d.as_str().to_string(), t(d.as_str()).to_string()))
                .collect(),
            get: |f| {
                f.difficulties
                    .as_ref()
                    .map(|s| s.iter().map(|d| d.as_str().to_string()).collect())
            },
            set: |f, v| match v {
                Some(chosen) => f.choose_difficulties(|d| chosen.contains(d)),
                None => f.difficulties = None,
            },
        },
        Group {
            key: "types",
            legend: t("Model type").into(),
            options: types
                .into_iter()
                .map(|kind| (kind.clone(), crate::storage::kind_label(&kind).to_string()))
                .collect(),
            get: |f| f.model_types.clone(),
            set: |f, v| f.model_types = v,
        },
    ]
}

/// The filter panel. Its checkboxes are a module of their own, fetched when
/// the panel first opens (or opens filtered, from a link).
#[component]
pub fn FilterPanel(results: RwSignal<Results>, state: RwSignal<ViewState>) -> impl IntoView {
    let active = move || !state.with(|s| s.filter.is_everything());
    let opened = RwSignal::new(false);
    let fieldsets =
        move || (opened.get() || active()).then(|| crate::split::filter_fields(results, state));
    view! {
        <details class="filters" open=active on:toggle=move |_| opened.set(true)>
            <summary>
                {t("Filter by scenario, domain, difficulty and model type")}
                {move || active().then_some(view! { <span class="badge" data-testid="filter-active">{t("filtered")}</span> })}
            </summary>
            {fieldsets}
            <button type="button" on:click=move |_| state.update(|s| s.filter = Filter::default())>{t("Reset all filters")}</button>
        </details>
    }
}

/// The panel's groups of checkboxes.
#[component]
pub fn FilterFields(results: RwSignal<Results>, state: RwSignal<ViewState>) -> impl IntoView {
    move || {
        results.with(groups) .into_iter()
        .map(|g| {
            let all: BTreeSet<String> = g.options.iter().map(|(v, _)| v.clone()).collect();
            let (get, set) = (g.get, g.set);
            let chosen = move |value: &str| state.with(|s| get(&s.filter).is_none_or(|c| c.contains(value)));
            let choose_all =
                move |on: bool| state.update(|s| set(&mut s.filter, if on { None } else { Some(BTreeSet::new()) }));
            let boxes = g
                .options
                .into_iter()
                .map(|(value, label)| {
                    let all = all.clone();
                    let v = value.clone();
                    let toggle = move |_| {
                        state.update(|s| {
                            let mut c = get(&s.filter).unwrap_or_else(|| all.clone());
                            if !c.remove(&v) {
                                c.insert(v.clone());
                            }
                            set(&mut s.filter, if c == all { None } else { Some(c) });
                        })
                    };
                    let checked = {
                        let value = value.clone();
                        move || chosen(&value)
                    };
                    view! {
                        <label class="choice">
                            <input type="checkbox" data-filter=g.key value=value prop:checked=checked on:change=toggle/>
                            {label}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset data-group=g.key>
                    <legend>{g.legend}</legend>
                    <div class="choices">{boxes}</div>
                    <button type="button" class="link" on:click=move |_| choose_all(true)>{t("all")}</button>
                    " · "
                    <button type="button" class="link" on:click=move |_| choose_all(false)>{t("none")}</button>
                </fieldset>
            }
        })
        .collect_view()
    }
}
