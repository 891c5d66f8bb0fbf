//! Principal component analysis: the linear baseline every autoencoder is compared against.
//!
//! The covariance is formed with the crate's GEMM. For small dimensions the full symmetric
//! eigendecomposition is used; for large ones (MNIST's 784) a full decomposition costs ~0.5 s
//! natively, too slow for the browser, so the top components come from block subspace
//! iteration with Rayleigh-Ritz, and explained-variance ratios use the covariance trace (the
//! total variance), so they stay exact fractions of the whole.

use nalgebra::{DMatrix, SymmetricEigen};
use rand::{RngExt, SeedableRng, rngs::StdRng};

use crate::nn::{Matrix, gemm::gemm};

/// Dimensions up to this use the full eigendecomposition (all `d` components).
pub const FULL_EIG_MAX_DIM: usize = 256;
/// Components kept by [`Pca::fit`] when the dimension is larger than [`FULL_EIG_MAX_DIM`].
pub const DEFAULT_TOP_COMPONENTS: usize = 64;
const MAX_ITERATIONS: usize = 100;
// Rounds run after the Ritz values settle: each shrinks the component error geometrically.
const EXTRA_ROUNDS: usize = 4;
// Ritz values settle to ~1e-7 relative within a handful of rounds, then wander at the f32
// rounding floor of the C·Q product; 1e-6 stops there (component angles ~1e-4 degrees on MNIST).
const RITZ_TOL: f64 = 1e-6;
// Row block of the covariance: only blocks on or above the diagonal are computed.
const COV_BLOCK: usize = 128;

/// A fitted PCA.
///
/// # Shapes
/// - `mean`: `d`
/// - `components`: `k × d`, orthonormal rows, by decreasing eigenvalue
/// - `eigenvalues`, `explained_ratio`: `k`
#[derive(Clone, Debug, PartialEq)]
pub struct Pca {
    mean: Vec<f32>,
    components: DMatrix<f32>,
    eigenvalues: Vec<f32>,
    explained_ratio: Vec<f32>,
    total_variance: f32,
}

impl Pca {
    /// Fits on the rows of `x` (`n × d`): all components when `d <= FULL_EIG_MAX_DIM`, else the
    /// top [`DEFAULT_TOP_COMPONENTS`]. Deterministic given the data.
    pub fn fit(x: &DMatrix<f32>) -> Pca {
        Pca::fit_top(x, DEFAULT_TOP_COMPONENTS)
    }

    /// Like [`Pca::fit`] but keeping at least `k` components (capped at `d`) when `d` is large.
    pub fn fit_top(x: &DMatrix<f32>, k: usize) -> Pca {
        let d = x.ncols();
        if d <= FULL_EIG_MAX_DIM {
            Pca::fit_impl(x, d, false)
        } else {
            Pca::fit_impl(x, k.min(d), true)
        }
    }

    /// Always uses subspace iteration (exposed so tests compare it with the full path).
    #[doc(hidden)]
    pub fn fit_subspace(x: &DMatrix<f32>, k: usize) -> Pca {
        Pca::fit_impl(x, k.min(x.ncols()), true)
    }

    fn fit_impl(x: &DMatrix<f32>, k: usize, subspace: bool) -> Pca {
        let (n, d) = x.shape();
        let mean: Vec<f32> = (0..d)
            .map(|c| (x.column(c).iter().map(|&v| v as f64).sum::<f64>() / n.max(1) as f64) as f32)
            .collect();
        let cov = covariance(x, &mean);
        let total: f64 = (0..d).map(|i| cov[i * d + i] as f64).sum();
        let (vals, vecs) = if subspace && k < d {
            top_eigen(&cov, d, k)
        } else {
            full_eigen(&cov, d)
        };
        let k = vals.len();
        let mut components = DMatrix::from_fn(k, d, |i, j| vecs[(j, i)] as f32);
        // Sign convention: the largest-magnitude entry of each component is positive.
        for i in 0..k {
            let row = components.row(i);
            let (imax, _) = row.iter().enumerate().fold((0, 0.0f32), |b, (j, &v)| {
                if v.abs() > b.1 { (j, v.abs()) } else { b }
            });
            if components[(i, imax)] < 0.0 {
                components.row_mut(i).neg_mut();
            }
        }
        let eigenvalues: Vec<f32> = vals.iter().map(|&v| v.max(0.0) as f32).collect();
        let explained_ratio = vals
            .iter()
            .map(|&v| {
                if total > 0.0 {
                    (v.max(0.0) / total) as f32
                } else {
                    0.0
                }
            })
            .collect();
        Pca {
            mean,
            components,
            eigenvalues,
            explained_ratio,
            total_variance: total as f32,
        }
    }

