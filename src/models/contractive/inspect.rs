//! Reading the Jacobian off a trained network: its mean squared norm for the lab's chart, and
//! the explicit matrix for tests.

use nalgebra::DMatrix;

use super::{ContractiveScratch, slopes};
use crate::models::autoencoder::{Autoencoder, CHUNK_ROWS, Trace};
use crate::nn::Matrix;
use crate::nn::gemm::gemm;

impl Autoencoder {
    /// `Σ_r ‖J_r‖²_F` over the rows of the last forward pass (no gradient).
    pub(in crate::models) fn jacobian_norm_sum(
        &self,
        trace: &Trace,
        s: &mut ContractiveScratch,
    ) -> f64 {
        let rows = trace.post[0].rows();
        self.size_scratch(rows, s);
        self.fill_gram(s);
        let code = self.config().code_dim;
        (0..rows)
            .map(|r| self.sample_forward(trace, r, code, s))
            .sum()
    }

    /// Mean over the rows of `x` of `‖∂h(x)/∂x‖²_F`, the squared Frobenius norm of the
    /// encoder's Jacobian (a VAE's: of μ). What the contractive penalty makes small; the lab
    /// charts it for any model. 0 for no rows.
    ///
    /// # Shapes
    /// - `x`: `n × input_dim`
    pub fn mean_jacobian_norm(&self, x: &DMatrix<f32>) -> f32 {
        if x.nrows() == 0 || x.ncols() != self.config().input_dim {
            return 0.0;
        }
        let mut trace = self.trace();
        let mut s = ContractiveScratch::default();
        let mut total = 0.0f64;
        for r0 in (0..x.nrows()).step_by(CHUNK_ROWS) {
            let rows = CHUNK_ROWS.min(x.nrows() - r0);
            let chunk = Matrix::from_dmatrix(&x.rows(r0, rows).into_owned());
            self.forward_range(&chunk, 0..self.config().n_encoder(), &mut trace);
            total += self.jacobian_norm_sum(&trace, &mut s);
        }
        (total / x.nrows() as f64) as f32
    }

    /// The encoder's Jacobian `∂h/∂x` at one input, by forward mode (`J_k = D_k W_kᵀ J_{k−1}`);
    /// for tests and inspection, not the training loop. A VAE's: of μ.
    ///
    /// # Shapes
    /// - `x`: `input_dim` → `code_dim × input_dim`
    pub fn jacobian(&self, x: &[f32]) -> Matrix {
        let d = self.config().input_dim;
        let mut trace = self.trace();
        let row = Matrix::from_vec(1, d, x.to_vec());
        let l = self.config().n_encoder();
        self.forward_range(&row, 0..l, &mut trace);
        let mut j = Matrix::from_fn(d, d, |a, b| f32::from(u8::from(a == b)));
        for k in 0..l {
            let w = &self.own(k).weight;
            let (a, b) = w.shape();
            let mut next = Matrix::zeros(b, d);
            gemm(
                b,
                d,
                a,
                w.as_slice(),
                true,
                j.as_slice(),
                false,
                next.as_mut_slice(),
                false,
            );
            let sparse = self.k_sparse_layer().is_some_and(|(layer, _)| layer == k);
            for (r, &y) in trace.post[k].row(0).iter().enumerate() {
                let dropped = sparse && !trace.keep.get(r).copied().unwrap_or(true);
                let f1 = if dropped {
                    0.0
                } else {
                    slopes(self.activations[k], y).0
                };
                next.row_mut(r).iter_mut().for_each(|v| *v *= f1);
            }
            j = next;
        }
        let code = self.config().code_dim;
        Matrix::from_fn(code, d, |r, c| j.get(r, c))
    }
}
