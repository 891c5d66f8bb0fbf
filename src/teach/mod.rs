//! What the lab teaches with, apart from the training itself: guided lessons whose steps
//! check observables of the running model, and the formulas beside the controls (as MathML
//! the browser typesets). Plain Rust, tested natively.

pub mod binding;
pub mod checks;
pub mod classroom;
pub mod formulas;
pub mod lessons;
pub mod place;
mod variant_formulas;
