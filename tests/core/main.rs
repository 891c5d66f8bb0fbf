//! The numeric core: GEMM kernels, gradient checks, optimisers, PCA, pinned update rules, the
//! trainer, determinism, the rule table and the import layering of `models/`.

#[path = "../support/golden.rs"]
mod golden;
#[path = "../support/reference.rs"]
mod reference;

mod determinism;
mod gemm;
mod grad;
mod layering;
mod mnist;
mod optim;
mod pca;
mod pins;
mod rules;
mod train;
