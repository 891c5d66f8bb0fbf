//! The selector's Gumbel-softmax sample, its forward pass `c = x·W` and the backward pass
//! through the softmax to the logits, with the noise held fixed.

use rand::Rng;
use rand::rngs::StdRng;

use super::Selector;
use crate::nn::gemm::gemm;
use crate::nn::{Matrix, math};

/// The selector's state for one training forward pass.
///
/// With `temperature: None` the model runs its hard test-time selection; the trainer (or a
/// test, which is how the gradient check fixes the sample) sets the temperature and fills
/// `noise` to make the forward pass draw soft weights instead.
///
/// # Shapes
/// - `noise`, `weights`: `d × k`, laid out like the logits (column `j` is node `j`)
#[derive(Clone, Debug, Default)]
pub struct ConcreteTrace {
    pub temperature: Option<f32>,
    /// Gumbel noise `g`, one value per logit.
    pub noise: Matrix,
    /// The sampled selection weights `softmax((α + g)/T)` of the last soft forward pass.
    pub weights: Matrix,
}

/// `∂L/∂α`, the gradient of the selector's logits (empty without a selector).
///
/// # Shapes
/// - `logits`: `d × k`
#[derive(Clone, Debug, Default)]
pub struct ConcreteGrads {
    pub logits: Matrix,
}

/// Fills `out` with standard Gumbel draws `−ln(−ln u)`.
///
/// `u = (2v + 1)/2²⁴` for a 23-bit integer `v`: exact in f32 and strictly inside (0, 1), so
/// both logarithms are finite (`g ∈ [−2.8, 16.7]`). Only the portable `math::ln` is used, so a
/// seed gives the same noise natively and in wasm.
pub fn fill_gumbel(rng: &mut StdRng, out: &mut [f32]) {
    const SCALE: f32 = 1.0 / 16_777_216.0;
    for g in out {
        let v = rng.next_u32() >> 9;
        let u = (2 * v + 1) as f32 * SCALE;
        *g = -math::ln(-math::ln(u));
    }
}

/// `v ← softmax(v)`, shifted by the maximum so no `exp` overflows.
pub(in crate::models) fn softmax_in_place(v: &mut [f32]) {
    let max = v.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
    let mut sum = 0.0f32;
    for x in v.iter_mut() {
        *x = math::exp(*x - max);
        sum += *x;
    }
    for x in v.iter_mut() {
        *x /= sum;
    }
}

impl Selector {
    /// Samples `weights = softmax((α + noise)/T)` column by column. The buffer is sized once
    /// (by `Autoencoder::trace`), so this does not allocate.
    ///
    /// # Shapes
    /// - `t.noise`: `d × k`; `t.weights`: resized to `d × k`
    pub fn sample(&self, t: &mut ConcreteTrace, temperature: f32) {
        let (d, k) = self.logits.shape();
        t.weights.reshape_uninit(d, k);
        let (a, g, w) = (
            self.logits.as_slice(),
            t.noise.as_slice(),
            t.weights.as_mut_slice(),
        );
        for j in 0..k {
            let mut max = f32::NEG_INFINITY;
            for i in 0..d {
                let s = (a[i * k + j] + g[i * k + j]) / temperature;
                w[i * k + j] = s;
                max = max.max(s);
            }
            let mut sum = 0.0f32;
            for i in 0..d {
                let e = math::exp(w[i * k + j] - max);
                w[i * k + j] = e;
                sum += e;
            }
            for i in 0..d {
                w[i * k + j] /= sum;
            }
        }
    }

    /// The code `z = x·W` of the last sample (no bias: the code is the selected values).
    ///
    /// # Shapes
    /// - `x`: `m × d`, `weights`: `d × k`, `z`: resized to `m × k`
    pub fn forward(x: &Matrix, weights: &Matrix, z: &mut Matrix) {
        let (m, d, k) = (x.rows(), weights.rows(), weights.cols());
        z.reshape_uninit(m, k);
        gemm(
            m,
            k,
            d,
            x.as_slice(),
            false,
            weights.as_slice(),
            false,
            z.as_mut_slice(),
            false,
        );
    }

    /// Given `dz = ∂L/∂z`, writes `∂L/∂α` to `g.logits`: first `G = ∂L/∂W = xᵀ·dz`, then the
    /// softmax's Jacobian per node, `∂L/∂α_ji = w_ji (G_ji − Σ_i' w_ji' G_ji') / T`. The noise
    /// is a constant of the sample, so nothing flows to it, and nothing flows to the data.
    ///
    /// # Shapes
    /// - `x`: `m × d`, `dz`: `m × k`, `t.weights`: `d × k`; `g.logits`: resized to `d × k`
    pub fn backward(
        x: &Matrix,
        dz: &Matrix,
        t: &ConcreteTrace,
        temperature: f32,
        g: &mut ConcreteGrads,
    ) {
        let (m, d, k) = (x.rows(), t.weights.rows(), t.weights.cols());
        g.logits.reshape_uninit(d, k);
        let ga = g.logits.as_mut_slice();
        gemm(d, k, m, x.as_slice(), true, dz.as_slice(), false, ga, false);
        let w = t.weights.as_slice();
        for j in 0..k {
            // f64 for the mean: it is a difference of nearly equal terms once w is peaked.
            let mean: f64 = (0..d)
                .map(|i| f64::from(w[i * k + j]) * f64::from(ga[i * k + j]))
                .sum();
            let mean = mean as f32;
            for i in 0..d {
                ga[i * k + j] = w[i * k + j] * (ga[i * k + j] - mean) / temperature;
            }
        }
    }
}
