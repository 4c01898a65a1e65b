//! The statistics against hand computations and independent formulas.

mod common;

use cvalues_core::board::{rank_with_ties, Rank};
use cvalues_core::rng::Rng;
use cvalues_core::stats::{bootstrap_mean, bootstrap_paired, kendall, spearman, wilson, Z95};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// Wilson's interval as the roots of (p̂ − p)² = z² p (1 − p) / n.
fn wilson_by_quadratic(k: f64, n: f64) -> (f64, f64) {
    let (p, z2) = (k / n, Z95 * Z95);
    let (a, b, c) = (1.0 + z2 / n, -(2.0 * p + z2 / n), p * p);
    let d = (b * b - 4.0 * a * c).sqrt();
    ((-b - d) / (2.0 * a), (-b + d) / (2.0 * a))
}

#[test]
fn wilson_matches_the_quadratic_and_known_values() {
    let (lo, hi) = wilson(8, 10).unwrap();
    assert!(
        (lo - 0.4901625).abs() < 1e-6 && (hi - 0.9433178).abs() < 1e-6,
        "{lo} {hi}"
    );
    for (k, n) in [(0, 5), (5, 5), (1, 2), (37, 100), (2298, 2549), (1, 1300)] {
        let (lo, hi) = wilson(k, n).unwrap();
        let (qlo, qhi) = wilson_by_quadratic(f64::from(k), f64::from(n));
        assert!(
            (lo - qlo.max(0.0)).abs() < 1e-12 && (hi - qhi.min(1.0)).abs() < 1e-12,
            "{k}/{n}"
        );
    }
    assert_eq!(wilson(0, 0), None);
}

#[test]
fn spearman_and_kendall_by_hand_with_ties() {
    let x = [1.0, 2.0, 3.0, 4.0, 5.0];
    let y = [5.0, 6.0, 7.0, 8.0, 7.0];
    // Ranks of y: 1, 2, 3.5, 5, 3.5; Pearson with 1..5 is 8 / sqrt(10 * 9.5).
    assert!(close(spearman(&x, &y).unwrap(), 8.0 / (95.0f64).sqrt()));
    // 8 concordant, 1 discordant, 1 pair tied in y: (8 - 1) / sqrt(10 * 9).
    assert!(close(kendall(&x, &y).unwrap(), 7.0 / (90.0f64).sqrt()));
    assert_eq!(
        spearman(&x, &[1.0; 5]),
        None,
        "a constant side has no correlation"
    );
    assert_eq!(kendall(&[1.0], &[2.0]), None);
}

#[test]
fn spearman_matches_the_classic_formula_without_ties() {
    let mut rng = Rng::new(3);
    for _ in 0..200 {
        let n = 3 + rng.below(12);
        let mut y: Vec<f64> = (0..n).map(|i| i as f64).collect();
        for i in (1..n).rev() {
            y.swap(i, rng.below(i + 1));
        }
        let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let d2: f64 = x.iter().zip(&y).map(|(a, b)| (a - b) * (a - b)).sum();
        let nf = n as f64;
        let classic = 1.0 - 6.0 * d2 / (nf * (nf * nf - 1.0));
        assert!((spearman(&x, &y).unwrap() - classic).abs() < 1e-9);
        // Kendall without ties: (C - D) / (n (n - 1) / 2), counted directly.
        let (mut c, mut d) = (0.0, 0.0);
        for i in 0..n {
            for j in i + 1..n {
                if (y[j] - y[i]) * (x[j] - x[i]) > 0.0 {
                    c += 1.0
                } else {
                    d += 1.0
                }
            }
        }
        assert!((kendall(&x, &y).unwrap() - (c - d) / (nf * (nf - 1.0) / 2.0)).abs() < 1e-12);
    }
}

#[test]
fn bootstrap_mean_is_seeded_and_near_the_normal_interval() {
    let mut rng = Rng::new(11);
    let values: Vec<f64> = (0..800).map(|_| (1.0 + 9.0 * rng.unit()).round()).collect();
    let (lo, hi) = bootstrap_mean(&values).unwrap();
    assert_eq!(
        bootstrap_mean(&values),
        Some((lo, hi)),
        "same input, same interval"
    );
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half = Z95 * sd / n.sqrt();
    assert!(lo < mean && mean < hi);
    assert!(
        ((hi - lo) / 2.0 - half).abs() < 0.15 * half,
        "bootstrap {lo}..{hi} vs normal ±{half}"
    );
    assert_eq!(bootstrap_mean(&[]), None);
    assert_eq!(bootstrap_mean(&[4.0, 4.0]), Some((4.0, 4.0)));
}

#[test]
fn correlation_intervals_contain_the_estimate() {
    let x: Vec<f64> = (0..12).map(f64::from).collect();
    let y: Vec<f64> = x
        .iter()
        .map(|v| v + if (*v as i32) % 3 == 0 { 4.0 } else { 0.0 })
        .collect();
    for stat in [spearman as fn(&[f64], &[f64]) -> Option<f64>, kendall] {
        let value = stat(&x, &y).unwrap();
        let (lo, hi) = bootstrap_paired(&x, &y, stat).unwrap();
        assert!(lo <= value && value <= hi && lo < hi, "{lo} {value} {hi}");
    }
}

