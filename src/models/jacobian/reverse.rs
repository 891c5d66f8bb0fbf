//! Reverse mode through the Jacobian's recursion: the gradient of `λ · mean_r ‖J_r‖²_F` with
//! respect to every encoder layer's pre-activations and weights (see `models::jacobian`).

use super::scratch::size_scratch;
use super::{EncoderPass, Scratch, fill_gram, sample_forward};
use crate::nn::gemm::gemm;

/// Adds `scale · ∂‖J_r‖²/∂θ` for row `r` after `sample_forward`: into
/// `dz[k]` row `r`, into `dw[k]` (`k ≥ 1`) and into `gram_bar`.
fn sample_backward(p: &EncoderPass, r: usize, scale: f32, s: &mut Scratch) {
    let l = p.n_encoder;
    if l == 1 {
        let (d1, d2) = (&s.d1[0], &s.d2[0]);
        let (g, gb) = (s.gram.as_slice(), s.gram_bar.as_mut_slice());
        for (j, dz) in s.dz[0].row_mut(r).iter_mut().enumerate() {
            *dz = 2.0 * scale * g[j] * d1[j] * d2[j];
            gb[j] += scale * d1[j] * d1[j];
        }
        return;
    }
    let top = p.width(l);
    s.abar.reshape_uninit(top, top);
    s.abar.as_mut_slice().fill(0.0);
    for j in 0..top {
        s.abar.set(j, j, scale);
    }
    for k in (1..l).rev() {
        let w = p.weight(k);
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

/// `λ · mean_r ‖J_r‖²_F` over the rows of the pass, with its gradient left in `s.dz` (to add
/// to `∂L/∂z_k` after each encoder layer's activation backward) and `s.dw` (to add to
/// `∂L/∂W_k` after the layer's dense backward).
///
/// # Shapes
/// - `p.post[k]`: `m × n_{k+1}` for the encoder layers `k < L`
pub fn backward(p: &EncoderPass, lambda: f32, s: &mut Scratch) -> f64 {
    let rows = p.post[0].rows();
    size_scratch(p, rows, s);
    fill_gram(p, s);
    s.gram_bar.as_mut_slice().fill(0.0);
    for k in 1..s.dw.len() {
        s.dw[k].as_mut_slice().fill(0.0);
    }
    if rows == 0 {
        s.dw[0].as_mut_slice().fill(0.0);
        return 0.0;
    }
    let scale = lambda / rows as f32;
    let code = p.width(p.n_encoder);
    let mut total = 0.0f64;
    for r in 0..rows {
        total += sample_forward(p, r, code, s);
        sample_backward(p, r, scale, s);
    }
    // ∂/∂W_0 of tr(Ḡ W_0ᵀ W_0) = 2·W_0 Ḡ (Ḡ is symmetric).
    let w0 = p.weight(0);
    let (d, n1) = w0.shape();
    s.gram_bar.as_mut_slice().iter_mut().for_each(|v| *v *= 2.0);
    if p.n_encoder == 1 {
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
