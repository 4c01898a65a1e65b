//! The statistics of the leaderboard: 95% intervals and rank correlations.
//!
//! - Proportions (safety %, Acc, Acc*): the Wilson score interval.
//! - Means (responsibility): a percentile bootstrap over items, seeded, so
//!   every run and the browser give the same interval. Scores pool several
//!   categories, so the bootstrap is stratified by category: each category's
//!   items are resampled within it ([`bootstrap_sums`], computed once at
//!   load), and the interval of any set of categories is assembled from those
//!   replicate sums ([`pooled_mean_interval`]) without resampling again.
//! - Rank agreement: Spearman's ρ (Pearson on average ranks) and Kendall's
//!   τ-b (tie-corrected), with percentile bootstrap intervals over models.
//!
//! ```
//! let (lo, hi) = cvalues_core::stats::wilson(8, 10).unwrap();
//! assert!(lo < 0.8 && 0.8 < hi);
//! ```

use crate::rng::Rng;

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;
/// Bootstrap resamples per interval.
pub const BOOTSTRAP_RESAMPLES: usize = 1000;
/// The seed of every bootstrap, so intervals are reproducible.
pub const BOOTSTRAP_SEED: u64 = 0x0C0A_10E5;

/// A 95% interval `(low, high)`.
pub type Interval = (f64, f64);

/// Wilson score interval for `k` successes in `n` trials; `None` when `n` is 0.
pub fn wilson(k: u32, n: u32) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    let (k, n) = (f64::from(k), f64::from(n));
    let p = k / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((center - half).max(0.0), (center + half).min(1.0)))
}

/// The `q` quantile (0..=1) of sorted values, linearly interpolated.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Percentile interval of a bootstrap distribution; `None` when it is empty.
/// The same numbers as [`quantile`] on the sorted values, found by selection.
fn percentile_interval(mut stats: Vec<f64>) -> Option<Interval> {
    if stats.is_empty() {
        return None;
    }
    Some((
        selected_quantile(&mut stats, 0.025),
        selected_quantile(&mut stats, 0.975),
    ))
}

