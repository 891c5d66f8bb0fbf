//! Regularised autoencoders I: sparse (k-sparse, L1/L2 activity, target-rate KL) and
//! denoising, checked on gradients, on MNIST, and on the overcomplete identity trap.

use crate::deep;

use autoencoder_lab::data::{Dataset, DatasetId, synthetic};
use autoencoder_lab::link::from_query;
use autoencoder_lab::link::presets::{IDENTITY_ESCAPE, IDENTITY_TRAP};
use autoencoder_lab::models::AutoencoderConfig;
use autoencoder_lab::models::noise::{DataRange, Noise, NoiseKind};
use autoencoder_lab::models::regularize::{
    Activity, Penalty, RateDistance, RateForm, Regularization,
};
use autoencoder_lab::nn::{Activation, LossKind, OptimizerConfig, OptimizerKind};
use autoencoder_lab::train::{TrainConfig, Trainer};
use deep::{grad_error, mnist};
use nalgebra::DMatrix;
use rand::{RngExt, SeedableRng, rngs::StdRng};

fn small_cfg(act: Activation, code_act: Activation) -> AutoencoderConfig {
    AutoencoderConfig {
        input_dim: 6,
        hidden: vec![5],
        code_dim: 4,
        activation: act,
        code_activation: code_act,
        output_activation: Activation::Sigmoid,
        loss: LossKind::Mse,
        tied_weights: false,
        vae: None,
        decoder_hidden: None,
    }
}

fn activity(penalty: Penalty, lambda: f32) -> Regularization {
    Regularization {
        activity: Some(Activity {
            penalty,
            lambda,
            layer_weights: vec![0.7, 1.3],
        }),
        ..Regularization::default()
    }
}

#[test]
fn gradient_checks_for_every_penalty_and_the_k_sparse_mask() {
    let sig = small_cfg(Activation::Sigmoid, Activation::Sigmoid);
    let tanh = small_cfg(Activation::Tanh, Activation::Tanh);
    let mut cases: Vec<(AutoencoderConfig, Regularization)> = vec![
        (tanh.clone(), activity(Penalty::L1, 0.3)),
        (tanh.clone(), activity(Penalty::L2, 0.3)),
    ];
    for form in RateForm::ALL {
        for distance in RateDistance::ALL {
            cases.push((
                sig.clone(),
                activity(
                    Penalty::Rate {
                        rho: 0.2,
                        form,
                        distance,
                    },
                    0.3,
                ),
            ));
        }
    }
    let k = Regularization {
        k_sparse: Some(2),
        ..Regularization::default()
    };
    cases.push((small_cfg(Activation::Tanh, Activation::Identity), k));
    for (i, (cfg, reg)) in cases.into_iter().enumerate() {
        let e = grad_error(cfg, reg.clone(), 100 + i as u64);
        assert!(e < 1e-2, "{reg:?}: relative gradient error {e}");
    }
    // The plain network passes the same check, so the checker itself is sound here.
    let plain = grad_error(tanh.clone(), Regularization::default(), 7);
    assert!(plain < 1e-2);
}

#[test]
fn k_sparse_leaves_exactly_k_nonzero_code_units() {
    let split = synthetic::generate(DatasetId::Blobs, 3).expect("blobs");
    let mut cfg = config(&split.train, vec![16], 12);
    cfg.regularization.k_sparse = Some(3);
    let mut t = Trainer::new(cfg, split.train.clone()).expect("valid");
    t.step(50).expect("trains");
    let codes = t.encode(&split.test.x);
    for r in 0..codes.nrows() {
        let nonzero = codes.row(r).iter().filter(|v| **v != 0.0).count();
        assert_eq!(nonzero, 3, "row {r}");
    }
}

fn config(data: &Dataset, hidden: Vec<usize>, code: usize) -> TrainConfig {
    TrainConfig {
        model: AutoencoderConfig::relu(data.dim(), hidden, code),
        optimizer: OptimizerConfig::new(OptimizerKind::Adam, 1e-3),
        batch_size: 64,
        seed: 5,
        regularization: Regularization::default(),
    }
}

fn epochs(t: &mut Trainer, n: usize) {
    let per = t.batches_per_epoch();
    t.step(per * n).expect("trains");
}

