//! The same seed gives the same bits natively as in the browser (see `support/golden.rs`).

use crate::golden;

use autoencoder_lab::data::{DatasetId, synthetic};

#[test]
fn seeded_synthetic_data_has_the_golden_checksum() {
    let split = synthetic::generate(DatasetId::SwissRoll, 2026).expect("synthetic");
    let sum = golden::checksum(split.train.x.as_slice());
    println!("swiss roll checksum {sum:#x}");
    assert_eq!(sum, golden::SWISS_ROLL);
}

#[test]
fn seeded_training_has_the_golden_checksum() {
    let sum = golden::model_a_checksum();
    println!("model A checksum {sum:#x}");
    assert_eq!(sum, golden::MODEL_A_AFTER_STEPS);
    assert_eq!(golden::model_a_checksum(), sum, "and twice in one process");
}
