//! The autoencoder: a stack of dense layers with a forward pass that keeps every layer's
//! activations and a backward pass that fills every parameter's gradient.

use std::ops::Range;

use nalgebra::DMatrix;
use rand::rngs::StdRng;

use super::config::AutoencoderConfig;
use super::loss_term::{LossTerm, LossTerms};
use crate::nn::{Activation, Dense, DenseConfig, DenseGrads, Matrix, TiedDense};

/// Rows processed at once by `encode`/`decode`/`evaluate`, bounding their memory.
pub const CHUNK_ROWS: usize = 256;

/// A layer owns its weight, or borrows the transpose of an encoder layer's weight.
#[derive(Clone, Debug, PartialEq)]
pub enum Layer {
    Own(Dense),
    Tied { partner: usize, layer: TiedDense },
}

/// Every layer's pre-activation `z` and output `a = f(z)` from the last forward pass.
/// Penalties on hidden units (sparsity, k-sparse codes, contractive terms) read these.
///
/// # Shapes
/// - `pre[l]`, `post[l]`: `m × widths[l + 1]`
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub pre: Vec<Matrix>,
    pub post: Vec<Matrix>,
}

/// Gradients of all parameters plus the backward scratch buffers.
///
/// `delta[l]` holds `∂L/∂post[l]` until layer `l`'s backward turns it into `∂L/∂pre[l]`; a
/// penalty on layer `l`'s activations adds its gradient to `delta[l]` before that happens.
#[derive(Clone, Debug)]
pub struct Gradients {
    pub layers: Vec<DenseGrads>,
    pub delta: Vec<Matrix>,
}

/// A fully connected autoencoder.
#[derive(Clone, Debug, PartialEq)]
pub struct Autoencoder {
    config: AutoencoderConfig,
    pub(super) layers: Vec<Layer>,
    activations: Vec<Activation>,
}

impl AutoencoderConfig {
    /// Builds the network with weights drawn from `rng`, encoder first. The config must be
    /// valid (see `train::validate`); tied decoder layers draw nothing.
    pub fn init(&self, rng: &mut StdRng) -> Autoencoder {
        let w = self.widths();
        let layers = (0..self.n_layers())
            .map(|l| match self.tied_partner(l) {
                Some(partner) => Layer::Tied {
                    partner,
                    layer: TiedDense {
                        bias: vec![0.0; w[l + 1]],
                    },
                },
                None => Layer::Own(
                    DenseConfig {
                        input: w[l],
                        output: w[l + 1],
                        init: self.init_of(l),
                    }
                    .init(rng),
                ),
            })
            .collect();
        let activations = (0..self.n_layers())
            .map(|l| self.activation_of(l))
            .collect();
        Autoencoder {
            config: self.clone(),
            layers,
            activations,
        }
    }
}

impl Autoencoder {
    pub fn config(&self) -> &AutoencoderConfig {
        &self.config
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// Loss terms this model reports.
    pub fn active_terms(&self) -> &'static [LossTerm] {
        &[LossTerm::Reconstruction]
    }

    /// The weight layer `l` effectively applies (the transpose for a tied layer).
    ///
    /// # Shapes
    /// - `widths[l] × widths[l + 1]`
    pub fn effective_weight(&self, l: usize) -> Matrix {
        match &self.layers[l] {
            Layer::Own(d) => d.weight.clone(),
            Layer::Tied { partner, .. } => self.own(*partner).weight.transpose(),
        }
    }

    pub fn bias(&self, l: usize) -> &[f32] {
        match &self.layers[l] {
            Layer::Own(d) => &d.bias,
            Layer::Tied { layer, .. } => &layer.bias,
        }
    }

    fn own(&self, l: usize) -> &Dense {
        match &self.layers[l] {
            Layer::Own(d) => d,
            Layer::Tied { .. } => unreachable!("a tied layer's partner is always an encoder layer"),
        }
    }

    pub fn trace(&self) -> Trace {
        Trace {
            pre: vec![Matrix::default(); self.layers.len()],
            post: vec![Matrix::default(); self.layers.len()],
        }
    }

