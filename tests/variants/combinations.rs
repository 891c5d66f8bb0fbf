//! The five variant combinations a review found computing the wrong thing silently, each
//! pinned: k-sparse on activations, the Jacobian readout under the k-sparse mask, VAE with a
//! code penalty, cross-entropy on a non-sigmoid output, the target-rate rule in the core.

use autoencoder_lab::models::regularize::{
    Activity, Penalty, RateDistance, RateForm, Regularization,
};
use autoencoder_lab::models::{AutoencoderConfig, VaeConfig};
use autoencoder_lab::nn::{Activation, LossKind};
use autoencoder_lab::train::validate::{validate_model, validate_regularization};
use nalgebra::DMatrix;
use rand::{RngExt, SeedableRng, rngs::StdRng};

fn cfg(code_act: Activation) -> AutoencoderConfig {
    AutoencoderConfig {
        input_dim: 10,
        hidden: vec![12],
        code_dim: 8,
        activation: Activation::Tanh,
        code_activation: code_act,
        output_activation: Activation::Sigmoid,
        loss: LossKind::Mse,
        tied_weights: false,
        vae: None,
        decoder_hidden: None,
    }
}

fn k_sparse(k: usize) -> Regularization {
    Regularization {
        k_sparse: Some(k),
        ..Regularization::default()
    }
}

fn inputs(rows: usize, seed: u64) -> DMatrix<f32> {
    let mut rng = StdRng::seed_from_u64(seed);
    DMatrix::from_fn(rows, 10, |_, _| rng.random_range(-2.0..2.0f32))
}

/// Fault 1: the mask keeps the k largest *activations*; dropped units output exactly 0.
#[test]
fn k_sparse_keeps_the_k_largest_activations_for_every_code_activation() {
    let k = 3;
    for act in [Activation::Sigmoid, Activation::Relu, Activation::Identity] {
        let mut rng = StdRng::seed_from_u64(11);
        let plain = cfg(act).init(&mut rng);
        let sparse = plain.clone().with_regularization(k_sparse(k));
        let x = inputs(40, 5);
        let (full, masked) = (plain.encode(&x), sparse.encode(&x));
        for r in 0..x.nrows() {
            let mut values: Vec<f32> = full.row(r).iter().copied().collect();
            values.sort_by(|a, b| b.total_cmp(a));
            for (j, &m) in masked.row(r).iter().enumerate() {
                let h = full[(r, j)];
                if h >= values[k - 1] {
                    assert_eq!(m, h, "{act:?} row {r}: unit {j} is among the k largest");
                } else {
                    assert_eq!(m, 0.0, "{act:?} row {r}: unit {j} was dropped");
                }
            }
            // A sigmoid code's dropped units read 0, not σ(0) = 0.5; a ReLU code keeps k
            // active units whenever k of them are positive.
            if act != Activation::Identity {
                let active = masked.row(r).iter().filter(|v| **v != 0.0).count();
                let positive = values.iter().filter(|v| **v > 0.0).count();
                assert_eq!(active, k.min(positive), "{act:?} row {r}");
            }
        }
    }
}

/// Fault 2: the charted ‖∂h/∂x‖² of a k-sparse model is that of its masked encoder.
#[test]
fn the_jacobian_readout_honours_the_k_sparse_mask() {
    let mut rng = StdRng::seed_from_u64(3);
    let model = cfg(Activation::Identity)
        .init(&mut rng)
        .with_regularization(k_sparse(3));
    let x = inputs(1, 9);
    let analytic = f64::from(model.mean_jacobian_norm(&x));
    let eps = 1e-3f32;
    let mut numeric = 0.0f64;
    for i in 0..10 {
        let (mut plus, mut minus) = (x.clone(), x.clone());
        plus[(0, i)] += eps;
        minus[(0, i)] -= eps;
        let (hp, hm) = (model.encode(&plus), model.encode(&minus));
        for j in 0..8 {
            let d = f64::from(hp[(0, j)] - hm[(0, j)]) / f64::from(2.0 * eps);
            numeric += d * d;
        }
    }
    let unmasked = f64::from(
        model
            .clone()
            .with_regularization(Regularization::default())
            .mean_jacobian_norm(&x),
    );
    assert!(
        (analytic - numeric).abs() < 1e-2 * numeric.max(1e-6),
        "readout {analytic} vs finite differences {numeric} (unmasked {unmasked})"
    );
    assert!(unmasked > 1.2 * numeric, "the mask matters here");
}

fn activity(penalty: Penalty, layer_weights: Vec<f32>) -> Regularization {
    Regularization {
        activity: Some(Activity {
            penalty,
            lambda: 0.1,
            layer_weights,
        }),
        ..Regularization::default()
    }
}

/// Fault 3: a VAE's code layer is [μ | log σ²]; a penalty on it is refused, on hidden
/// layers allowed.
#[test]
fn a_vae_refuses_a_penalty_on_its_code_and_allows_one_on_hidden_layers() {
    let mut m = cfg(Activation::Identity);
    m.vae = Some(VaeConfig::default());
    let on_code = validate_regularization(&activity(Penalty::L1, vec![0.0, 1.0]), &m, 64);
    let message = on_code.expect_err("refused").to_string();
    assert!(message.contains("log σ²"), "{message}");
    assert!(validate_regularization(&activity(Penalty::L1, vec![1.0, 0.0]), &m, 64).is_ok());
}

/// Fault 4: cross-entropy with an output outside (0, 1) is refused, with the reason.
#[test]
fn cross_entropy_needs_a_sigmoid_output() {
    let mut m = cfg(Activation::Identity);
    m.loss = LossKind::Bce;
    assert!(validate_model(&m).is_ok());
    for out in [Activation::Identity, Activation::Relu, Activation::Tanh] {
        m.output_activation = out;
        let e = validate_model(&m).expect_err("refused").to_string();
        assert!(e.contains("sigmoid"), "{e}");
    }
}

/// Fault 5: the target-rate rule lives in the core, not only in the page.
#[test]
fn a_target_rate_needs_sigmoid_units_in_the_core() {
    let rate = Penalty::Rate {
        rho: 0.05,
        form: RateForm::PerUnit,
        distance: RateDistance::Kl,
    };
    let reg = activity(rate, vec![0.0, 1.0]);
    assert!(validate_regularization(&reg, &cfg(Activation::Sigmoid), 64).is_ok());
    let e = validate_regularization(&reg, &cfg(Activation::Relu), 64).expect_err("refused");
    assert!(e.to_string().contains("sigmoid"), "{e}");
    // Only penalised layers count: the tanh hidden layer has weight 0.
    let hidden = activity(rate, vec![1.0, 0.0]);
    assert!(validate_regularization(&hidden, &cfg(Activation::Sigmoid), 64).is_err());
}
