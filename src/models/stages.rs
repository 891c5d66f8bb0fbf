//! Layer-wise pretraining's view of the autoencoder: the shallow autoencoder of each stage,
//! cut from this network, and its trained layers copied back.

use super::autoencoder::{Autoencoder, Layer};
use super::config::AutoencoderConfig;
use super::regularize::Regularization;
use crate::nn::LossKind;

impl Autoencoder {
    /// The shallow autoencoder of stage `i`: encoder layer `i` and decoder layer `n − 1 − i`
    /// of this network, with their weights, activations and tying.
    ///
    /// Stage 0 reconstructs the data with the configured loss and output activation. Later
    /// stages reconstruct codes, which need not lie in [0, 1] (ReLU codes are unbounded), so
    /// they use MSE; their output activation is the mirrored decoder layer's own, which is the
    /// activation that produced the codes being reconstructed, so output and target share a
    /// range and the trained layer means the same thing once copied back.
    ///
    /// # Shapes
    /// - input and output `widths[i]`, code `widths[i + 1]`
    pub fn shallow_stage(&self, i: usize) -> Autoencoder {
        let deep = self.config();
        let (n, mirror) = (deep.n_layers(), deep.n_layers() - 1 - i);
        let widths = deep.widths();
        let cfg = AutoencoderConfig {
            input_dim: widths[i],
            hidden: Vec::new(),
            code_dim: widths[i + 1],
            activation: deep.activation,
            code_activation: deep.activation_of(i),
            output_activation: deep.activation_of(mirror),
            loss: if i == 0 { deep.loss } else { LossKind::Mse },
            tied_weights: deep.tied_weights,
            vae: None,
            decoder_hidden: None,
        };
        debug_assert!(deep.is_mirrored() && mirror < n && i < deep.n_encoder());
        let layers = vec![
            self.layers[i].clone(),
            match &self.layers[mirror] {
                Layer::Tied { layer, .. } => Layer::Tied {
                    partner: 0,
                    layer: layer.clone(),
                },
                own => own.clone(),
            },
        ];
        Autoencoder::from_parts(cfg, layers, Regularization::default())
    }

    /// Copies a trained [`Autoencoder::shallow_stage`] back into layers `i` and `n − 1 − i`.
    pub fn absorb_stage(&mut self, i: usize, stage: &Autoencoder) {
        let mirror = self.config().n_layers() - 1 - i;
        for (dst, src) in [(i, 0), (mirror, 1)] {
            let same = self.layers[dst].copy_from(&stage.layers[src]);
            assert!(
                same,
                "a stage is cut from this network, so the layers match"
            );
        }
    }
}
