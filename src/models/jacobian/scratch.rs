//! The Jacobian's buffers, sized once per shape and reused every batch, so training
//! allocates nothing per step.

use super::EncoderPass;
use crate::nn::Matrix;

/// Buffers of the Jacobian norm and its gradient, sized on first use and then reused.
///
/// # Shapes
/// - `dz[k]`: `m × n_{k+1}`, `∂P/∂z_k` of encoder layer `k`
/// - `dw[k]`: `n_k × n_{k+1}`, the part of `∂P/∂W_k` that does not go through `z_k`
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    /// `W_0ᵀW_0` (`n_1 × n_1`; only its diagonal, `1 × n_1`, for a one-layer encoder).
    pub(super) gram: Matrix,
    pub(super) gram_bar: Matrix,
    /// `f'` and `f''` of each encoder layer for the current sample.
    pub(super) d1: Vec<Vec<f32>>,
    pub(super) d2: Vec<Vec<f32>>,
    pub(super) dbar: Vec<f32>,
    /// `M_k` and `N_k = W_kᵀ M_{k−1} W_k` per layer (`n_{k+1}²`), `M_{k−1} W_k` (`n_k × n_{k+1}`).
    pub(super) m: Vec<Matrix>,
    pub(super) n: Vec<Matrix>,
    pub(super) mw: Vec<Matrix>,
    pub(super) abar: Matrix,
    pub(super) nbar: Matrix,
    pub(super) wn: Matrix,
    pub dz: Vec<Matrix>,
    pub dw: Vec<Matrix>,
}

pub(super) fn size_scratch(p: &EncoderPass, rows: usize, s: &mut Scratch) {
    let l = p.n_encoder;
    let n1 = p.width(1);
    s.gram.reshape_uninit(if l == 1 { 1 } else { n1 }, n1);
    s.gram_bar.reshape_uninit(s.gram.rows(), n1);
    for v in [&mut s.d1, &mut s.d2] {
        v.resize(l, Vec::new());
    }
    for v in [&mut s.m, &mut s.n, &mut s.mw, &mut s.dz, &mut s.dw] {
        v.resize(l, Matrix::default());
    }
    for k in 0..l {
        let (a, b) = (p.width(k), p.width(k + 1));
        s.d1[k].resize(b, 0.0);
        s.d2[k].resize(b, 0.0);
        s.m[k].reshape_uninit(b, b);
        s.n[k].reshape_uninit(b, b);
        s.mw[k].reshape_uninit(a, b);
        s.dz[k].reshape_uninit(rows, b);
        s.dw[k].reshape_uninit(a, b);
    }
    let widest = (1..=l).map(|k| p.width(k)).max().unwrap_or(0);
    s.dbar.resize(widest, 0.0);
}
