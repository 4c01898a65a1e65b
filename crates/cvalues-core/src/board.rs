//! The leaderboard over a filter: each shown model's scores, and per metric
//! its rank with uncertainty.
//!
//! **Rank rule.** Model A is *significantly above* model B on a metric when
//! A's 95% interval lies entirely above B's (the intervals do not overlap).
//! A's rank interval is `best = 1 + (models significantly above A)` to
//! `worst = (models with a value) − (models significantly below A)`.
//! **Tie groups**: walking the models from best to worst value, a model
//! starts a new group when it is significantly below the first model of the
//! current group; otherwise it shares that group. Models without a value
//! have no rank.
//!
//! ```no_run
//! # let results: cvalues_core::load::Results = unimplemented!();
//! use cvalues_core::{board::board, filter::Filter};
//! let b = board(&results, &Filter::default());
//! let first = &b.rows[0];
//! println!("{:?}", first.ranks[0]); // rank on the first leaderboard metric
//! ```

use crate::filter::Filter;
use crate::load::Results;
use crate::score::{lookup, lookup_interval, score_model, Scores, LEADERBOARD_METRICS};
use crate::stats::{sort_indices, Interval};
use serde::Serialize;

/// A model's standing on one metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rank {
    /// Position when sorted by value, best first (1-based).
    pub position: usize,
    /// The best rank the model could plausibly have.
    pub best: usize,
    /// The worst rank the model could plausibly have.
    pub worst: usize,
    /// Its tie group (1 = the top group).
    pub group: usize,
}

/// One shown model.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    /// Index into `Results::models`.
    pub model: usize,
    /// Its scores (serialized, the `scores` of `cvalues score --json`).
    pub scores: Scores,
    /// Parallel to [`LEADERBOARD_METRICS`]; `None` where the value is undefined.
    pub ranks: Vec<Option<Rank>>,
}

/// The models a filter shows, in manifest order, with scores and ranks.
#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    pub rows: Vec<BoardRow>,
}

/// Scores and ranks every model the filter shows.
pub fn board(results: &Results, filter: &Filter) -> Board {
    let rows = (0..results.models.len())
        .filter_map(|i| board_row(results, i, filter))
        .collect();
    rank_rows(rows)
}

/// Model `model`'s row of the board, scored but not ranked; `None` if
/// `filter` leaves the model out. [`board`] is [`rank_rows`] of every
/// model's row: a caller that must not run long can score a model at a time.
pub fn board_row(results: &Results, model: usize, filter: &Filter) -> Option<BoardRow> {
    let m = &results.models[model];
    filter.includes_model(&m.entry).then(|| BoardRow {
        model,
        scores: score_model(results, m, filter),
        ranks: vec![None; LEADERBOARD_METRICS.len()],
    })
}

/// The board of `rows` ([`board_row`]s, in model order): each ranked, with
/// its tie group, on every leaderboard metric.
pub fn rank_rows(mut rows: Vec<BoardRow>) -> Board {
    for (k, metric) in LEADERBOARD_METRICS.iter().enumerate() {
        let values: Vec<Option<(f64, Interval)>> = rows
            .iter()
            .map(|r| {
                let v = lookup(&r.scores, metric.path)?;
                Some((v, lookup_interval(&r.scores, metric.path).unwrap_or((v, v))))
            })
            .collect();
        for (row, rank) in rows.iter_mut().zip(rank_with_ties(&values)) {
            row.ranks[k] = rank;
        }
    }
    Board { rows }
}

/// Ranks values with their intervals (higher is better), as the module doc says.
pub fn rank_with_ties(values: &[Option<(f64, Interval)>]) -> Vec<Option<Rank>> {
    let mut order: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_some()).collect();
    sort_indices(&mut order, &|a, b| {
        let (va, vb) = (values[a].unwrap().0, values[b].unwrap().0);
        vb.total_cmp(&va).then(a.cmp(&b))
    });
    let defined = order.len();
    let above = |a: Interval, b: Interval| a.0 > b.1; // a significantly above b
    let mut ranks = vec![None; values.len()];
    let (mut group, mut group_top) = (0, None::<Interval>);
    for (pos, &i) in order.iter().enumerate() {
        let (_, ci) = values[i].unwrap();
        let others = order
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| values[j].unwrap().1);
        let better = others.clone().filter(|&o| above(o, ci)).count();
        let worse = others.filter(|&o| above(ci, o)).count();
        if group_top.is_none_or(|top| above(top, ci)) {
            group += 1;
            group_top = Some(ci);
        }
        ranks[i] = Some(Rank {
            position: pos + 1,
            best: 1 + better,
            worst: defined - worse,
            group,
        });
    }
    ranks
}
