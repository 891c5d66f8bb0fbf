//! Typed errors with sentences a student can act on.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::nn::Activation;

/// A hyper-parameter that must lie in `[0, 1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitParam {
    Momentum,
    Beta1,
    Beta2,
}

impl UnitParam {
    pub fn label(self) -> &'static str {
        match self {
            UnitParam::Momentum => "momentum",
            UnitParam::Beta1 => "Adam beta1",
            UnitParam::Beta2 => "Adam beta2",
        }
    }
}

/// What needs a decoder that mirrors the encoder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MirrorUse {
    TiedWeights,
    Pretraining,
}

/// Why a configuration or dataset cannot be trained.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ConfigError {
    EmptyDataset,
    /// A sparsity or denoising setting is out of range or does not fit the network; the text
    /// says which and why.
    InvalidRegularization(String),
    /// The model's `input_dim` differs from the number of values per sample.
    DimensionMismatch {
        input_dim: usize,
        data_dim: usize,
    },
    /// Data contains NaN or ±inf at this position (0-based).
    NonFiniteData {
        row: usize,
        col: usize,
    },
    InputDimZero,
    /// Hidden layer `layer` (1-based, counted from the input) has width 0.
    ZeroWidthLayer {
        layer: usize,
    },
    CodeDimZero,
    /// Hidden layer `layer` (1-based; `None` for the code, `Some(0)` for the input) exceeds
    /// its limit ([`MAX_INPUT`], [`MAX_WIDTH`] or [`MAX_CODE`]).
    LayerTooWide {
        layer: Option<usize>,
        width: usize,
        max: usize,
    },
    TooManyHiddenLayers {
        count: usize,
        max: usize,
    },
    /// A decoder with widths of its own has too many hidden layers, or hidden layer `layer`
    /// (1-based, counted from the code outwards) has width 0 or above [`MAX_WIDTH`].
    BadDecoderLayers {
        count: usize,
        layer: Option<(usize, usize)>,
        max_width: usize,
        max_count: usize,
    },
    /// Tied weights and layer-wise pretraining pair encoder layers with their mirrors, so they
    /// need a decoder that mirrors the encoder.
    DecoderNotMirrored {
        needs: MirrorUse,
    },
    BatchSizeZero,
    InvalidLearningRate {
        lr: f32,
    },
    InvalidWeightDecay {
        weight_decay: f32,
    },
    /// Momentum or an Adam beta outside `[0, 1)`.
    OutOfUnitRange {
        param: UnitParam,
        value: f32,
    },
    InvalidEpsilon {
        eps: f32,
    },
    /// A VAE's KL weight β is negative or not finite.
    InvalidKlWeight {
        beta: f32,
    },
    /// A VAE's KL warm-up length is negative or not finite.
    InvalidKlWarmup {
        epochs: f32,
    },
    /// A Gaussian likelihood's σ is not positive and finite.
    InvalidLikelihoodSigma {
        sigma: f32,
    },
    /// A Bernoulli likelihood needs outputs in (0, 1), i.e. a sigmoid output activation.
    BernoulliNeedsSigmoid {
        output: Activation,
    },
    /// A VAE's code layer outputs μ and log σ², which must be unbounded: identity activation.
    VaeCodeNotLinear {
        activation: Activation,
    },
    /// A VAE's code layer is twice as wide as the decoder's input, so it has no transpose to tie.
    VaeTiedWeights,
    /// Cross-entropy reads each output as a probability: outside (0, 1) its gradient is 0
    /// while the loss is large, so training would stall without saying why.
    BceNeedsSigmoid {
        output: Activation,
    },
    /// A mid-run change (`Trainer::retune`) touched a setting that shapes the network.
    NeedsNewNetwork,
    /// A setting that reads the data as values in [0, 1] on data outside that range (a
    /// standardised table): `what` names it, `why` says what it would do there.
    NeedsUnitRange {
        what: String,
        why: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::InvalidRegularization(why) => write!(f, "{why}"),
            ConfigError::EmptyDataset => write!(
                f,
                "The dataset has no samples: there is nothing to train on."
            ),
            ConfigError::DimensionMismatch {
                input_dim,
                data_dim,
            } => write!(
                f,
                "The model expects {input_dim} values per sample but the data has {data_dim}: \
                 set the input size to {data_dim}."
            ),
            ConfigError::NonFiniteData { row, col } => write!(
                f,
                "Sample {row}, value {col} is not a finite number (NaN or infinity): the data must be clean before training."
            ),
            ConfigError::InputDimZero => write!(
                f,
                "The input has 0 values per sample: every sample needs at least one value."
            ),
            ConfigError::ZeroWidthLayer { layer } => {
                write!(
                    f,
                    "Hidden layer {layer} has width 0: every layer needs at least one unit."
                )
            }
            ConfigError::CodeDimZero => {
                write!(
                    f,
                    "The code has 0 units: the bottleneck needs at least one unit to carry information."
                )
            }
            ConfigError::LayerTooWide { layer, width, max } => {
                let which = match layer {
                    None => "The code layer".to_string(),
                    Some(0) => "The input".to_string(),
                    Some(l) => format!("Hidden layer {l}"),
                };
                write!(
                    f,
                    "{which} has {width} units, more than the limit of {max}: use a narrower layer."
                )
            }
            ConfigError::TooManyHiddenLayers { count, max } => {
                write!(
                    f,
                    "The encoder has {count} hidden layers, more than the limit of {max}: remove some layers."
                )
            }
            ConfigError::BadDecoderLayers {
                count,
                layer,
                max_width,
                max_count,
            } => match layer {
                Some((l, 0)) => write!(
                    f,
                    "Decoder layer {l} has width 0: every layer needs at least one unit."
                ),
                Some((l, w)) => write!(
                    f,
                    "Decoder layer {l} has {w} units, more than the limit of {max_width}: use a narrower layer."
                ),
                None => write!(
                    f,
                    "The decoder has {count} hidden layers, more than the limit of {max_count}: remove some layers."
                ),
            },
            ConfigError::DecoderNotMirrored { needs } => {
                let what = match needs {
                    MirrorUse::TiedWeights => {
                        "Tied weights reuse each encoder layer's weight, transposed, in its mirror-image decoder layer"
                    }
                    MirrorUse::Pretraining => {
                        "Layer-wise pretraining trains each encoder layer together with its mirror-image decoder layer"
                    }
                };
                write!(
                    f,
                    "{what}, so the decoder must mirror the encoder: remove its own widths."
                )
            }
            ConfigError::BatchSizeZero => {
                write!(
                    f,
                    "The batch size is 0: each training step needs at least one sample."
                )
            }
            ConfigError::InvalidLearningRate { lr } => {
                write!(
                    f,
                    "The learning rate is {lr}: it must be a positive, finite number such as 0.001."
                )
            }
            ConfigError::InvalidWeightDecay { weight_decay } => {
                write!(
                    f,
                    "The weight decay is {weight_decay}: it must be zero or a positive, finite number."
                )
            }
            ConfigError::OutOfUnitRange { param, value } => write!(
                f,
                "The {} is {value}: it must be at least 0 and less than 1.",
                param.label()
            ),
            ConfigError::InvalidEpsilon { eps } => {
                write!(
                    f,
                    "Adam's epsilon is {eps}: it must be a positive, finite number such as 1e-7."
                )
            }
            ConfigError::InvalidKlWeight { beta } => write!(
                f,
                "The KL weight β is {beta}: it must be zero or a positive, finite number (1 is the standard VAE)."
            ),
            ConfigError::InvalidKlWarmup { epochs } => write!(
                f,
                "The KL warm-up is {epochs} epochs: it must be zero (no warm-up) or a positive, finite number of epochs."
            ),
            ConfigError::InvalidLikelihoodSigma { sigma } => write!(
                f,
                "The Gaussian likelihood's σ is {sigma}: it must be a positive, finite number such as 0.1."
            ),
            ConfigError::BernoulliNeedsSigmoid { output } => write!(
                f,
                "The Bernoulli likelihood reads each output as a probability, but the output activation is {}: \
                 choose sigmoid, or use the Gaussian likelihood.",
                output.label()
            ),
            ConfigError::VaeCodeNotLinear { activation } => write!(
                f,
                "A variational autoencoder's code layer gives the mean and log-variance, which can be any number, \
                 but its activation is {}: set the code activation to identity (linear).",
                activation.label()
            ),
            ConfigError::BceNeedsSigmoid { output } => write!(
                f,
                "Binary cross-entropy reads each output as a probability, but the output activation is {}: \
                 choose sigmoid, or use mean squared error.",
                output.label()
            ),
            ConfigError::NeedsNewNetwork => write!(
                f,
                "Only the learning rate, momentum, weight decay and penalty weights change on a trained \
                 network; this change needs a new one."
            ),
            ConfigError::NeedsUnitRange { what, why } => write!(
                f,
                "Your data is standardised (values below 0 or above 1), and {what} {why}: \
                 choose another setting, or scale the table min-max to [0, 1]."
            ),
            ConfigError::VaeTiedWeights => write!(
                f,
                "A variational autoencoder cannot tie its weights: its code layer gives twice as many values \
                 (mean and log-variance) as the decoder takes in. Turn tied weights off."
            ),
        }
    }
}

impl std::error::Error for ConfigError {}
