//! Analysis tools: PCA (the linear baseline) and evaluation metrics.

pub mod linear_fit;
pub mod metrics;
pub mod pca;

pub use pca::Pca;
