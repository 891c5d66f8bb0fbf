//! The autoencoder: a stack of dense layers with a forward pass that keeps every layer's
//! activations and a backward pass that fills every parameter's gradient.

use std::ops::Range;

use rand::rngs::StdRng;

use super::concrete::{ConcreteGrads, ConcreteTrace, Selector};
use super::config::AutoencoderConfig;
use super::contractive::ContractiveScratch;
use super::k_sparse::top_k_mask;
use super::loss_term::{LossTerm, LossTerms, TermSet};
use super::regularize::{Regularization, penalty};
use super::vae::VaeTrace;
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
/// - `pre[l]`, `post[l]`: `m × layer_shape(l).1`
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub pre: Vec<Matrix>,
    pub post: Vec<Matrix>,
    /// A VAE's noise and sample (unused by a plain autoencoder).
    pub vae: VaeTrace,
    /// Which code units a k-sparse layer kept (`m × code_dim`), and sorting scratch.
    pub keep: Vec<bool>,
    pub order: Vec<usize>,
    /// A concrete selector's temperature, Gumbel noise and sampled weights.
    pub concrete: ConcreteTrace,
    /// Noise added to the code layer's input (`m × code_dim`): filled by the trainer for a
    /// binary code, empty (no noise) everywhere else.
    pub code_noise: Matrix,
}

/// Gradients of all parameters plus the backward scratch buffers.
///
/// `delta[l]` holds `∂L/∂post[l]` until layer `l`'s backward turns it into `∂L/∂pre[l]`; a
/// penalty on layer `l`'s activations adds its gradient to `delta[l]` before that happens.
#[derive(Clone, Debug)]
pub struct Gradients {
    pub layers: Vec<DenseGrads>,
    pub delta: Vec<Matrix>,
    /// A VAE's `∂L/∂z` (`m × code_dim`), between the decoder and the sampling step.
    pub code: Matrix,
    /// Buffers and gradient parts of the contractive penalty (empty when it is off).
    pub contractive: ContractiveScratch,
    /// A concrete selector's logit gradient (empty without one).
    pub concrete: ConcreteGrads,
}

/// A fully connected autoencoder.
#[derive(Clone, Debug, PartialEq)]
pub struct Autoencoder {
    pub(super) config: AutoencoderConfig,
    pub(super) layers: Vec<Layer>,
    pub(super) activations: Vec<Activation>,
    /// Sparsity penalties and the k-sparse code (noise belongs to the trainer).
    pub(super) reg: Regularization,
    /// A concrete autoencoder's selector, which then takes the place of layer 0's parameters.
    pub(super) selector: Option<Selector>,
}

impl AutoencoderConfig {
    /// Builds the network with weights drawn from `rng`, encoder first. The config must be
    /// valid (see `train::validate`); tied decoder layers draw nothing.
    pub fn init(&self, rng: &mut StdRng) -> Autoencoder {
        let layers = (0..self.n_layers())
            .map(|l| {
                let (input, output) = self.layer_shape(l);
                match self.tied_partner(l) {
                    Some(partner) => Layer::Tied {
                        partner,
                        layer: TiedDense {
                            bias: vec![0.0; output],
                        },
                    },
                    None => Layer::Own(
                        DenseConfig {
                            input,
                            output,
                            init: self.init_of(l),
                        }
                        .init(rng),
                    ),
                }
            })
            .collect();
        let activations = (0..self.n_layers())
            .map(|l| self.activation_of(l))
            .collect();
        Autoencoder {
            config: self.clone(),
            layers,
            activations,
            reg: Regularization::default(),
            selector: None,
        }
    }
}

impl Autoencoder {
    /// A network from its layers; `cfg` must describe them.
    pub(super) fn from_parts(
        cfg: AutoencoderConfig,
        layers: Vec<Layer>,
        reg: Regularization,
    ) -> Autoencoder {
        let activations = (0..cfg.n_layers()).map(|l| cfg.activation_of(l)).collect();
        Autoencoder {
            config: cfg,
            layers,
            activations,
            reg,
            selector: None,
        }
    }

