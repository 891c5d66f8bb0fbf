//! Autoencoder architecture, as plain serde data.

use serde::{Deserialize, Serialize};

use super::vae::VaeConfig;
use crate::nn::{Activation, Init, LossKind};

/// Architecture of a symmetric fully connected autoencoder.
///
/// Encoder: `input_dim → hidden[0] → … → hidden[last] → code_dim`; the decoder mirrors it:
/// `code_dim → hidden[last] → … → hidden[0] → input_dim`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutoencoderConfig {
    pub input_dim: usize,
    pub hidden: Vec<usize>,
    pub code_dim: usize,
    /// Activation of every hidden layer (encoder and decoder).
    pub activation: Activation,
    /// Activation of the code layer (identity gives an unbounded code).
    pub code_activation: Activation,
    /// Activation of the reconstruction (sigmoid for pixels in [0, 1]).
    pub output_activation: Activation,
    pub loss: LossKind,
    /// Decoder layer `i` uses the transpose of the mirrored encoder layer's weight (own bias).
    pub tied_weights: bool,
    /// Variational autoencoder settings; `None` (the default) is a plain autoencoder.
    #[serde(default)]
    pub vae: Option<VaeConfig>,
}

impl AutoencoderConfig {
    /// Layer widths from input to output, `2·(hidden.len() + 1) + 1` entries. A VAE's code
    /// layer outputs twice `code_dim` (see [`AutoencoderConfig::layer_shape`]).
    pub fn widths(&self) -> Vec<usize> {
        let mut w = Vec::with_capacity(2 * self.hidden.len() + 3);
        w.push(self.input_dim);
        w.extend_from_slice(&self.hidden);
        w.push(self.code_dim);
        w.extend(self.hidden.iter().rev());
        w.push(self.input_dim);
        w
    }

    /// `(inputs, outputs)` of dense layer `l`. A VAE's code layer outputs μ and log σ²,
    /// `2·code_dim` values; the decoder still takes `code_dim`.
    pub fn layer_shape(&self, l: usize) -> (usize, usize) {
        let w = self.widths();
        let doubled = self.vae.is_some() && l + 1 == self.n_encoder();
        (w[l], if doubled { 2 * w[l + 1] } else { w[l + 1] })
    }

    /// Number of dense layers (encoder plus decoder).
    pub fn n_layers(&self) -> usize {
        2 * (self.hidden.len() + 1)
    }

    /// Number of encoder layers; layer `n_encoder() - 1` outputs the code.
    pub fn n_encoder(&self) -> usize {
        self.hidden.len() + 1
    }

    /// The activation after dense layer `l`.
    pub fn activation_of(&self, l: usize) -> Activation {
        if l + 1 == self.n_encoder() {
            self.code_activation
        } else if l + 1 == self.n_layers() {
            self.output_activation
        } else {
            self.activation
        }
    }

    /// He init before ReLU-family activations, Xavier otherwise.
    pub fn init_of(&self, l: usize) -> Init {
        match self.activation_of(l) {
            Activation::Relu | Activation::LeakyRelu => Init::He,
            _ => Init::Xavier,
        }
    }

    /// For a tied decoder layer, the encoder layer whose weight it transposes.
    pub fn tied_partner(&self, l: usize) -> Option<usize> {
        (self.tied_weights && l >= self.n_encoder()).then(|| self.n_layers() - 1 - l)
    }

    /// Trainable parameter count.
    pub fn param_count(&self) -> usize {
        (0..self.n_layers())
            .map(|l| {
                let (i, o) = self.layer_shape(l);
                if self.tied_partner(l).is_some() {
                    o
                } else {
                    i * o + o
                }
            })
            .sum()
    }
}
