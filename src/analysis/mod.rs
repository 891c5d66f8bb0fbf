//! Analysis tools: PCA (the linear baseline) and evaluation metrics.

pub mod anomaly;
pub mod code_range;
pub mod hashing;
pub mod imaging;
pub mod linear_fit;
pub mod metrics;
pub mod pca;
pub mod subspace;

pub use pca::Pca;
