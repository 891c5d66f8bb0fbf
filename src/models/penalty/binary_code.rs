//! Binary codes (Salakhutdinov and Hinton's semantic hashing): Gaussian noise of a chosen
//! scale is added to the sigmoid code units' input while training. A unit near σ(0) = 0.5
//! then flips at random and costs reconstruction error, so training pushes the code towards
//! 0 and 1, where the noise barely moves it; rounded to bits, the code is a hash address.
//!
//! The noise is drawn from the run's seeded batch stream, so the same seed gives the same
//! run; evaluation and every picture use the code without noise.

use nalgebra::DMatrix;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use crate::models::AutoencoderConfig;
use crate::models::problem::{Field, Problem};
use crate::models::vae::fill_standard_normal;
use crate::nn::{Activation, Matrix};

/// Largest noise scale the lab offers: past it the code is a coin toss.
pub const MAX_NOISE: f32 = 16.0;

/// Separates the code noise's stream from the run's other streams.
pub const NOISE_SALT: u64 = 0xb1_7a2b_c0de;

/// A code within this distance of 0 or 1 counts as binary.
pub const BINARY_TOLERANCE: f32 = 0.1;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BinaryCode {
    /// Standard deviation of the noise added to the code units' input (4 in the paper).
    pub noise: f32,
}

impl BinaryCode {
    /// Why these settings cannot have a binary code, if they cannot: the noise scale, and
    /// the code must be sigmoid units. Clashes with other variants are in `models::rules`.
    pub fn problem(&self, m: &AutoencoderConfig) -> Option<String> {
        self.problem_with(m.code_activation)
    }

    /// [`BinaryCode::problem`] from the code's activation, the one setting it reads.
    pub fn problem_with(&self, code_activation: Activation) -> Option<String> {
        if !(self.noise.is_finite() && self.noise > 0.0 && self.noise <= MAX_NOISE) {
            return Some(format!(
                "The binary code's noise scale must be above 0 and at most {MAX_NOISE}; it is {}.",
                self.noise
            ));
        }
        (code_activation != Activation::Sigmoid).then(|| {
            "A binary code needs a sigmoid code: only sigmoid units have 0 and 1 to be pushed to."
                .to_string()
        })
    }

    /// [`BinaryCode::problem`] as a field's problem.
    pub fn problems(&self, m: &AutoencoderConfig, out: &mut Vec<Problem>) {
        out.extend(
            self.problem(m)
                .map(|why| Problem::new(Field::BinaryCode, why)),
        );
    }

    /// Fill `noise` (the batch's `m × code_dim` code noise) from `rng`.
    pub fn fill(&self, rng: &mut StdRng, noise: &mut [f32]) {
        fill_standard_normal(rng, noise);
        noise.iter_mut().for_each(|v| *v *= self.noise);
    }
}

/// Adds the batch's code noise to the code layer's input `z`, when there is noise of its
/// shape (training; evaluation leaves `noise` empty and the code clean).
pub fn add_noise(z: &mut Matrix, noise: &Matrix) {
    if noise.shape() == z.shape() {
        for (v, n) in z.as_mut_slice().iter_mut().zip(noise.as_slice()) {
            *v += n;
        }
    }
}

/// The fraction of code values within [`BINARY_TOLERANCE`] of 0 or 1.
///
/// # Shapes
/// - `codes`: `n × k` → a value in [0, 1] (0 for no values)
pub fn binary_fraction(codes: &DMatrix<f32>) -> f32 {
    let n = codes.len();
    let near = codes
        .iter()
        .filter(|&&v| v.abs() <= BINARY_TOLERANCE || (1.0 - v).abs() <= BINARY_TOLERANCE)
        .count();
    near as f32 / n.max(1) as f32
}

/// The code rounded to bits (`> 0.5` is 1).
pub fn to_bits(codes: &DMatrix<f32>) -> DMatrix<f32> {
    codes.map(|v| if v > 0.5 { 1.0 } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_fraction_counts_values_near_0_or_1() {
        let codes = DMatrix::from_row_slice(2, 3, &[0.0, 0.05, 0.5, 0.95, 1.0, 0.8]);
        assert!((binary_fraction(&codes) - 4.0 / 6.0).abs() < 1e-6);
        assert_eq!(to_bits(&codes).as_slice(), &[0.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
    }
}
