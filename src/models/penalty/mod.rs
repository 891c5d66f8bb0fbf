//! Penalties on the code or hidden layers, kept by the autoencoder as an ordered list and run
//! at fixed points of its passes. Each penalty is one file holding its effect on the forward
//! pass, its gradient and its limits; the rule table (`models::rules`) says which combine.
//! The autoencoder names none of them: it calls the hooks below, in this order:
//! - forward, layer `l`: [`LayerPenalty::before_activation`] on `z_l`, then
//!   [`LayerPenalty::after_activation`] on `a_l`;
//! - loss without gradient: [`LayerPenalty::loss`];
//! - backward: [`LayerPenalty::backward_start`] once, then for each layer from the output
//!   down [`LayerPenalty::add_output_grad`] (into `∂L/∂a_l`, before `f'`),
//!   [`LayerPenalty::add_pre_grad`] (into `∂L/∂z_l`, after `f'`) and
//!   [`LayerPenalty::add_weight_grad`] (into `∂L/∂W_l`).

pub mod activity;
pub mod binary_code;
pub mod contractive;
pub mod dial;
pub mod k_sparse;

use activity::Activity;
use binary_code::BinaryCode;

use super::jacobian::{self, EncoderPass};
use super::loss_term::LossTerm;
use rand::rngs::StdRng;

use super::problem::{Clash, Part};
use crate::nn::Matrix;
use dial::DialView;

/// The pairs each penalty declares in its file: its part of the rule table.
pub const CLASHES: [&[Clash]; 4] = [
    &activity::CLASHES,
    &k_sparse::CLASHES,
    &binary_code::CLASHES,
    &contractive::CLASHES,
];

/// The page's view of each one-number option (its numbers are `Regularization::DIALS`).
const VIEWS: [(Part, &DialView); 3] = [
    (k_sparse::PART, &k_sparse::VIEW),
    (binary_code::PART, &binary_code::VIEW),
    (contractive::PART, &contractive::VIEW),
];

/// How the page shows the one-number option `part`.
pub fn view(part: Part) -> Option<&'static DialView> {
    VIEWS.iter().find(|v| v.0 == part).map(|v| v.1)
}

/// One penalty of the list.
#[derive(Clone, Debug, PartialEq)]
pub enum LayerPenalty {
    /// Noise of a chosen scale on the code units' input while training.
    BinaryCode(BinaryCode),
    /// Only the `k` largest code activations of each sample pass.
    KSparse(usize),
    /// `λ · Σ_k w_k · P(h_k)` on the encoder's activations.
    Activity(Activity),
    /// `λ · mean_x ‖∂h/∂x‖²_F`.
    Contractive(f32),
}

/// The penalties' forward-pass buffers, kept in the trace.
#[derive(Clone, Debug, Default)]
pub struct TraceScratch {
    /// Which code units a top-k mask kept.
    pub mask: k_sparse::Mask,
    /// Noise for the code layer's input (`m × code_dim`), drawn by the trainer each batch;
    /// empty (no noise) everywhere else.
    pub code_noise: Matrix,
}

/// The penalties' backward buffers, kept with the gradients.
#[derive(Clone, Debug, Default)]
pub struct GradScratch {
    pub jacobian: jacobian::Scratch,
}

/// The code units the last forward pass kept, when a penalty of `list` masks the code.
pub fn kept<'a>(list: &[LayerPenalty], s: &'a TraceScratch) -> Option<&'a [bool]> {
    list.iter()
        .any(|p| matches!(p, LayerPenalty::KSparse(_)))
        .then_some(s.mask.keep.as_slice())
}

impl LayerPenalty {
    /// Whether it changes the code of a model at evaluation (a mask does; training noise and
    /// loss terms do not), so a model with it is not the plain network of its layers.
    pub fn changes_code(&self) -> bool {
        matches!(self, LayerPenalty::KSparse(_))
    }

    /// Sizes the buffers a training batch of `rows` fills before its forward pass.
    pub fn size_for_training(&self, rows: usize, code_dim: usize, s: &mut TraceScratch) {
        if let LayerPenalty::BinaryCode(_) = self {
            s.code_noise = Matrix::zeros(rows, code_dim);
        }
    }

