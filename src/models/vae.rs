//! Variational autoencoder (Kingma & Welling): the code layer outputs a mean μ and a
//! log-variance log σ² per code unit, the decoder sees a sample `z = μ + σ ⊙ ε`, and the loss
//! is the negative ELBO in nats per image: reconstruction `−log p(x|z)` plus `β·KL(q(z|x) ‖ N(0, I))`.
//!
//! The encoder and decoder are the plain autoencoder's layers; this file holds what differs:
//! the likelihoods, the sampling step and its backward, and the KL term. The noise ε is an
//! input of the forward pass (`Trace::vae.eps`), so tests can fix it and the caller owns the
//! random stream.

mod decoder;
mod normal;

pub use decoder::{DecoderLayer, DecoderWeights};
pub use normal::{fill_standard_normal, inverse_normal_cdf, normal_grid};

use serde::{Deserialize, Serialize};

use super::problem::{Field, Part, PartInfo, Problem, require};
use crate::nn::loss::{bce_logit, bce_prob, bce_prob_grad};
use crate::nn::{Activation, Matrix, math};

/// How the decoder's output is read as a distribution over the input, `p(x | z)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Likelihood {
    /// Each value is a coin flip with probability = the output (needs a sigmoid output).
    /// `−log p` is the binary cross-entropy summed over the values.
    Bernoulli,
    /// Each value is Gaussian around the output with standard deviation `sigma`.
    /// `−log p = Σ (x − y)² / (2σ²) + (d/2)·ln(2πσ²)`: squared error, scaled by `1/σ²`.
    Gaussian { sigma: f32 },
}

impl Likelihood {
    /// The choices the page offers; the Gaussian's σ is a starting value the page can change.
    pub const ALL: [Likelihood; 2] = [Likelihood::Bernoulli, Likelihood::Gaussian { sigma: 0.1 }];

    pub fn label(self) -> &'static str {
        match self {
            Likelihood::Bernoulli => "Bernoulli (binary cross-entropy)",
            Likelihood::Gaussian { .. } => "Gaussian (squared error / 2σ²)",
        }
    }

    /// `−log p(x | y)` summed over each sample's values, mean over the `m` samples (nats).
    ///
    /// `z` are the output pre-activations and `y = out_act(z)`; with a sigmoid output the
    /// Bernoulli term is computed from the logits, which never takes the log of 0.
    ///
    /// # Shapes
    /// - `z`, `y`, `x`: `m × d`, flattened
    pub fn nll(self, out_act: Activation, z: &[f32], y: &[f32], x: &[f32], m: usize) -> f64 {
        let inv_m = 1.0 / m.max(1) as f64;
        match (self, out_act) {
            (Likelihood::Bernoulli, Activation::Sigmoid) => {
                z.iter()
                    .zip(x)
                    .map(|(&z, &x)| bce_logit(z, x) as f64)
                    .sum::<f64>()
                    * inv_m
            }
            (Likelihood::Bernoulli, _) => {
                y.iter()
                    .zip(x)
                    .map(|(&p, &x)| bce_prob(p, x) as f64)
                    .sum::<f64>()
                    * inv_m
            }
            (Likelihood::Gaussian { sigma }, _) => {
                let se: f64 = y
                    .iter()
                    .zip(x)
                    .map(|(&y, &x)| ((y - x) * (y - x)) as f64)
                    .sum();
                let var = sigma as f64 * sigma as f64;
                let d = x.len() as f64 * inv_m;
                // The portable ln keeps the reported constant identical in wasm.
                let log_norm = math::ln(std::f32::consts::TAU * sigma * sigma) as f64;
                se * inv_m / (2.0 * var) + 0.5 * d * log_norm
            }
        }
    }

    /// [`Likelihood::nll`] and its gradient with respect to the output PRE-activations,
    /// written to `dz`. The `1/m` of the batch mean is included.
    ///
    /// # Shapes
    /// - `z`, `y`, `x`, `dz`: `m × d`, flattened
    pub fn nll_backward(
        self,
        out_act: Activation,
        (z, y, x): (&[f32], &[f32], &[f32]),
        m: usize,
        dz: &mut [f32],
    ) -> f64 {
        assert!(z.len() == y.len() && y.len() == x.len() && dz.len() == y.len());
        let inv_m = 1.0 / m.max(1) as f32;
        let value = self.nll(out_act, z, y, x, m);
        let pairs = dz.iter_mut().zip(y.iter().zip(x));
        match (self, out_act) {
            // Sigmoid + Bernoulli: the well-conditioned (p − x), no activation backward.
            (Likelihood::Bernoulli, Activation::Sigmoid) => {
                pairs.for_each(|(d, (&p, &x))| *d = (p - x) * inv_m);
            }
            (Likelihood::Bernoulli, _) => {
                pairs.for_each(|(d, (&p, &x))| *d = bce_prob_grad(p, x) * inv_m);
                out_act.backward(y, dz);
            }
            (Likelihood::Gaussian { sigma }, _) => {
                let s = inv_m / (sigma * sigma);
                pairs.for_each(|(d, (&y, &x))| *d = (y - x) * s);
                out_act.backward(y, dz);
            }
        }
        value
    }
}

/// Variational autoencoder settings.
///
/// With a VAE the config's `loss` is ignored (the likelihood replaces it), the code
/// activation must be identity (μ and log σ² are unbounded) and weights cannot be tied.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct VaeConfig {
    /// Weight of the KL term (1 = the ELBO; 0 = a noisy plain autoencoder).
    pub beta: f32,
    /// β ramps linearly from 0 to `beta` over this many epochs; 0 = no warm-up.
    pub warmup_epochs: f32,
    pub likelihood: Likelihood,
}

