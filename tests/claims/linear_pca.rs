//! The reference text's figure on linear autoencoders, live: a linear AE with a 2-D code on
//! Fashion-MNIST finds PCA's plane (principal angles under 5°), the components recovered from
//! its decoder's weights are PCA's, and its projection is PCA's apart from a rotation. The
//! budget is below what the page trains in its first minute here (`e2e/lessons.test.mjs`
//! drives the same on the page and prints the time it took).

use autoencoder_lab::data::{DatasetId, asset};
use autoencoder_lab::link::from_query;
use autoencoder_lab::link::presets::LINEAR_FASHION;
use autoencoder_lab::protocol::{Command, Progress, Report, Snapshot, SubspaceView};
use autoencoder_lab::session::Session;

/// (samples seen, the readout, display points in the scatter) at each checkpoint.
fn train(query: &str, checkpoints: &[u64]) -> Vec<(u64, SubspaceView, usize)> {
    let (settings, notes) = from_query(query);
    assert!(notes.is_empty(), "{notes:?}");
    let path = format!("{}/assets/fashion.bin.gz", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let shape = asset::decode(&bytes).expect("asset decodes").train.shape;
    let start = std::time::Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1000.0;
    let mut s = Session::new();
    s.handle(
        Command::LoadData {
            dataset: DatasetId::FashionMnist,
            asset: Some(bytes),
        },
        &now,
    );
    s.handle(
        Command::Configure {
            config: Box::new(settings.to_config(shape)),
        },
        &now,
    );
    let mut out = Vec::new();
    for &budget in checkpoints {
        // A zero budget is one mini-batch, the net as initialised (almost).
        let first = if budget == 0 {
            Command::Step
        } else {
            Command::Play
        };
        let mut seen = 0;
        let mut reports = s.handle(first, &now);
        while seen < budget {
            for r in s.tick(&now, 50.0) {
                if let Report::Progress(Progress { samples_seen, .. }) = r {
                    seen = samples_seen;
                }
            }
        }
        if budget > 0 {
            reports = s.handle(Command::Pause, &now);
        }
        let view = reports
            .into_iter()
            .find_map(|r| match r {
                Report::Snapshot(Snapshot {
                    metrics: Some(m),
                    latent,
                    ..
                }) => m.subspace.map(|v| (*v, latent.len())),
                _ => None,
            })
            .expect("a linear model reports its subspace");
        out.push((seen, view.0, view.1));
    }
    out
}

/// Cosine between two component images (drawn with 0.5 as zero).
fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (x - 0.5, y - 0.5);
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    ab / (aa * bb).sqrt().max(f32::MIN_POSITIVE)
}

#[test]
fn a_linear_ae_on_fashion_finds_pcas_plane_its_components_and_its_projection() {
    let runs = train(LINEAR_FASHION, &[0, 300_000]);
    let (first, last) = (&runs[0].1, &runs[1].1);
    let widest = |v: &SubspaceView| v.angles.iter().copied().fold(0.0f32, f32::max);
    println!(
        "linear Fashion p=2: angles {:?} after {} samples, {:?} after {}; Procrustes residual {:.5} → {:.5}",
        first.angles, runs[0].0, last.angles, runs[1].0, first.residual, last.residual
    );
    assert!(
        widest(first) > 20.0,
        "an untrained decoder is far from PCA's plane"
    );
    assert!(widest(last) < 5.0, "angles {:?}", last.angles);
    assert!(last.residual < 0.01 && last.residual < first.residual / 10.0);
    assert_eq!(
        last.aligned.len(),
        runs[1].2,
        "one aligned point per display point"
    );
    let pixels = 28 * 28;
    assert_eq!(last.recovered.len(), 2 * pixels);
    for k in 0..2 {
        let c = cosine(
            &last.recovered[k * pixels..(k + 1) * pixels],
            &last.pca_components[k * pixels..(k + 1) * pixels],
        );
        println!("component {}: cosine with PCA's {c:.4}", k + 1);
        assert!(c > 0.95, "component {} cosine {c}", k + 1);
    }
}

#[test]
fn an_overcomplete_linear_code_is_measured_too() {
    use autoencoder_lab::data::{DATA_SEED, synthetic};
    use autoencoder_lab::link::presets::IDENTITY_TRAP;
    // 32 code units for 10-D blobs: the decoder spans the whole space, so every angle is 0
    // once trained; before the fix the probe had 10 columns for a 32-unit decoder and panicked.
    let (settings, _) = from_query(IDENTITY_TRAP);
    let split = synthetic::generate(settings.dataset, DATA_SEED).expect("blobs");
    let now = || 0.0;
    let mut s = Session::new();
    s.handle(
        Command::LoadData {
            dataset: settings.dataset,
            asset: None,
        },
        &now,
    );
    s.handle(
        Command::Configure {
            config: Box::new(settings.to_config(split.train.shape)),
        },
        &now,
    );
    let view = s
        .handle(Command::Step, &now)
        .into_iter()
        .find_map(|r| match r {
            Report::Snapshot(Snapshot {
                metrics: Some(m), ..
            }) => m.subspace,
            _ => None,
        })
        .expect("a linear model reports its subspace");
    assert_eq!(view.angles.len(), 10);
    assert!(view.angles.iter().all(|a| *a < 0.1), "{:?}", view.angles);
}
