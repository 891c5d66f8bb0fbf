//! Helpers of the variant tests: configs, MNIST, and a whole-loss gradient check.
#![allow(dead_code)]

use autoencoder_lab::data::{DatasetId, Split, asset};
use autoencoder_lab::models::regularize::Regularization;
use autoencoder_lab::models::{Autoencoder, AutoencoderConfig};
use autoencoder_lab::nn::{Matrix, OptimizerConfig, OptimizerKind};
use autoencoder_lab::protocol::Command;
use autoencoder_lab::session::Session;
use autoencoder_lab::train::TrainConfig;
use rand::{RngExt, SeedableRng, rngs::StdRng};

/// The MNIST asset's bytes, as the page downloads them.
pub fn mnist_bytes() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/mnist.bin.gz")).expect("MNIST asset")
}

pub fn mnist() -> Split {
    asset::decode(&mnist_bytes()).expect("decodes")
}

/// A session with MNIST loaded, as the worker has it after the page's download.
pub fn mnist_session(clock: &dyn Fn() -> f64) -> Session {
    let mut s = Session::new();
    s.handle(
        Command::LoadData {
            dataset: DatasetId::Mnist,
            asset: Some(mnist_bytes()),
        },
        clock,
    );
    s
}

/// ReLU hidden layers, identity code, sigmoid output, MSE, untied.
pub fn model_cfg(input_dim: usize, hidden: Vec<usize>, code_dim: usize) -> AutoencoderConfig {
    AutoencoderConfig::relu(input_dim, hidden, code_dim)
}

/// Adam 1e-3, batch 64.
pub fn train_cfg(model: AutoencoderConfig, seed: u64) -> TrainConfig {
    TrainConfig {
        model,
        optimizer: OptimizerConfig::new(OptimizerKind::Adam, 1e-3),
        batch_size: 64,
        seed,
        regularization: Regularization::default(),
    }
}

fn n_params(m: &Autoencoder) -> usize {
    let mut n = 0;
    m.visit_params(|s| n += s.len());
    n
}

/// Relative error between the analytic gradient of the whole loss (all terms) and central
/// differences of the loss, over every parameter (weights and biases).
pub fn grad_error(cfg: AutoencoderConfig, reg: Regularization, seed: u64) -> f64 {
    let mut rng = StdRng::seed_from_u64(seed);
    let model = cfg.init(&mut rng).with_regularization(reg);
    let x = Matrix::from_fn(8, cfg.input_dim, |_, _| rng.random_range(0.0..1.0f32));
    let mut trace = model.trace();
    let mut g = model.gradients();
    model.forward(&x, &mut trace);
    model.backward(&x, &trace, &mut g);
    let mut analytic = Vec::new();
    // `visit_params` order: weight then bias, layer by layer; a tied layer has only a bias.
    for (lg, layer) in g.layers.iter().zip(model.layers()) {
        if matches!(layer, autoencoder_lab::models::Layer::Own(_)) {
            analytic.extend(lg.weight.as_slice().iter().map(|&v| f64::from(v)));
        }
        analytic.extend(lg.bias.iter().map(|&v| f64::from(v)));
    }
    let loss_at = |m: &Autoencoder| {
        let mut t = m.trace();
        m.forward(&x, &mut t);
        m.loss(&x, &t).total()
    };
    relative_error(&analytic, &numeric_gradient(&model, loss_at))
}

/// Central differences (step 1e-3) of `loss_at` with respect to every parameter, in the order
/// of `visit_params`.
pub fn numeric_gradient(model: &Autoencoder, loss_at: impl Fn(&Autoencoder) -> f64) -> Vec<f64> {
    let h = 1e-3f32;
    (0..n_params(model))
        .map(|i| {
            let shifted = |d: f32| {
                let mut m = model.clone();
                let mut k = 0;
                m.visit_params_mut(|s| {
                    for v in s.iter_mut() {
                        if k == i {
                            *v += d;
                        }
                        k += 1;
                    }
                });
                loss_at(&m)
            };
            (shifted(h) - shifted(-h)) / f64::from(2.0 * h)
        })
        .collect()
}

/// `‖analytic − numeric‖ / ‖numeric‖`.
pub fn relative_error(analytic: &[f64], numeric: &[f64]) -> f64 {
    assert_eq!(analytic.len(), numeric.len());
    let diff: f64 = analytic
        .iter()
        .zip(numeric)
        .map(|(a, n)| (a - n).powi(2))
        .sum::<f64>()
        .sqrt();
    let scale: f64 = numeric.iter().map(|n| n * n).sum::<f64>().sqrt().max(1e-12);
    diff / scale
}
