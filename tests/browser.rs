//! In-browser tests (wasm-bindgen-test in headless Chromium): the core behaves the same in
//! wasm as natively, and the worker entry answers the page.
#![cfg(target_arch = "wasm32")]

use autoencoder_lab::data::{DatasetId, asset, synthetic};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn shipped_mnist_asset_decodes_in_wasm() {
    let split = asset::decode(include_bytes!("../assets/mnist.bin.gz")).expect("decodes");
    assert_eq!((split.train.len(), split.test.len()), (8000, 2000));
    assert!(split.train.x.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[wasm_bindgen_test]
fn corrupt_asset_is_an_error_in_wasm_too() {
    let bytes = include_bytes!("../assets/mnist.bin.gz");
    assert!(asset::decode(&bytes[..bytes.len() / 2]).is_err());
}

#[wasm_bindgen_test]
fn synthetic_data_matches_native_bits() {
    // The same seed must give the same bits in the browser as natively: the checksum below is
    // what `tests/determinism.rs` asserts natively.
    let split = synthetic::generate(DatasetId::SwissRoll, 2026).expect("synthetic");
    assert_eq!(
        checksum(split.train.x.as_slice()),
        determinism_golden::SWISS_ROLL
    );
}

fn checksum(v: &[f32]) -> u64 {
    v.iter().fold(0xcbf29ce484222325u64, |h, x| {
        (h ^ u64::from(x.to_bits())).wrapping_mul(0x100000001b3)
    })
}

#[path = "support/golden.rs"]
mod determinism_golden;
