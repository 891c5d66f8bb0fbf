//! Models built from the `nn` blocks: the fully connected autoencoder as three parts, an
//! encoder kind (dense, Gaussian for the VAE, the concrete selector), an ordered list of
//! penalties on its layers (`penalty`), and the layers themselves (`mlp`), which know no
//! variant. What combines with what is the one table in `rules`; noise and pretraining are
//! the trainer's schedule.

pub mod autoencoder;
mod backward;
pub mod concrete;
pub mod config;
pub mod encoder;
mod gaussian;
mod infer;
mod inspect;
pub mod jacobian;
pub mod loss_term;
mod mlp;
pub mod noise;
mod params;
pub mod penalty;
pub mod problem;
pub mod regularize;
pub mod rules;
mod selection;
pub mod stack;
mod stages;
mod trace;
pub mod vae;

pub use autoencoder::{Autoencoder, Gradients, Layer, Trace};
pub use config::AutoencoderConfig;
pub use loss_term::{LossReport, LossTerm, LossTerms, TermSet};
pub use vae::{DecoderLayer, DecoderWeights, Likelihood, VaeConfig};
