//! "A linear autoencoder is PCA", measured three ways: the principal angles between the
//! decoder's column space and PCA's top subspace, the principal components recovered from the
//! decoder's weights by SVD, and the orthogonal Procrustes rotation that lays the AE's projection
//! onto PCA's.
//!
//! A linear AE trained to its optimum spans PCA's top-p subspace but with any basis: its decoder
//! is `W = U_p C` for an invertible `C` (Baldi and Hornik, 1989). So the individual components
//! are not columns of `W`. They come back in two SVDs (Plaut, 2018): the left singular vectors
//! `Q` of `W` are an orthonormal basis of the learnt subspace, and the eigenvectors `R` of the
//! data's covariance restricted to it (`QᵀΣQ`, only `p × p`) order that basis by variance;
//! `Q R` are then the principal directions, up to sign.

use nalgebra::{DMatrix, SymmetricEigen};

use super::Pca;

/// An orthonormal basis of the column space of `w`, one column per column of `w`.
///
/// # Shapes
/// - `w`: `d × p` with `p <= d` → `d × p`
pub fn orthonormal_basis(w: &DMatrix<f32>) -> DMatrix<f64> {
    let svd = w.map(f64::from).svd(true, false);
    // `u` is always computed when asked for; an empty matrix is the only way it can be short.
    svd.u.unwrap_or_else(|| DMatrix::zeros(w.nrows(), 0))
}

/// Principal angles between the column spaces of two orthonormal bases, in degrees, smallest
/// first: 0 for a shared direction, 90 for an orthogonal one.
///
/// # Shapes
/// - `a`: `d × p`, `b`: `d × q` (orthonormal columns) → `min(p, q)` angles
pub fn principal_angles(a: &DMatrix<f64>, b: &DMatrix<f64>) -> Vec<f32> {
    if a.ncols() == 0 || b.ncols() == 0 || a.nrows() != b.nrows() {
        return Vec::new();
    }
    let cosines = (a.transpose() * b).svd(false, false).singular_values;
    let mut angles: Vec<f32> = cosines
        .iter()
        .map(|c| c.clamp(-1.0, 1.0).acos().to_degrees() as f32)
        .collect();
    angles.sort_by(f32::total_cmp);
    angles
}

/// PCA's top `p` components as the columns of a `d × p` matrix.
pub fn pca_basis(pca: &Pca, p: usize) -> DMatrix<f64> {
    let p = p.min(pca.n_components());
    pca.components().rows(0, p).transpose().map(f64::from)
}

/// The principal directions inside the subspace spanned by `basis`, ordered by the variance PCA
/// measured, as rows (`p × d`), each signed so its largest-magnitude entry is positive (PCA's own
/// convention, so the two can be compared without looking at each other).
///
/// The data's covariance is taken from `pca` itself (`Σ ≈ Σᵢ λᵢ vᵢ vᵢᵀ` over the components it
/// kept): exact for small inputs, and for MNIST's 784 it misses only the variance beyond the
/// top 64 components, which a learnt subspace near the top `p` hardly sees.
///
/// # Shapes
/// - `basis`: `d × p` orthonormal → `p × d`
pub fn recover_components(basis: &DMatrix<f64>, pca: &Pca) -> DMatrix<f32> {
    let (d, p) = basis.shape();
    if p == 0 || d != pca.mean().len() {
        return DMatrix::zeros(0, d);
    }
    let all = pca.components().map(f64::from); // k × d
    let loadings = &all * basis; // k × p: each component's coordinates in the basis
    let mut restricted = DMatrix::<f64>::zeros(p, p);
    for (i, &lambda) in pca.eigenvalues().iter().enumerate() {
        let row = loadings.row(i);
        restricted += f64::from(lambda) * row.transpose() * row;
    }
    let eig = SymmetricEigen::new(restricted);
    let mut order: Vec<usize> = (0..p).collect();
    order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    let mut out = DMatrix::<f32>::zeros(p, d);
    for (row, &j) in order.iter().enumerate() {
        let direction = basis * eig.eigenvectors.column(j);
        let sign = largest_sign(direction.as_slice());
        for c in 0..d {
            out[(row, c)] = (sign * direction[c]) as f32;
        }
    }
    out
}

fn largest_sign(v: &[f64]) -> f64 {
    let big = v
        .iter()
        .copied()
        .fold(0.0f64, |m, x| if x.abs() > m.abs() { x } else { m });
    if big < 0.0 { -1.0 } else { 1.0 }
}

/// The orthogonal map that lays `source` over `target` best, and what is left over.
pub struct Procrustes {
    /// `source · rotation`, the best orthogonal fit to `target`.
    pub aligned: DMatrix<f32>,
    /// `‖source·R − target‖²_F / ‖target‖²_F`: 0 when the two differ only by a rotation (or a
    /// reflection).
    pub residual: f32,
    /// `R` (`p × p`, orthogonal).
    pub rotation: DMatrix<f32>,
}

/// Orthogonal Procrustes: `R = argmin ‖source·R − target‖_F` over orthogonal `R`, which is
/// `U Vᵀ` for the SVD `sourceᵀ·target = U Σ Vᵀ` (Schönemann, 1966). No scaling and no shift:
/// both are projections of the same centred points onto orthonormal bases.
///
/// # Shapes
/// - `source`, `target`: `n × p` → `aligned`: `n × p`; `None` when the shapes differ
pub fn procrustes(source: &DMatrix<f32>, target: &DMatrix<f32>) -> Option<Procrustes> {
    if source.shape() != target.shape() || source.ncols() == 0 {
        return None;
    }
    let (s, t) = (source.map(f64::from), target.map(f64::from));
    let svd = (s.transpose() * &t).svd(true, true);
    let rotation = svd.u? * svd.v_t?;
    let aligned = &s * &rotation;
    let total = t.norm_squared();
    let residual = if total > 0.0 {
        ((&aligned - &t).norm_squared() / total) as f32
    } else {
        0.0
    };
    residual.is_finite().then(|| Procrustes {
        aligned: aligned.map(|v| v as f32),
        residual,
        rotation: rotation.map(|v| v as f32),
    })
}

/// Centred `x` projected onto an orthonormal `basis`: the coordinates of the projection.
///
/// # Shapes
/// - `x`: `n × d`, `mean`: `d`, `basis`: `d × p` → `n × p`
pub fn project_onto(x: &DMatrix<f32>, mean: &[f32], basis: &DMatrix<f64>) -> DMatrix<f32> {
    let centred = DMatrix::from_fn(x.nrows(), x.ncols(), |r, c| {
        f64::from(x[(r, c)] - mean.get(c).copied().unwrap_or(0.0))
    });
    (centred * basis).map(|v| v as f32)
}

#[cfg(test)]
#[path = "subspace_tests.rs"]
mod tests;
