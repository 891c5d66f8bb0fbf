//! Everything a student sets in the lab: the trainer's configuration and the dataset,
//! validated field by field (so the page can show each message beside its field). The link
//! that carries them is `crate::link`.

pub mod fit;
pub mod variant;

use crate::data::{DatasetId, SampleShape};
use crate::models::noise::{DataRange, NoiseKind};
use crate::models::regularize::Regularization;
use crate::models::vae;
use crate::models::{AutoencoderConfig, Likelihood};
use crate::nn::{Activation, LossKind, OptimizerConfig, OptimizerKind};
use crate::train::TrainConfig;

/// The core's limits (`train`), which the page's controls and the link reader show and use.
pub use crate::train::{MAX_CODE, MAX_HIDDEN_LAYERS as MAX_HIDDEN, MAX_WIDTH};
pub const LR_RANGE: (f32, f32) = (1e-5, 10.0);
pub const MAX_BATCH: usize = 1024;

/// The lab's settings: the trainer's configuration itself, plus the dataset it trains on.
/// The page edits the configuration through inputs that parse and range-check first; the
/// model's input width follows the dataset ([`LabSettings::to_config`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LabSettings {
    pub dataset: DatasetId,
    pub config: TrainConfig,
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
        let lr = if image { 1e-3 } else { 3e-3 };
        let hidden = if image { vec![256, 64] } else { vec![32, 16] };
        LabSettings {
            dataset,
            config: TrainConfig {
                model: AutoencoderConfig::relu(dataset.shape().dim(), hidden, 2),
                optimizer: OptimizerConfig::new(OptimizerKind::Adam, lr),
                batch_size: 64,
                seed: 1,
                regularization: Regularization::default(),
            },
        }
    }

    /// The model being set up.
    pub fn model(&self) -> &AutoencoderConfig {
        &self.config.model
    }

    /// The hidden widths the page edits: the encoder's (the decoder mirrors them), or for a
    /// concrete model, whose encoder is its selector, the decoder's from the code outwards.
    pub fn widths(&self) -> &[usize] {
        let m = &self.config.model;
        m.decoder_hidden.as_deref().unwrap_or(&m.hidden)
    }

    pub fn widths_mut(&mut self) -> &mut Vec<usize> {
        let m = &mut self.config.model;
        match &mut m.decoder_hidden {
            Some(d) => d,
            None => &mut m.hidden,
        }
    }

    /// Puts the widths where the model reads them after the concrete selector was switched
    /// on or off: the one place that rule lives.
    pub fn fit_widths(&mut self) {
        let concrete = self.config.regularization.concrete.is_some();
        let m = &mut self.config.model;
        match (concrete, m.decoder_hidden.take()) {
            (true, None) => m.decoder_hidden = Some(std::mem::take(&mut m.hidden)),
            (true, Some(d)) => m.decoder_hidden = Some(d),
            (false, Some(d)) => m.hidden = d,
            (false, None) => {}
        }
    }

    /// Problems with the settings, each tied to its field; empty when the lab can start.
    pub fn problems(&self) -> Vec<(Field, String)> {
        let (m, o) = (&self.config.model, &self.config.optimizer);
        let mut out = Vec::new();
        if self.widths().len() > MAX_HIDDEN {
            out.push((
                Field::Layers,
                format!("At most {MAX_HIDDEN} hidden layers."),
            ));
        }
        for (i, &w) in self.widths().iter().enumerate() {
            if !(1..=MAX_WIDTH).contains(&w) {
                out.push((Field::Hidden(i), format!("Width must be 1 to {MAX_WIDTH}.")));
            }
        }
        if !(1..=MAX_CODE).contains(&m.code_dim) {
            out.push((Field::Code, format!("Code size must be 1 to {MAX_CODE}.")));
        }
        if !(o.lr >= LR_RANGE.0 && o.lr <= LR_RANGE.1) {
            out.push((
                Field::LearningRate,
                "Learning rate must be 0.00001 to 10.".into(),
            ));
        }
        if !(1..=MAX_BATCH).contains(&self.config.batch_size) {
            out.push((
                Field::Batch,
                format!("Batch size must be 1 to {MAX_BATCH}."),
            ));
        }
        if !(0.0..=1.0).contains(&o.weight_decay) {
            out.push((Field::WeightDecay, "Weight decay must be 0 to 1.".into()));
        }
        if m.vae.is_none() && m.loss == LossKind::Bce && m.output_activation != Activation::Sigmoid
        {
            out.push((
                Field::Loss,
                "Binary cross-entropy needs a sigmoid output (it reads each output as a \
                 probability)."
                    .into(),
            ));
        }
        let cfg = self.to_config(self.dataset.shape());
        let variants = cfg.regularization.problems(&cfg.model, cfg.batch_size);
        out.extend(variants.into_iter().map(|p| (p.field, p.message)));
        out
    }

    /// Moves what reads values as intensities or probabilities to what fits data of `range`
    /// (`train::validate::validate_range` says why each is refused on standardised data): a
    /// sigmoid output becomes linear, cross-entropy becomes MSE, a Bernoulli VAE a Gaussian
    /// one, salt and pepper becomes masking. Returns what changed, in words for the page.
    pub fn fit_range(&mut self, range: DataRange) -> Vec<String> {
        let mut changed = Vec::new();
        if range == DataRange::Unit {
            return changed;
        }
        let m = &mut self.config.model;
        if let Some(v) = m
            .vae
            .as_mut()
            .filter(|v| v.likelihood == Likelihood::Bernoulli)
        {
            v.likelihood = Likelihood::Gaussian { sigma: 0.1 };
            changed.push("the VAE's likelihood is Gaussian (σ 0.1), not Bernoulli".to_string());
        }
        if m.output_activation == Activation::Sigmoid {
            m.output_activation = Activation::Identity;
            changed.push("the output is linear, not sigmoid".into());
        }
        if m.loss == LossKind::Bce {
            m.loss = LossKind::Mse;
            changed.push("the loss is mean squared error".into());
        }
        if let Some(n) = self
            .config
            .regularization
            .noise
            .as_mut()
            .filter(|n| n.kind == NoiseKind::SaltPepper)
        {
            n.kind = NoiseKind::Masking;
            changed.push(
                "the input noise masks values (to the column mean, 0) instead of salt and pepper"
                    .into(),
            );
        }
        changed
    }

    /// Puts the setting behind `field` back to its default (an option's default is off).
    pub fn reset(&mut self, field: Field) {
        use Field::*;
        let d = LabSettings::for_dataset(self.dataset).config;
        if let Hidden(_) | Layers = field {
            *self.widths_mut() = d.model.hidden;
            return;
        }
        let c = &mut self.config;
        match field {
            Code => c.model.code_dim = d.model.code_dim,
            LearningRate => c.optimizer.lr = d.optimizer.lr,
            Batch => c.batch_size = d.batch_size,
            WeightDecay => c.optimizer.weight_decay = d.optimizer.weight_decay,
            Seed => c.seed = d.seed,
            // Mean squared error works with every output activation.
            Loss => c.model.loss = LossKind::Mse,
            Part(p) if p == vae::PART => c.model.vae = None,
            _ => c.regularization.switch_off(field),
        }
        self.fit_widths();
    }

    /// The trainer's configuration for data of `shape`: these settings with the input width
    /// of that data (and the widths where the model reads them).
    pub fn to_config(&self, shape: SampleShape) -> TrainConfig {
        let mut s = self.clone();
        s.fit_widths();
        s.config.model.input_dim = shape.dim();
        s.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Standardised data: the lab's usual net (sigmoid output) and a denoising run with salt
    /// and pepper are moved to settings the trainer accepts there; data in [0, 1] keeps all.
    #[test]
    fn settings_fit_standardised_data() {
        use crate::models::noise::Noise;
        use crate::train::validate::validate_range;
        let mut s = LabSettings::for_dataset(DatasetId::Own(SampleShape::Points { dim: 6 }));
        s.config.model.loss = LossKind::Bce;
        s.config.regularization.noise = Some(Noise {
            kind: NoiseKind::SaltPepper,
            level: 0.2,
            at_test: false,
        });
        let before = s.clone();
        assert!(s.fit_range(DataRange::Unit).is_empty());
        assert_eq!(s, before);
        let c = s.to_config(s.dataset.shape());
        assert!(validate_range(&c.model, &c.regularization, DataRange::Unbounded).is_err());
        let said = s.fit_range(DataRange::Unbounded);
        assert_eq!(said.len(), 3, "{said:?}");
        let c = s.to_config(s.dataset.shape());
        assert!(validate_range(&c.model, &c.regularization, DataRange::Unbounded).is_ok());
        assert!(s.problems().is_empty(), "{:?}", s.problems());
    }
    use crate::models::concrete::{self, ConcreteConfig};

    /// A concrete model's encoder is its selector: switching it on moves the page's widths
    /// to the decoder, switching it off moves them back, and the trainer gets exactly that.
    #[test]
    fn the_concrete_selector_takes_the_widths_to_the_decoder_and_back() {
        let mut s = LabSettings::for_dataset(DatasetId::Mnist);
        s.config.regularization.concrete = Some(ConcreteConfig::default());
        assert_eq!(
            s.to_config(s.dataset.shape()).model.hidden,
            Vec::<usize>::new()
        );
        s.fit_widths();
        assert!(s.model().hidden.is_empty());
        assert_eq!(s.widths(), [256, 64]);
        s.widths_mut().push(8);
        let c = s.to_config(s.dataset.shape());
        assert_eq!(c.model.decoder_hidden, Some(vec![256, 64, 8]));
        assert_eq!(c.model.input_dim, 784);
        s.reset(Field::Part(concrete::PART));
        assert_eq!(
            (s.model().hidden.as_slice(), &s.model().decoder_hidden),
            (&[256, 64, 8][..], &None)
        );
    }
}
