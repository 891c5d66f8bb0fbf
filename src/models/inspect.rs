//! Looking inside a trained autoencoder for the lab's pictures: each encoder layer's mean
//! activation per unit, and the first layer's weights as images.

use nalgebra::DMatrix;

use super::Autoencoder;
use crate::nn::Matrix;

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
}
