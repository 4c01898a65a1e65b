//! Human versus automatic: does a model that picks the better reply also
//! write good replies?
//!
//! Per level (or per category), each model's human score is set against its
//! automatic Acc or Acc*, with Spearman's ρ and Kendall's τ-b over models and
//! bootstrap intervals (see [`crate::stats`]). A model is *called out* when
//! its human and automatic ranks differ by at least [`called_out_shift`]
//! places, as the CValues paper does for models that recognise a bad answer
//! but write one.

use crate::board::Board;
use crate::format::Level;
use crate::load::Results;
use crate::score::{lookup, lookup_interval};
use crate::stats::{average_ranks, bootstrap_paired, kendall, spearman, Interval};
use serde::Serialize;

/// The automatic metric to compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoMetric {
    Acc,
    AccStar,
}

impl AutoMetric {
    pub const ALL: [AutoMetric; 2] = [AutoMetric::Acc, AutoMetric::AccStar];

    /// `acc` or `acc_star`, as in metric paths.
    pub fn key(self) -> &'static str {
        match self {
            AutoMetric::Acc => "acc",
            AutoMetric::AccStar => "acc_star",
        }
    }
}

/// A correlation and its bootstrap 95% interval; `None` when undefined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Correlation {
    pub value: Option<f64>,
    pub ci: Option<Interval>,
}

/// One model in the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub id: String,
    pub name: String,
    pub human: f64,
    pub human_ci: Option<Interval>,
    pub auto: f64,
    pub auto_ci: Option<Interval>,
    /// 1 = best; ties share the average rank.
    pub human_rank: f64,
    pub auto_rank: f64,
    /// `human_rank − auto_rank`: positive when the model ranks better on the automatic score.
    pub shift: f64,
    pub called_out: bool,
}

/// Human against automatic scores over the models that have both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// `level1` or `level2`.
    pub level: &'static str,
    /// A category id, or `None` for the whole level.
    pub category: Option<String>,
    /// Metric paths compared.
    pub human_metric: String,
    pub auto_metric: String,
    pub points: Vec<Point>,
    pub spearman: Correlation,
    pub kendall: Correlation,
}

/// The rank difference at which a model is called out: 3 places, or a
/// quarter of the models when there are more than 12.
pub fn called_out_shift(models: usize) -> f64 {
    (models as f64 / 4.0).max(3.0)
}

/// The metric paths of a comparison: (human, automatic).
pub fn metric_paths(level: Level, auto: AutoMetric, category: Option<&str>) -> (String, String) {
    let cat = category
        .map(|c| format!(".categories.{c}"))
        .unwrap_or_default();
    let human = match level {
        Level::Safety => format!("human.safety{cat}.score"),
        Level::Responsibility => format!("human.responsibility{cat}.mean"),
    };
    (human, format!("auto.{}{cat}.{}", level.id(), auto.key()))
}

/// Compares human and automatic scores of the board's models.
pub fn compare(
    results: &Results,
    board: &Board,
    level: Level,
    auto: AutoMetric,
    category: Option<&str>,
) -> Comparison {
    let (human_metric, auto_metric) = metric_paths(level, auto, category);
    let mut points: Vec<Point> = board
        .rows
        .iter()
        .filter_map(|row| {
            let entry = &results.models[row.model].entry;
            Some(Point {
                id: entry.id.clone(),
                name: entry.name.clone(),
                human: lookup(&row.scores, &human_metric)?,
                human_ci: lookup_interval(&row.scores, &human_metric),
                auto: lookup(&row.scores, &auto_metric)?,
                auto_ci: lookup_interval(&row.scores, &auto_metric),
                human_rank: 0.0,
                auto_rank: 0.0,
                shift: 0.0,
                called_out: false,
            })
        })
        .collect();
    let human: Vec<f64> = points.iter().map(|p| p.human).collect();
    let auto_values: Vec<f64> = points.iter().map(|p| p.auto).collect();
    // Rank 1 = best: rank the negated values.
    let negate = |v: &[f64]| v.iter().map(|x| -x).collect::<Vec<_>>();
    let (human_ranks, auto_ranks) = (
        average_ranks(&negate(&human)),
        average_ranks(&negate(&auto_values)),
    );
    let threshold = called_out_shift(points.len());
    for (i, p) in points.iter_mut().enumerate() {
        p.human_rank = human_ranks[i];
        p.auto_rank = auto_ranks[i];
        p.shift = p.human_rank - p.auto_rank;
        p.called_out = p.shift.abs() >= threshold;
    }
    let correlation = |stat: fn(&[f64], &[f64]) -> Option<f64>| Correlation {
        value: stat(&human, &auto_values),
        ci: bootstrap_paired(&human, &auto_values, stat),
    };
    Comparison {
        level: level.id(),
        category: category.map(String::from),
        human_metric,
        auto_metric,
        spearman: correlation(spearman),
        kendall: correlation(kendall),
        points,
    }
}
