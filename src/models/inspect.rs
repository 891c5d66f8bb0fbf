//! Looking inside a trained autoencoder for the lab's pictures: each encoder layer's mean
//! activation per unit, the first layer's weights as images, and the encoder's Jacobian.

use nalgebra::DMatrix;

use super::Autoencoder;
use super::jacobian;
use crate::nn::Matrix;
use crate::nn::gemm::gemm;

impl Autoencoder {
    /// Mean output of every unit of encoder layers `0..n_encoder`, over the rows of `x`.
    ///
    /// # Shapes
    /// - `x`: `n × input_dim` → one `Vec` per encoder layer, `widths[k + 1]` long
    pub fn encoder_unit_means(&self, x: &DMatrix<f32>) -> Vec<Vec<f32>> {
        let n_enc = self.config().n_encoder();
        let widths = self.config().widths();
        let mut sums: Vec<Vec<f64>> = (0..n_enc).map(|k| vec![0.0; widths[k + 1]]).collect();
        let mut trace = self.trace();
        for r0 in (0..x.nrows()).step_by(super::autoencoder::CHUNK_ROWS) {
            let rows = super::autoencoder::CHUNK_ROWS.min(x.nrows() - r0);
            let chunk = Matrix::from_dmatrix(&x.rows(r0, rows).into_owned());
            self.forward_range(&chunk, 0..n_enc, &mut trace);
            for (k, sum) in sums.iter_mut().enumerate() {
                let post = &trace.post[k];
                for r in 0..post.rows() {
                    for (s, &v) in sum.iter_mut().zip(post.row(r)) {
                        *s += f64::from(v);
                    }
                }
            }
        }
        let n = x.nrows().max(1) as f64;
        sums.into_iter()
            .map(|s| s.into_iter().map(|v| (v / n) as f32).collect())
            .collect()
    }

    /// The incoming weights of the first `max` units of the first layer, each rescaled to
    /// [0, 1] so it can be drawn as an image (0.5 = zero weight), row after row.
    ///
    /// # Shapes
    /// - returns `min(max, widths[1]) × input_dim` values
    pub fn first_layer_features(&self, max: usize) -> Vec<f32> {
        let w = self.effective_weight(0);
        let (input, units) = w.shape();
        let mut out = Vec::with_capacity(max.min(units) * input);
        for u in 0..max.min(units) {
            let col: Vec<f32> = (0..input).map(|i| w.get(i, u)).collect();
            let scale = col.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(1e-12);
            out.extend(col.iter().map(|v| 0.5 + 0.5 * v / scale));
        }
        out
    }

    /// Mean over the rows of `x` of `‖∂h(x)/∂x‖²_F`, the squared Frobenius norm of the
    /// encoder's Jacobian (a VAE's: of μ). What the Jacobian penalty makes small; the lab
    /// charts it for any model. 0 for no rows.
    ///
    /// # Shapes
    /// - `x`: `n × input_dim`
    pub fn mean_jacobian_norm(&self, x: &DMatrix<f32>) -> f32 {
        if x.nrows() == 0 || x.ncols() != self.config().input_dim {
            return 0.0;
        }
        let mut trace = self.trace();
        let mut s = jacobian::Scratch::default();
        let mut total = 0.0f64;
        for r0 in (0..x.nrows()).step_by(super::autoencoder::CHUNK_ROWS) {
            let rows = super::autoencoder::CHUNK_ROWS.min(x.nrows() - r0);
            let chunk = Matrix::from_dmatrix(&x.rows(r0, rows).into_owned());
            self.forward_range(&chunk, 0..self.config().n_encoder(), &mut trace);
            total += jacobian::norm_sum(&self.encoder_pass(&trace), &mut s);
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
            let w = self.layers()[k].weight();
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
            let pass = self.encoder_pass(&trace);
            for (r, &y) in trace.post[k].row(0).iter().enumerate() {
                let f1 = if pass.dropped(k, r) {
                    0.0
                } else {
                    jacobian::slopes(self.activations[k], y).0
                };
                next.row_mut(r).iter_mut().for_each(|v| *v *= f1);
            }
            j = next;
        }
        let code = self.config().code_dim;
        Matrix::from_fn(code, d, |r, c| j.get(r, c))
    }
}
