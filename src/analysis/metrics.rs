//! Evaluation metrics: reconstruction errors, kNN accuracy of codes, principal angles.

use nalgebra::DMatrix;

use crate::nn::loss::bce_prob;
use crate::nn::{Matrix, gemm::gemm};

/// `Σ (x - y)²` in `f64`, in order.
pub fn squared_error_sum(x: &[f32], y: &[f32]) -> f64 {
    x.iter()
        .zip(y)
        .map(|(&a, &b)| ((a - b) as f64).powi(2))
        .sum()
}

/// `Σ BCE(x, p)` with `p` clamped to `[1e-7, 1 - 1e-7]`, in `f64`.
pub fn bce_sum(x: &[f32], p: &[f32]) -> f64 {
    x.iter().zip(p).map(|(&x, &p)| bce_prob(p, x) as f64).sum()
}

/// Mean squared error per value (pixel).
///
/// # Shapes
/// - `x`, `y`: `n × d`
pub fn mse_per_pixel(x: &DMatrix<f32>, y: &DMatrix<f32>) -> f32 {
    assert_eq!(x.shape(), y.shape(), "mse_per_pixel: shapes differ");
    (squared_error_sum(x.as_slice(), y.as_slice()) / x.len().max(1) as f64) as f32
}

/// Binary cross-entropy summed over the values of each sample, mean over samples.
///
/// # Shapes
/// - `x` (targets in [0, 1]), `p` (probabilities): `n × d`
pub fn bce_per_image(x: &DMatrix<f32>, p: &DMatrix<f32>) -> f32 {
    assert_eq!(x.shape(), p.shape(), "bce_per_image: shapes differ");
    (bce_sum(x.as_slice(), p.as_slice()) / x.nrows().max(1) as f64) as f32
}

/// Classification accuracy in `[0, 1]` of a `k`-nearest-neighbour vote (Euclidean distance)
/// of each test code among the train codes.
///
/// Ties are broken deterministically: neighbours by (distance, train index); among classes
/// with equal votes, the one whose nearest member is closest wins.
///
/// # Shapes
/// - `train`: `n × c`, `train_labels`: `n`; `test`: `m × c`, `test_labels`: `m`
pub fn knn_accuracy(
    train: &DMatrix<f32>,
    train_labels: &[u8],
    test: &DMatrix<f32>,
    test_labels: &[u8],
    k: usize,
) -> f32 {
    assert_eq!(
        train.ncols(),
        test.ncols(),
        "knn_accuracy: code sizes differ"
    );
    assert_eq!(train.nrows(), train_labels.len());
    assert_eq!(test.nrows(), test_labels.len());
    let (n, m, c) = (train.nrows(), test.nrows(), train.ncols());
    if n == 0 || m == 0 || k == 0 {
        return 0.0;
    }
    let k = k.min(n);
    let tr = Matrix::from_dmatrix(train);
    let tr_sq: Vec<f32> = (0..n)
        .map(|i| tr.row(i).iter().map(|v| v * v).sum())
        .collect();
    let mut correct = 0usize;
    let mut d = vec![0.0f32; n];
    let mut best: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
    const BLOCK: usize = 256;
    let mut dots = vec![0.0f32; BLOCK * n];
    for b0 in (0..m).step_by(BLOCK) {
        let rows = BLOCK.min(m - b0);
        let te = Matrix::from_dmatrix(&test.rows(b0, rows).into_owned());
        // ||a - b||² = ||a||² + ||b||² - 2 a·b, the cross terms as one GEMM.
        gemm(
            rows,
            n,
            c,
            te.as_slice(),
            false,
            tr.as_slice(),
            true,
            &mut dots[..rows * n],
            false,
        );
        for r in 0..rows {
            let a_sq: f32 = te.row(r).iter().map(|v| v * v).sum();
            for (j, dj) in d.iter_mut().enumerate() {
                *dj = a_sq + tr_sq[j] - 2.0 * dots[r * n + j];
            }
            best.clear();
            for (j, &dj) in d.iter().enumerate() {
                if best.len() < k || dj < best[k - 1].0 {
                    let pos = best.partition_point(|&(bd, _)| bd <= dj);
                    best.insert(pos, (dj, j));
                    best.truncate(k);
                }
            }
            if vote(&best, train_labels) == test_labels[b0 + r] {
                correct += 1;
            }
        }
    }
    correct as f32 / m as f32
}

/// Majority label of `neighbours` (sorted nearest first); ties go to the class seen first.
fn vote(neighbours: &[(f32, usize)], labels: &[u8]) -> u8 {
    let mut counts = [0u32; 256];
    for &(_, j) in neighbours {
        counts[labels[j] as usize] += 1;
    }
    let top = neighbours
        .iter()
        .map(|&(_, j)| counts[labels[j] as usize])
        .max()
        .unwrap_or(0);
    neighbours
        .iter()
        .map(|&(_, j)| labels[j])
        .find(|&l| counts[l as usize] == top)
        .unwrap_or(0)
}

/// Principal angles in degrees between the column spaces of `a` and `b`, in increasing
/// order (`min(p, q)` angles). Bases need not be orthonormal.
///
/// # Shapes
/// - `a`: `d × p`, `b`: `d × q` (columns are basis vectors)
pub fn principal_angles(a: &DMatrix<f32>, b: &DMatrix<f32>) -> Vec<f32> {
    assert_eq!(
        a.nrows(),
        b.nrows(),
        "principal_angles: ambient dimensions differ"
    );
    let qa = a.map(|v| v as f64).qr().q();
    let qb = b.map(|v| v as f64).qr().q();
    let s = (qa.transpose() * qb).singular_values();
    let mut angles: Vec<f32> = s
        .iter()
        .map(|&c| c.clamp(-1.0, 1.0).acos().to_degrees() as f32)
        .collect();
    angles.sort_by(|x, y| x.total_cmp(y));
    angles
}

/// The largest principal angle in degrees (0 when the subspaces coincide).
pub fn max_principal_angle(a: &DMatrix<f32>, b: &DMatrix<f32>) -> f32 {
    principal_angles(a, b).into_iter().fold(0.0, f32::max)
}
