//! The encoder's Jacobian `∂h/∂x`: its squared Frobenius norm `‖J‖²_F` per input, exactly for
//! any depth, and that norm's gradient, for a penalty that keeps the code still when the
//! input moves off the data (Rifai et al., 2011; in `penalty`), and for the lab's
//! readout of any model. Nothing is approximated. With encoder layers
//! `z_k = a_{k−1}·W_k + b_k`, `a_k = f_k(z_k)` and `D_k = diag(f_k'(z_k))`, the Jacobian of one
//! sample is `J = D_{L−1} W_{L−1}ᵀ ⋯ D_0 W_0ᵀ`, so
//!
//! `‖J‖²_F = tr(J Jᵀ) = tr(M_{L−1})`, `M_0 = D_0 G D_0` with `G = W_0ᵀ W_0`,
//! `M_k = D_k W_kᵀ M_{k−1} W_k D_k`.
//!
//! The Gram matrix `G` is shared by the whole batch, so the input width `d` only appears once
//! per batch, never per sample: this is much cheaper than pushing the `d × d` identity through
//! the encoder (forward mode), which costs `m·d·Σ n_k n_{k+1}`.
//!
//! Cost per batch of `m` samples, encoder widths `n_0 = d, n_1, …, n_L` (the code):
//! - one hidden-free encoder (`L = 1`): `O(d·n_1 + m·n_1)`, the closed form
//!   `Σ_j f'(z_j)² Σ_i W_ij²` (for a sigmoid code, `Σ_j (h_j(1−h_j))² Σ_i W_ij²`);
//! - deeper: `O(d·n_1²)` for `G` and its gradient, plus about
//!   `4·m·Σ_{k≥1} (n_k² n_{k+1} + n_k n_{k+1}²)` for the per-sample products (forward and
//!   reverse). For 784-64-16 that is about 6.4 million multiply-adds per batch for `G`
//!   (`2·784·64²`) plus 0.33 million per sample, roughly half again the plain network's
//!   training cost at batch 64. The penalty's `penalty_cost` counts exactly this.
//!
//! The gradient is reverse mode through the recursion above. `D_k` depends on `z_k`, so it
//! needs the activations' second derivatives `f''` (0 for the piecewise-linear ReLU family).

mod reverse;
mod scratch;

pub use reverse::backward;
pub use scratch::Scratch;
use scratch::size_scratch;

use super::mlp::Layer;
use crate::nn::gemm::gemm;
use crate::nn::{Activation, Matrix};

/// What the Jacobian reads of a network and its last forward pass: the encoder's weights,
/// activations and outputs, and which code units a top-k mask dropped.
#[derive(Clone, Copy)]
pub struct EncoderPass<'a> {
    /// The network's layers; the encoder's are `0..n_encoder` and own their weights.
    pub layers: &'a [Layer],
    pub activations: &'a [Activation],
    /// Each layer's output from the last forward pass (`m` rows).
    pub post: &'a [Matrix],
    pub n_encoder: usize,
    pub input_dim: usize,
    /// The code units that count (a VAE's μ, not its log σ²).
    pub code_dim: usize,
    /// Which code units were kept (`m × width` row-major) when a mask zeroed the rest.
    pub kept: Option<&'a [bool]>,
}

impl EncoderPass<'_> {
    fn weight(&self, k: usize) -> &Matrix {
        self.layers[k].weight()
    }

    /// Widths `n_0 … n_L` of the encoder.
    fn width(&self, k: usize) -> usize {
        match k {
            0 => self.input_dim,
            _ => self.weight(k - 1).cols(),
        }
    }

    /// Whether unit `i` (row-major in the batch) of encoder layer `k` was masked to 0.
    pub(crate) fn dropped(&self, k: usize, i: usize) -> bool {
        k + 1 == self.n_encoder
            && self
                .kept
                .is_some_and(|kept| !kept.get(i).copied().unwrap_or(true))
    }
}

