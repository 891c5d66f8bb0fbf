//! `make bench`, browser half: the same benchmark as `benches/train.rs`, run in headless
//! Chromium as release wasm with simd128. Prints `bench <model> wasm <value> <unit>` lines.
#![cfg(target_arch = "wasm32")]

use autoencoder_lab::train::bench;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen_test]
fn bench_gemm() {
    let g = bench::measure_gemm_gflops(&now_ms, 2.0);
    console_log!("bench gemm wasm {g:.1} GFLOP/s");
}

#[wasm_bindgen_test]
fn bench_model_a() {
    let data = bench::random_dataset(4096, 784, 1);
    let s = bench::measure_samples_per_sec(bench::model_a(), data, 3.0, &now_ms);
    console_log!("bench A wasm {s:.0} samples/s");
}

#[wasm_bindgen_test]
fn bench_model_b() {
    let data = bench::random_dataset(2048, 784, 1);
    let s = bench::measure_samples_per_sec(bench::model_b(), data, 4.0, &now_ms);
    console_log!("bench B wasm {s:.0} samples/s");
}

#[wasm_bindgen_test]
fn bench_pca_fit() {
    let data = bench::random_dataset(8000, 784, 2);
    let t0 = now_ms();
    let pca = autoencoder_lab::analysis::pca::Pca::fit(&data.x);
    console_log!(
        "bench pca-fit-8000x784 wasm {:.0} ms ({} components)",
        now_ms() - t0,
        pca.n_components()
    );
}
