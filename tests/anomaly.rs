//! Anomaly detection on MNIST: an autoencoder trained on digits scores Fashion-MNIST items by
//! their reconstruction error, beside PCA's error with as many components and the distance to
//! the 5th-nearest training digit.

#[path = "support/deep.rs"]
mod deep;

use autoencoder_lab::analysis::Pca;
use autoencoder_lab::analysis::anomaly::{auc, kth_nearest_distance, reconstruction_scores};
use autoencoder_lab::data::{Split, asset};
use autoencoder_lab::train::Trainer;
use deep::{mnist, model_cfg, train_cfg};

const CODE: usize = 32;
/// What the page trains in about 15 s (4,000 samples/s).
const SAMPLES: u64 = 60_000;

fn fashion() -> Split {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/fashion.bin.gz"
    ))
    .expect("Fashion-MNIST asset");
    asset::decode(&bytes).expect("decodes")
}

#[test]
fn digits_autoencoder_flags_fashion_items() {
    let (digits, clothes) = (mnist(), fashion());
    let normal = &digits.test.x;
    let odd = clothes
        .test
        .x
        .rows(0, normal.nrows().min(clothes.test.len()))
        .into_owned();
    let mut t = Trainer::new(
        train_cfg(model_cfg(784, vec![256], CODE), 3),
        digits.train.clone(),
    )
    .expect("valid");
    while t.samples_seen() < SAMPLES {
        t.step(16).expect("trains");
    }
    let score = |x: &nalgebra::DMatrix<f32>| reconstruction_scores(x, &t.reconstruct(x));
    let ae = auc(&score(normal), &score(&odd));
    let pca = Pca::fit_top(&digits.train.x, CODE);
    let pscore = |x: &nalgebra::DMatrix<f32>| reconstruction_scores(x, &pca.reconstruct(x, CODE));
    let p = auc(&pscore(normal), &pscore(&odd));
    let knn = auc(
        &kth_nearest_distance(&digits.train.x, normal, 5),
        &kth_nearest_distance(&digits.train.x, &odd, 5),
    );
    println!(
        "digits normal, Fashion-MNIST anomalous ({} + {} test items): AUC autoencoder 784-256-{CODE} \
         after {SAMPLES} samples {ae:.3}, PCA-{CODE} error {p:.3}, 5th-nearest digit distance {knn:.3}",
        normal.nrows(),
        odd.nrows()
    );
    assert!(ae >= 0.95, "AUC {ae}");
}
