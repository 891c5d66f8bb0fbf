//! Checks that turn every bad configuration into a typed [`ConfigError`] before any work.

use super::error::{ConfigError, MAX_HIDDEN_LAYERS, MAX_WIDTH, UnitParam};
use crate::data::Dataset;
use crate::models::AutoencoderConfig;
use crate::nn::{OptimizerConfig, OptimizerKind};

/// Architecture limits: non-zero widths, at most [`MAX_WIDTH`] units, a bounded depth.
pub fn validate_model(m: &AutoencoderConfig) -> Result<(), ConfigError> {
    if m.input_dim == 0 {
        return Err(ConfigError::InputDimZero);
    }
    if m.input_dim > MAX_WIDTH {
        return Err(ConfigError::LayerTooWide {
            layer: Some(0),
            width: m.input_dim,
            max: MAX_WIDTH,
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
    if m.code_dim == 0 {
        return Err(ConfigError::CodeDimZero);
    }
    if m.code_dim > MAX_WIDTH {
        return Err(ConfigError::LayerTooWide {
            layer: None,
            width: m.code_dim,
            max: MAX_WIDTH,
        });
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