    pub fn mean(&self) -> &[f32] {
        &self.mean
    }

    /// Principal directions as rows (`k × d`).
    pub fn components(&self) -> &DMatrix<f32> {
        &self.components
    }

    pub fn eigenvalues(&self) -> &[f32] {
        &self.eigenvalues
    }

    /// Fraction of the TOTAL variance (covariance trace) along each component.
    pub fn explained_ratio(&self) -> &[f32] {
        &self.explained_ratio
    }

    pub fn total_variance(&self) -> f32 {
        self.total_variance
    }

    pub fn n_components(&self) -> usize {
        self.eigenvalues.len()
    }

    /// Coordinates of the rows of `x` on the first `k` components (`k` is capped at
    /// [`Pca::n_components`]).
    ///
    /// # Shapes
    /// - `x`: `n × d` → `n × k`
    pub fn project(&self, x: &DMatrix<f32>, k: usize) -> DMatrix<f32> {
        let k = k.min(self.n_components());
        let (n, d) = x.shape();
        assert_eq!(
            d,
            self.mean.len(),
            "Pca::project: dimension differs from the fitted data"
        );
        let mut xc = Matrix::from_dmatrix(x);
        for r in 0..n {
            xc.row_mut(r)
                .iter_mut()
                .zip(&self.mean)
                .for_each(|(v, m)| *v -= m);
        }
        let comps = Matrix::from_dmatrix(&self.components.rows(0, k).into_owned());
        let mut out = vec![0.0f32; n * k];
        gemm(
            n,
            k,
            d,
            xc.as_slice(),
            false,
            comps.as_slice(),
            true,
            &mut out,
            false,
        );
        DMatrix::from_row_slice(n, k, &out)
    }

    /// Reconstruction of the rows of `x` from their first `k` components.
    ///
    /// # Shapes
    /// - `x`: `n × d` → `n × d`
    pub fn reconstruct(&self, x: &DMatrix<f32>, k: usize) -> DMatrix<f32> {
        self.back_project(&self.project(x, k))
    }

    /// The images whose coordinates on the first `codes.ncols()` components are `codes`
    /// (coordinates quantised for compression, for example).
    ///
    /// # Shapes
    /// - `codes`: `n × k` → `n × d`
    pub fn back_project(&self, codes: &DMatrix<f32>) -> DMatrix<f32> {
        let k = codes.ncols().min(self.n_components());
        let n = codes.nrows();
        let d = self.mean.len();
        let codes = Matrix::from_dmatrix(&codes.columns(0, k).into_owned());
        let comps = Matrix::from_dmatrix(&self.components.rows(0, k).into_owned());
        let mut out = vec![0.0f32; n * d];
        for r in 0..n {
            out[r * d..(r + 1) * d].copy_from_slice(&self.mean);
        }
        gemm(
            n,
            d,
            k,
            codes.as_slice(),
            false,
            comps.as_slice(),
            false,
            &mut out,
            true,
        );
        DMatrix::from_row_slice(n, d, &out)
    }
}

