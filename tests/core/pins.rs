//! Update rules and penalties pinned against independent f64 references, so a slip (Adam's
//! bias correction dropped, β₁ and β₂ swapped, decay on biases, KL the wrong way round) fails
//! a test instead of only slowing training.

use autoencoder_lab::models::AutoencoderConfig;
use autoencoder_lab::models::regularize::{Penalty, RateDistance, RateForm, penalty};
use autoencoder_lab::nn::{Activation, Matrix, OptimizerConfig};
use rand::{SeedableRng, rngs::StdRng};

/// Gradients that change size and sign from step to step (a constant gradient hides β swaps).
fn grad(t: usize) -> [f32; 3] {
    let s = t as f32;
    [(0.7 * s).sin() + 0.2, -2.0 + 0.5 * s, 0.3 * (1.3 * s).cos()]
}

/// Adam in f64 as Kingma and Ba write it, with switches for the two slips it guards against.
fn adam_reference(lr: f64, b1: f64, b2: f64, eps: f64, steps: usize, correct: bool) -> Vec<f64> {
    let mut p = vec![0.5f64, -1.0, 2.0];
    let (mut m, mut v) = (vec![0.0f64; 3], vec![0.0f64; 3]);
    for t in 1..=steps {
        let g = grad(t);
        for i in 0..3 {
            let g = f64::from(g[i]);
            m[i] = b1 * m[i] + (1.0 - b1) * g;
            v[i] = b2 * v[i] + (1.0 - b2) * g * g;
            let (mh, vh) = if correct {
                (
                    m[i] / (1.0 - b1.powi(t as i32)),
                    v[i] / (1.0 - b2.powi(t as i32)),
                )
            } else {
                (m[i], v[i])
            };
            p[i] -= lr * mh / (vh.sqrt() + eps);
        }
    }
    p
}

fn run(cfg: OptimizerConfig, steps: usize) -> Vec<f64> {
    let mut p = vec![0.5f32, -1.0, 2.0];
    let mut opt = cfg.init();
    for t in 1..=steps {
        opt.begin_step();
        opt.update(0, &mut p, &grad(t), false);
    }
    p.into_iter().map(f64::from).collect()
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[test]
fn adam_follows_kingma_and_ba_with_bias_correction() {
    let cfg = OptimizerConfig::adam(0.01);
    let (b1, b2, eps) = (
        f64::from(cfg.beta1),
        f64::from(cfg.beta2),
        f64::from(cfg.eps),
    );
    let ours = run(cfg, 6);
    let exact = adam_reference(0.01, b1, b2, eps, 6, true);
    assert!(max_diff(&ours, &exact) < 1e-6, "{ours:?} vs {exact:?}");
    // The reference tells the slips apart at this size: each is far beyond the tolerance.
    let uncorrected = adam_reference(0.01, b1, b2, eps, 6, false);
    let swapped = adam_reference(0.01, b2, b1, eps, 6, true);
    assert!(
        max_diff(&ours, &uncorrected) > 1e-3,
        "bias correction matters here"
    );
    assert!(max_diff(&ours, &swapped) > 1e-4, "β₁/β₂ order matters here");
}

#[test]
fn sgd_and_momentum_follow_their_update_rules() {
    let sgd = run(OptimizerConfig::sgd(0.1), 5);
    let mom = run(OptimizerConfig::momentum(0.1, 0.9), 5);
    let (mut p, mut q, mut v) = (
        vec![0.5f64, -1.0, 2.0],
        vec![0.5f64, -1.0, 2.0],
        vec![0.0f64; 3],
    );
    for t in 1..=5 {
        let g = grad(t);
        for i in 0..3 {
            p[i] -= 0.1 * f64::from(g[i]);
            v[i] = 0.9 * v[i] + f64::from(g[i]);
            q[i] -= 0.1 * v[i];
        }
    }
    assert!(max_diff(&sgd, &p) < 1e-6, "{sgd:?} vs {p:?}");
    assert!(max_diff(&mom, &q) < 1e-6, "{mom:?} vs {q:?}");
}

#[test]
fn weight_decay_shrinks_a_models_weights_and_leaves_its_biases() {
    let cfg = AutoencoderConfig {
        activation: Activation::Tanh,
        ..AutoencoderConfig::relu(6, vec![5], 2)
    };
    let mut model = cfg.init(&mut StdRng::seed_from_u64(3));
    // Biases start at 0, where decay could not show: give them a value first.
    let mut k = 0;
    model.visit_params_mut(|p| {
        if k % 2 == 1 {
            p.fill(1.0);
        }
        k += 1;
    });
    let before: Vec<Vec<f32>> = {
        let mut v = Vec::new();
        model.visit_params(|p| v.push(p.to_vec()));
        v
    };
    let mut opt_cfg = OptimizerConfig::sgd(0.1);
    opt_cfg.weight_decay = 0.5;
    let mut opt = opt_cfg.init();
    // A zero gradient: the only change is the decay, λ·lr = 5 % of each weight.
    model.apply_gradients(&model.gradients(), &mut opt);
    let mut i = 0;
    model.visit_params(|p| {
        for (now, was) in p.iter().zip(&before[i]) {
            if i % 2 == 0 {
                assert!((now - 0.95 * was).abs() < 1e-6, "weight {was} -> {now}");
            } else {
                assert_eq!(*now, *was, "bias decayed");
            }
        }
        i += 1;
    });
    assert_eq!(i, 8, "6-5-2-5-6: four layers, weight and bias each");
}

#[test]
fn the_rate_penalty_is_kl_from_the_target_to_the_mean_activation() {
    // Every unit's mean activation is 0.2 against a target of 0.05.
    let h = Matrix::from_vec(4, 3, vec![0.2; 12]);
    let p = Penalty::Rate {
        rho: 0.05,
        form: RateForm::PerInput,
        distance: RateDistance::Kl,
    };
    let got = penalty(p, 1.0, &h, None);
    let kl = |a: f64, b: f64| a * (a / b).ln() + (1.0 - a) * ((1.0 - a) / (1.0 - b)).ln();
    let (right, swapped) = (kl(0.05, 0.2), kl(0.2, 0.05));
    assert!(
        (got - right).abs() < 1e-4,
        "{got} against KL(ρ̂‖ρ) = {right}"
    );
    assert!((got - swapped).abs() > 0.03, "not KL(ρ‖ρ̂) = {swapped}");
}
