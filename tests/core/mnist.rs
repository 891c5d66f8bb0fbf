//! End-to-end claims: a deep autoencoder beats PCA with the same code size on MNIST, a
//! linear autoencoder learns the PCA subspace, and a huge learning rate is caught.

use autoencoder_lab::analysis::Pca;
use autoencoder_lab::analysis::metrics::{max_principal_angle, mse_per_pixel};
use autoencoder_lab::data::{Dataset, SampleShape, Split};
use autoencoder_lab::models::AutoencoderConfig;
use autoencoder_lab::nn::{Activation, LossKind, OptimizerConfig};
use autoencoder_lab::train::bench::model_a;
use autoencoder_lab::train::{DivergenceReason, TrainConfig, TrainError, Trainer};
use nalgebra::DMatrix;
use rand::{RngExt, SeedableRng, rngs::StdRng};

fn mnist() -> Split {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/mnist.bin.gz"))
        .expect("assets/mnist.bin.gz");
    autoencoder_lab::data::asset::decode(&bytes).expect("decode MNIST asset")
}

#[test]
fn model_a_beats_pca_2_on_mnist() {
    let split = mnist();
    assert_eq!((split.train.len(), split.test.len()), (8000, 2000));
    let pca = Pca::fit(&split.train.x);
    let pca_mse = mse_per_pixel(&pca.reconstruct(&split.test.x, 2), &split.test.x);
    let mut t = Trainer::new(model_a(), split.train.clone()).unwrap();
    let epochs = 6;
    for _ in 0..epochs {
        t.step(t.batches_per_epoch()).unwrap();
    }
    let ae = t.evaluate(&split.test);
    println!(
        "MNIST test MSE per pixel: PCA-2 {pca_mse:.4}, model A after {epochs} epochs {:.4}",
        ae.mse_per_pixel
    );
    assert!((pca_mse - 0.0555).abs() < 0.002, "PCA-2 baseline {pca_mse}");
    assert!(
        ae.mse_per_pixel < pca_mse,
        "AE {} vs PCA-2 {pca_mse}",
        ae.mse_per_pixel
    );
}

#[test]
fn adam_lr_10_on_mnist_is_caught() {
    let split = mnist();
    let mut cfg = model_a();
    cfg.optimizer = OptimizerConfig::adam(10.0);
    let mut t = Trainer::new(cfg, split.train).unwrap();
    let start = t.params_checksum();
    let e = t.step(50).unwrap_err();
    println!("{e}");
    let TrainError::Diverged { reason, .. } = e;
    // Sigmoid output keeps MSE bounded: only the pre-activation check can see this.
    assert!(
        matches!(reason, DivergenceReason::ExplodingActivations { .. }),
        "{reason:?}"
    );
    assert_eq!(t.params_checksum(), start);
    assert_eq!(t.samples_seen(), 0);
}

/// Data on a 5-D subspace of R^24 with a clear spectrum (std 6, 5, 4, 3, 2.5 vs noise 0.3).
fn spectrum_data(n: usize, seed: u64) -> Dataset {
    let d = 24;
    let mut rng = StdRng::seed_from_u64(seed);
    let basis = DMatrix::<f32>::from_fn(d, d, |_, _| rng.random_range(-1.0..1.0))
        .qr()
        .q();
    let stds = [6.0f32, 5.0, 4.0, 3.0, 2.5];
    let coef = DMatrix::<f32>::from_fn(n, d, |_, j| {
        let s = if j < 5 { stds[j] } else { 0.3 };
        s * rng.random_range(-1.7320508..1.7320508)
    });
    let mut x = coef * basis.transpose();
    for r in 0..n {
        for c in 0..d {
            x[(r, c)] += 0.5 + 0.1 * c as f32;
        }
    }
    Dataset {
        x,
        labels: vec![0; n],
        shape: SampleShape::Points { dim: d },
        class_names: vec!["x".into()],
    }
}

#[test]
fn linear_autoencoder_spans_pca_subspace() {
    let ds = spectrum_data(2000, 5);
    let cfg = TrainConfig {
        model: AutoencoderConfig {
            input_dim: 24,
            hidden: vec![],
            code_dim: 5,
            activation: Activation::Identity,
            code_activation: Activation::Identity,
            output_activation: Activation::Identity,
            loss: LossKind::Mse,
            tied_weights: false,
            vae: None,
            decoder_hidden: None,
        },
        optimizer: OptimizerConfig::adam(1e-2),
        // Full batch: plain gradient descent, so "trained to convergence" is not limited by
        // mini-batch noise.
        batch_size: 2000,
        seed: 3,
        regularization: Default::default(),
    };
    let mut t = Trainer::new(cfg, ds.clone()).unwrap();
    for _ in 0..30 {
        t.step(100).unwrap();
    }
    let pca = Pca::fit(&ds.x);
    let pca5 = pca.components().rows(0, 5).transpose();
    // Decoder: reconstruction = code · W_dec + b, so W_dec's rows span the output subspace.
    let w_dec = t.model().effective_weight(1).to_dmatrix().transpose();
    let w_enc = t.model().effective_weight(0).to_dmatrix();
    let dec_angle = max_principal_angle(&w_dec, &pca5);
    let enc_angle = max_principal_angle(&w_enc, &pca5);
    let ae_mse = t.evaluate(&ds).mse_per_pixel;
    let pca_mse = mse_per_pixel(&pca.reconstruct(&ds.x, 5), &ds.x);
    println!(
        "linear AE vs PCA-5: decoder angle {dec_angle:.3} deg, encoder angle {enc_angle:.3} deg, MSE {ae_mse:.5} vs {pca_mse:.5}"
    );
    assert!(
        dec_angle < 5.0,
        "decoder subspace off by {dec_angle} degrees"
    );
    assert!(ae_mse < 1.02 * pca_mse);
}
