//! Fully connected layers: `Z = X·W + b`, with one sample per row.

use rand::{RngExt, rngs::StdRng};
use serde::{Deserialize, Serialize};

use super::gemm::gemm;
use super::matrix::Matrix;

/// Weight initialisation scheme (uniform variants, which need no transcendental functions and
/// so draw identical values on every platform).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Init {
    /// Glorot/Xavier: `U(±√(6 / (fan_in + fan_out)))`, keeps variance for tanh/sigmoid/linear.
    Xavier,
    /// He/Kaiming: `U(±√(6 / fan_in))`, compensates for ReLU zeroing half the units.
    He,
}

impl Init {
    pub const ALL: [Init; 2] = [Init::Xavier, Init::He];

    pub fn label(self) -> &'static str {
        match self {
            Init::Xavier => "Xavier/Glorot uniform",
            Init::He => "He uniform",
        }
    }

    pub fn limit(self, fan_in: usize, fan_out: usize) -> f32 {
        match self {
            Init::Xavier => (6.0 / (fan_in + fan_out) as f32).sqrt(),
            Init::He => (6.0 / fan_in as f32).sqrt(),
        }
    }
}

/// Configuration of a [`Dense`] layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DenseConfig {
    pub input: usize,
    pub output: usize,
    pub init: Init,
}

impl DenseConfig {
    /// Random weights from `rng` (row by row, so the draw order is fixed), zero bias.
    pub fn init(&self, rng: &mut StdRng) -> Dense {
        let lim = self.init.limit(self.input, self.output);
        let weight = Matrix::from_fn(self.input, self.output, |_, _| rng.random_range(-lim..lim));
        Dense {
            weight,
            bias: vec![0.0; self.output],
        }
    }
}

/// A dense layer's parameters.
///
/// # Shapes
/// - `weight`: `input × output` (so a batch `X` of `m × input` maps to `X·W`)
/// - `bias`: `output`
#[derive(Clone, Debug, PartialEq)]
pub struct Dense {
    pub weight: Matrix,
    pub bias: Vec<f32>,
}

/// Gradients of a [`Dense`] layer, same shapes as its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct DenseGrads {
    pub weight: Matrix,
    pub bias: Vec<f32>,
}

impl DenseGrads {
    pub fn zeros(input: usize, output: usize) -> DenseGrads {
        DenseGrads {
            weight: Matrix::zeros(input, output),
            bias: vec![0.0; output],
        }
    }
}

impl Dense {
    pub fn input(&self) -> usize {
        self.weight.rows()
    }

    pub fn output(&self) -> usize {
        self.weight.cols()
    }

    /// `z = x·W + b`.
    ///
    /// # Shapes
    /// - `x`: `m × input`; `z`: resized to `m × output`
    pub fn forward(&self, x: &Matrix, z: &mut Matrix) {
        affine(x, &self.weight, false, &self.bias, z);
    }

    /// Given `dz = ∂L/∂z`: `dW = xᵀ·dz` (added to `grads.weight` when `accumulate`, which a
    /// tied decoder layer has already filled), `db = Σ_rows dz`, and `dx = dz·Wᵀ` if requested
    /// (the first layer skips it: nobody needs the gradient of the data).
    ///
    /// # Shapes
    /// - `x`: `m × input`, `dz`: `m × output`, `dx`: resized to `m × input`
    pub fn backward(
        &self,
        x: &Matrix,
        dz: &Matrix,
        grads: &mut DenseGrads,
        accumulate: bool,
        dx: Option<&mut Matrix>,
    ) {
        let (m, k, n) = (x.rows(), self.input(), self.output());
        assert_eq!(dz.shape(), (m, n));
        let dw = grads.weight.as_mut_slice();
        gemm(
            k,
            n,
            m,
            x.as_slice(),
            true,
            dz.as_slice(),
            false,
            dw,
            accumulate,
        );
        column_sums(dz, &mut grads.bias);
        if let Some(dx) = dx {
            dx.reshape_uninit(m, k);
            gemm(
                m,
                k,
                n,
                dz.as_slice(),
                false,
                self.weight.as_slice(),
                true,
                dx.as_mut_slice(),
                false,
            );
        }
    }
}

/// A layer whose weight is the transpose of another layer's (tied autoencoder decoder); only
/// the bias is its own.
///
/// # Shapes
/// - `partner`: the encoder layer's weight, `output × input` of THIS layer
/// - `bias`: `output`
#[derive(Clone, Debug, PartialEq)]
pub struct TiedDense {
    pub bias: Vec<f32>,
}

impl TiedDense {
    /// `z = x·Pᵀ + b`.
    ///
    /// # Shapes
    /// - `partner`: `out × in`, `x`: `m × in`, `z`: resized to `m × out`
    pub fn forward(&self, partner: &Matrix, x: &Matrix, z: &mut Matrix) {
        affine(x, partner, true, &self.bias, z);
    }

    /// With `z = x·Pᵀ + b`: `∂L/∂P = dzᵀ·x` OVERWRITES `partner_grad` (the decoder runs its
    /// backward first; the encoder layer then accumulates its own part), `db = Σ_rows dz`,
    /// `dx = dz·P`.
    ///
    /// # Shapes
    /// - `partner`, `partner_grad`: `out × in`; `x`: `m × in`; `dz`: `m × out`; `dx`: `m × in`
    pub fn backward(
        &self,
        partner: &Matrix,
        x: &Matrix,
        dz: &Matrix,
        partner_grad: &mut Matrix,
        bias_grad: &mut [f32],
        dx: Option<&mut Matrix>,
    ) {
        let (m, out, inp) = (x.rows(), partner.rows(), partner.cols());
        assert_eq!(dz.shape(), (m, out));
        assert_eq!(x.cols(), inp);
        gemm(
            out,
            inp,
            m,
            dz.as_slice(),
            true,
            x.as_slice(),
            false,
            partner_grad.as_mut_slice(),
            false,
        );
        column_sums(dz, bias_grad);
        if let Some(dx) = dx {
            dx.reshape_uninit(m, inp);
            gemm(
                m,
                inp,
                out,
                dz.as_slice(),
                false,
                partner.as_slice(),
                false,
                dx.as_mut_slice(),
                false,
            );
        }
    }
}

/// `z = x·op(W) + b`. The bias is written first and the product accumulated onto it, which
/// saves a pass over `z` and is still a fixed order.
fn affine(x: &Matrix, w: &Matrix, transposed: bool, bias: &[f32], z: &mut Matrix) {
    let (k, n) = if transposed {
        (w.cols(), w.rows())
    } else {
        (w.rows(), w.cols())
    };
    let m = x.rows();
    assert_eq!(x.cols(), k, "dense forward: input width mismatch");
    z.reshape_uninit(m, n);
    for r in 0..m {
        z.row_mut(r).copy_from_slice(bias);
    }
    gemm(
        m,
        n,
        k,
        x.as_slice(),
        false,
        w.as_slice(),
        transposed,
        z.as_mut_slice(),
        true,
    );
}

/// `out[j] = Σ_r d[r][j]`, rows in increasing order.
fn column_sums(d: &Matrix, out: &mut [f32]) {
    out.fill(0.0);
    for r in 0..d.rows() {
        out.iter_mut().zip(d.row(r)).for_each(|(o, &v)| *o += v);
    }
}
