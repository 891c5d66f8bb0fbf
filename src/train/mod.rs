//! Training: configuration, validation, the step-wise trainer and the benchmark helpers.

pub mod bench;
mod checkpoint;
mod divergence;
pub mod error;
mod eval;
mod limits;
pub mod pretrain;
mod queries;
pub mod retune;
pub mod saved;
mod schedule;
pub mod trainer;
pub mod validate;

pub use checkpoint::CHECKPOINT_EVERY;
pub use divergence::{DivergenceReason, TrainError};
pub use error::{ConfigError, MirrorUse, UnitParam};
pub use eval::{EVAL_NOISE_SEED, EvalReport, corrupted_like_evaluation};
pub use limits::{MAX_CODE, MAX_HIDDEN_LAYERS, MAX_INPUT, MAX_WIDTH};
pub use pretrain::{Phase, Pretrain};
pub use trainer::{MAX_PRE_ACTIVATION, StepReport, TrainConfig, Trainer};