impl Default for VaeConfig {
    fn default() -> VaeConfig {
        VaeConfig {
            beta: 1.0,
            warmup_epochs: 0.0,
            likelihood: Likelihood::Bernoulli,
        }
    }
}

/// The VAE in the rule table (`models::rules`): a model kind, which gives way to nothing.
pub const PART: Part = Part(&PartInfo {
    label: "the VAE",
    owner: None,
});

impl VaeConfig {
    /// Problems with these settings: the lab's ranges for β, the warm-up and σ. (The
    /// architecture a VAE needs is checked with the model, `train::validate`.)
    pub fn problems(&self, out: &mut Vec<Problem>) {
        let in_range = |v: f32, max: f32| v >= 0.0 && v <= max;
        require(out, in_range(self.beta, 100.0), Field::Part(PART), || {
            "β must be 0 to 100.".into()
        });
        require(
            out,
            in_range(self.warmup_epochs, 1000.0),
            Field::Part(PART),
            || "The KL warm-up must be 0 to 1000 epochs.".into(),
        );
        if let Likelihood::Gaussian { sigma } = self.likelihood {
            require(out, sigma > 0.0 && sigma <= 10.0, Field::Part(PART), || {
                "σ must be above 0 and at most 10.".into()
            });
        }
    }

    /// The KL weight after `epoch` (fractional) epochs of training.
    pub fn kl_weight_at(&self, epoch: f64) -> f32 {
        if self.warmup_epochs > 0.0 {
            (epoch / self.warmup_epochs as f64).min(1.0) as f32 * self.beta
        } else {
            self.beta
        }
    }
}

/// The VAE's part of a forward pass; empty for a plain autoencoder.
///
/// # Shapes
/// - `eps`, `z`: `m × code_dim`
#[derive(Clone, Debug, Default)]
pub struct VaeTrace {
    /// INPUT of the next forward pass: the noise ε, filled by the caller (the trainer from its
    /// seeded stream). A batch of a new size resets it to zeros, i.e. the decoder sees μ.
    pub eps: Matrix,
    /// The decoder's input `z = μ + exp(½ log σ²) ⊙ ε`.
    pub z: Matrix,
    /// INPUT of `backward`: β for this step (the warm-up schedule's value).
    pub kl_weight: f32,
}

/// `KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ²_j − μ_j² − σ²_j)` for one sample, in nats.
///
/// # Shapes
/// - `mu`, `log_var`: `code_dim`
pub fn kl_per_sample(mu: &[f32], log_var: &[f32]) -> f64 {
    mu.iter()
        .zip(log_var)
        .map(|(&mu, &lv)| {
            let sigma = math::exp(0.5 * lv);
            -0.5 * (1.0 + lv as f64 - (mu * mu) as f64 - (sigma * sigma) as f64)
        })
        .sum()
}

/// Mean KL over the rows of the code layer's output `[μ | log σ²]`.
///
/// # Shapes
/// - `stats`: `m × 2c`
pub(super) fn kl_mean(stats: &Matrix, c: usize) -> f64 {
    let m = stats.rows();
    let sum: f64 = (0..m)
        .map(|r| {
            let row = stats.row(r);
            kl_per_sample(&row[..c], &row[c..])
        })
        .sum();
    sum / m.max(1) as f64
}

/// `z = μ + exp(½ log σ²) ⊙ ε`, row by row.
///
/// # Shapes
/// - `stats`: `m × 2c` (`[μ | log σ²]`), `eps`: `m × c`, `z`: resized to `m × c`
pub fn sample(stats: &Matrix, eps: &Matrix, z: &mut Matrix) {
    let (m, c) = eps.shape();
    assert_eq!(
        stats.shape(),
        (m, 2 * c),
        "VAE sample: stats must be m × 2c"
    );
    z.reshape_uninit(m, c);
    for r in 0..m {
        let (s, e) = (stats.row(r), eps.row(r));
        for (j, out) in z.row_mut(r).iter_mut().enumerate() {
            *out = s[j] + math::exp(0.5 * s[c + j]) * e[j];
        }
    }
}

/// Backward of [`sample`] plus `β·KL` (mean over the batch): from `dz = ∂L/∂z` writes
/// `∂/∂μ = dz + β·μ/m` and `∂/∂log σ² = dz ⊙ ε ⊙ ½σ + β·½(σ² − 1)/m`. Returns the mean KL.
///
/// # Shapes
/// - `stats`, `d_stats`: `m × 2c`; `eps`, `dz`: `m × c`
pub fn sample_backward(
    stats: &Matrix,
    eps: &Matrix,
    dz: &Matrix,
    beta: f32,
    d_stats: &mut Matrix,
) -> f64 {
    let (m, c) = eps.shape();
    assert_eq!(dz.shape(), (m, c));
    d_stats.reshape_uninit(m, 2 * c);
    let b = beta / m.max(1) as f32;
    for r in 0..m {
        let (s, e, g) = (stats.row(r), eps.row(r), dz.row(r));
        let out = d_stats.row_mut(r);
        for j in 0..c {
            let (mu, lv) = (s[j], s[c + j]);
            let sigma = math::exp(0.5 * lv);
            out[j] = g[j] + b * mu;
            out[c + j] = g[j] * e[j] * (0.5 * sigma) + b * (0.5 * (sigma * sigma - 1.0));
        }
    }
    kl_mean(stats, c)
}
