//! Models built from the `nn` blocks. For now: the fully connected autoencoder.

pub mod autoencoder;
pub mod config;
pub mod loss_term;
mod params;

pub use autoencoder::{Autoencoder, Gradients, Layer, Trace};
pub use config::AutoencoderConfig;
pub use loss_term::{LossReport, LossTerm, LossTerms};
