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

use super::dial::{Dial, DialIds, DialView, Reading};
use crate::mathml::*;
use crate::models::AutoencoderConfig;
use crate::models::problem::{Clash, Part, PartInfo, Problem};
use crate::models::vae::{self, fill_standard_normal};
use crate::models::{concrete, stack};
use crate::nn::{Activation, Matrix};

/// The option in the rule table.
pub const PART: Part = Part(&PartInfo {
    label: "a binary code",
    owner: None,
});

/// The pairs it gives way in (its clash with the Jacobian penalty is in that one's file).
pub const CLASHES: [Clash; 3] = [
    Clash {
        a: vae::PART,
        b: PART,
        why: "the VAE's code is sampled, not pushed to 0 and 1",
    },
    Clash {
        a: concrete::PART,
        b: PART,
        why: "the concrete code is the selected pixels, with no units to push to 0 and 1",
    },
    Clash {
        a: stack::PART,
        b: PART,
        why: "the pretraining stages train without the code noise",
    },
];

/// The paper's noise scale: strong enough that only codes near 0 or 1 survive it.
const START_NOISE: f32 = 4.0;

/// The option on the page and in links.
pub const DIAL: Dial = Dial {
    part: PART,
    key: "binary",
    whole: false,
    live: true,
    start: |_| START_NOISE,
    check: |noise, m, _, out| BinaryCode { noise }.problems(m, out),
    readout: Some(readout),
};

/// The option's control on the page.
pub const VIEW: DialView = DialView {
    ids: DialIds {
        on: "binary-on",
        reason: "binary-reason",
        knob: "binary-noise",
        note: "binary-note",
    },
    title: "Binary code",
    tooltip: "Semantic hashing: noise added to the sigmoid code units' input while training \
              pushes each unit to 0 or 1, so the code can be read as bits.",
    label: "Noise scale σ on the code's input",
    help: "Standard deviation of the training noise; larger pushes harder towards 0 and 1.",
    range: (0.1, MAX_NOISE),
    note: Some(|_, _| {
        "The comparison table shows how many code values are within 0.1 of 0 or 1, and the \
         error when the code is rounded to bits."
            .into()
    }),
    formula,
};

/// The label of [`binary_fraction`]'s reading (what a lesson's check looks for).
pub const FRACTION: &str = "Code values within 0.1 of 0 or 1";

/// How binary the code has become, and what rounding it to bits costs.
fn readout(
    codes: &DMatrix<f32>,
    decode: &dyn Fn(&DMatrix<f32>) -> DMatrix<f32>,
    x: &DMatrix<f32>,
) -> Vec<Reading> {
    let rounded = decode(&to_bits(codes));
    let sum: f64 = rounded
        .iter()
        .zip(x.iter())
        .map(|(r, v)| f64::from(r - v).powi(2))
        .sum();
    let bits_mse = (sum / x.len().max(1) as f64) as f32;
    vec![
        Reading {
            label: FRACTION.into(),
            value: binary_fraction(codes),
            percent: true,
        },
        Reading {
            label: "MSE per value, code rounded to 0/1".into(),
            value: bits_mse,
            percent: false,
        },
    ]
}

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
    /// the code must be sigmoid units. Clashes with other variants are in [`CLASHES`].
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
        out.extend(self.problem(m).map(|why| Problem::new(PART.field(), why)));
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

fn formula(sigma: f32) -> String {
    let h_j = || sub(mi("h"), mi("j"));
    math(&[
        h_j(),
        mo("="),
        upright("sigmoid"),
        paren(row(&[
            sub(mi("a"), mi("j")),
            mo("+"),
            mi("σ"),
            sub(mi("ε"), mi("j")),
        ])),
        mo(","),
        sub(mi("ε"), mi("j")),
        mo("∼"),
        mi("𝒩"),
        paren(row(&[mn(0), mo(","), mn(1)])),
        text(" while training"),
        line_break(),
        text("bit "),
        mo("="),
        bracket(row(&[h_j(), mo(">"), mn(0.5)])),
        line_break(),
        mi("σ"),
        mo("="),
        mn(sigma),
    ])
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
        // The reading's label says the tolerance the fraction uses.
        assert!(
            FRACTION.contains(&format!("within {BINARY_TOLERANCE} of")),
            "{FRACTION}"
        );
    }
}
