//! Concrete autoencoder (Abid, Balin & Zou, ICML 2019): the encoder is a selector layer of `k`
//! concrete nodes, each choosing one input feature, so the code is `k` of the `d` input
//! values and training learns which ones to keep.
//!
//! Node `j` owns logits `α_j ∈ ℝ^d`. While training, its selection weights are a
//! Gumbel-softmax sample `w_j = softmax((α_j + g_j)/T)` with `g = −ln(−ln u)`, `u ~ U(0, 1)`,
//! and the code is `c_j = Σ_i w_ji x_i`. The temperature `T` falls exponentially from `t0` to
//! `t_end`, so early samples blend many features (exploration) and late ones are almost
//! one-hot. At test time each node takes its argmax feature: a hard selection.
//!
//! Design: the selector replaces the encoder. A concrete model has no encoder hidden layers,
//! an identity code activation, untied weights and `code_dim = k` (validation refuses anything
//! else rather than silently ignore it). Its decoder is any MLP `k → … → d`, given by
//! `AutoencoderConfig::decoder_hidden` (no hidden widths: one dense layer `k → d`). The
//! encoder's dense layer slot (layer 0) is kept, but it is not a parameter: it
//! always holds the hard selection as a one-hot `d × k` matrix with zero bias, refreshed after
//! every update. That way `encode`, `reconstruct`, `evaluate` and the page's pictures of the
//! first layer run the ordinary dense code path and show exactly the selected pixels.

mod select;

pub(in crate::models) use select::softmax_in_place;
pub use select::{ConcreteGrads, ConcreteTrace, fill_gumbel};

use serde::{Deserialize, Serialize};

use super::config::AutoencoderConfig;
use super::problem::{Clash, Field, Part, PartInfo, Problem, require};
use super::vae;
use crate::nn::{Activation, Matrix, math};

/// Settings of the concrete selector.
/// The concrete selector in the rule table: a model kind.
pub const PART: Part = Part(&PartInfo {
    label: "the concrete selector",
    owner: None,
});

/// The pairs the concrete selector gives way in.
pub const CLASHES: [Clash; 1] = [Clash {
    a: vae::PART,
    b: PART,
    why: "a VAE's code is sampled from a learned Gaussian, a concrete code is selected inputs",
}];

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConcreteConfig {
    /// Number of selected features (concrete nodes); must equal `code_dim`.
    pub k: usize,
    /// Starting temperature (the paper uses 10).
    pub t0: f32,
    /// Final temperature (the paper uses 0.01); `0 < t_end < t0`.
    pub t_end: f32,
    /// Epochs over which `T` falls from `t0` to `t_end`; it stays at `t_end` afterwards.
    pub epochs: f32,
}

impl Default for ConcreteConfig {
    fn default() -> ConcreteConfig {
        ConcreteConfig {
            k: 50,
            t0: 10.0,
            t_end: 0.1,
            epochs: 10.0,
        }
    }
}

impl ConcreteConfig {
    /// `T(e) = t0 · (t_end/t0)^min(e/epochs, 1)` after `epoch` fractional epochs.
    pub fn temperature_at(&self, epoch: f64) -> f32 {
        let frac = (epoch / f64::from(self.epochs)).clamp(0.0, 1.0) as f32;
        if frac >= 1.0 {
            return self.t_end;
        }
        // The portable exp/ln keep the schedule bit-identical in wasm.
        self.t0 * math::exp(frac * math::ln(self.t_end / self.t0))
    }

    /// Why this selector cannot train `m`, a sentence each (clashes with other variants are
    /// in `CLASHES` and the
    /// other options' files).
    pub fn problems(&self, m: &AutoencoderConfig, out: &mut Vec<Problem>) {
        let (k, d) = (self.k, m.input_dim);
        let mut say = |ok: bool, why: &dyn Fn() -> String| {
            require(out, ok, Field::Part(PART), why);
        };
        say(k >= 1, &|| {
            "The concrete autoencoder selects k ≥ 1 of the inputs.".into()
        });
        say(k <= d, &|| {
            format!("The concrete autoencoder selects k of the {d} inputs: k must be at most {d}.")
        });
        say(
            k == m.code_dim && m.code_activation == Activation::Identity,
            &|| {
                "A concrete autoencoder's code is its k selected inputs: code size k, linear code."
                    .into()
            },
        );
        say(m.hidden.is_empty(), &|| {
            "The concrete selector replaces the whole encoder: remove the encoder's hidden \
             layers (give the decoder widths of its own instead)."
                .into()
        });
        say(!m.tied_weights, &|| {
            "The concrete autoencoder cannot tie weights: the selector has no weight matrix \
             for the decoder to mirror."
                .into()
        });
        let (t0, t1) = (self.t0, self.t_end);
        say(
            t0.is_finite() && t1 > 0.0 && t1 < t0 && t0 <= 100.0,
            &|| "The temperatures need 0 < T_end < T₀ ≤ 100.".into(),
        );
        say(self.epochs > 0.0 && self.epochs <= 1000.0, &|| {
            "Annealing must last above 0 and at most 1000 epochs.".into()
        });
    }
}

/// The selector's parameters.
///
/// # Shapes
/// - `logits`: `d × k`, entry `(i, j)` is node `j`'s logit for feature `i` (the layout of a
///   dense weight, so the code is `x · W` like any first layer)
#[derive(Clone, Debug, PartialEq)]
pub struct Selector {
    pub logits: Matrix,
}

/// Row of the largest entry of column `j` (first one on ties; NaN never wins).
pub(in crate::models) fn argmax_col(m: &Matrix, j: usize) -> usize {
    let mut best = 0;
    for i in 1..m.rows() {
        if m.get(i, j) > m.get(best, j) {
            best = i;
        }
    }
    best
}
