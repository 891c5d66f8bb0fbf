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

use super::AutoencoderConfig;
use super::regularize::Regularization;
use super::vae::fill_standard_normal;
use crate::nn::Activation;

/// Largest noise scale the lab offers: past it the code is a coin toss.
pub const MAX_NOISE: f32 = 16.0;

/// A code within this distance of 0 or 1 counts as binary.
pub const BINARY_TOLERANCE: f32 = 0.1;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BinaryCode {
    /// Standard deviation of the noise added to the code units' input (4 in the paper).
    pub noise: f32,
}

impl BinaryCode {
    /// Why these settings cannot have a binary code, if they cannot. The combinations:
    /// the code must be sigmoid units; the VAE samples its code and the concrete selector
    /// is its code, so neither has units to push; pretraining trains stand-alone stages the
    /// noise is not part of; the contractive penalty's Jacobian would be taken of noisy
    /// units. k-sparse codes, activity penalties and input noise combine freely.
    pub fn problem(&self, m: &AutoencoderConfig, r: &Regularization) -> Option<String> {
        self.problem_with(m.code_activation, m.vae.is_some(), r)
    }

    /// [`BinaryCode::problem`] from the parts of the settings it reads.
    pub fn problem_with(
        &self,
        code_activation: Activation,
        vae: bool,
        r: &Regularization,
    ) -> Option<String> {
        if !(self.noise.is_finite() && self.noise > 0.0 && self.noise <= MAX_NOISE) {
            return Some(format!(
                "The binary code's noise scale must be above 0 and at most {MAX_NOISE}; it is {}.",
                self.noise
            ));
        }
        let clash = if code_activation != Activation::Sigmoid {
            "needs a sigmoid code: only sigmoid units have 0 and 1 to be pushed to"
        } else if vae {
            "does not combine with the VAE, whose code is sampled"
        } else if r.concrete.is_some() {
            "does not combine with the concrete selector, whose code is the selected pixels"
        } else if r.pretrain.is_some() {
            "does not combine with layer-wise pretraining, whose stages train without the noise"
        } else if r.contractive.is_some() {
            "does not combine with the contractive penalty, which would differentiate the noise"
        } else {
            return None;
        };
        Some(format!("A binary code {clash}."))
    }

    /// Fill `noise` (the batch's `m × code_dim` code noise) from `rng`.
    pub fn fill(&self, rng: &mut StdRng, noise: &mut [f32]) {
        fill_standard_normal(rng, noise);
        noise.iter_mut().for_each(|v| *v *= self.noise);
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
