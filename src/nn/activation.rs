//! Element-wise activations, each forward beside its backward.

use serde::{Deserialize, Serialize};

use super::math;

/// Slope of leaky ReLU for negative inputs.
pub const LEAKY_SLOPE: f32 = 0.01;

/// A non-linearity applied element-wise after a dense layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Activation {
    Identity,
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
}

impl Activation {
    pub const ALL: [Activation; 5] = [
        Activation::Identity,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Activation::Identity => "identity (linear)",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "ReLU",
            Activation::LeakyRelu => "leaky ReLU",
        }
    }

    /// `f(z)` for one value.
    #[inline]
    pub fn apply(self, z: f32) -> f32 {
        match self {
            Activation::Identity => z,
            Activation::Sigmoid => math::sigmoid(z),
            Activation::Tanh => math::tanh(z),
            Activation::Relu => z.max(0.0),
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_SLOPE * z
                }
            }
        }
    }

    /// `f'(z)` written in terms of the output `y = f(z)`, so the backward pass needs only the
    /// stored activations (and could run in place).
    #[inline]
    pub fn derivative_from_output(self, y: f32) -> f32 {
        match self {
            Activation::Identity => 1.0,
            Activation::Sigmoid => y * (1.0 - y),
            Activation::Tanh => 1.0 - y * y,
            Activation::Relu => {
                if y > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if y > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
        }
    }

    /// `y = f(z)` element-wise. The match sits outside the loop so each arm vectorises.
    ///
    /// # Shapes
    /// - `z`, `y`: same length
    pub fn forward(self, z: &[f32], y: &mut [f32]) {
        assert_eq!(z.len(), y.len());
        match self {
            Activation::Identity => y.copy_from_slice(z),
            Activation::Sigmoid => y
                .iter_mut()
                .zip(z)
                .for_each(|(y, &z)| *y = math::sigmoid(z)),
            Activation::Tanh => y.iter_mut().zip(z).for_each(|(y, &z)| *y = math::tanh(z)),
            Activation::Relu => y.iter_mut().zip(z).for_each(|(y, &z)| *y = z.max(0.0)),
            Activation::LeakyRelu => y
                .iter_mut()
                .zip(z)
                .for_each(|(y, &z)| *y = if z > 0.0 { z } else { LEAKY_SLOPE * z }),
        }
    }

    /// In place: `d` holds `∂L/∂y` on entry and `∂L/∂z = ∂L/∂y · f'(z)` on return.
    ///
    /// # Shapes
    /// - `y` (the forward output), `d`: same length
    pub fn backward(self, y: &[f32], d: &mut [f32]) {
        assert_eq!(y.len(), d.len());
        match self {
            Activation::Identity => {}
            Activation::Sigmoid => d.iter_mut().zip(y).for_each(|(d, &y)| *d *= y * (1.0 - y)),
            Activation::Tanh => d.iter_mut().zip(y).for_each(|(d, &y)| *d *= 1.0 - y * y),
            Activation::Relu => d
                .iter_mut()
                .zip(y)
                .for_each(|(d, &y)| *d = if y > 0.0 { *d } else { 0.0 }),
            Activation::LeakyRelu => d
                .iter_mut()
                .zip(y)
                .for_each(|(d, &y)| *d = if y > 0.0 { *d } else { LEAKY_SLOPE * *d }),
        }
    }
}
