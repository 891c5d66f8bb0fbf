//! A standalone copy of a decoder for the page: dragging on the latent plane decodes one code
//! per frame on the main thread, with no round trip to the training worker.

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use crate::nn::Activation;

/// One dense layer `y = f(x·W + b)`.
///
/// # Shapes
/// - `weight`: `input × output`, row-major (`weight[i * output + j]` links input `i` to output `j`)
/// - `bias`: `output`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecoderLayer {
    pub input: usize,
    pub output: usize,
    #[serde(with = "crate::nn::f32_bytes")]
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
    pub activation: Activation,
}

/// The decoder half of an autoencoder (plain or variational), as plain data.
///
/// # Shapes
/// - codes: `code_dim` → outputs: `output_dim`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecoderWeights {
    pub code_dim: usize,
    pub output_dim: usize,
    pub layers: Vec<DecoderLayer>,
}

impl DecoderWeights {
    /// Decodes one code into `out` (resized to `output_dim`); `scratch` is the other of the
    /// two ping-pong buffers. Neither allocates once both have grown to the widest layer.
    ///
    /// Cost: `Σ_l input_l · output_l` multiply-adds, about 0.22 M for a 2-64-256-784
    /// decoder (2·64 + 64·256 + 256·784), a fraction of a millisecond in wasm. Each output is summed as `((b + x₀w₀) + x₁w₁) + …`,
    /// the order the training GEMM uses, so the result equals `Autoencoder::decode` bit for bit.
    ///
    /// # Shapes
    /// - `z`: `code_dim`; `out`: `output_dim`
    pub fn decode_one(&self, z: &[f32], scratch: &mut Vec<f32>, out: &mut Vec<f32>) {
        assert_eq!(z.len(), self.code_dim, "decode_one: code length");
        out.clear();
        out.extend_from_slice(z);
        for layer in &self.layers {
            layer.apply(out, scratch);
            std::mem::swap(out, scratch);
        }
    }

    /// [`DecoderWeights::decode_one`] on every row.
    ///
    /// # Shapes
    /// - `z`: `n × code_dim` → `n × output_dim`
    pub fn decode_batch(&self, z: &DMatrix<f32>) -> DMatrix<f32> {
        assert_eq!(z.ncols(), self.code_dim, "decode_batch: code width");
        let mut result = DMatrix::zeros(z.nrows(), self.output_dim);
        let (mut code, mut scratch, mut out) = (Vec::new(), Vec::new(), Vec::new());
        for r in 0..z.nrows() {
            code.clear();
            code.extend(z.row(r).iter());
            self.decode_one(&code, &mut scratch, &mut out);
            for (c, &v) in out.iter().enumerate() {
                result[(r, c)] = v;
            }
        }
        result
    }
}

impl DecoderLayer {
    /// `y = f(x·W + b)`; `y` is cleared and refilled.
    ///
    /// # Shapes
    /// - `x`: `input`; `y`: `output`
    fn apply(&self, x: &[f32], y: &mut Vec<f32>) {
        assert_eq!(x.len(), self.input, "decoder layer: input width");
        y.clear();
        y.extend_from_slice(&self.bias);
        // Row by row over W keeps memory access sequential; each y[j] still sums inputs in order.
        for (&xi, row) in x.iter().zip(self.weight.chunks_exact(self.output)) {
            y.iter_mut().zip(row).for_each(|(yj, &w)| *yj += xi * w);
        }
        y.iter_mut().for_each(|v| *v = self.activation.apply(*v));
    }
}
