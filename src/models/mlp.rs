//! The network's layers, which know nothing of variants: dense layers that own their
//! weight, or decoder layers that borrow the transpose of an encoder layer's.

use crate::nn::{Dense, Matrix, TiedDense};

/// A layer owns its weight, or borrows the transpose of an encoder layer's weight.
#[derive(Clone, Debug, PartialEq)]
pub enum Layer {
    Own(Dense),
    Tied { partner: usize, layer: TiedDense },
}

impl Layer {
    /// The weight of a layer that owns one. Encoder layers always do (only decoder layers
    /// are tied), so the callers, which read encoder layers, never reach the panic.
    pub fn weight(&self) -> &Matrix {
        match self {
            Layer::Own(d) => &d.weight,
            Layer::Tied { .. } => unreachable!("a tied layer's partner is always an encoder layer"),
        }
    }
}
