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
    /// Copies `other`'s parameters into this layer (a tied layer owns only its bias); false
    /// when the two are not the same kind of layer.
    pub fn copy_from(&mut self, other: &Layer) -> bool {
        match (self, other) {
            (Layer::Own(a), Layer::Own(b)) => {
                a.weight.copy_from(&b.weight);
                a.bias.copy_from_slice(&b.bias);
                true
            }
            (Layer::Tied { layer: a, .. }, Layer::Tied { layer: b, .. }) => {
                a.bias.copy_from_slice(&b.bias);
                true
            }
            _ => false,
        }
    }

    /// The weight of a layer that owns one. Encoder layers always do (only decoder layers
    /// are tied), so the callers, which read encoder layers, never reach the panic.
    pub fn weight(&self) -> &Matrix {
        match self {
            Layer::Own(d) => &d.weight,
            Layer::Tied { .. } => unreachable!("a tied layer's partner is always an encoder layer"),
        }
    }
}
