//! PCA and metrics.

use autoencoder_lab::analysis::Pca;
use autoencoder_lab::analysis::metrics::{
    bce_per_image, knn_accuracy, max_principal_angle, mse_per_pixel, principal_angles,
};
use nalgebra::DMatrix;
use rand::{RngExt, SeedableRng, rngs::StdRng};

/// `n` points near a random rank-`k` subspace of R^d (plus small noise and an offset).
fn planted(n: usize, d: usize, k: usize, noise: f32, seed: u64) -> (DMatrix<f32>, DMatrix<f32>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let basis = DMatrix::<f32>::from_fn(d, k, |_, _| rng.random_range(-1.0..1.0));
    let coef = DMatrix::<f32>::from_fn(n, k, |_, j| rng.random_range(-1.0..1.0) * (3.0 + j as f32));
    let offset = DMatrix::<f32>::from_fn(1, d, |_, _| rng.random_range(-2.0..2.0));
    let mut x = coef * basis.transpose();
    for r in 0..n {
        for c in 0..d {
            x[(r, c)] += offset[(0, c)] + rng.random_range(-noise..noise);
        }
    }
    (x, basis)
}

#[test]
fn recovers_planted_subspace_full_path() {
    let (x, basis) = planted(500, 20, 3, 1e-3, 1);
    let pca = Pca::fit(&x);
    assert_eq!(pca.n_components(), 20);
    let top = pca.components().rows(0, 3).transpose();
    let angle = max_principal_angle(&top, &basis);
    assert!(angle < 0.1, "max principal angle {angle}");
    let sum: f32 = pca.explained_ratio().iter().sum();
    assert!((sum - 1.0).abs() < 1e-4, "ratios sum to {sum}");
    assert!(pca.explained_ratio()[..3].iter().sum::<f32>() > 0.999);
    // Eigenvalues decrease.
    assert!(pca.eigenvalues().windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn recovers_planted_subspace_subspace_iteration() {
    // d > FULL_EIG_MAX_DIM takes the top-k path.
    let (x, basis) = planted(600, 300, 4, 1e-3, 2);
    let pca = Pca::fit(&x);
    assert_eq!(pca.n_components(), 64);
    let top = pca.components().rows(0, 4).transpose();
    let angle = max_principal_angle(&top, &basis);
    assert!(angle < 0.1, "max principal angle {angle}");
    let ratio4: f32 = pca.explained_ratio()[..4].iter().sum();
    assert!(ratio4 > 0.999 && ratio4 < 1.0001, "{ratio4}");
}

#[test]
fn subspace_iteration_matches_full_decomposition() {
    // Data with a graded spectrum, so many components matter.
    let mut rng = StdRng::seed_from_u64(3);
    let (n, d) = (800, 120);
    let x = DMatrix::<f32>::from_fn(n, d, |_, j| {
        rng.random_range(-1.0..1.0) / (1.0 + 0.15 * j as f32)
    });
    let full = Pca::fit(&x);
    let top = Pca::fit_subspace(&x, 10);
    for i in 0..10 {
        let rel = (full.eigenvalues()[i] - top.eigenvalues()[i]).abs() / full.eigenvalues()[i];
        assert!(rel < 1e-4, "eigenvalue {i}: {rel}");
        assert!((full.explained_ratio()[i] - top.explained_ratio()[i]).abs() < 1e-5);
    }
    let a = full.components().rows(0, 10).transpose();
    let b = top.components().rows(0, 10).transpose();
    assert!(max_principal_angle(&a, &b) < 0.05);
}

#[test]
fn reconstruction_with_all_components_is_exact() {
    let mut rng = StdRng::seed_from_u64(4);
    let x = DMatrix::<f32>::from_fn(200, 15, |_, _| rng.random_range(0.0..1.0));
    let pca = Pca::fit(&x);
    let r = pca.reconstruct(&x, 15);
    assert!(mse_per_pixel(&x, &r) < 1e-10, "{}", mse_per_pixel(&x, &r));
    // Fewer components: error equals the discarded variance (up to the n-1 normalisation).
    let r5 = pca.reconstruct(&x, 5);
    let discarded: f32 = pca.eigenvalues()[5..].iter().sum();
    let mse = mse_per_pixel(&x, &r5) * 15.0 * 200.0 / 199.0;
    assert!(
        (mse - discarded).abs() < 1e-3 * discarded,
        "{mse} vs {discarded}"
    );
    // project: centred coordinates with the eigenvalue as variance.
    let p = pca.project(&x, 2);
    assert_eq!(p.shape(), (200, 2));
    let var0: f32 = p.column(0).iter().map(|v| v * v).sum::<f32>() / 199.0;
    assert!((var0 - pca.eigenvalues()[0]).abs() < 1e-3 * var0);
    // Requests beyond the available components are capped.
    assert_eq!(pca.project(&x, 100).ncols(), 15);
}

#[test]
fn pca_is_deterministic() {
    let (x, _) = planted(300, 280, 5, 0.05, 5);
    let a = Pca::fit(&x);
    let b = Pca::fit(&x);
    assert_eq!(a, b);
}

#[test]
fn principal_angles_known_cases() {
    // The xy-plane vs a plane tilted by 30 degrees about the x axis.
    let a = DMatrix::from_row_slice(3, 2, &[1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0]);
    let t = 30f32.to_radians();
    let b = DMatrix::from_row_slice(3, 2, &[2.0f32, 0.0, 0.0, t.cos(), 0.0, t.sin()]);
    let ang = principal_angles(&a, &b);
    assert!(
        ang[0].abs() < 1e-3 && (ang[1] - 30.0).abs() < 1e-3,
        "{ang:?}"
    );
    // Orthogonal lines.
    let e1 = DMatrix::from_row_slice(3, 1, &[1.0f32, 0.0, 0.0]);
    let e3 = DMatrix::from_row_slice(3, 1, &[0.0f32, 0.0, 5.0]);
    assert!((max_principal_angle(&e1, &e3) - 90.0).abs() < 1e-3);
}

#[test]
fn knn_and_reconstruction_metrics() {
    // Two well separated clusters: perfect accuracy; labels swapped: zero.
    let mut rng = StdRng::seed_from_u64(6);
    let mk = |rng: &mut StdRng, n: usize| {
        let x = DMatrix::<f32>::from_fn(
            n,
            2,
            |r, _| if r % 2 == 0 { 0.0 } else { 10.0 } + rng.random_range(-1.0..1.0),
        );
        let l: Vec<u8> = (0..n).map(|r| (r % 2) as u8).collect();
        (x, l)
    };
    let (tr, trl) = mk(&mut rng, 100);
    let (te, tel) = mk(&mut rng, 40);
    assert_eq!(knn_accuracy(&tr, &trl, &te, &tel, 5), 1.0);
    let wrong: Vec<u8> = tel.iter().map(|l| 1 - l).collect();
    assert_eq!(knn_accuracy(&tr, &trl, &te, &wrong, 5), 0.0);
    // Tie (2 vs 2 with k = 4): the class of the nearest neighbour wins, deterministically.
    let tr = DMatrix::from_row_slice(4, 1, &[0.0f32, 3.0, 1.0, 2.5]);
    let trl = [0u8, 0, 1, 1];
    let te = DMatrix::from_row_slice(1, 1, &[0.9f32]);
    assert_eq!(knn_accuracy(&tr, &trl, &te, &[1], 4), 1.0);

    let x = DMatrix::from_row_slice(2, 2, &[0.0f32, 1.0, 1.0, 0.0]);
    let y = DMatrix::from_row_slice(2, 2, &[0.5f32, 1.0, 1.0, 0.0]);
    assert!((mse_per_pixel(&x, &y) - 0.0625).abs() < 1e-7);
    // BCE per image: sum over pixels, mean over images; p = 0.5 costs ln 2 per pixel.
    let p = DMatrix::from_element(2, 2, 0.5f32);
    assert!((bce_per_image(&x, &p) - 2.0 * std::f32::consts::LN_2).abs() < 1e-5);
    assert!(
        bce_per_image(&x, &x).abs() < 1e-5,
        "clamped probabilities keep BCE finite"
    );
}

/// Prints the PCA fit time on MNIST (`cargo test --test core -- pca --ignored --nocapture`).
#[test]
#[ignore]
fn pca_fit_time_mnist() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/mnist.bin.gz")).unwrap();
    let split = autoencoder_lab::data::asset::decode(&bytes).unwrap();
    let t = std::time::Instant::now();
    let pca = Pca::fit(&split.train.x);
    let fit = t.elapsed();
    let full = Pca::fit_top(&split.train.x, 784);
    let a = pca.components().rows(0, 60).transpose();
    let b = full.components().rows(0, 60).transpose();
    println!(
        "PCA fit 8000x784: {fit:?}; top-60 max angle vs full eigendecomposition {} deg",
        max_principal_angle(&a, &b)
    );
}
