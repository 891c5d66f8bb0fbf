//! Binary codes (semantic hashing): the gradient through the noisy code, codes pushed to 0/1
//! on MNIST at little cost when rounded to bits, every pairing with the other options, and
//! the link that carries it.

use crate::deep;

use autoencoder_lab::link::{from_query, to_query};
use autoencoder_lab::models::concrete::ConcreteConfig;
use autoencoder_lab::models::noise::{Noise, NoiseKind};
use autoencoder_lab::models::penalty::binary_code::{BinaryCode, binary_fraction, to_bits};
use autoencoder_lab::models::regularize::{Activity, Penalty, Regularization};
use autoencoder_lab::models::stack::Pretrain;
use autoencoder_lab::models::{Autoencoder, Layer, VaeConfig};
use autoencoder_lab::nn::{Activation, Matrix};
use autoencoder_lab::train::Trainer;
use autoencoder_lab::train::validate::validate_regularization;
use deep::{mnist, model_cfg, numeric_gradient, relative_error, train_cfg};
use rand::{RngExt, SeedableRng, rngs::StdRng};

fn binary(noise: f32) -> Regularization {
    Regularization {
        binary_code: Some(BinaryCode { noise }),
        ..Regularization::default()
    }
}

#[test]
fn gradients_pass_through_the_noisy_code() {
    let mut cfg = model_cfg(6, vec![5], 4);
    cfg.code_activation = Activation::Sigmoid;
    let mut rng = StdRng::seed_from_u64(4);
    let model = cfg.init(&mut rng).with_regularization(binary(2.0));
    let x = Matrix::from_fn(8, 6, |_, _| rng.random_range(0.0..1.0f32));
    let noise = Matrix::from_fn(8, 4, |_, _| rng.random_range(-2.0..2.0f32));
    let forward = |m: &Autoencoder| {
        let mut t = m.trace();
        t.penalty.code_noise = noise.clone();
        m.forward(&x, &mut t);
        t
    };
    let trace = forward(&model);
    let mut g = model.gradients();
    model.backward(&x, &trace, &mut g);
    let mut analytic = Vec::new();
    for (lg, layer) in g.layers.iter().zip(model.layers()) {
        if matches!(layer, Layer::Own(_)) {
            analytic.extend(lg.weight.as_slice().iter().map(|&v| f64::from(v)));
        }
        analytic.extend(lg.bias.iter().map(|&v| f64::from(v)));
    }
    let numeric = numeric_gradient(&model, |m| m.loss(&x, &forward(m)).total());
    let e = relative_error(&analytic, &numeric);
    assert!(e < 1e-2, "relative gradient error {e}");
    // The noise is really there: without it the loss differs.
    let quiet = {
        let mut t = model.trace();
        model.forward(&x, &mut t);
        model.loss(&x, &t).total()
    };
    assert!((quiet - model.loss(&x, &trace).total()).abs() > 1e-4);
}

/// Same seed, same net; with and without the noise, after the same samples.
fn train_mnist(reg: Regularization) -> (f32, f32, f32) {
    let split = mnist();
    let mut cfg = model_cfg(784, vec![256], 16);
    cfg.code_activation = Activation::Sigmoid;
    let mut tc = train_cfg(cfg, 5);
    tc.regularization = reg;
    let mut t = Trainer::new(tc, split.train.clone()).expect("valid");
    while t.samples_seen() < 40_000 {
        t.step(16).expect("trains");
    }
    let x = split.test.x.rows(0, 1000).into_owned();
    let codes = t.encode(&x);
    let mse = |y: &nalgebra::DMatrix<f32>| (y - &x).norm_squared() / x.len() as f32;
    (
        binary_fraction(&codes),
        mse(&t.decode(&codes)),
        mse(&t.decode(&to_bits(&codes))),
    )
}

#[test]
fn noise_pushes_the_code_to_bits_that_still_reconstruct() {
    let (plain_frac, plain_mse, plain_bits) = train_mnist(Regularization::default());
    let (frac, mse, bits) = train_mnist(binary(4.0));
    println!(
        "binary code: {:.1} % of values within 0.1 of 0/1 (plain {:.1} %); MSE real {mse:.4}, \
         rounded {bits:.4} (plain: real {plain_mse:.4}, rounded {plain_bits:.4})",
        frac * 100.0,
        plain_frac * 100.0
    );
    assert!(
        frac > 0.8 && frac > plain_frac + 0.2,
        "{frac} vs {plain_frac}"
    );
    // Rounding costs the binary code little and the plain code much more.
    assert!(bits < 1.25 * mse, "rounded {bits} vs real {mse}");
    assert!(plain_bits - plain_mse > 2.0 * (bits - mse).max(0.0));
}

#[test]
fn every_pairing_follows_the_rule() {
    let mut m = model_cfg(10, vec![8], 6);
    m.code_activation = Activation::Sigmoid;
    let ok = |r: &Regularization, m| validate_regularization(r, m, 64).is_ok();
    let with = |edit: &dyn Fn(&mut Regularization)| {
        let mut r = binary(4.0);
        edit(&mut r);
        r
    };
    assert!(ok(&binary(4.0), &m));
    // Combine freely: k-sparse, activity penalties, input noise.
    assert!(ok(&with(&|r| r.k_sparse = Some(2)), &m));
    let l1 = Activity {
        penalty: Penalty::L1,
        lambda: 0.1,
        layer_weights: vec![0.0, 1.0],
    };
    assert!(ok(&with(&|r| r.activity = Some(l1.clone())), &m));
    let noise = Noise {
        kind: NoiseKind::Gaussian,
        level: 0.1,
        at_test: false,
    };
    assert!(ok(&with(&|r| r.noise = Some(noise)), &m));
    // Refused, each with its reason: contractive, pretraining, concrete, the VAE, a
    // non-sigmoid code, a noise scale out of range.
    let refused = |r: &Regularization, m, word: &str| {
        let e = validate_regularization(r, m, 64)
            .expect_err("refused")
            .to_string();
        assert!(e.contains(word), "{e}");
    };
    refused(&with(&|r| r.contractive = Some(0.1)), &m, "contractive");
    let pretrain = Pretrain {
        epochs_per_layer: 1.0,
    };
    refused(&with(&|r| r.pretrain = Some(pretrain)), &m, "pretraining");
    let concrete = ConcreteConfig::default();
    refused(&with(&|r| r.concrete = Some(concrete)), &m, "concrete");
    let mut vae = m.clone();
    vae.code_activation = Activation::Identity;
    vae.vae = Some(VaeConfig::default());
    refused(
        &binary(4.0),
        &vae,
        "The VAE and a binary code do not combine",
    );
    let mut relu = m.clone();
    relu.code_activation = Activation::Relu;
    refused(&binary(4.0), &relu, "sigmoid");
    refused(&binary(0.0), &m, "noise scale");
    refused(&binary(f32::NAN), &m, "noise scale");
}

#[test]
fn the_link_carries_the_binary_code_and_refuses_it_where_it_cannot_be() {
    let (s, notes) = from_query("data=mnist&code=16&code_act=sigmoid&binary=4");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        s.config.regularization.binary_code,
        Some(BinaryCode { noise: 4.0 })
    );
    assert!(to_query(&s).contains("binary=4"));
    let (s, notes) = from_query("data=mnist&code=16&code_act=relu&binary=4");
    assert_eq!(s.config.regularization.binary_code, None);
    assert!(notes.iter().any(|n| n.contains("sigmoid")), "{notes:?}");
}
