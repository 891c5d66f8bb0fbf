//! Native throughput benchmark: `cargo bench --bench train`.
//!
//! Prints `bench A native N samples/s`, `bench B native N samples/s`, `bench gemm native X GFLOP/s`,
//! and the contractive penalty's cost on a 784-64-16 net.

use std::time::Instant;

use autoencoder_lab::train::bench::{
    measure_gemm_gflops, measure_samples_per_sec, model_a, model_b, random_dataset,
};

fn main() {
    let start = Instant::now();
    let now_ms = move || start.elapsed().as_secs_f64() * 1000.0;
    let data = random_dataset(8000, 784, 42);
    let a = measure_samples_per_sec(model_a(), data.clone(), 3.0, &now_ms);
    println!("bench A native {a:.0} samples/s");
    let b = measure_samples_per_sec(model_b(), data, 3.0, &now_ms);
    println!("bench B native {b:.0} samples/s");
    let g = measure_gemm_gflops(&now_ms, 2.0);
    println!("bench gemm native {g:.1} GFLOP/s");
    // The exact contractive penalty's price on a small net (sigmoid units, as Rifai et al.).
    let small = random_dataset(2048, 784, 3);
    let mut plain = model_a();
    plain.model.hidden = vec![64];
    plain.model.code_dim = 16;
    plain.model.activation = autoencoder_lab::nn::Activation::Sigmoid;
    let mut cae = plain.clone();
    cae.regularization.contractive = Some(0.01);
    let sp = measure_samples_per_sec(plain, small.clone(), 1.0, &now_ms);
    let sc = measure_samples_per_sec(cae, small, 1.0, &now_ms);
    println!(
        "bench 784-64-16 native: plain {sp:.0} samples/s, contractive (exact) {sc:.0} samples/s"
    );
}