#[test]
fn ranks_and_tie_groups_by_hand() {
    // Values with intervals (higher is better); the last one undefined.
    let values = [
        Some((0.90, (0.88, 0.92))), // A
        Some((0.89, (0.86, 0.91))), // B: overlaps A
        Some((0.80, (0.78, 0.82))), // C: below A and B
        Some((0.79, (0.70, 0.87))), // D: overlaps B and C, below A
        None,                       // E
    ];
    let r = rank_with_ties(&values);
    let rank = |position, best, worst, group| {
        Some(Rank {
            position,
            best,
            worst,
            group,
        })
    };
    assert_eq!(r[0], rank(1, 1, 2, 1));
    assert_eq!(
        r[1],
        rank(2, 1, 3, 1),
        "B ties A; only C is significantly below B"
    );
    assert_eq!(r[2], rank(3, 3, 4, 2), "C is below A and B: a new group");
    assert_eq!(
        r[3],
        rank(4, 2, 4, 2),
        "D is below A only; it stays in C's group"
    );
    assert_eq!(r[4], None);
}

#[test]
fn bootstrap_intervals_equal_the_quantiles_of_the_sorted_replicates() {
    use cvalues_core::stats::{bootstrap_sums, pooled_mean_interval, quantile};
    for n in [1usize, 2, 3, 7, 40, 801] {
        let values: Vec<f64> = (0..n).map(|i| ((i * 7919) % 11) as f64 / 2.0).collect();
        let sums = bootstrap_sums(&values, 42);
        let mut means: Vec<f64> = sums.iter().map(|s| s / n as f64).collect();
        means.sort_by(f64::total_cmp);
        let want = (quantile(&means, 0.025), quantile(&means, 0.975));
        assert_eq!(pooled_mean_interval(&[(&sums, n)]), Some(want), "n = {n}");
    }
}

/// The bootstrap's draws, as first written: two indices from each random
/// word, summed as drawn. Intervals published earlier stay the same.
fn bootstrap_sums_as_drawn(values: &[f64], seed: u64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let n = values.len() as u32;
    (0..cvalues_core::stats::BOOTSTRAP_RESAMPLES)
        .map(|_| {
            let mut sum = 0.0;
            for _ in 0..n / 2 {
                let (a, b) = rng.two_below(n);
                sum += values[a];
                sum += values[b];
            }
            if n % 2 == 1 {
                sum += values[rng.two_below(n).0];
            }
            sum
        })
        .collect()
}

#[test]
fn resamples_drawn_once_give_the_sums_drawn_each_time() {
    use cvalues_core::stats::{bootstrap_sums, Resamples};
    for n in [1usize, 2, 3, 40, 101] {
        let resamples = Resamples::new(n, 9);
        assert!(resamples.fits(n, 9) && !resamples.fits(n, 10) && !resamples.fits(n + 1, 9));
        for shift in [0.0, 0.1, 3.7] {
            let values: Vec<f64> = (0..n).map(|i| (i % 7) as f64 * 1.3 + shift).collect();
            let want = bootstrap_sums_as_drawn(&values, 9);
            let bits = |s: &[f64]| s.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&resamples.sums(&values)), bits(&want), "n = {n}");
            assert_eq!(bits(&bootstrap_sums(&values, 9)), bits(&want), "n = {n}");
        }
    }
    assert!(bootstrap_sums(&[], 9).is_empty());
}

/// Every model's replicate sums, whose draws the loader keeps from the
/// first model for the rest, are that model's own bootstrap: the sums of
/// its ratings in each category, drawn with that category's seed.
#[test]
fn each_models_rating_replicates_are_its_own_bootstrap() {
    use cvalues_core::load::Loader;
    use cvalues_core::stats::{bootstrap_sums, BOOTSTRAP_SEED};
    let (manifest, files) = common::shipped();
    let mut loader = Loader::new("results", manifest, &files);
    while loader.load_next(&files) {}
    let results = loader.finish();
    let mut checked = 0;
    for model in &results.models {
        let outcomes = &model.outcomes;
        for (category, (sums, n)) in outcomes.rating_replicates.iter().enumerate() {
            let values: Vec<f64> = outcomes
                .responsibility
                .iter()
                .filter(|&&(item, _)| results.bank.prompt_placement[item].category == category)
                .map(|&(_, rating)| rating)
                .collect();
            assert_eq!(*n, values.len());
            let want = bootstrap_sums(&values, BOOTSTRAP_SEED ^ category as u64);
            assert_eq!(sums, &want, "{} category {category}", model.entry.id);
            checked += 1;
        }
    }
    // Eleven of the twelve demo models have level-2 ratings, in 8 categories.
    assert!(checked >= 80, "only {checked} categories checked");
}