#[test]
fn kl_sparsity_brings_the_mean_activation_to_the_target() {
    let split = mnist();
    let mut cfg = config(&split.train, vec![], 64);
    cfg.model.code_activation = Activation::Sigmoid;
    let plain_cfg = cfg.clone();
    let rho = 0.05f32;
    cfg.regularization.activity = Some(Activity {
        penalty: Penalty::Rate {
            rho,
            form: RateForm::PerUnit,
            distance: RateDistance::Kl,
        },
        lambda: 0.1,
        layer_weights: vec![1.0],
    });
    let mean_code = |cfg: TrainConfig| {
        let mut t = Trainer::new(cfg, split.train.clone()).expect("valid");
        epochs(&mut t, 3);
        let codes = t.encode(&split.test.x);
        codes.iter().map(|&v| f64::from(v)).sum::<f64>() / codes.len() as f64
    };
    let (sparse, plain) = (mean_code(cfg), mean_code(plain_cfg));
    println!("mean code activation: KL-sparse {sparse:.4}, plain {plain:.4}, target {rho}");
    let rho = f64::from(rho);
    assert!(
        (sparse - rho).abs() <= 0.2 * rho,
        "sparse within 20 % of ρ̂: {sparse}"
    );
    assert!(
        (plain - rho).abs() > 0.2 * rho,
        "plain training does not get there: {plain}"
    );
}

fn masked(x: &DMatrix<f32>, seed: u64) -> DMatrix<f32> {
    let mut out = x.clone();
    let noise = Noise {
        kind: NoiseKind::Masking,
        level: 0.5,
        at_test: false,
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let mut rows: Vec<f32> = out.transpose().as_slice().to_vec();
    noise.apply(&mut rows, DataRange::Unit, &mut rng);
    out.copy_from(&DMatrix::from_row_slice(x.nrows(), x.ncols(), &rows));
    out
}

fn mse(a: &DMatrix<f32>, b: &DMatrix<f32>) -> f64 {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| f64::from((x - y) * (x - y)))
        .sum::<f64>()
        / a.len() as f64
}

#[test]
fn denoising_beats_plain_on_half_masked_test_images() {
    let split = mnist();
    let plain_cfg = config(&split.train, vec![256], 32);
    let mut dae_cfg = plain_cfg.clone();
    dae_cfg.regularization.noise = Some(Noise {
        kind: NoiseKind::Masking,
        level: 0.5,
        at_test: false,
    });
    let corrupted = masked(&split.test.x, 99);
    let score = |cfg: TrainConfig| {
        let mut t = Trainer::new(cfg, split.train.clone()).expect("valid");
        epochs(&mut t, 3);
        mse(&t.reconstruct(&corrupted), &split.test.x)
    };
    let (dae, plain) = (score(dae_cfg), score(plain_cfg));
    println!("MSE vs clean on 50 %-masked test images: denoising {dae:.4}, plain {plain:.4}");
    assert!(dae < plain);
}

/// The identity trap: an overcomplete linear autoencoder reconstructs random noise as well as
/// data (it has learnt to copy); denoising makes it model the data instead.
#[test]
fn overcomplete_identity_trap_and_the_denoising_escape() {
    // Exactly the lab's presets, so what the page offers is what is tested.
    let split =
        synthetic::generate(DatasetId::Blobs, autoencoder_lab::data::DATA_SEED).expect("blobs");
    let preset = |q: &str| {
        let (settings, notes) = from_query(q);
        assert!(notes.is_empty(), "{notes:?}");
        settings.to_config(split.train.shape)
    };
    let cfg = preset(IDENTITY_TRAP);
    let mut rng = StdRng::seed_from_u64(4);
    let noise_x = DMatrix::from_fn(500, split.train.dim(), |_, _| rng.random_range(0.0..1.0f32));
    let ratio = |cfg: TrainConfig| {
        let mut t = Trainer::new(cfg, split.train.clone()).expect("valid");
        epochs(&mut t, 40);
        let data = mse(&t.reconstruct(&split.test.x), &split.test.x);
        let noise = mse(&t.reconstruct(&noise_x), &noise_x);
        (data, noise)
    };
    // Uniform [0, 1] noise has variance 1/12: the share of it a reconstruction misses.
    let missed = |noise_mse: f64| noise_mse * 12.0;
    let (data, noise) = ratio(cfg.clone());
    println!(
        "overcomplete plain: data MSE {data:.6}, noise MSE {noise:.6} ({:.1} % of the noise's variance missed)",
        100.0 * missed(noise)
    );
    assert!(data < 1e-3, "near-zero reconstruction error");
    assert!(
        missed(noise) < 0.05,
        "it reconstructs random noise too: an identity map"
    );
    let escape = preset(IDENTITY_ESCAPE);
    let noise = escape
        .regularization
        .noise
        .expect("the escape preset denoises");
    assert_eq!((noise.kind, noise.level), (NoiseKind::Gaussian, 0.1));
    let (d_data, d_noise) = ratio(escape);
    println!(
        "overcomplete denoising: data MSE {d_data:.6}, noise MSE {d_noise:.6} ({:.1} % missed)",
        100.0 * missed(d_noise)
    );
    assert!(d_data < 0.01, "still reconstructs the data");
    assert!(missed(d_noise) > 0.3, "no longer copies random noise");
}
