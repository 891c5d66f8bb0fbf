//! Reconstruction losses, each with its gradient.
//!
//! Convention (Keras): the training loss is the MEAN over every element of the batch, so the
//! same learning rate suits MSE and BCE. Sums are accumulated in `f64` in a fixed order, which
//! keeps them deterministic on every platform.

use serde::{Deserialize, Serialize};

use super::activation::Activation;
use super::math;

/// Probabilities are clamped to `[EPS, 1 - EPS]` where BCE cannot be computed from logits.
pub const BCE_EPS: f32 = 1e-7;

/// Which reconstruction loss to minimise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LossKind {
    /// Mean squared error.
    Mse,
    /// Binary cross-entropy (targets in `[0, 1]`).
    Bce,
}

impl LossKind {
    pub const ALL: [LossKind; 2] = [LossKind::Mse, LossKind::Bce];

    pub fn label(self) -> &'static str {
        match self {
            LossKind::Mse => "mean squared error",
            LossKind::Bce => "binary cross-entropy",
        }
    }

    /// Mean loss of outputs against `target`, without gradient.
    ///
    /// `z` are the output layer's pre-activations and `y = out_act(z)`; with a sigmoid output
    /// BCE is computed from the logits `z`, which never takes the log of 0.
    ///
    /// # Shapes
    /// - `z`, `y`, `target`: same length `N` (batch × features)
    pub fn mean(self, out_act: Activation, z: &[f32], y: &[f32], target: &[f32]) -> f32 {
        let n = target.len().max(1) as f64;
        let sum: f64 = match (self, out_act) {
            (LossKind::Mse, _) => y
                .iter()
                .zip(target)
                .map(|(&y, &x)| ((y - x) * (y - x)) as f64)
                .sum(),
            (LossKind::Bce, Activation::Sigmoid) => z
                .iter()
                .zip(target)
                .map(|(&z, &x)| bce_logit(z, x) as f64)
                .sum(),
            (LossKind::Bce, _) => y
                .iter()
                .zip(target)
                .map(|(&p, &x)| bce_prob(p, x) as f64)
                .sum(),
        };
        (sum / n) as f32
    }

    /// Mean loss and its gradient with respect to the output PRE-activations `z`, written to
    /// `dz`. For sigmoid + BCE this is the well-conditioned `(p - x) / N`.
    ///
    /// # Shapes
    /// - `z`, `y`, `target`, `dz`: same length `N`
    pub fn forward_backward(
        self,
        out_act: Activation,
        z: &[f32],
        y: &[f32],
        target: &[f32],
        dz: &mut [f32],
    ) -> f32 {
        assert!(z.len() == y.len() && y.len() == target.len() && dz.len() == y.len());
        let inv_n = 1.0 / target.len().max(1) as f32;
        let loss = self.mean(out_act, z, y, target);
        match (self, out_act) {
            (LossKind::Mse, _) => {
                let s = 2.0 * inv_n;
                dz.iter_mut()
                    .zip(y.iter().zip(target))
                    .for_each(|(d, (&y, &x))| *d = s * (y - x));
                out_act.backward(y, dz);
            }
            (LossKind::Bce, Activation::Sigmoid) => {
                dz.iter_mut()
                    .zip(y.iter().zip(target))
                    .for_each(|(d, (&p, &x))| *d = (p - x) * inv_n);
            }
            (LossKind::Bce, _) => {
                dz.iter_mut()
                    .zip(y.iter().zip(target))
                    .for_each(|(d, (&p, &x))| *d = bce_prob_grad(p, x) * inv_n);
                out_act.backward(y, dz);
            }
        }
        loss
    }
}

/// `-(x ln σ(z) + (1-x) ln(1-σ(z)))` in the overflow-free form `max(z,0) - z x + ln(1 + e^-|z|)`.
#[inline]
pub fn bce_logit(z: f32, x: f32) -> f32 {
    z.max(0.0) - z * x + math::ln_1p(math::exp(-z.abs()))
}

/// BCE of a probability `p` (clamped) against target `x`.
#[inline]
pub fn bce_prob(p: f32, x: f32) -> f32 {
    let p = p.clamp(BCE_EPS, 1.0 - BCE_EPS);
    -(x * math::ln(p) + (1.0 - x) * math::ln(1.0 - p))
}

/// `∂ bce_prob / ∂p`; zero where the clamp is active (the loss is flat there).
#[inline]
pub fn bce_prob_grad(p: f32, x: f32) -> f32 {
    if !(BCE_EPS..=1.0 - BCE_EPS).contains(&p) {
        return 0.0;
    }
    (p - x) / (p * (1.0 - p))
}
