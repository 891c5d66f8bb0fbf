//! Semantic hashing on MNIST: 16-bit codes of a binary autoencoder against 16-bit LSH and PCA
//! hashing, all test items as queries against the training items. The figures go in the README
//! and the closing note; the page shows the same three rows.

#[path = "support/deep.rs"]
mod deep;

use autoencoder_lab::analysis::Pca;
use autoencoder_lab::analysis::hashing::baselines::{code_bits, lsh, pca_hash};
use autoencoder_lab::analysis::hashing::quality::{Quality, quality};
use autoencoder_lab::models::binary_code::BinaryCode;
use autoencoder_lab::nn::Activation;
use autoencoder_lab::train::Trainer;
use deep::{mnist, model_cfg, train_cfg};

const BITS: usize = 16;
/// The "Semantic hashing" preset's net and budget: 784-512-256-16 with a sigmoid code and
/// noise σ = 6 (a one-hidden-layer net or σ = 2-4 leaves the codes in too few buckets, and
/// PCA hashing then wins within radius 2).
const SAMPLES: u64 = 180_000;

fn show(name: &str, q: &Quality) {
    println!(
        "{name:>18}: precision within radius 2 {:.3} ({:.0} % of queries find something), MAP {:.3}",
        q.precision_r2,
        q.found_r2 * 100.0,
        q.map
    );
}

#[test]
fn binary_autoencoder_codes_beat_lsh_and_pca_hashing_at_16_bits() {
    let split = mnist();
    let (train, test) = (&split.train, &split.test);
    let mut cfg = model_cfg(784, vec![512, 256], BITS);
    cfg.code_activation = Activation::Sigmoid;
    let mut tc = train_cfg(cfg, 5);
    tc.regularization.binary_code = Some(BinaryCode { noise: 6.0 });
    let mut t = Trainer::new(tc, train.clone()).expect("valid");
    while t.samples_seen() < SAMPLES {
        t.step(16).expect("trains");
    }
    let (db, q) = code_bits(&t.encode(&train.x), &t.encode(&test.x), BITS, true);
    let ae = quality(&db, &train.labels, &q, &test.labels, BITS);
    let (db, q) = lsh(&train.x, &test.x, BITS, 7);
    let random = quality(&db, &train.labels, &q, &test.labels, BITS);
    let pca = Pca::fit_top(&train.x, BITS);
    let (db, q) = pca_hash(&pca, &train.x, &test.x, BITS);
    let pcah = quality(&db, &train.labels, &q, &test.labels, BITS);
    println!(
        "MNIST, {BITS} bits, {} queries against {} items, AE after {SAMPLES} samples:",
        test.len(),
        train.len()
    );
    show("binary AE", &ae);
    show("random-projection LSH", &random);
    show("PCA hashing", &pcah);
    let table = |codes: &[u64]| {
        let t = autoencoder_lab::analysis::hashing::HashTable::new(codes, BITS);
        (t.bucket_count(), t.largest_bucket())
    };
    let ae_codes = code_bits(&t.encode(&train.x), &t.encode(&test.x), BITS, true).0;
    println!(
        "buckets in use (count, fullest): AE {:?}, PCA {:?}",
        table(&ae_codes),
        table(&pca_hash(&pca, &train.x, &test.x, BITS).0)
    );
    assert!(ae.precision_r2 > random.precision_r2 && ae.precision_r2 > pcah.precision_r2);
    assert!(ae.map > random.map && ae.map > pcah.map);
}
