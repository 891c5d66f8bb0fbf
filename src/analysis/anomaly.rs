//! Anomaly detection by a score per item (reconstruction error, or distance to the normal
//! data): the ROC curve and its area, and what one threshold gives.
//!
//! Anomalies are the positives and a higher score means more anomalous.

use nalgebra::DMatrix;

/// The area under the ROC curve: the chance that a random anomaly scores above a random
/// normal item, ties counting half (the Mann-Whitney U statistic over n·m). 0.5 when either
/// side is empty. Computed from ranks in O((n + m) log(n + m)).
pub fn auc(normal: &[f32], anomalous: &[f32]) -> f32 {
    if normal.is_empty() || anomalous.is_empty() {
        return 0.5;
    }
    let mut all: Vec<(f32, bool)> = normal
        .iter()
        .map(|&s| (s, false))
        .chain(anomalous.iter().map(|&s| (s, true)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Sum of the anomalies' ranks (1-based), tied scores sharing their mean rank.
    let mut rank_sum = 0.0f64;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j + 1 < all.len() && all[j + 1].0.total_cmp(&all[i].0).is_eq() {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += mean_rank * all[i..=j].iter().filter(|a| a.1).count() as f64;
        i = j + 1;
    }
    let (n, m) = (normal.len() as f64, anomalous.len() as f64);
    ((rank_sum - m * (m + 1.0) / 2.0) / (n * m)) as f32
}

/// The ROC curve: (false-positive rate, true-positive rate) for every threshold, from
/// flagging nothing to flagging everything.
pub fn roc(normal: &[f32], anomalous: &[f32]) -> Vec<(f32, f32)> {
    let mut all: Vec<(f32, bool)> = normal
        .iter()
        .map(|&s| (s, false))
        .chain(anomalous.iter().map(|&s| (s, true)))
        .collect();
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (n, m) = (normal.len().max(1) as f32, anomalous.len().max(1) as f32);
    let (mut fp, mut tp) = (0usize, 0usize);
    let mut out = vec![(0.0, 0.0)];
    let mut i = 0;
    while i < all.len() {
        // Items with equal scores are flagged together: one step of the curve.
        let mut j = i;
        while j < all.len() && all[j].0.total_cmp(&all[i].0).is_eq() {
            if all[j].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            j += 1;
        }
        out.push((fp as f32 / n, tp as f32 / m));
        i = j;
    }
    out
}

/// What flagging every score above `threshold` gives.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Confusion {
    pub true_positives: usize,
    pub false_positives: usize,
    pub true_negatives: usize,
    pub false_negatives: usize,
}

impl Confusion {
    pub fn at(normal: &[f32], anomalous: &[f32], threshold: f32) -> Confusion {
        let fp = normal.iter().filter(|&&s| s > threshold).count();
        let tp = anomalous.iter().filter(|&&s| s > threshold).count();
        Confusion {
            true_positives: tp,
            false_positives: fp,
            true_negatives: normal.len() - fp,
            false_negatives: anomalous.len() - tp,
        }
    }

    /// Share of flagged items that are anomalies (1 when nothing is flagged).
    pub fn precision(&self) -> f32 {
        let flagged = self.true_positives + self.false_positives;
        if flagged == 0 {
            1.0
        } else {
            self.true_positives as f32 / flagged as f32
        }
    }

    /// Share of anomalies flagged.
    pub fn recall(&self) -> f32 {
        let all = self.true_positives + self.false_negatives;
        if all == 0 {
            0.0
        } else {
            self.true_positives as f32 / all as f32
        }
    }
}

/// Each row's mean squared error between `x` and its reconstruction `y`.
///
/// # Shapes
/// - `x`, `y`: n × d → n scores
pub fn reconstruction_scores(x: &DMatrix<f32>, y: &DMatrix<f32>) -> Vec<f32> {
    let d = x.ncols().max(1) as f32;
    x.row_iter()
        .zip(y.row_iter())
        .map(|(a, b)| (a - b).norm_squared() / d)
        .collect()
}

/// Each row's Euclidean distance to its `k`-th nearest row of `reference` (k ≥ 1).
///
/// # Shapes
/// - `reference`: r × d, `x`: n × d → n scores
pub fn kth_nearest_distance(reference: &DMatrix<f32>, x: &DMatrix<f32>, k: usize) -> Vec<f32> {
    let k = k.clamp(1, reference.nrows().max(1));
    // ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b, with the products as one matrix multiply.
    let rn: Vec<f32> = reference.row_iter().map(|r| r.norm_squared()).collect();
    let cross = x * reference.transpose();
    x.row_iter()
        .enumerate()
        .map(|(i, row)| {
            let xn = row.norm_squared();
            let mut d2: Vec<f32> = (0..reference.nrows())
                .map(|j| (xn + rn[j] - 2.0 * cross[(i, j)]).max(0.0))
                .collect();
            if d2.is_empty() {
                return 0.0;
            }
            d2.select_nth_unstable_by(k - 1, f32::total_cmp);
            d2[k - 1].sqrt()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    /// The definition: over every (normal, anomaly) pair, 1 when the anomaly scores higher,
    /// ½ on a tie.
    fn pairwise(normal: &[f32], anomalous: &[f32]) -> f64 {
        let mut s = 0.0;
        for &a in anomalous {
            for &n in normal {
                s += if a > n {
                    1.0
                } else if a == n {
                    0.5
                } else {
                    0.0
                };
            }
        }
        s / (normal.len() * anomalous.len()) as f64
    }

    #[test]
    fn auc_is_the_mann_whitney_statistic_ties_counting_half() {
        let mut rng = StdRng::seed_from_u64(2);
        for _ in 0..20 {
            // Scores on a coarse grid, so ties are common.
            let n: Vec<f32> = (0..37).map(|_| rng.random_range(0..8) as f32).collect();
            let a: Vec<f32> = (0..23).map(|_| rng.random_range(2..10) as f32).collect();
            assert!((f64::from(auc(&n, &a)) - pairwise(&n, &a)).abs() < 1e-5);
            // The ROC curve's area (trapezoids) is the same number.
            let r = roc(&n, &a);
            let area: f64 = r
                .windows(2)
                .map(|w| f64::from(w[1].0 - w[0].0) * f64::from(w[1].1 + w[0].1) / 2.0)
                .sum();
            assert!((area - pairwise(&n, &a)).abs() < 1e-5);
            assert_eq!(*r.last().unwrap_or(&(0.0, 0.0)), (1.0, 1.0));
        }
        assert_eq!(auc(&[1.0, 2.0], &[3.0]), 1.0);
        assert_eq!(auc(&[3.0], &[1.0, 2.0]), 0.0);
        assert_eq!(auc(&[], &[1.0]), 0.5);
    }

    #[test]
    fn a_threshold_gives_known_counts() {
        let c = Confusion::at(&[0.1, 0.2, 0.6], &[0.5, 0.7, 0.9, 0.3], 0.4);
        assert_eq!(
            (
                c.true_positives,
                c.false_positives,
                c.true_negatives,
                c.false_negatives
            ),
            (3, 1, 2, 1)
        );
        assert!((c.precision() - 0.75).abs() < 1e-6 && (c.recall() - 0.75).abs() < 1e-6);
    }

    #[test]
    fn scores_by_error_and_by_distance() {
        let x = DMatrix::from_row_slice(2, 2, &[0.0, 0.0, 3.0, 4.0]);
        let y = DMatrix::from_row_slice(2, 2, &[0.0, 1.0, 3.0, 4.0]);
        assert_eq!(reconstruction_scores(&x, &y), vec![0.5, 0.0]);
        let reference = DMatrix::from_row_slice(3, 2, &[0.0, 0.0, 0.0, 1.0, 10.0, 10.0]);
        let d = kth_nearest_distance(&reference, &x, 2);
        assert!(
            (d[0] - 1.0).abs() < 1e-5 && (d[1] - 5.0).abs() < 1e-4,
            "{d:?}"
        );
    }
}
