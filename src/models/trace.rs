//! What a forward pass leaves for the backward pass and the penalties, and the backward
//! pass's buffers: sized once and reused, so training allocates nothing per step.

use super::concrete::{ConcreteGrads, ConcreteTrace};
use super::penalty::{GradScratch, TraceScratch};
use super::vae::VaeTrace;
use crate::nn::{DenseGrads, Matrix};

/// Every layer's pre-activation `z` and output `a = f(z)` from the last forward pass, which
/// the penalties read, with the encoder kind's and the penalties' buffers.
///
/// # Shapes
/// - `pre[l]`, `post[l]`: `m × layer_shape(l).1`
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub pre: Vec<Matrix>,
    pub post: Vec<Matrix>,
    /// A VAE's noise and sample (unused by a plain autoencoder).
    pub vae: VaeTrace,
    /// A concrete selector's temperature, Gumbel noise and sampled weights.
    pub concrete: ConcreteTrace,
    /// The penalties' buffers (a mask, code noise).
    pub penalty: TraceScratch,
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
    /// The penalties' buffers and gradient parts (empty when none needs them).
    pub penalty: GradScratch,
    /// A concrete selector's logit gradient (empty without one).
    pub concrete: ConcreteGrads,
}
