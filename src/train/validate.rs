//! Checks that turn every bad configuration into a typed [`ConfigError`] before any work.

use super::{ConfigError, MAX_CODE, MAX_HIDDEN_LAYERS, MAX_INPUT, MAX_WIDTH, MirrorUse, UnitParam};
use crate::data::Dataset;
use crate::models::noise::{DataRange, NoiseKind};
use crate::models::regularize::Regularization;
use crate::models::{AutoencoderConfig, Likelihood};
use crate::nn::{Activation, LossKind, OptimizerConfig, OptimizerKind};

/// Architecture limits: non-zero widths, at most [`MAX_INPUT`] inputs, [`MAX_WIDTH`] units a
/// hidden layer and [`MAX_CODE`] in the code, a bounded depth.
pub fn validate_model(m: &AutoencoderConfig) -> Result<(), ConfigError> {
    if m.input_dim == 0 {
        return Err(ConfigError::InputDimZero);
    }
    if m.input_dim > MAX_INPUT {
        return Err(ConfigError::LayerTooWide {
            layer: Some(0),
            width: m.input_dim,
            max: MAX_INPUT,
        });
    }
    if m.hidden.len() > MAX_HIDDEN_LAYERS {
        return Err(ConfigError::TooManyHiddenLayers {
            count: m.hidden.len(),
            max: MAX_HIDDEN_LAYERS,
        });
    }
    for (i, &w) in m.hidden.iter().enumerate() {
        if w == 0 {
            return Err(ConfigError::ZeroWidthLayer { layer: i + 1 });
        }
        if w > MAX_WIDTH {
            return Err(ConfigError::LayerTooWide {
                layer: Some(i + 1),
                width: w,
                max: MAX_WIDTH,
            });
        }
    }
    validate_decoder(m)?;
    if m.code_dim == 0 {
        return Err(ConfigError::CodeDimZero);
    }
    if m.code_dim > MAX_CODE {
        return Err(ConfigError::LayerTooWide {
            layer: None,
            width: m.code_dim,
            max: MAX_CODE,
        });
    }
    if m.vae.is_none() && m.loss == LossKind::Bce && m.output_activation != Activation::Sigmoid {
        return Err(ConfigError::BceNeedsSigmoid {
            output: m.output_activation,
        });
    }
    validate_vae(m)
}

/// A decoder with its own widths: bounded depth and widths, and nothing that pairs layers.
fn validate_decoder(m: &AutoencoderConfig) -> Result<(), ConfigError> {
    let Some(d) = &m.decoder_hidden else {
        return Ok(());
    };
    let bad = |layer| ConfigError::BadDecoderLayers {
        count: d.len(),
        layer,
        max_width: MAX_WIDTH,
        max_count: MAX_HIDDEN_LAYERS,
    };
    if d.len() > MAX_HIDDEN_LAYERS {
        return Err(bad(None));
    }
    if let Some((i, &w)) = d
        .iter()
        .enumerate()
        .find(|&(_, &w)| w == 0 || w > MAX_WIDTH)
    {
        return Err(bad(Some((i + 1, w))));
    }
    if m.tied_weights {
        return Err(ConfigError::DecoderNotMirrored {
            needs: MirrorUse::TiedWeights,
        });
    }
    Ok(())
}

/// A VAE needs β and the warm-up `>= 0`, σ `> 0` (all finite), a sigmoid output for the
/// Bernoulli likelihood, an identity code activation and untied weights. We refuse a
/// non-identity code activation rather than ignore it, so the page never shows a setting
/// that has no effect.
fn validate_vae(m: &AutoencoderConfig) -> Result<(), ConfigError> {
    let Some(v) = &m.vae else {
        return Ok(());
    };
    if !(v.beta.is_finite() && v.beta >= 0.0) {
        return Err(ConfigError::InvalidKlWeight { beta: v.beta });
    }
    if !(v.warmup_epochs.is_finite() && v.warmup_epochs >= 0.0) {
        return Err(ConfigError::InvalidKlWarmup {
            epochs: v.warmup_epochs,
        });
    }
    match v.likelihood {
        Likelihood::Gaussian { sigma } if !(sigma.is_finite() && sigma > 0.0) => {
            return Err(ConfigError::InvalidLikelihoodSigma { sigma });
        }
        Likelihood::Bernoulli if m.output_activation != Activation::Sigmoid => {
            return Err(ConfigError::BernoulliNeedsSigmoid {
                output: m.output_activation,
            });
        }
        _ => {}
    }
    if m.code_activation != Activation::Identity {
        return Err(ConfigError::VaeCodeNotLinear {
            activation: m.code_activation,
        });
    }
    if m.tied_weights {
        return Err(ConfigError::VaeTiedWeights);
    }
    Ok(())
}

