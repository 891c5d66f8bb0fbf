//! Contractive autoencoder (Rifai et al., 2011): the loss gains `λ · mean_x ‖∂h(x)/∂x‖²_F`,
//! the squared Frobenius norm of the encoder's Jacobian at each training input, which pushes
//! the code to stay put when the input moves off the data.
//!
//! The penalty is exact for any depth; nothing is approximated. With encoder layers
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
//!   training cost at batch 64. [`penalty_cost`] counts exactly this.
//!
//! The gradient is reverse mode through the recursion above. `D_k` depends on `z_k`, so it
//! needs the activations' second derivatives `f''` (0 for the piecewise-linear ReLU family).

mod buffers;
mod inspect;

pub use buffers::ContractiveScratch;

use super::autoencoder::{Autoencoder, Trace};
use super::config::AutoencoderConfig;
use super::problem::{Field, Problem, require};
use crate::nn::Activation;
use crate::nn::gemm::gemm;

/// Multiply-adds the exact penalty and its gradient cost per training batch of `m` rows, by
/// the count in the module docs (the closed form for a one-layer encoder). The lab refuses
/// settings above a budget rather than approximate: the cost grows with the square of the
/// hidden widths, so a 784-1024-256 encoder would spend about 90 billion per batch of 64.
pub fn penalty_cost(cfg: &AutoencoderConfig, m: usize) -> f64 {
    let widths = cfg.widths();
    let n: Vec<f64> = widths[..=cfg.n_encoder()]
        .iter()
        .map(|&w| w as f64)
        .collect();
    let (d, m) = (n[0], m as f64);
    if cfg.n_encoder() == 1 {
        return 2.0 * d * n[1] + 4.0 * m * n[1];
    }
    let per_sample: f64 = (1..cfg.n_encoder())
        .map(|k| n[k] * n[k] * n[k + 1] + n[k] * n[k + 1] * n[k + 1])
        .sum();
    2.0 * d * n[1] * n[1] + 4.0 * m * per_sample
}

/// Most billions of multiply-adds the exact penalty may cost per batch. At the limit a batch
/// takes about a quarter of a second natively here (a 784-512-128-16 encoder, batch 64),
/// slow but still a live picture; past it the page would sit for seconds a batch.
pub const BUDGET: f64 = 12.0;

/// Problems with a penalty of strength `lambda` on `m` trained in batches of `batch`.
pub fn problems(lambda: f32, m: &AutoencoderConfig, batch: usize, out: &mut Vec<Problem>) {
    require(
        out,
        (0.0..=10.0).contains(&lambda),
        Field::Contractive,
        || "The contractive λ must be 0 to 10.".into(),
    );
    let cost = penalty_cost(m, batch) / 1e9;
    require(out, cost <= BUDGET, Field::Contractive, || {
        format!(
            "The exact contractive penalty would cost about {cost:.0} billion multiply-adds \
             per batch here, too slow to watch (the lab allows {BUDGET:.0}): narrow the hidden \
             layers (the cost grows with the square of their widths) or use a smaller batch."
        )
    });
}

/// `(f'(z), f''(z))` from the output `y = f(z)`.
fn slopes(act: Activation, y: f32) -> (f32, f32) {
    let d1 = act.derivative_from_output(y);
    let d2 = match act {
        Activation::Sigmoid => d1 * (1.0 - 2.0 * y),
        Activation::Tanh => -2.0 * y * d1,
        // Piecewise linear: the slope is constant where it is defined.
        Activation::Identity | Activation::Relu | Activation::LeakyRelu => 0.0,
    };
    (d1, d2)
}

