//! How closely one code is a linear map of another: the measurable half of "a linear
//! autoencoder is PCA", and the map that lays its code over PCA's plane.

use nalgebra::DMatrix;

/// The least-squares linear (affine) map from `codes` to `target`.
pub struct LinearFit {
    /// `codes` mapped: the best linear prediction of `target`.
    pub mapped: DMatrix<f32>,
    /// How much of `target`'s variance the map explains (R², 1 = `target` is an exact linear
    /// function of `codes`). A linear autoencoder's code is PCA's projection up to an
    /// invertible linear map, so against PCA's codes it reaches 1 once trained.
    pub r2: f32,
}

/// Fit `target ≈ codes · B + c` by least squares.
///
/// # Shapes
/// - `codes`: `n × k`, `target`: `n × m` → `mapped`: `n × m`; `None` for fewer than 2 rows
pub fn linear_fit(codes: &DMatrix<f32>, target: &DMatrix<f32>) -> Option<LinearFit> {
    let n = codes.nrows().min(target.nrows());
    if n < 2 {
        return None;
    }
    let centred = |m: &DMatrix<f32>| {
        let m = m.rows(0, n).map(f64::from);
        let mean = m.row_mean();
        (
            DMatrix::from_fn(n, m.ncols(), |r, c| m[(r, c)] - mean[c]),
            mean,
        )
    };
    let ((z, _), (t, t_mean)) = (centred(codes), centred(target));
    // Least squares through the SVD: a code with dead (constant) units stays solvable.
    let map = z.clone().svd(true, true).solve(&t, 1e-9).ok()?;
    let fitted = z * map;
    let total = t.norm_squared();
    let residual = (&fitted - &t).norm_squared();
    let r2 = if total > 0.0 && residual.is_finite() {
        (1.0 - residual / total).clamp(0.0, 1.0) as f32
    } else {
        0.0
    };
    let mapped = DMatrix::from_fn(n, t.ncols(), |r, c| (fitted[(r, c)] + t_mean[c]) as f32);
    Some(LinearFit { mapped, r2 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linear_map_explains_everything_and_noise_little() {
        let z = DMatrix::from_fn(100, 2, |r, c| ((r * (c + 3)) % 17) as f32 - 8.0);
        let t = (&z * DMatrix::from_row_slice(2, 2, &[2.0, -1.0, 0.5, 3.0])).add_scalar(4.0);
        let fit = linear_fit(&z, &t).expect("enough rows");
        assert!(fit.r2 > 0.999_99);
        assert!(
            (&fit.mapped - &t).amax() < 1e-3,
            "the map reproduces the target"
        );
        let other = DMatrix::from_fn(100, 1, |r, _| ((r * 7919) % 101) as f32);
        assert!(linear_fit(&z, &other).expect("enough rows").r2 < 0.2);
        assert!(linear_fit(&z.rows(0, 1).into_owned(), &other).is_none());
    }
}
