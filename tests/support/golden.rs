//! Checksums that pin down "the same seed gives the same bits" across platforms: the native
//! test (`tests/core/determinism.rs`) and the browser test (`tests/browser.rs`) assert the same
//! values, so a platform-dependent result fails one of them.

/// FNV-1a over the f32 bits of the seeded swiss roll's training points.
pub const SWISS_ROLL: u64 = 0x51b1_b638_7fd0_266b;
/// `Trainer::params_checksum` after `TRAIN_STEPS` batches of model A on seeded random data.
pub const MODEL_A_AFTER_STEPS: u64 = 0xf772_7202_8e20_37c5;
pub const TRAIN_STEPS: usize = 5;

pub fn checksum(v: &[f32]) -> u64 {
    v.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, x| {
        (h ^ u64::from(x.to_bits())).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Train model A on seeded random data and return its parameter checksum.
pub fn model_a_checksum() -> u64 {
    use autoencoder_lab::train::{Trainer, bench};
    let mut config = bench::model_a();
    config.seed = 7;
    let data = bench::random_dataset(512, 784, 11);
    let mut t = Trainer::new(config, data).expect("model A is valid");
    t.step(TRAIN_STEPS).expect("trains");
    t.params_checksum()
}
