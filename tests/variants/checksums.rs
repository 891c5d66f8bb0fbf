//! Every variant trains to the same bits as before the model was split into an encoder kind
//! and a list of penalties: each link's run is pinned by its parameter checksum after 40
//! batches, values taken from the code before the split (commit 778c67d). A change that
//! moves one on purpose must say why and update it here.

use autoencoder_lab::data::synthetic;
use autoencoder_lab::link::from_query;
use autoencoder_lab::train::Trainer;

/// The link and its checksum after 40 batches.
const PINNED: [(&str, u64); 15] = [
    ("data=moons&hidden=16&code=2", 0xa83c_5194_6df7_491e),
    (
        "data=moons&hidden=16&code=2&opt=sgd&lr=0.05",
        0xb962_d870_a574_1d32,
    ),
    (
        "data=moons&hidden=16&code=2&opt=momentum&lr=0.02",
        0xe506_10c7_d7c8_da13,
    ),
    (
        "data=blobs&hidden=16&code=2&vae=1&beta=1&warmup=2",
        0xcdd9_078b_0197_6ccd,
    ),
    (
        "data=blobs&hidden=32&code=8&ksparse=3",
        0xe53c_7679_6e19_33ce,
    ),
    (
        "data=blobs&hidden=32&code=8&code_act=sigmoid&pen=rate&lambda=0.1&rho=0.05&form=unit&dist=kl",
        0x3597_822d_750c_59ff,
    ),
    (
        "data=blobs&hidden=16&code=4&code_act=sigmoid&cae=0.1",
        0x4289_1977_b585_9845,
    ),
    (
        "data=blobs&hidden=16,8&code=4&act=tanh&code_act=sigmoid&cae=0.1",
        0x8e90_0c7b_407e_dffc,
    ),
    (
        "data=blobs&hidden=16&code=8&code_act=sigmoid&binary=4",
        0x50db_7d39_f67c_da44,
    ),
    (
        "data=blobs&hidden=16&code=8&code_act=sigmoid&binary=4&pen=rate&lambda=0.003&rho=0.5&form=unit&dist=kl",
        0x572b_ac81_4b85_2c2b,
    ),
    (
        "data=blobs&hidden=16&code=8&ksparse=3&pen=l2&lambda=0.01&lw=1,0",
        0xe69a_ca87_8f0d_b0e8,
    ),
    (
        "data=blobs&hidden=16,8&code=4&pen=l1&lambda=0.01&lw=1,1,0&vae=1",
        0x3645_fdb0_a80e_325c,
    ),
    (
        "data=blobs&hidden=&code=4&concrete=4",
        0x475c_e128_1162_c7e8,
    ),
    (
        "data=blobs&hidden=16&code=4&noise=gauss&nlevel=0.2",
        0xe77e_1d5c_4684_965f,
    ),
    (
        "data=blobs&hidden=16,8&code=2&pretrain=1",
        0x99c1_bdd6_cb24_7495,
    ),
];

fn checksum(link: &str) -> u64 {
    let (settings, notes) = from_query(link);
    assert!(notes.is_empty(), "{link}: {notes:?}");
    let config = settings.to_config(settings.dataset.shape());
    let split = synthetic::generate(settings.dataset, 2026).expect("synthetic data");
    let mut t = Trainer::new(config, split.train).expect("a valid run");
    let mut done = 0;
    while done < 40 {
        done += t.step(1).expect("trains").batches;
    }
    t.params_checksum()
}

#[test]
fn every_variant_trains_to_its_pinned_bits() {
    let mut moved = Vec::new();
    for (link, pinned) in PINNED {
        let sum = checksum(link);
        println!("(\"{link}\", {sum:#x}),");
        if sum != pinned {
            moved.push(link);
        }
    }
    assert!(moved.is_empty(), "moved: {moved:?}");
}
