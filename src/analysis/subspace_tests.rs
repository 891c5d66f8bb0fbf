use nalgebra::DMatrix;
use rand::{SeedableRng, rngs::StdRng};

use super::*;
use crate::models::noise::normal_pair;

/// Points whose principal axes are the columns of a random orthogonal `o`, with standard
/// deviations 5, 3, 2, 1, 0.5, 0.2 along them.
fn constructed() -> DMatrix<f32> {
    let mut rng = StdRng::seed_from_u64(7);
    let mut normal = || -> f64 { f64::from(normal_pair(&mut rng).0) };
    let o = DMatrix::<f64>::from_fn(6, 6, |_, _| normal()).qr().q();
    let scales = [5.0, 3.0, 2.0, 1.0, 0.5, 0.2];
    let z = DMatrix::<f64>::from_fn(2000, 6, |_, c| normal() * scales[c]);
    (z * o.transpose()).map(|v| (v + 0.5) as f32)
}

#[test]
fn angles_of_known_planes() {
    let e = |v: &[f64]| DMatrix::from_column_slice(3, 1, v);
    let (s, c) = 30f64.to_radians().sin_cos();
    let angles = principal_angles(&e(&[1.0, 0.0, 0.0]), &e(&[c, s, 0.0]));
    assert!((angles[0] - 30.0).abs() < 1e-4, "{angles:?}");
    let plane = DMatrix::from_column_slice(3, 2, &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
    let tilted = DMatrix::from_column_slice(3, 2, &[0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
    // Two planes in 3-D share a line (0°) and meet at 90° across it.
    let angles = principal_angles(&plane, &tilted);
    assert!(
        angles[0].abs() < 1e-4 && (angles[1] - 90.0).abs() < 1e-4,
        "{angles:?}"
    );
}

#[test]
fn a_skewed_basis_of_the_top_plane_has_zero_angles_and_gives_back_the_components() {
    let x = constructed();
    let pca = Pca::fit(&x);
    // The decoder of a trained linear AE: the sample's top plane in an arbitrary,
    // non-orthogonal basis.
    let c = DMatrix::from_row_slice(2, 2, &[2.0, 1.0, 0.5, -1.5]);
    let w = (pca_basis(&pca, 2) * c).map(|v| v as f32);
    let basis = orthonormal_basis(&w);
    let angles = principal_angles(&basis, &pca_basis(&pca, 2));
    assert!(angles.iter().all(|a| *a < 0.05), "{angles:?}");
    let recovered = recover_components(&basis, &pca);
    for k in 0..2 {
        let diff = (recovered.row(k) - pca.components().row(k)).amax();
        assert!(diff < 1e-3, "component {k} differs by {diff}");
    }
    // The columns of W themselves are not the components.
    let raw = orthonormal_basis(&w.columns(0, 1).into_owned());
    let cos = (raw.transpose() * pca_basis(&pca, 1))[(0, 0)].abs();
    assert!(
        cos < 0.99,
        "the raw first column happens to be PC1 (cos {cos})"
    );
}

#[test]
fn a_plane_with_a_wrong_direction_has_a_large_angle() {
    let x = constructed();
    let pca = Pca::fit(&x);
    // PC1 and PC3: shares one direction with the top plane, misses the other entirely.
    let top3 = pca_basis(&pca, 3);
    let w = DMatrix::from_columns(&[top3.column(0), top3.column(2)]).map(|v| v as f32);
    let angles = principal_angles(&orthonormal_basis(&w), &pca_basis(&pca, 2));
    assert!(angles[0] < 0.05 && angles[1] > 89.9, "{angles:?}");
}

#[test]
fn procrustes_undoes_a_rotation_and_a_reflection() {
    let x = constructed();
    let pca = Pca::fit(&x);
    let target = pca.project(&x, 2);
    let (s, c) = 40f32.to_radians().sin_cos();
    // A rotation then a flip of the second axis.
    let turn = DMatrix::from_row_slice(2, 2, &[c, -s, s, c])
        * DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, -1.0]);
    let source = &target * &turn;
    let fit = procrustes(&source, &target).expect("same shapes");
    assert!(fit.residual < 1e-8, "residual {}", fit.residual);
    assert!((&fit.rotation - turn.transpose()).amax() < 1e-4);
    assert!((&fit.aligned - &target).amax() < 1e-3);
}

#[test]
fn procrustes_leaves_a_residual_when_the_shapes_differ_by_more_than_a_rotation() {
    let x = constructed();
    let target = Pca::fit(&x).project(&x, 2);
    let sheared = &target * DMatrix::from_row_slice(2, 2, &[1.0, 0.8, 0.0, 1.0]);
    let fit = procrustes(&sheared, &target).expect("same shapes");
    assert!(fit.residual > 0.05, "residual {}", fit.residual);
    assert!(procrustes(&sheared, &target.columns(0, 1).into_owned()).is_none());
}

#[test]
fn projecting_onto_the_pca_basis_is_pca_projection() {
    let x = constructed();
    let pca = Pca::fit(&x);
    let ours = project_onto(&x, pca.mean(), &pca_basis(&pca, 2));
    assert!((ours - pca.project(&x, 2)).amax() < 1e-3);
}
