//! Pieces of the tests' independent f64 reference models, shared so they agree.

use autoencoder_lab::nn::Activation;

/// `f(z)` in f64, written out from the definitions rather than taken from the crate.
pub fn act64(act: Activation, z: f64) -> f64 {
    match act {
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Tanh => z.tanh(),
        Activation::Relu => z.max(0.0),
        Activation::LeakyRelu => {
            if z > 0.0 {
                z
            } else {
                0.01 * z
            }
        }
        Activation::Identity => z,
    }
}