/// `Σ_r ‖J_r‖²_F` over the rows of the pass (no gradient).
pub fn norm_sum(p: &EncoderPass, s: &mut Scratch) -> f64 {
    let rows = p.post[0].rows();
    size_scratch(p, rows, s);
    fill_gram(p, s);
    (0..rows).map(|r| sample_forward(p, r, p.code_dim, s)).sum()
}

/// `(f'(z), f''(z))` from the output `y = f(z)`.
pub(crate) fn slopes(act: Activation, y: f32) -> (f32, f32) {
    let d1 = act.derivative_from_output(y);
    let d2 = match act {
        Activation::Sigmoid => d1 * (1.0 - 2.0 * y),
        Activation::Tanh => -2.0 * y * d1,
        // Piecewise linear: the slope is constant where it is defined.
        Activation::Identity | Activation::Relu | Activation::LeakyRelu => 0.0,
    };
    (d1, d2)
}

/// `G = W_0ᵀW_0` for the batch (its diagonal `Σ_i W_ij²` for a one-layer encoder).
pub(super) fn fill_gram(p: &EncoderPass, s: &mut Scratch) {
    let w0 = p.weight(0);
    let (d, n1) = w0.shape();
    if p.n_encoder == 1 {
        let g = s.gram.as_mut_slice();
        g.fill(0.0);
        for i in 0..d {
            for (gj, &w) in g.iter_mut().zip(w0.row(i)) {
                *gj += w * w;
            }
        }
    } else {
        gemm(
            n1,
            n1,
            d,
            w0.as_slice(),
            true,
            w0.as_slice(),
            false,
            s.gram.as_mut_slice(),
            false,
        );
    }
}

/// `‖J‖²_F` of row `r` from the encoder outputs `post[0..L]`, keeping the intermediate
/// `M_k`, `N_k` for the reverse pass (`reverse.rs`). Only the first `code_cols` code units
/// count (a VAE's μ, not its log σ²). Code units a top-k mask dropped are constant 0, so
/// their slopes are 0.
pub(super) fn sample_forward(p: &EncoderPass, r: usize, code_cols: usize, s: &mut Scratch) -> f64 {
    let l = p.n_encoder;
    let layers = p
        .post
        .iter()
        .zip(p.activations)
        .zip(s.d1.iter_mut().zip(&mut s.d2));
    for (k, ((out, &act), (d1, d2))) in layers.take(l).enumerate() {
        let n = out.cols();
        for (j, &y) in out.row(r).iter().enumerate() {
            let dropped = p.dropped(k, r * n + j);
            (d1[j], d2[j]) = if dropped { (0.0, 0.0) } else { slopes(act, y) };
        }
    }
    if l == 1 {
        let (d, g) = (&s.d1[0], s.gram.as_slice());
        return (0..code_cols).map(|j| f64::from(d[j] * d[j] * g[j])).sum();
    }
    scale_both_sides(&s.d1[0], s.gram.as_slice(), s.m[0].as_mut_slice());
    for k in 1..l {
        let w = p.weight(k);
        let (a, b) = w.shape();
        let (prev, rest) = s.m.split_at_mut(k);
        gemm(
            a,
            b,
            a,
            prev[k - 1].as_slice(),
            false,
            w.as_slice(),
            false,
            s.mw[k].as_mut_slice(),
            false,
        );
        gemm(
            b,
            b,
            a,
            w.as_slice(),
            true,
            s.mw[k].as_slice(),
            false,
            s.n[k].as_mut_slice(),
            false,
        );
        if k + 1 < l {
            scale_both_sides(&s.d1[k], s.n[k].as_slice(), rest[0].as_mut_slice());
        }
    }
    let (d, n) = (&s.d1[l - 1], &s.n[l - 1]);
    (0..code_cols)
        .map(|j| f64::from(d[j] * d[j] * n.get(j, j)))
        .sum()
}

/// `out[j][i] = d_j · g[j][i] · d_i`.
fn scale_both_sides(d: &[f32], g: &[f32], out: &mut [f32]) {
    let n = d.len();
    for j in 0..n {
        for i in 0..n {
            out[j * n + i] = d[j] * g[j * n + i] * d[i];
        }
    }
}
