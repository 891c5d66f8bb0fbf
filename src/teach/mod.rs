//! What the lab teaches with, apart from the training itself: the formulas beside the
//! controls (as MathML the browser typesets). Plain Rust, tested natively.

pub mod formulas;
pub mod mathml;
