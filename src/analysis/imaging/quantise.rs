//! Lossy compression by quantised codes: each dimension of a code (an autoencoder's, or
//! PCA's coefficients) is cut into 2^b equal steps over its range on the training set, so an
//! image costs `dims × b` bits at fixed length, or the symbols' empirical entropy if they
//! were entropy-coded.

use nalgebra::DMatrix;

/// Bits per dimension the lab offers.
pub const BITS: std::ops::RangeInclusive<u8> = 2..=8;

/// A uniform quantiser per dimension.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantiser {
    lo: Vec<f32>,
    hi: Vec<f32>,
    levels: u32,
}

impl Quantiser {
    /// Ranges from the columns of `train`, with `bits` bits per dimension.
    ///
    /// # Shapes
    /// - `train`: n × k
    pub fn fit(train: &DMatrix<f32>, bits: u8) -> Quantiser {
        let range = |c: usize, f: fn(f32, f32) -> f32, start: f32| {
            train
                .column(c)
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .fold(start, f)
        };
        let lo: Vec<f32> = (0..train.ncols())
            .map(|c| range(c, f32::min, f32::INFINITY))
            .collect();
        let hi: Vec<f32> = (0..train.ncols())
            .map(|c| range(c, f32::max, f32::NEG_INFINITY))
            .collect();
        let fix = |v: f32| if v.is_finite() { v } else { 0.0 };
        Quantiser {
            lo: lo.into_iter().map(fix).collect(),
            hi: hi.into_iter().map(fix).collect(),
            levels: 1u32 << bits.clamp(1, 16),
        }
    }

    /// The symbol (0 ..= levels − 1) of value `v` in dimension `c`.
    pub fn symbol(&self, c: usize, v: f32) -> u32 {
        let (lo, hi) = (self.lo[c], self.hi[c]);
        if hi <= lo || !v.is_finite() {
            return 0;
        }
        let s = ((v - lo) / (hi - lo) * self.levels as f32).floor();
        (s.max(0.0) as u32).min(self.levels - 1)
    }

    /// The value a symbol stands for: the middle of its step.
    pub fn value(&self, c: usize, s: u32) -> f32 {
        let (lo, hi) = (self.lo[c], self.hi[c]);
        if hi <= lo {
            return lo;
        }
        lo + (s as f32 + 0.5) * (hi - lo) / self.levels as f32
    }

    /// Every value of `x` replaced by its step's middle, and the symbols (row-major).
    pub fn round_trip(&self, x: &DMatrix<f32>) -> (DMatrix<f32>, Vec<u32>) {
        let mut symbols = vec![0u32; x.nrows() * x.ncols()];
        let out = DMatrix::from_fn(x.nrows(), x.ncols(), |r, c| {
            let s = self.symbol(c, x[(r, c)]);
            symbols[r * x.ncols() + c] = s;
            self.value(c, s)
        });
        (out, symbols)
    }
}

/// Bits per row if each column's symbols were entropy-coded with their own empirical
/// distribution: Σ_c H(column c).
pub fn entropy_bits(symbols: &[u32], cols: usize) -> f32 {
    if cols == 0 || symbols.is_empty() {
        return 0.0;
    }
    let rows = symbols.len() / cols;
    let mut total = 0.0f64;
    for c in 0..cols {
        let mut counts = std::collections::HashMap::<u32, usize>::new();
        for r in 0..rows {
            *counts.entry(symbols[r * cols + c]).or_default() += 1;
        }
        total -= counts
            .values()
            .map(|&n| {
                let p = n as f64 / rows as f64;
                p * p.log2()
            })
            .sum::<f64>();
    }
    total as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_land_in_the_middle_of_their_step_and_the_ends_are_kept() {
        let train = DMatrix::from_column_slice(3, 1, &[0.0, 0.5, 1.0]);
        let q = Quantiser::fit(&train, 2);
        // Steps of 0.25: 0.1 → step 0 → 0.125; 1.0 (the top) → step 3 → 0.875.
        assert_eq!(q.symbol(0, 0.1), 0);
        assert!((q.value(0, 0) - 0.125).abs() < 1e-6);
        assert_eq!(q.symbol(0, 1.0), 3);
        assert_eq!(q.symbol(0, 7.0), 3, "beyond the training range: clamped");
        assert_eq!(q.symbol(0, -1.0), 0);
        let (out, symbols) = q.round_trip(&DMatrix::from_column_slice(2, 1, &[0.3, 0.6]));
        assert_eq!(symbols, vec![1, 2]);
        assert!((out[(0, 0)] - 0.375).abs() < 1e-6 && (out[(1, 0)] - 0.625).abs() < 1e-6);
        // A constant dimension costs nothing and comes back exactly.
        let flat = Quantiser::fit(&DMatrix::from_element(4, 1, 0.3), 4);
        assert_eq!(
            flat.round_trip(&DMatrix::from_element(1, 1, 0.3)).0[(0, 0)],
            0.3
        );
    }

    #[test]
    fn more_bits_mean_less_error_and_entropy_is_at_most_the_fixed_length() {
        let train = DMatrix::from_fn(200, 2, |r, c| ((r * 37 + c * 11) % 200) as f32 / 200.0);
        let mut last = f32::INFINITY;
        for b in BITS {
            let q = Quantiser::fit(&train, b);
            let (out, symbols) = q.round_trip(&train);
            let err = (&out - &train).norm_squared() / 400.0;
            assert!(err < last, "{b} bits: {err}");
            last = err;
            let h = entropy_bits(&symbols, 2);
            assert!(h <= 2.0 * f32::from(b) + 1e-4 && h > 0.0, "{h}");
        }
        // Two equally likely symbols in one column and one symbol in the other: 1 bit.
        assert!((entropy_bits(&[0, 5, 1, 5, 0, 5, 1, 5], 2) - 1.0).abs() < 1e-6);
    }
}
