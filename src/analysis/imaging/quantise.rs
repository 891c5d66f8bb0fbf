//! Lossy compression by quantised codes: each dimension of a code (an autoencoder's, or
//! PCA's coefficients) is cut into 2^b equal steps over its range on the training set, so an
//! image costs `dims × b` bits at fixed length, or what an entropy coder with a model fitted
//! on the training codes spends on it ([`coded_bits`]).

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

    /// Symbols per dimension (2^bits).
    pub fn levels(&self) -> u32 {
        self.levels
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

/// Bits per row that an entropy coder spends on `symbols` (row-major, `cols` a row) when its
/// model is fitted on `train` symbols: per column, the training symbols' frequencies, add-one
/// (Laplace) smoothed over the `levels` symbols so one never seen in training still has a
/// finite cost. The rate is the test symbols' cross-entropy under that model, which an
/// arithmetic coder reaches to within a few bits per image. The model is fixed by the
/// training set and known to coder and decoder alike, so it is not sent.
///
/// Scoring the coded items with their own empirical entropy instead (as the lab once did)
/// fits the model on what it codes: free, too optimistic, and with 200 items never above
/// log2 200 ≈ 7.6 bits a column whatever the code.
pub fn coded_bits(train: &[u32], symbols: &[u32], cols: usize, levels: u32) -> f32 {
    if cols == 0 || symbols.is_empty() {
        return 0.0;
    }
    let (rows, train_rows) = (symbols.len() / cols, train.len() / cols);
    let mut total = 0.0f64;
    let mut counts = vec![0usize; levels as usize];
    for c in 0..cols {
        counts.fill(0);
        for r in 0..train_rows {
            if let Some(n) = counts.get_mut(train[r * cols + c] as usize) {
                *n += 1;
            }
        }
        let denominator = (train_rows + levels as usize) as f64;
        for r in 0..rows {
            let n = counts
                .get(symbols[r * cols + c] as usize)
                .copied()
                .unwrap_or(0);
            total -= ((n + 1) as f64 / denominator).log2();
        }
    }
    (total / rows as f64) as f32
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
    fn more_bits_mean_less_error_and_the_coded_rate_is_near_the_fixed_length_for_uniform_codes() {
        let train = DMatrix::from_fn(200, 2, |r, c| ((r * 37 + c * 11) % 200) as f32 / 200.0);
        let mut last = f32::INFINITY;
        for b in BITS {
            let q = Quantiser::fit(&train, b);
            let (out, symbols) = q.round_trip(&train);
            let err = (&out - &train).norm_squared() / 400.0;
            assert!(err < last, "{b} bits: {err}");
            last = err;
            let h = coded_bits(&symbols, &symbols, 2, q.levels());
            assert!(h <= 2.0 * f32::from(b) + 0.5 && h > 0.0, "{b} bits: {h}");
        }
        // A model of 4 symbols fitted on 0,1 twice each (add-one: 3/8, 3/8, 1/8, 1/8) codes
        // a 0 in log2(8/3) bits and a never-seen 3 in 3 bits.
        let train = [0, 1, 0, 1];
        let want = ((8.0f64 / 3.0).log2() + 3.0) / 2.0;
        assert!((f64::from(coded_bits(&train, &[0, 3], 1, 4)) - want).abs() < 1e-6);
    }

    /// The bug this replaced: 200 items scored with their own empirical entropy (the model
    /// fitted on what it codes, for free) cost too little. Sixteen Gaussian units at 8 bits:
    /// the coded rate is the quantised normal's entropy, h(N(0,1)) − log2(step) a unit, and
    /// well above the 200 items' own entropy.
    #[test]
    fn the_rate_of_200_gaussian_codes_is_their_true_entropy_not_their_own() {
        use rand::{SeedableRng, rngs::StdRng};
        let mut rng = StdRng::seed_from_u64(3);
        let mut normal = || crate::models::noise::normal_pair(&mut rng).0;
        let train = DMatrix::from_fn(8000, 16, |_, _| normal());
        let test = DMatrix::from_fn(200, 16, |_, _| normal());
        let q = Quantiser::fit(&train, 8);
        let (ts, ss) = (q.round_trip(&train).1, q.round_trip(&test).1);
        let rate = f64::from(coded_bits(&ts, &ss, 16, q.levels()));
        let h_normal = 0.5 * (2.0 * std::f64::consts::PI * std::f64::consts::E).log2();
        let truth: f64 = (0..16)
            .map(|c| h_normal - (f64::from(q.hi[c] - q.lo[c]) / 256.0).log2())
            .sum();
        let own: f64 = (0..16)
            .map(|c| {
                let mut counts = std::collections::HashMap::<u32, f64>::new();
                for r in 0..200 {
                    *counts.entry(ss[r * 16 + c]).or_default() += 1.0;
                }
                -counts
                    .values()
                    .map(|n| n / 200.0 * (n / 200.0).log2())
                    .sum::<f64>()
            })
            .sum();
        println!(
            "16 Gaussian units at 8 bits: coded {rate:.1} bits per item, entropy {truth:.1}, \
             the items' own entropy {own:.1}"
        );
        assert!((rate - truth).abs() < 0.04 * truth, "{rate} vs {truth}");
        assert!(rate > own + 5.0, "{rate} vs {own}");
    }
}
