//! Everything a student sets in the lab, as typed values: validated field by field (so the
//! page can show each message beside its field), turned into a [`TrainConfig`], and written
//! to and read from the page's address so a configuration can be shared as a link.

pub mod presets;
pub mod query;
pub mod variant;

use crate::data::{DatasetId, SampleShape};
use crate::models::AutoencoderConfig;
use crate::models::regularize::Regularization;
use crate::models::vae::{self, VaeConfig};
use crate::nn::{Activation, LossKind, OptimizerConfig, OptimizerKind};
use crate::train::TrainConfig;

/// The core's limits (`train`), which the page's controls and the link reader show and use.
pub use crate::train::{MAX_CODE, MAX_HIDDEN_LAYERS as MAX_HIDDEN, MAX_WIDTH};
pub const LR_RANGE: (f32, f32) = (1e-5, 10.0);
pub const MAX_BATCH: usize = 1024;

/// The lab's settings. Every field is a typed value; the page edits them through inputs that
/// parse and range-check first.
#[derive(Clone, Debug, PartialEq)]
pub struct LabSettings {
    pub dataset: DatasetId,
    /// Hidden widths of the encoder, from the input inwards; the decoder mirrors them. A
    /// concrete model's encoder is its selector, so there they are the decoder's, from the
    /// code outwards.
    pub hidden: Vec<usize>,
    pub code_dim: usize,
    pub activation: Activation,
    pub code_activation: Activation,
    pub output_activation: Activation,
    pub loss: LossKind,
    pub optimizer: OptimizerKind,
    pub lr: f32,
    pub batch_size: usize,
    pub weight_decay: f32,
    pub seed: u64,
    /// Sparsity and denoising (all off by default).
    pub regularization: Regularization,
    /// A variational autoencoder instead of a plain one.
    pub vae: Option<VaeConfig>,
}

/// Which setting a message is about (the core's, so its checks name fields too).
pub use crate::models::problem::Field;

impl Default for LabSettings {
    fn default() -> Self {
        LabSettings::for_dataset(DatasetId::Mnist)
    }
}

impl LabSettings {
    /// Sensible starting settings: model A of the benchmarks for images, a small net for points.
    pub fn for_dataset(dataset: DatasetId) -> LabSettings {
        let image = dataset.is_image();
        LabSettings {
            dataset,
            hidden: if image { vec![256, 64] } else { vec![32, 16] },
            code_dim: 2,
            activation: Activation::Relu,
            code_activation: Activation::Identity,
            output_activation: Activation::Sigmoid,
            loss: LossKind::Mse,
            optimizer: OptimizerKind::Adam,
            lr: if image { 1e-3 } else { 3e-3 },
            batch_size: 64,
            weight_decay: 0.0,
            seed: 1,
            regularization: Regularization::default(),
            vae: None,
        }
    }

    /// The encoder's hidden widths: none for a concrete model, whose encoder is its selector.
    pub fn encoder_hidden(&self) -> &[usize] {
        match self.own_decoder() {
            Some(_) => &[],
            None => &self.hidden,
        }
    }

    /// The decoder's hidden widths when it does not mirror the encoder: a concrete model's
    /// `hidden`, from the code outwards. The one place that rule lives.
    pub fn own_decoder(&self) -> Option<&[usize]> {
        self.regularization
            .concrete
            .is_some()
            .then_some(self.hidden.as_slice())
    }

    /// Problems with the settings, each tied to its field; empty when the lab can start.
    pub fn problems(&self) -> Vec<(Field, String)> {
        let mut out = Vec::new();
        if self.hidden.len() > MAX_HIDDEN {
            out.push((
                Field::Layers,
                format!("At most {MAX_HIDDEN} hidden layers."),
            ));
        }
        for (i, &w) in self.hidden.iter().enumerate() {
            if !(1..=MAX_WIDTH).contains(&w) {
                out.push((Field::Hidden(i), format!("Width must be 1 to {MAX_WIDTH}.")));
            }
        }
        if !(1..=MAX_CODE).contains(&self.code_dim) {
            out.push((Field::Code, format!("Code size must be 1 to {MAX_CODE}.")));
        }
        if !(self.lr >= LR_RANGE.0 && self.lr <= LR_RANGE.1) {
            out.push((
                Field::LearningRate,
                "Learning rate must be 0.00001 to 10.".into(),
            ));
        }
        if !(1..=MAX_BATCH).contains(&self.batch_size) {
            out.push((
                Field::Batch,
                format!("Batch size must be 1 to {MAX_BATCH}."),
            ));
        }
        if !(0.0..=1.0).contains(&self.weight_decay) {
            out.push((Field::WeightDecay, "Weight decay must be 0 to 1.".into()));
        }
        if self.vae.is_none()
            && self.loss == LossKind::Bce
            && self.output_activation != Activation::Sigmoid
        {
            out.push((
                Field::Loss,
                "Binary cross-entropy needs a sigmoid output (it reads each output as a \
                 probability)."
                    .into(),
            ));
        }
        let cfg = self.to_config(self.dataset.shape());
        let variants = self.regularization.problems(&cfg.model, self.batch_size);
        out.extend(variants.into_iter().map(|p| (p.field, p.message)));
        out
    }

    /// Puts the setting behind `field` back to its default (an option's default is off).
    pub fn reset(&mut self, field: Field) {
        use Field::*;
        let d = LabSettings::for_dataset(self.dataset);
        match field {
            Hidden(_) | Layers => self.hidden = d.hidden,
            Code => self.code_dim = d.code_dim,
            LearningRate => self.lr = d.lr,
            Batch => self.batch_size = d.batch_size,
            WeightDecay => self.weight_decay = d.weight_decay,
            Seed => self.seed = d.seed,
            // Mean squared error works with every output activation.
            Loss => self.loss = LossKind::Mse,
            Part(p) if p == vae::PART => self.vae = None,
            _ => self.regularization.switch_off(field),
        }
    }

    /// The trainer's configuration for data of `shape`.
    pub fn to_config(&self, shape: SampleShape) -> TrainConfig {
        let mut optimizer = OptimizerConfig::new(self.optimizer, self.lr);
        optimizer.weight_decay = self.weight_decay;
        TrainConfig {
            model: AutoencoderConfig {
                input_dim: shape.dim(),
                hidden: self.encoder_hidden().to_vec(),
                code_dim: self.code_dim,
                activation: self.activation,
                code_activation: self.code_activation,
                output_activation: self.output_activation,
                loss: self.loss,
                tied_weights: false,
                vae: self.vae,
                decoder_hidden: self.own_decoder().map(<[usize]>::to_vec),
            },
            optimizer,
            batch_size: self.batch_size,
            seed: self.seed,
            regularization: self.regularization.clone(),
        }
    }
}
