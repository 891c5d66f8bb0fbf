//! Native throughput benchmark: `cargo bench --bench train`.
//!
//! Prints `bench A native N samples/s`, `bench B native N samples/s`, `bench gemm native X GFLOP/s`.

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
}
