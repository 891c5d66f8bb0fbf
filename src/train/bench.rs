//! Benchmark configurations and timing helpers, shared by the native bench and the browser.
//!
//! The clock is injected (`now_ms`), so the same code times itself with `std::time::Instant`
//! natively and `performance.now()` in a worker.

use nalgebra::DMatrix;
use rand::{RngExt, SeedableRng, rngs::StdRng};

use super::trainer::{TrainConfig, Trainer};
use crate::data::{Dataset, SampleShape};
use crate::models::AutoencoderConfig;
use crate::nn::{OptimizerConfig, gemm::gemm};

fn mnist_like(hidden: Vec<usize>, code_dim: usize) -> TrainConfig {
    TrainConfig {
        model: AutoencoderConfig::relu(784, hidden, code_dim),
        optimizer: OptimizerConfig::adam(1e-3),
        batch_size: 64,
        seed: 1,
        regularization: Default::default(),
    }
}

/// Model A: 784-256-64-2-64-256-784, ReLU, identity code, sigmoid output, MSE, Adam 1e-3, batch 64.
pub fn model_a() -> TrainConfig {
    mnist_like(vec![256, 64], 2)
}

/// Model B: 784-1000-500-250-30-250-500-1000-784 (Hinton & Salakhutdinov), same settings.
pub fn model_b() -> TrainConfig {
    mnist_like(vec![1000, 500, 250], 30)
}

/// `n` samples of uniform `[0, 1]` noise of width `dim` (speed does not depend on content).
pub fn random_dataset(n: usize, dim: usize, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let x = DMatrix::from_fn(n, dim, |_, _| rng.random_range(0.0f32..1.0));
    Dataset {
        x,
        labels: vec![0; n],
        shape: SampleShape::Points { dim },
        class_names: vec!["noise".into()],
    }
}

/// Training throughput in samples per second: one warm-up step, then repeated `step` calls
/// until `min_seconds` have passed. Returns 0 if the config is invalid or training diverges.
pub fn measure_samples_per_sec(
    cfg: TrainConfig,
    data: Dataset,
    min_seconds: f64,
    now_ms: &dyn Fn() -> f64,
) -> f64 {
    let Ok(mut t) = Trainer::new(cfg, data) else {
        return 0.0;
    };
    // About 10 batches per call keeps the per-call snapshot cost small, as in the app.
    let per_call = 8;
    if t.step(1).is_err() {
        return 0.0;
    }
    let start_samples = t.samples_seen();
    let t0 = now_ms();
    loop {
        if t.step(per_call).is_err() {
            return 0.0;
        }
        let elapsed = (now_ms() - t0) / 1000.0;
        if elapsed >= min_seconds {
            return (t.samples_seen() - start_samples) as f64 / elapsed;
        }
    }
}

/// GEMM speed in GFLOP/s on the shapes of model A's big layer: `(64×784)(784×256)` plus
/// `(64×256)(256×784)`, repeated until `min_seconds` have passed.
pub fn measure_gemm_gflops(now_ms: &dyn Fn() -> f64, min_seconds: f64) -> f64 {
    let mut rng = StdRng::seed_from_u64(7);
    let mut v = |n: usize| {
        (0..n)
            .map(|_| rng.random_range(0.0f32..1.0))
            .collect::<Vec<_>>()
    };
    let (a, w1, h, w2) = (v(64 * 784), v(784 * 256), v(64 * 256), v(256 * 784));
    let (mut z1, mut z2) = (vec![0.0f32; 64 * 256], vec![0.0f32; 64 * 784]);
    let flops_per_round = 2.0 * 2.0 * 64.0 * 784.0 * 256.0;
    gemm(64, 256, 784, &a, false, &w1, false, &mut z1, false);
    let t0 = now_ms();
    let mut rounds = 0u64;
    loop {
        for _ in 0..10 {
            gemm(64, 256, 784, &a, false, &w1, false, &mut z1, false);
            gemm(64, 784, 256, &h, false, &w2, false, &mut z2, false);
        }
        rounds += 10;
        let elapsed = (now_ms() - t0) / 1000.0;
        if elapsed >= min_seconds {
            std::hint::black_box((&z1, &z2));
            return flops_per_round * rounds as f64 / elapsed / 1e9;
        }
    }
}