/// `Xcᵀ·Xc / (n - 1)` for the centred data, `d × d` row-major, exactly symmetric. Works on
/// the transposed data so each block row is contiguous, and skips the lower triangle (half
/// the flops), mirroring it afterwards.
fn covariance(x: &DMatrix<f32>, mean: &[f32]) -> Vec<f32> {
    let (n, d) = x.shape();
    // Column-major `x` is exactly row-major `xᵀ` (d × n).
    let mut xt = x.as_slice().to_vec();
    for (c, m) in mean.iter().enumerate() {
        xt[c * n..(c + 1) * n].iter_mut().for_each(|v| *v -= m);
    }
    let mut cov = vec![0.0f32; d * d];
    let mut block = vec![0.0f32; COV_BLOCK * d];
    for i0 in (0..d).step_by(COV_BLOCK) {
        let bi = COV_BLOCK.min(d - i0);
        let cols = d - i0;
        let out = &mut block[..bi * cols];
        gemm(
            bi,
            cols,
            n,
            &xt[i0 * n..],
            false,
            &xt[i0 * n..],
            true,
            out,
            false,
        );
        for r in 0..bi {
            cov[(i0 + r) * d + i0..(i0 + r + 1) * d]
                .copy_from_slice(&out[r * cols..(r + 1) * cols]);
        }
    }
    let scale = 1.0 / (n.saturating_sub(1).max(1)) as f32;
    for i in 0..d {
        for j in i..d {
            let v = cov[i * d + j] * scale;
            cov[i * d + j] = v;
            cov[j * d + i] = v;
        }
    }
    cov
}

/// All eigenpairs, eigenvalues decreasing; eigenvectors as columns.
fn full_eigen(cov: &[f32], d: usize) -> (Vec<f64>, DMatrix<f64>) {
    let c = DMatrix::from_fn(d, d, |i, j| cov[i * d + j] as f64);
    let e = SymmetricEigen::new(c);
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&a, &b| {
        e.eigenvalues[b]
            .total_cmp(&e.eigenvalues[a])
            .then(a.cmp(&b))
    });
    let vals = order.iter().map(|&i| e.eigenvalues[i]).collect();
    let vecs = DMatrix::from_fn(d, d, |r, c| e.eigenvectors[(r, order[c])]);
    (vals, vecs)
}

/// Top `k` eigenpairs of the symmetric `d × d` matrix `cov` by block subspace iteration with
/// `b > k` vectors (the extra ones speed convergence of the k-th), Rayleigh-Ritz each round.
fn top_eigen(cov: &[f32], d: usize, k: usize) -> (Vec<f64>, DMatrix<f64>) {
    let b = (2 * k).max(k + 16).min(d);
    let mut rng = StdRng::seed_from_u64(0x9CA_5EED);
    // Basis vectors as rows (b × d), so C·Q is one GEMM: (Qᵀ C) with C symmetric.
    let mut q = DMatrix::<f64>::from_fn(d, b, |_, _| rng.random_range(-1.0..1.0));
    q = orthonormalize(q);
    let mut qt32 = vec![0.0f32; b * d];
    let mut yt32 = vec![0.0f32; b * d];
    let mut prev = vec![f64::INFINITY; k];
    let mut ritz = (Vec::new(), DMatrix::zeros(d, 0));
    let mut settled_at = None;
    for it in 0..MAX_ITERATIONS {
        for i in 0..b {
            for j in 0..d {
                qt32[i * d + j] = q[(j, i)] as f32;
            }
        }
        gemm(b, d, d, &qt32, false, cov, false, &mut yt32, false);
        let y = DMatrix::<f64>::from_fn(d, b, |r, c| yt32[c * d + r] as f64);
        // Rayleigh-Ritz in the current basis: T = Qᵀ C Q.
        let mut t = q.transpose() * &y;
        t = (&t + t.transpose()) * 0.5;
        let e = SymmetricEigen::new(t);
        let mut order: Vec<usize> = (0..b).collect();
        order.sort_by(|&a, &c| {
            e.eigenvalues[c]
                .total_cmp(&e.eigenvalues[a])
                .then(a.cmp(&c))
        });
        let vals: Vec<f64> = order.iter().take(k).map(|&i| e.eigenvalues[i]).collect();
        let scale = vals[0].abs().max(f64::MIN_POSITIVE);
        let converged = vals
            .iter()
            .zip(&prev)
            .all(|(v, p)| (v - p).abs() <= RITZ_TOL * scale);
        if converged && settled_at.is_none() {
            settled_at = Some(it);
        }
        if settled_at.is_some_and(|s| it >= s + EXTRA_ROUNDS) || it + 1 == MAX_ITERATIONS {
            let u = DMatrix::from_fn(b, k, |r, c| e.eigenvectors[(r, order[c])]);
            ritz = (vals, &q * u);
            break;
        }
        prev = vals;
        q = orthonormalize(y);
    }
    ritz
}

fn orthonormalize(m: DMatrix<f64>) -> DMatrix<f64> {
    m.qr().q()
}