impl Autoencoder {
    /// `G = W_0ᵀW_0` for the batch (its diagonal `Σ_i W_ij²` for a one-layer encoder).
    fn fill_gram(&self, s: &mut ContractiveScratch) {
        let w0 = &self.own(0).weight;
        let (d, n1) = w0.shape();
        if self.config().n_encoder() == 1 {
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
    /// `M_k`, `N_k` for [`Autoencoder::sample_backward`]. Only the first `code_cols` code units
    /// count (a VAE's μ, not its log σ²). A k-sparse code's dropped units are constant 0, so
    /// their slopes are 0 (`trace.keep`).
    fn sample_forward(
        &self,
        trace: &Trace,
        r: usize,
        code_cols: usize,
        s: &mut ContractiveScratch,
    ) -> f64 {
        let post = &trace.post;
        let sparse = self.k_sparse_layer().map(|(layer, _)| layer);
        let l = self.config().n_encoder();
        let layers = post
            .iter()
            .zip(&self.activations)
            .zip(s.d1.iter_mut().zip(&mut s.d2));
        for (k, ((out, &act), (d1, d2))) in layers.take(l).enumerate() {
            let n = out.cols();
            for (j, &y) in out.row(r).iter().enumerate() {
                let dropped =
                    sparse == Some(k) && !trace.keep.get(r * n + j).copied().unwrap_or(true);
                (d1[j], d2[j]) = if dropped { (0.0, 0.0) } else { slopes(act, y) };
            }
        }
        if l == 1 {
            let (d, g) = (&s.d1[0], s.gram.as_slice());
            return (0..code_cols).map(|j| f64::from(d[j] * d[j] * g[j])).sum();
        }
        scale_both_sides(&s.d1[0], s.gram.as_slice(), s.m[0].as_mut_slice());
        for k in 1..l {
            let w = &self.own(k).weight;
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

    /// Adds `scale · ∂‖J_r‖²/∂θ` for row `r` after [`Autoencoder::sample_forward`]: into
    /// `dz[k]` row `r`, into `dw[k]` (`k ≥ 1`) and into `gram_bar`.
    fn sample_backward(&self, r: usize, scale: f32, s: &mut ContractiveScratch) {
        let l = self.config().n_encoder();
        if l == 1 {
            let (d1, d2) = (&s.d1[0], &s.d2[0]);
            let (g, gb) = (s.gram.as_slice(), s.gram_bar.as_mut_slice());
            for (j, dz) in s.dz[0].row_mut(r).iter_mut().enumerate() {
                *dz = 2.0 * scale * g[j] * d1[j] * d2[j];
                gb[j] += scale * d1[j] * d1[j];
            }
            return;
        }
        let top = self.encoder_width(l);
        s.abar.reshape_uninit(top, top);
        s.abar.as_mut_slice().fill(0.0);
        for j in 0..top {
            s.abar.set(j, j, scale);
        }
        for k in (1..l).rev() {
            let w = &self.own(k).weight;
            let (a, b) = w.shape();
            let d1 = &s.d1[k];
            s.nbar.reshape_uninit(b, b);
            for j in 0..b {
                let (ar, nr) = (s.abar.row(j), s.n[k].row(j));
                let dot: f32 = (0..b).map(|i| ar[i] * nr[i] * d1[i]).sum();
                s.dbar[j] = 2.0 * dot;
                let out = s.nbar.row_mut(j);
                for i in 0..b {
                    out[i] = 2.0 * ar[i] * d1[j] * d1[i];
                }
            }
            for (j, dz) in s.dz[k].row_mut(r).iter_mut().enumerate() {
                *dz = s.dbar[j] * s.d2[k][j];
            }
            // ∂/∂W_k of tr(N̄ᵀ W_kᵀ M W_k) = 2·M W_k N̄ (M and N̄ are symmetric).
            gemm(
                a,
                b,
                b,
                s.mw[k].as_slice(),
                false,
                s.nbar.as_slice(),
                false,
                s.dw[k].as_mut_slice(),
                true,
            );
            s.wn.reshape_uninit(a, b);
            gemm(
                a,
                b,
                b,
                w.as_slice(),
                false,
                s.nbar.as_slice(),
                false,
                s.wn.as_mut_slice(),
                false,
            );
            s.abar.reshape_uninit(a, a);
            gemm(
                a,
                a,
                b,
                s.wn.as_slice(),
                false,
                w.as_slice(),
                true,
                s.abar.as_mut_slice(),
                false,
            );
            // N̄ above carries the factor 2 of the weight gradient; M̄ = W N̄ Wᵀ has none.
            s.abar.as_mut_slice().iter_mut().for_each(|v| *v *= 0.5);
        }
        let (d1, d2) = (&s.d1[0], &s.d2[0]);
        let n1 = d1.len();
        for j in 0..n1 {
            let (ar, gr) = (s.abar.row(j), s.gram.row(j));
            let dot: f32 = (0..n1).map(|i| ar[i] * gr[i] * d1[i]).sum();
            s.dz[0].set(r, j, 2.0 * dot * d2[j]);
            let gb = s.gram_bar.row_mut(j);
            for i in 0..n1 {
                gb[i] += ar[i] * d1[j] * d1[i];
            }
        }
    }

    /// The contractive penalty `λ · mean_r ‖J_r‖²_F` of the last forward pass, with its
    /// gradient left in `s.dz` (to add to `∂L/∂z_k` after each encoder layer's activation
    /// backward) and `s.dw` (to add to `∂L/∂W_k` after the layer's dense backward).
    ///
    /// # Shapes
    /// - `trace.post[k]`: `m × n_{k+1}` for the encoder layers `k < L`
    pub fn contractive_backward(
        &self,
        lambda: f32,
        trace: &Trace,
        s: &mut ContractiveScratch,
    ) -> f64 {
        let rows = trace.post[0].rows();
        self.size_scratch(rows, s);
        self.fill_gram(s);
        s.gram_bar.as_mut_slice().fill(0.0);
        for k in 1..s.dw.len() {
            s.dw[k].as_mut_slice().fill(0.0);
        }
        if rows == 0 {
            s.dw[0].as_mut_slice().fill(0.0);
            return 0.0;
        }
        let scale = lambda / rows as f32;
        let code = self.encoder_width(self.config().n_encoder());
        let mut total = 0.0f64;
        for r in 0..rows {
            total += self.sample_forward(trace, r, code, s);
            self.sample_backward(r, scale, s);
        }
        // ∂/∂W_0 of tr(Ḡ W_0ᵀ W_0) = 2·W_0 Ḡ (Ḡ is symmetric).
        let w0 = &self.own(0).weight;
        let (d, n1) = w0.shape();
        s.gram_bar.as_mut_slice().iter_mut().for_each(|v| *v *= 2.0);
        if self.config().n_encoder() == 1 {
            let gb = s.gram_bar.as_slice();
            for i in 0..d {
                for ((o, &w), &g) in s.dw[0].row_mut(i).iter_mut().zip(w0.row(i)).zip(gb) {
                    *o = w * g;
                }
            }
        } else {
            gemm(
                d,
                n1,
                n1,
                w0.as_slice(),
                false,
                s.gram_bar.as_slice(),
                false,
                s.dw[0].as_mut_slice(),
                false,
            );
        }
        total * f64::from(lambda) / rows as f64
    }
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