    /// The salt of the noise stream it draws from each training batch, if it draws.
    pub fn noise_salt(&self) -> Option<u64> {
        match self {
            LayerPenalty::BinaryCode(_) => Some(binary_code::NOISE_SALT),
            _ => None,
        }
    }

    /// Draws a training batch's noise from `rng` (the stream of [`LayerPenalty::noise_salt`]).
    pub fn draw(&self, rng: &mut StdRng, s: &mut TraceScratch) {
        if let LayerPenalty::BinaryCode(b) = self {
            b.fill(rng, s.code_noise.as_mut_slice());
        }
    }

    /// The loss term it reports, if it adds to the loss.
    pub fn term(&self) -> Option<LossTerm> {
        match self {
            LayerPenalty::Activity(_) => Some(LossTerm::Sparsity),
            LayerPenalty::Contractive(_) => Some(LossTerm::Contractive),
            LayerPenalty::BinaryCode(_) | LayerPenalty::KSparse(_) => None,
        }
    }

    /// On `z_l` of layer `l` before its activation (`code`: the code layer's index).
    pub fn before_activation(&self, l: usize, code: usize, z: &mut Matrix, s: &TraceScratch) {
        if let LayerPenalty::BinaryCode(_) = self
            && l == code
        {
            binary_code::add_noise(z, &s.code_noise);
        }
    }

    /// On `a_l = f(z_l)` of layer `l`.
    pub fn after_activation(&self, l: usize, code: usize, a: &mut Matrix, s: &mut TraceScratch) {
        if let LayerPenalty::KSparse(k) = self
            && l == code
        {
            s.mask.apply(a, *k);
        }
    }

    /// Its value on the last forward pass, without gradient.
    pub fn loss(&self, pass: &EncoderPass) -> Option<(LossTerm, f64)> {
        match self {
            LayerPenalty::Activity(a) => {
                Some((LossTerm::Sparsity, a.value(&pass.post[..pass.n_encoder])))
            }
            LayerPenalty::Contractive(lambda) => {
                Some((LossTerm::Contractive, contractive::loss(*lambda, pass)))
            }
            LayerPenalty::BinaryCode(_) | LayerPenalty::KSparse(_) => None,
        }
    }

    /// Work the backward pass needs before its first layer; returns a value computed there.
    pub fn backward_start(
        &self,
        pass: &EncoderPass,
        g: &mut GradScratch,
    ) -> Option<(LossTerm, f64)> {
        match self {
            LayerPenalty::Contractive(lambda) => Some((
                LossTerm::Contractive,
                contractive::backward(*lambda, pass, &mut g.jacobian),
            )),
            _ => None,
        }
    }

    /// Adds into `da = ∂L/∂a_l` of layer `l` (an encoder layer when `l < n_encoder`);
    /// returns the penalty's value on that layer, its share of the term.
    pub fn add_output_grad(
        &self,
        l: usize,
        n_encoder: usize,
        a: &Matrix,
        da: &mut Matrix,
    ) -> Option<(LossTerm, f64)> {
        match self {
            LayerPenalty::Activity(p) if l < n_encoder => {
                Some((LossTerm::Sparsity, p.value_and_grad(l, a, da)))
            }
            _ => None,
        }
    }

    /// Adds into (or masks) `dz = ∂L/∂z_l` of layer `l`, after the activation's backward.
    pub fn add_pre_grad(
        &self,
        l: usize,
        n_encoder: usize,
        dz: &mut Matrix,
        t: &TraceScratch,
        g: &GradScratch,
    ) {
        match self {
            LayerPenalty::KSparse(_) if l + 1 == n_encoder => {
                k_sparse::apply_mask(dz, &t.mask.keep)
            }
            LayerPenalty::Contractive(_) if l < n_encoder => {
                contractive::add_pre_grad(l, &g.jacobian, dz)
            }
            _ => {}
        }
    }

    /// Adds its part of `∂L/∂W_l` that does not go through `z_l`.
    pub fn add_weight_grad(&self, l: usize, n_encoder: usize, gw: &mut Matrix, g: &GradScratch) {
        if let LayerPenalty::Contractive(_) = self
            && l < n_encoder
        {
            contractive::add_weight_grad(l, &g.jacobian, gw);
        }
    }
}