/// [`quantile`] of `values` (in any order; they are reordered) without
/// sorting them all: the order statistics at the two positions it blends.
fn selected_quantile(values: &mut [f64], q: f64) -> f64 {
    let pos = q * (values.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let (_, at_lo, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let at_lo = *at_lo;
    let at_hi = if hi == lo {
        at_lo
    } else {
        above
            .iter()
            .copied()
            .min_by(f64::total_cmp)
            .unwrap_or(at_lo)
    };
    at_lo + (at_hi - at_lo) * (pos - lo as f64)
}

/// Percentile bootstrap interval of the mean of `values`; `None` when empty.
pub fn bootstrap_mean(values: &[f64]) -> Option<Interval> {
    let sums = bootstrap_sums(values, BOOTSTRAP_SEED);
    pooled_mean_interval(&[(&sums, values.len())])
}

/// [`BOOTSTRAP_RESAMPLES`] sums of `values` resampled with replacement
/// (empty when `values` is). `seed` should differ between strata.
pub fn bootstrap_sums(values: &[f64], seed: u64) -> Vec<f64> {
    Resamples::new(values.len(), seed).sums(values)
}

/// The draws of [`bootstrap_sums`] for `n` values and a seed, drawn once to
/// be reused: every model answers the same items, so a category's
/// resamples are the same for each, and drawing them is most of the work.
///
/// ```
/// use cvalues_core::stats::{bootstrap_sums, Resamples};
/// let values = [1.0, 2.5, 4.0];
/// let resamples = Resamples::new(values.len(), 7);
/// assert!(resamples.fits(3, 7));
/// assert_eq!(resamples.sums(&values), bootstrap_sums(&values, 7));
/// ```
#[derive(Debug, Clone)]
pub struct Resamples {
    n: usize,
    seed: u64,
    /// Each resample's `n` indices, one resample after another.
    indices: Vec<u32>,
}

impl Resamples {
    /// Draws [`BOOTSTRAP_RESAMPLES`] resamples of `n` indices with `seed`.
    pub fn new(n: usize, seed: u64) -> Resamples {
        let count = u32::try_from(n).expect("fewer than 2^32 items");
        let mut rng = Rng::new(seed);
        let mut indices = Vec::with_capacity(n * BOOTSTRAP_RESAMPLES);
        if n > 0 {
            for _ in 0..BOOTSTRAP_RESAMPLES {
                // Two draws from each random word.
                for _ in 0..count / 2 {
                    let (a, b) = rng.two_below(count);
                    indices.extend([a as u32, b as u32]);
                }
                if count % 2 == 1 {
                    indices.push(rng.two_below(count).0 as u32);
                }
            }
        }
        Resamples { n, seed, indices }
    }

    /// Whether these are the draws for `n` values and `seed`.
    pub fn fits(&self, n: usize, seed: u64) -> bool {
        (self.n, self.seed) == (n, seed)
    }

    /// The sum of each resample of `values`, which must number `n` (empty
    /// when there are none): the hot loop of loading.
    pub fn sums(&self, values: &[f64]) -> Vec<f64> {
        assert_eq!(values.len(), self.n, "resamples drawn for another count");
        if self.n == 0 {
            return Vec::new();
        }
        self.indices
            .chunks_exact(self.n)
            .map(|resample| {
                resample
                    .iter()
                    .fold(0.0, |sum, &i| sum + values[i as usize])
            })
            .collect()
    }
}

/// The percentile interval of the mean over strata, from each stratum's
/// replicate sums and size: replicate `b` has mean Σ sums[b] / Σ n.
/// `None` when there are no items.
pub fn pooled_mean_interval(strata: &[(&[f64], usize)]) -> Option<Interval> {
    let n: usize = strata.iter().map(|(_, n)| n).sum();
    if n == 0 {
        return None;
    }
    let means = (0..BOOTSTRAP_RESAMPLES)
        .map(|b| {
            strata
                .iter()
                .filter(|(_, k)| *k > 0)
                .map(|(sums, _)| sums[b])
                .sum::<f64>()
                / n as f64
        })
        .collect();
    percentile_interval(means)
}

/// Sorts indices by `cmp`, stably: the one index sort, so that the page's
/// wasm carries one copy of the sort code (about 3 KB per copy).
pub fn sort_indices(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Average ranks (1 = smallest), ties sharing the mean of their positions.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    sort_indices(&mut order, &|a, b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Spearman's ρ; `None` for fewer than 2 pairs or when either side is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    pearson(&average_ranks(x), &average_ranks(y))
}

/// Kendall's τ-b; `None` for fewer than 2 pairs or when either side is constant.
pub fn kendall(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    let (mut concordant, mut discordant, mut ties_x, mut ties_y) = (0i64, 0i64, 0i64, 0i64);
    for i in 0..n {
        for j in i + 1..n {
            let dx = x[i].total_cmp(&x[j]) as i64;
            let dy = y[i].total_cmp(&y[j]) as i64;
            match (dx, dy) {
                (0, 0) => {}
                (0, _) => ties_x += 1,
                (_, 0) => ties_y += 1,
                _ if dx == dy => concordant += 1,
                _ => discordant += 1,
            }
        }
    }
    let pairs_x = (concordant + discordant + ties_y) as f64; // pairs not tied in x
    let pairs_y = (concordant + discordant + ties_x) as f64; // pairs not tied in y
    (n >= 2 && pairs_x > 0.0 && pairs_y > 0.0)
        .then(|| (concordant - discordant) as f64 / (pairs_x * pairs_y).sqrt())
}

/// Percentile bootstrap interval of a paired statistic, resampling pairs.
/// Resamples where the statistic is undefined are skipped.
pub fn bootstrap_paired(
    x: &[f64],
    y: &[f64],
    stat: fn(&[f64], &[f64]) -> Option<f64>,
) -> Option<Interval> {
    let n = x.len();
    if n < 2 {
        return None;
    }
    let mut rng = Rng::new(BOOTSTRAP_SEED);
    let (mut bx, mut by) = (vec![0.0; n], vec![0.0; n]);
    let mut stats = Vec::with_capacity(BOOTSTRAP_RESAMPLES);
    for _ in 0..BOOTSTRAP_RESAMPLES {
        for k in 0..n {
            let i = rng.below(n);
            bx[k] = x[i];
            by[k] = y[i];
        }
        stats.extend(stat(&bx, &by));
    }
    percentile_interval(stats)
}