    pub fn config(&self) -> &AutoencoderConfig {
        &self.config
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// Loss terms this model reports.
    pub fn active_terms(&self) -> TermSet {
        let mut terms = TermSet::of(&[LossTerm::Reconstruction]);
        if self.config.vae.is_some() {
            terms = terms.with(LossTerm::Kl);
        }
        if self.reg.activity.is_some() {
            terms = terms.with(LossTerm::Sparsity);
        }
        if self.reg.contractive.is_some() {
            terms = terms.with(LossTerm::Contractive);
        }
        terms
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

    pub(super) fn own(&self, l: usize) -> &Dense {
        match &self.layers[l] {
            Layer::Own(d) => d,
            Layer::Tied { .. } => unreachable!("a tied layer's partner is always an encoder layer"),
        }
    }

    pub fn trace(&self) -> Trace {
        Trace {
            pre: vec![Matrix::default(); self.layers.len()],
            post: vec![Matrix::default(); self.layers.len()],
            vae: VaeTrace {
                kl_weight: self.config.vae.map_or(0.0, |v| v.beta),
                ..VaeTrace::default()
            },
            keep: Vec::new(),
            order: Vec::new(),
            concrete: match &self.selector {
                // Sized here so the training loop never allocates them.
                Some(s) => ConcreteTrace {
                    temperature: None,
                    noise: Matrix::zeros(s.logits.rows(), s.logits.cols()),
                    weights: Matrix::zeros(s.logits.rows(), s.logits.cols()),
                },
                None => ConcreteTrace::default(),
            },
            code_noise: Matrix::default(),
        }
    }

    pub fn gradients(&self) -> Gradients {
        let layers = (0..self.layers.len())
            .map(|l| {
                let (i, o) = self.config.layer_shape(l);
                match self.layers[l] {
                    // The selector's gradient lives in `concrete`; layer 0 is not a parameter.
                    Layer::Own(_) if l == 0 && self.selector.is_some() => DenseGrads::zeros(0, o),
                    Layer::Own(_) => DenseGrads::zeros(i, o),
                    Layer::Tied { .. } => DenseGrads::zeros(0, o),
                }
            })
            .collect();
        Gradients {
            layers,
            delta: vec![Matrix::default(); self.layers.len()],
            code: Matrix::default(),
            contractive: ContractiveScratch::default(),
            concrete: ConcreteGrads {
                logits: match &self.selector {
                    Some(s) => Matrix::zeros(s.logits.rows(), s.logits.cols()),
                    None => Matrix::default(),
                },
            },
        }
    }

    /// Runs layers `range` on `x`, filling `trace.pre/post[l]` for those layers. Buffers are
    /// reused; they only reallocate when the batch grows.
    ///
    /// # Shapes
    /// - `x`: `m × widths[range.start]`
    pub fn forward_range(&self, x: &Matrix, range: Range<usize>, trace: &mut Trace) {
        let start = range.start;
        let sparse = self.k_sparse_layer();
        let soft = self.soft_selection(trace.concrete.temperature);
        if let (Some((s, t)), 0) = (soft, start) {
            s.sample(&mut trace.concrete, t);
        }
        for l in range {
            let (before, rest) = trace.post.split_at_mut(l);
            let input = if l == start { x } else { &before[l - 1] };
            let z = &mut trace.pre[l];
            match &self.layers[l] {
                Layer::Own(_) if l == 0 && soft.is_some() => {
                    Selector::forward(input, &trace.concrete.weights, z)
                }
                Layer::Own(d) => d.forward(input, z),
                Layer::Tied { partner, layer } => {
                    layer.forward(&self.own(*partner).weight, input, z)
                }
            }
            if l + 1 == self.config.n_encoder() && trace.code_noise.shape() == z.shape() {
                for (v, n) in z.as_mut_slice().iter_mut().zip(trace.code_noise.as_slice()) {
                    *v += n;
                }
            }
            rest[0].reshape_uninit(z.rows(), z.cols());
            self.activations[l].forward(z.as_slice(), rest[0].as_mut_slice());
            if let Some((sl, k)) = sparse
                && sl == l
            {
                top_k_mask(&mut rest[0], k, &mut trace.keep, &mut trace.order);
            }
        }
    }

    /// Full forward pass; the reconstruction is `trace.post.last()`. A VAE samples its code
    /// with the noise in `trace.vae.eps` (see [`VaeTrace`]).
    pub fn forward(&self, x: &Matrix, trace: &mut Trace) {
        match self.config.vae {
            None => self.forward_range(x, 0..self.layers.len(), trace),
            Some(_) => self.forward_vae(x, trace),
        }
    }

    /// Loss terms of the last forward pass on `x` (which is also the target), without gradient.
    pub fn loss(&self, x: &Matrix, trace: &Trace) -> LossTerms {
        let mut t = match &self.config.vae {
            Some(v) => self.vae_loss(v, x, trace),
            None => {
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
        };
        if let Some(a) = &self.reg.activity {
            let p: f64 = (0..self.config.n_encoder())
                .map(|k| penalty(a.penalty, a.scale(k), &trace.post[k], None))
                .sum();
            t.set(LossTerm::Sparsity, p);
        }
        if let Some(lambda) = self.reg.contractive {
            let mut s = ContractiveScratch::default();
            let rows = trace.post[0].rows().max(1) as f64;
            let p = self.jacobian_norm_sum(trace, &mut s) * f64::from(lambda) / rows;
            t.set(LossTerm::Contractive, p);
        }
        t
    }

    /// The network with these regularisers (sparsity penalties, k-sparse code).
    pub fn with_regularization(mut self, reg: Regularization) -> Autoencoder {
        self.reg = reg;
        self
    }

    /// New penalty weights between two batches (see `train::retune`).
    pub fn set_regularization(&mut self, reg: Regularization) {
        self.reg = reg;
    }

    pub fn regularization(&self) -> &Regularization {
        &self.reg
    }

    /// The selector and temperature when the next forward pass samples soft weights: a
    /// concrete model in training mode (otherwise layer 0's one-hot runs the hard selection).
    pub(super) fn soft_selection(&self, temperature: Option<f32>) -> Option<(&Selector, f32)> {
        self.selector.as_ref().zip(temperature)
    }

    /// The code layer and `k`, when the code is k-sparse.
    pub(super) fn k_sparse_layer(&self) -> Option<(usize, usize)> {
        self.reg.k_sparse.map(|k| (self.config.n_encoder() - 1, k))
    }
}
