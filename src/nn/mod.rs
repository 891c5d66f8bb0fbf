//! Neural-network building blocks: row-major matrices, a deterministic GEMM, activations,
//! losses, dense layers, optimisers and mini-batching.
//!
//! Every forward function sits next to its backward function. All randomness comes from an
//! explicit `&mut StdRng`; all arithmetic is in a fixed order, so a seed reproduces a run bit
//! for bit on any platform.

pub mod activation;
pub mod batch;
pub mod dense;
pub mod f32_bytes;
pub mod gemm;
pub mod loss;
pub mod math;
pub mod matrix;
pub mod optim;

pub use activation::Activation;
pub use batch::Batcher;
pub use dense::{Dense, DenseConfig, DenseGrads, Init, TiedDense};
pub use loss::LossKind;
pub use matrix::Matrix;
pub use optim::{Optimizer, OptimizerConfig, OptimizerKind, OptimizerState, UpdateCheck};
