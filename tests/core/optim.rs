//! Optimisers minimise a convex quadratic (their exact update rules: `core/pins.rs`).

use autoencoder_lab::nn::{Batcher, OptimizerConfig};

/// f(p) = ½ Σ a_i (p_i - c_i)², gradient a_i (p_i - c_i); ill-conditioned (a from 0.5 to 5).
fn run(cfg: OptimizerConfig, steps: usize) -> (Vec<f32>, f64) {
    let a: Vec<f32> = (0..10).map(|i| 0.5 + 0.5 * i as f32).collect();
    let c: Vec<f32> = (0..10).map(|i| (i as f32 * 0.7).sin() * 3.0).collect();
    let mut p = vec![0.0f32; 10];
    let mut opt = cfg.init();
    let mut g = vec![0.0f32; 10];
    for _ in 0..steps {
        for i in 0..10 {
            g[i] = a[i] * (p[i] - c[i]);
        }
        opt.begin_step();
        let check = opt.update(0, &mut p, &g, false);
        assert!(check.grad_finite && check.param_finite);
    }
    let f: f64 = (0..10)
        .map(|i| 0.5 * a[i] as f64 * ((p[i] - c[i]) as f64).powi(2))
        .sum();
    (p, f)
}

#[test]
fn sgd_momentum_adam_minimise_quadratic() {
    let start = run(OptimizerConfig::sgd(0.1), 0).1;
    for (name, cfg, steps) in [
        ("sgd", OptimizerConfig::sgd(0.3), 300),
        ("momentum", OptimizerConfig::momentum(0.05, 0.9), 300),
        ("adam", OptimizerConfig::adam(0.05), 2000),
    ] {
        let (_, f) = run(cfg, steps);
        println!("{name}: f {start:.3} -> {f:.3e}");
        assert!(f < 1e-6 * start, "{name} did not converge: {f}");
    }
}

#[test]
fn weight_decay_shrinks_towards_zero() {
    // With decay λ the minimiser of ½a(p-c)² + ½λp² is a·c/(a+λ).
    let mut cfg = OptimizerConfig::sgd(0.1);
    cfg.weight_decay = 1.0;
    let mut p = vec![0.0f32];
    let mut opt = cfg.init();
    for _ in 0..500 {
        let g = [2.0 * (p[0] - 3.0)];
        opt.begin_step();
        opt.update(0, &mut p, &g, true);
    }
    assert!((p[0] - 2.0).abs() < 1e-4, "{}", p[0]);
}

#[test]
fn non_finite_gradient_is_reported() {
    let mut opt = OptimizerConfig::adam(0.01).init();
    let mut p = vec![1.0f32, 2.0];
    opt.begin_step();
    let c = opt.update(0, &mut p, &[f32::NAN, 0.0], true);
    assert!(!c.grad_finite);
}

#[test]
fn batcher_covers_epoch_and_reshuffles() {
    let mut b = Batcher::new(10, 3, 7);
    assert_eq!(b.batches_per_epoch(), 3);
    let mut seen: Vec<u32> = (0..3).flat_map(|_| b.next_batch().to_vec()).collect();
    let first_epoch = seen.clone();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 9, "one epoch has no repeats");
    let second: Vec<u32> = (0..3).flat_map(|_| b.next_batch().to_vec()).collect();
    assert_ne!(first_epoch, second, "each epoch is reshuffled");
    let mut c = Batcher::new(10, 3, 7);
    let again: Vec<u32> = (0..3).flat_map(|_| c.next_batch().to_vec()).collect();
    assert_eq!(first_epoch, again, "same seed, same order");
}
