//! Autoencoder architecture, as plain serde data.

use serde::{Deserialize, Serialize};

use super::vae::VaeConfig;
use crate::nn::{Activation, Init, LossKind};

/// Architecture of a fully connected autoencoder.
///
/// Encoder: `input_dim → hidden[0] → … → hidden[last] → code_dim`; the decoder mirrors it,
/// `code_dim → hidden[last] → … → hidden[0] → input_dim`, unless `decoder_hidden` gives it
/// widths of its own.
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
    /// The decoder's hidden widths, from the code outwards, when it does not mirror the
    /// encoder: a concrete autoencoder has no encoder layers to mirror but may still decode
    /// through an MLP. `None` (the default) mirrors `hidden`. Tying and layer-wise
    /// pretraining pair each encoder layer with its mirror, so they need `None`.
    #[serde(default)]
    pub decoder_hidden: Option<Vec<usize>>,
}

impl AutoencoderConfig {
    /// The lab's usual net: ReLU hidden layers mirrored by the decoder, a linear code, a
    /// sigmoid output scored by MSE, untied weights.
    pub fn relu(input_dim: usize, hidden: Vec<usize>, code_dim: usize) -> AutoencoderConfig {
        AutoencoderConfig {
            input_dim,
            hidden,
            code_dim,
            activation: Activation::Relu,
            code_activation: Activation::Identity,
            output_activation: Activation::Sigmoid,
            loss: LossKind::Mse,
            tied_weights: false,
            vae: None,
            decoder_hidden: None,
        }
    }

    /// Layer widths from input to output, `n_layers() + 1` entries. A VAE's code layer
    /// outputs twice `code_dim` (see [`AutoencoderConfig::layer_shape`]).
    pub fn widths(&self) -> Vec<usize> {
        let mut w = Vec::with_capacity(self.n_layers() + 1);
        w.push(self.input_dim);
        w.extend_from_slice(&self.hidden);
        w.push(self.code_dim);
        match &self.decoder_hidden {
            Some(d) => w.extend_from_slice(d),
            None => w.extend(self.hidden.iter().rev()),
        }
        w.push(self.input_dim);
        w
    }

    /// Whether the decoder mirrors the encoder layer for layer (no `decoder_hidden`).
    pub fn is_mirrored(&self) -> bool {
        self.decoder_hidden.is_none()
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
        let decoder = self.decoder_hidden.as_ref().unwrap_or(&self.hidden).len() + 1;
        self.n_encoder() + decoder
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

    /// How a sentence names encoder layer `k`: a hidden layer, or the code.
    pub fn encoder_layer_name(&self, k: usize) -> String {
        if k + 1 < self.n_encoder() {
            format!("hidden layer {}", k + 1)
        } else {
            "the code".into()
        }
    }

    /// He init before ReLU-family activations, Xavier otherwise.
    pub fn init_of(&self, l: usize) -> Init {
        match self.activation_of(l) {
            Activation::Relu | Activation::LeakyRelu => Init::He,
            _ => Init::Xavier,
        }
    }

    /// Whether decoder layers transpose their mirrored encoder layer's weight. Tying needs a
    /// mirrored decoder (validation refuses it otherwise; an unvalidated config is untied).
    pub fn is_tied(&self) -> bool {
        self.tied_weights && self.is_mirrored()
    }

    /// For a tied decoder layer, the encoder layer whose weight it transposes.
    pub fn tied_partner(&self, l: usize) -> Option<usize> {
        (self.is_tied() && l >= self.n_encoder()).then(|| self.n_layers() - 1 - l)
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
