//! Inference on whole datasets for evaluation and the lab's pictures: codes, decodings and
//! reconstructions, computed in chunks of [`CHUNK_ROWS`] rows so memory stays bounded however
//! many rows come in.

use std::ops::Range;

use nalgebra::DMatrix;

use super::autoencoder::{Autoencoder, CHUNK_ROWS};
use super::vae::{DecoderLayer, DecoderWeights};
use crate::nn::Matrix;

impl Autoencoder {
    /// Runs layers `range` on the rows of `x` in chunks; returns the last layer's output.
    pub fn run_range(&self, x: &DMatrix<f32>, range: Range<usize>) -> DMatrix<f32> {
        let out_dim = self.config.layer_shape(range.end - 1).1;
        let mut out = DMatrix::zeros(x.nrows(), out_dim);
        let mut trace = self.trace();
        for r0 in (0..x.nrows()).step_by(CHUNK_ROWS) {
            let rows = CHUNK_ROWS.min(x.nrows() - r0);
            let chunk = Matrix::from_dmatrix(&x.rows(r0, rows).into_owned());
            self.forward_range(&chunk, range.clone(), &mut trace);
            let y = &trace.post[range.end - 1];
            out.rows_mut(r0, rows).copy_from(&y.to_dmatrix());
        }
        out
    }

    /// Codes of the rows of `x` (a VAE's means μ, deterministic).
    ///
    /// # Shapes
    /// - `x`: `n × input_dim` → `n × code_dim`
    pub fn encode(&self, x: &DMatrix<f32>) -> DMatrix<f32> {
        let codes = self.run_range(x, 0..self.config.n_encoder());
        match self.encoder.gaussian() {
            None => codes,
            Some(_) => codes.columns(0, self.config.code_dim).into_owned(),
        }
    }

    /// Reconstructions from codes.
    ///
    /// # Shapes
    /// - `codes`: `n × code_dim` → `n × input_dim`
    pub fn decode(&self, codes: &DMatrix<f32>) -> DMatrix<f32> {
        self.run_range(codes, self.config.n_encoder()..self.layers.len())
    }

    /// `decode(encode(x))`.
    ///
    /// # Shapes
    /// - `x`: `n × input_dim` → `n × input_dim`
    pub fn reconstruct(&self, x: &DMatrix<f32>) -> DMatrix<f32> {
        match self.encoder.gaussian() {
            None => self.run_range(x, 0..self.layers.len()),
            Some(_) => self.decode(&self.encode(x)),
        }
    }

    /// A copy of the decoder's weights; tied layers get their transposed weight materialised.
    pub fn decoder_weights(&self) -> DecoderWeights {
        let cfg = self.config();
        let layers = (cfg.n_encoder()..cfg.n_layers())
            .map(|l| {
                let w = self.effective_weight(l);
                DecoderLayer {
                    input: w.rows(),
                    output: w.cols(),
                    weight: w.as_slice().to_vec(),
                    bias: self.bias(l).to_vec(),
                    activation: cfg.activation_of(l),
                }
            })
            .collect();
        DecoderWeights {
            code_dim: cfg.code_dim,
            output_dim: cfg.input_dim,
            layers,
        }
    }
}