/// Learning rate `> 0` and finite, weight decay `>= 0` and finite, momentum/betas in `[0, 1)`.
pub fn validate_optimizer(o: &OptimizerConfig) -> Result<(), ConfigError> {
    if !(o.lr.is_finite() && o.lr > 0.0) {
        return Err(ConfigError::InvalidLearningRate { lr: o.lr });
    }
    if !(o.weight_decay.is_finite() && o.weight_decay >= 0.0) {
        return Err(ConfigError::InvalidWeightDecay {
            weight_decay: o.weight_decay,
        });
    }
    let unit = |param, value: f32| {
        if (0.0..1.0).contains(&value) {
            Ok(())
        } else {
            Err(ConfigError::OutOfUnitRange { param, value })
        }
    };
    match o.kind {
        OptimizerKind::Sgd => {}
        OptimizerKind::Momentum => unit(UnitParam::Momentum, o.momentum)?,
        OptimizerKind::Adam => {
            unit(UnitParam::Beta1, o.beta1)?;
            unit(UnitParam::Beta2, o.beta2)?;
            if !(o.eps.is_finite() && o.eps > 0.0) {
                return Err(ConfigError::InvalidEpsilon { eps: o.eps });
            }
        }
    }
    Ok(())
}

/// Non-empty, finite data whose width matches `input_dim`.
pub fn validate_data(input_dim: usize, data: &Dataset) -> Result<(), ConfigError> {
    if data.is_empty() || data.dim() == 0 {
        return Err(ConfigError::EmptyDataset);
    }
    if data.dim() != input_dim {
        return Err(ConfigError::DimensionMismatch {
            input_dim,
            data_dim: data.dim(),
        });
    }
    // Column-major storage: walk it in order and report the first bad value by position.
    if let Some(i) = data.x.as_slice().iter().position(|v| !v.is_finite()) {
        let n = data.len();
        return Err(ConfigError::NonFiniteData {
            row: i % n,
            col: i / n,
        });
    }
    Ok(())
}

/// The variants and training schedule against the network they shape, trained in batches
/// of `batch`: the first of [`Regularization::problems`], the check the page shows field by
/// field, so the core and the page refuse alike.
pub fn validate_regularization(
    r: &Regularization,
    m: &AutoencoderConfig,
    batch: usize,
) -> Result<(), ConfigError> {
    if let Some(p) = r.problems(m, batch).into_iter().next() {
        return Err(ConfigError::InvalidRegularization(p.message));
    }
    if r.pretrain.is_some() && !m.is_mirrored() {
        return Err(ConfigError::DecoderNotMirrored {
            needs: MirrorUse::Pretraining,
        });
    }
    Ok(())
}

/// What each setting does with the data's range (see [`DataRange`]): on data in [0, 1]
/// everything goes; on standardised data the settings that read values as intensities or
/// probabilities are refused, the first with a sentence that says why.
pub fn validate_range(
    m: &AutoencoderConfig,
    r: &Regularization,
    range: DataRange,
) -> Result<(), ConfigError> {
    if range == DataRange::Unit {
        return Ok(());
    }
    let refuse = |what: &str, why: &str| {
        Err(ConfigError::NeedsUnitRange {
            what: what.into(),
            why: why.into(),
        })
    };
    if m.vae.is_none() && m.loss == LossKind::Bce {
        return refuse(
            "binary cross-entropy",
            "reads each value as a probability and has no minimum outside [0, 1]: use mean squared error",
        );
    }
    if m.vae
        .as_ref()
        .is_some_and(|v| v.likelihood == Likelihood::Bernoulli)
    {
        return refuse(
            "the Bernoulli likelihood",
            "reads each value as a probability: use the Gaussian likelihood",
        );
    }
    if m.output_activation == Activation::Sigmoid {
        return refuse(
            "a sigmoid output",
            "only gives values between 0 and 1, so it can never reconstruct the rest: choose identity (linear)",
        );
    }
    if r.noise.is_some_and(|n| n.kind == NoiseKind::SaltPepper) {
        return refuse(
            "salt-and-pepper noise",
            "sets values to black or white, which standardised data does not have: use masking or Gaussian noise",
        );
    }
    Ok(())
}
