//! The autoencoder: a stack of dense layers with a forward pass that keeps every layer's
//! activations and a backward pass that fills every parameter's gradient.

use std::ops::Range;

use rand::rngs::StdRng;

use super::concrete::{ConcreteGrads, ConcreteTrace, Selector};
use super::config::AutoencoderConfig;
use super::encoder::EncoderKind;
use super::jacobian::EncoderPass;
use super::loss_term::{LossTerm, LossTerms, TermSet};
pub use super::mlp::Layer;
use super::penalty::{self, GradScratch, LayerPenalty, TraceScratch};
use super::regularize::Regularization;
pub use super::trace::{Gradients, Trace};
use super::vae::VaeTrace;
use crate::nn::{Activation, Dense, DenseConfig, DenseGrads, Matrix, TiedDense};

/// Rows processed at once by `encode`/`decode`/`evaluate`, bounding their memory.
pub const CHUNK_ROWS: usize = 256;

/// A fully connected autoencoder.
#[derive(Clone, Debug, PartialEq)]
pub struct Autoencoder {
    pub(super) config: AutoencoderConfig,
    pub(super) layers: Vec<Layer>,
    pub(super) activations: Vec<Activation>,
    /// The variant choices as configured (noise and pretraining belong to the trainer).
    pub(super) reg: Regularization,
    /// The penalties `reg` asks for, in the order their hooks run.
    pub(super) penalties: Vec<LayerPenalty>,
    /// Dense, Gaussian (VAE) or the concrete selector, which then takes the place of layer
    /// 0's parameters.
    pub(super) encoder: EncoderKind,
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
            penalties: Vec::new(),
            encoder: EncoderKind::of(self),
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
        let encoder = EncoderKind::of(&cfg);
        Autoencoder {
            config: cfg,
            layers,
            activations,
            penalties: reg.penalties(),
            reg,
            encoder,
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
        if self.encoder.gaussian().is_some() {
            terms = terms.with(LossTerm::Kl);
        }
        for t in self.penalties.iter().filter_map(LayerPenalty::term) {
            terms = terms.with(t);
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
                kl_weight: self.encoder.gaussian().map_or(0.0, |v| v.beta),
                ..VaeTrace::default()
            },
            concrete: match self.encoder.selector() {
                // Sized here so the training loop never allocates them.
                Some(s) => ConcreteTrace {
                    temperature: None,
                    noise: Matrix::zeros(s.logits.rows(), s.logits.cols()),
                    weights: Matrix::zeros(s.logits.rows(), s.logits.cols()),
                },
                None => ConcreteTrace::default(),
            },
            penalty: TraceScratch::default(),
        }
    }

    pub fn gradients(&self) -> Gradients {
        let layers = (0..self.layers.len())
            .map(|l| {
                let (i, o) = self.config.layer_shape(l);
                match self.layers[l] {
                    // The selector's gradient lives in `concrete`; layer 0 is not a parameter.
                    Layer::Own(_) if l == 0 && self.encoder.selector().is_some() => {
                        DenseGrads::zeros(0, o)
                    }
                    Layer::Own(_) => DenseGrads::zeros(i, o),
                    Layer::Tied { .. } => DenseGrads::zeros(0, o),
                }
            })
            .collect();
        Gradients {
            layers,
            delta: vec![Matrix::default(); self.layers.len()],
            code: Matrix::default(),
            penalty: GradScratch::default(),
            concrete: ConcreteGrads {
                logits: match self.encoder.selector() {
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
        let (start, code) = (range.start, self.config.n_encoder() - 1);
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
            for p in &self.penalties {
                p.before_activation(l, code, z, &trace.penalty);
            }
            rest[0].reshape_uninit(z.rows(), z.cols());
            self.activations[l].forward(z.as_slice(), rest[0].as_mut_slice());
            for p in &self.penalties {
                p.after_activation(l, code, &mut rest[0], &mut trace.penalty);
            }
        }
    }

    /// Full forward pass; the reconstruction is `trace.post.last()`. A VAE samples its code
    /// with the noise in `trace.vae.eps` (see [`VaeTrace`]).
    pub fn forward(&self, x: &Matrix, trace: &mut Trace) {
        match self.encoder.gaussian() {
            None => self.forward_range(x, 0..self.layers.len(), trace),
            Some(_) => self.forward_vae(x, trace),
        }
    }

    /// Loss terms of the last forward pass on `x` (which is also the target), without gradient.
    pub fn loss(&self, x: &Matrix, trace: &Trace) -> LossTerms {
        let mut t = match self.encoder.gaussian() {
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
        let pass = self.encoder_pass(trace);
        for (term, v) in self.penalties.iter().filter_map(|p| p.loss(&pass)) {
            t.set(term, v);
        }
        t
    }

    /// The network with these variant choices (its penalty list follows them).
    pub fn with_regularization(mut self, reg: Regularization) -> Autoencoder {
        self.set_regularization(reg);
        self
    }

    /// New penalty weights between two batches (see `train::retune`).
    pub fn set_regularization(&mut self, reg: Regularization) {
        self.penalties = reg.penalties();
        self.reg = reg;
    }

    /// What the Jacobian reads of this network and the forward pass in `trace`.
    pub(super) fn encoder_pass<'a>(&'a self, trace: &'a Trace) -> EncoderPass<'a> {
        EncoderPass {
            layers: &self.layers,
            activations: &self.activations,
            post: &trace.post,
            n_encoder: self.config.n_encoder(),
            input_dim: self.config.input_dim,
            code_dim: self.config.code_dim,
            kept: penalty::kept(&self.penalties, &trace.penalty),
        }
    }

    /// The layer penalties, in the order their hooks run.
    pub fn penalties(&self) -> &[LayerPenalty] {
        &self.penalties
    }

    pub fn regularization(&self) -> &Regularization {
        &self.reg
    }

    /// The selector and temperature when the next forward pass samples soft weights: a
    /// concrete model in training mode (otherwise layer 0's one-hot runs the hard selection).
    pub(super) fn soft_selection(&self, temperature: Option<f32>) -> Option<(&Selector, f32)> {
        self.encoder.selector().zip(temperature)
    }
}
