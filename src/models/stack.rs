//! A deep autoencoder seen as a stack of shallow ones, for greedy layer-wise pretraining:
//! encoder layer `i` and its mirror, decoder layer `n − 1 − i`, form a one-hidden-layer
//! autoencoder whose input is the codes of layer `i − 1`.

use serde::{Deserialize, Serialize};

use super::problem::{Clash, Field, Part, PartInfo, Problem, require};
use super::{concrete, vae};

/// Layer-wise pretraining in the rule table.
pub const PART: Part = Part(&PartInfo {
    label: "layer-wise pretraining",
    owner: None,
});

/// The pairs pretraining gives way in.
pub const CLASHES: [Clash; 2] = [
    Clash {
        a: vae::PART,
        b: PART,
        why: "the VAE's code layer outputs μ and log σ², which a shallow autoencoder cannot \
              pretrain",
    },
    Clash {
        a: concrete::PART,
        b: PART,
        why: "there is no encoder stack to pretrain",
    },
];

/// Greedy layer-wise pretraining before the usual training of the whole stack (Hinton &
/// Salakhutdinov, 2006, with shallow autoencoders in place of their RBMs).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pretrain {
    /// Training of each shallow autoencoder, in epochs of the training set (fractional).
    pub epochs_per_layer: f32,
}

impl Pretrain {
    pub fn problems(&self, out: &mut Vec<Problem>) {
        let e = self.epochs_per_layer;
        require(out, e > 0.0 && e <= 100.0, Field::Part(PART), || {
            "Pretraining must be above 0 and at most 100 epochs per layer.".into()
        });
    }
}