    pub fn gradients(&self) -> Gradients {
        let w = self.config.widths();
        let layers = (0..self.layers.len())
            .map(|l| match self.layers[l] {
                Layer::Own(_) => DenseGrads::zeros(w[l], w[l + 1]),
                Layer::Tied { .. } => DenseGrads::zeros(0, w[l + 1]),
            })
            .collect();
        Gradients {
            layers,
            delta: vec![Matrix::default(); self.layers.len()],
        }
    }

    /// Runs layers `range` on `x`, filling `trace.pre/post[l]` for those layers. Buffers are
    /// reused; they only reallocate when the batch grows.
    ///
    /// # Shapes
    /// - `x`: `m × widths[range.start]`
    pub fn forward_range(&self, x: &Matrix, range: Range<usize>, trace: &mut Trace) {
        let start = range.start;
        for l in range {
            let (before, rest) = trace.post.split_at_mut(l);
            let input = if l == start { x } else { &before[l - 1] };
            let z = &mut trace.pre[l];
            match &self.layers[l] {
                Layer::Own(d) => d.forward(input, z),
                Layer::Tied { partner, layer } => {
                    layer.forward(&self.own(*partner).weight, input, z)
                }
            }
            rest[0].reshape_uninit(z.rows(), z.cols());
            self.activations[l].forward(z.as_slice(), rest[0].as_mut_slice());
        }
    }

    /// Full forward pass; the reconstruction is `trace.post.last()`.
    pub fn forward(&self, x: &Matrix, trace: &mut Trace) {
        self.forward_range(x, 0..self.layers.len(), trace);
    }

    /// Loss terms of the last forward pass on `x` (which is also the target), without gradient.
    pub fn loss(&self, x: &Matrix, trace: &Trace) -> LossTerms {
        let last = self.layers.len() - 1;
        let (z, y) = (trace.pre[last].as_slice(), trace.post[last].as_slice());
        let mut t = LossTerms::default();
        let rec = self
            .config
            .loss
            .mean(self.activations[last], z, y, x.as_slice());
        t.set(LossTerm::Reconstruction, rec as f64);
        t
    }

    /// Loss terms of the last forward pass on `x` and the gradient of their sum with respect
    /// to every parameter, written into `g`.
    pub fn backward(&self, x: &Matrix, trace: &Trace, g: &mut Gradients) -> LossTerms {
        let n = self.layers.len();
        let last = n - 1;
        let (z, y) = (trace.pre[last].as_slice(), trace.post[last].as_slice());
        g.delta[last].reshape_uninit(trace.pre[last].rows(), trace.pre[last].cols());
        let rec = self.config.loss.forward_backward(
            self.activations[last],
            z,
            y,
            x.as_slice(),
            g.delta[last].as_mut_slice(),
        );
        let mut terms = LossTerms::default();
        terms.set(LossTerm::Reconstruction, rec as f64);
        for l in (0..n).rev() {
            let (lower, upper) = g.delta.split_at_mut(l);
            let dz = &mut upper[0];
            if l != last {
                self.activations[l].backward(trace.post[l].as_slice(), dz.as_mut_slice());
            }
            let input = if l == 0 { x } else { &trace.post[l - 1] };
            let dx = if l == 0 {
                None
            } else {
                Some(&mut lower[l - 1])
            };
            match &self.layers[l] {
                Layer::Own(d) => {
                    // The tied decoder layer mirroring this one has already written its share.
                    let accumulate = self.config.tied_weights && l < self.config.n_encoder();
                    d.backward(input, dz, &mut g.layers[l], accumulate, dx);
                }
                Layer::Tied { partner, layer } => {
                    let (gl, gu) = g.layers.split_at_mut(l);
                    let pw = &self.own(*partner).weight;
                    layer.backward(pw, input, dz, &mut gl[*partner].weight, &mut gu[0].bias, dx);
                }
            }
        }
        terms
    }

    /// Runs layers `range` on the rows of `x` in chunks; returns the last layer's output.
    pub fn run_range(&self, x: &DMatrix<f32>, range: Range<usize>) -> DMatrix<f32> {
        let out_dim = self.config.widths()[range.end];
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

    /// Codes of the rows of `x`.
    ///
    /// # Shapes
    /// - `x`: `n × input_dim` → `n × code_dim`
    pub fn encode(&self, x: &DMatrix<f32>) -> DMatrix<f32> {
        self.run_range(x, 0..self.config.n_encoder())
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
        self.run_range(x, 0..self.layers.len())
    }
}
