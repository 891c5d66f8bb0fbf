//! Models built from the `nn` blocks: the fully connected autoencoder and its variants
//! (sparse, denoising, contractive, concrete, variational, stacked for pretraining).

pub mod autoencoder;
mod backward;
pub mod binary_code;
pub mod concrete;
pub mod config;
pub mod contractive;
mod infer;
mod inspect;
pub mod k_sparse;
pub mod loss_term;
pub mod noise;
mod params;
pub mod problem;
pub mod regularize;
pub mod rules;
pub mod stack;
pub mod vae;

pub use autoencoder::{Autoencoder, Gradients, Layer, Trace};
pub use config::AutoencoderConfig;
pub use loss_term::{LossReport, LossTerm, LossTerms, TermSet};
pub use vae::{DecoderLayer, DecoderWeights, Likelihood, VaeConfig};
