//! Where the codes actually lie, per code dimension.
//!
//! A plain autoencoder's code is unbounded and unscaled: one net puts its digits between −13
//! and 5, another between 0 and 40. Decoder sliders and the manifold grid must span that range
//! (not a fixed ±3) or whole clusters cannot be reached; a few outliers must not stretch it
//! either, so the range is between two percentiles.

use nalgebra::DMatrix;

/// The `lo` and `hi` quantiles (in 0..=1) of each column of `codes`, ignoring non-finite
/// values; `(0, 0)` for a column with none.
///
/// # Shapes
/// - `codes`: n × d (one code per row)
/// - returns: d pairs
pub fn percentile_ranges(codes: &DMatrix<f32>, lo: f32, hi: f32) -> Vec<(f32, f32)> {
    codes
        .column_iter()
        .map(|col| {
            let mut v: Vec<f32> = col.iter().copied().filter(|x| x.is_finite()).collect();
            if v.is_empty() {
                return (0.0, 0.0);
            }
            v.sort_by(f32::total_cmp);
            let at = |q: f32| v[((v.len() - 1) as f32 * q.clamp(0.0, 1.0)).round() as usize];
            (at(lo), at(hi))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_ignore_outliers_and_non_finite_values() {
        // Column 0: 0..=100 and one huge outlier; column 1: a constant and a NaN.
        let n = 102;
        let codes = DMatrix::from_fn(n, 2, |i, j| match (i, j) {
            (101, 0) => 1e6,
            (_, 0) => i as f32,
            (0, 1) => f32::NAN,
            _ => -3.0,
        });
        let r = percentile_ranges(&codes, 0.01, 0.99);
        assert_eq!(r[0], (1.0, 100.0));
        assert_eq!(r[1], (-3.0, -3.0));
        let empty = DMatrix::from_element(3, 1, f32::NAN);
        assert_eq!(percentile_ranges(&empty, 0.01, 0.99), vec![(0.0, 0.0)]);
    }
}
