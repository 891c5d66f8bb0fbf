//! Every preset keeps the promise its description makes, measured with the page's own numbers:
//! the session is driven as the worker drives it, for a sample budget below what the page
//! trains in its first minute here (`e2e/presets.test.mjs` runs the same on the page and
//! prints the time it took). A budget, not a clock, so a busy machine cannot fail it.

use autoencoder_lab::data::{DATA_SEED, DatasetId, asset, synthetic};
use autoencoder_lab::link::from_query;
use autoencoder_lab::link::presets::PRESETS;
use autoencoder_lab::protocol::{Command, ModelInfo, Progress, Report, Snapshot, TestMetrics};
use autoencoder_lab::session::Session;

struct Outcome {
    model: ModelInfo,
    metrics: TestMetrics,
}

/// Train the preset whose name starts with `name` for `budget` samples; the metrics are the
/// full ones a pause reports.
fn run_preset(name: &str, budget: u64) -> Outcome {
    let (_, _, query) = PRESETS
        .iter()
        .find(|(n, _, _)| n.starts_with(name))
        .unwrap_or_else(|| panic!("no preset {name}"));
    let (settings, notes) = from_query(query);
    assert!(notes.is_empty(), "{name}: {notes:?}");
    run_settings(settings, budget)
}

fn run_settings(settings: autoencoder_lab::settings::LabSettings, budget: u64) -> Outcome {
    let dataset = settings.dataset;
    let (shape, bytes) = match dataset {
        DatasetId::Mnist | DatasetId::FashionMnist => {
            let path = format!(
                "{}/assets/{}.bin.gz",
                env!("CARGO_MANIFEST_DIR"),
                dataset.slug()
            );
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let split = asset::decode(&bytes).expect("asset decodes");
            (split.train.shape, Some(bytes))
        }
        _ => {
            let split = synthetic::generate(dataset, DATA_SEED).expect("synthetic set");
            (split.train.shape, None)
        }
    };
    // The real clock, so reports cost the share of time they cost on the page. Weights
    // depend only on the samples trained; a run may stop a few batches past the budget.
    let start = std::time::Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1000.0;
    let mut s = Session::new();
    s.handle(
        Command::LoadData {
            dataset,
            asset: bytes,
        },
        &now,
    );
    let config = settings.to_config(shape);
    let configured = s.handle(
        Command::Configure {
            config: Box::new(config),
        },
        &now,
    );
    let model = configured
        .iter()
        .find_map(|r| match r {
            Report::Configured(m) => Some(m.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("not configured: {configured:?}"));
    s.handle(Command::Play, &now);
    let mut seen = 0;
    while seen < budget {
        for r in s.tick(&now, 50.0) {
            match r {
                Report::Progress(Progress { samples_seen, .. }) => seen = samples_seen,
                Report::Playing {
                    playing: false,
                    message,
                } => panic!("stopped: {message:?}"),
                _ => {}
            }
        }
    }
    let metrics = s
        .handle(Command::Pause, &now)
        .into_iter()
        .find_map(|r| match r {
            Report::Snapshot(Snapshot {
                metrics: Some(m), ..
            }) => Some(m),
            _ => None,
        })
        .expect("a pause reports full metrics");
    Outcome {
        model,
        metrics: *metrics,
    }
}

#[test]
fn the_benchmark_net_separates_digits_better_than_pca() {
    let o = run_preset("The benchmark net", 60_000);
    println!(
        "benchmark: 5-NN AE {:.3} vs PCA-2 {:.3}",
        o.metrics.knn, o.model.pca_knn
    );
    assert!(o.metrics.knn > o.model.pca_knn + 0.1);
}

#[test]
fn a_linear_autoencoder_finds_pcas_subspace() {
    let o = run_preset("A linear autoencoder", 200_000);
    let r2 = o
        .metrics
        .pca_r2
        .expect("a linear model is compared with PCA");
    println!(
        "linear: R² {r2:.4}; MSE AE {:.5} vs PCA-5 {:.5}",
        o.metrics.test_mse, o.model.pca_test_mse
    );
    assert!(o.model.linear);
    assert!(r2 > 0.98, "R² {r2}");
    assert!(o.metrics.test_mse < 1.05 * o.model.pca_test_mse);
}

#[test]
fn the_identity_trap_copies_noise_and_denoising_escapes_it() {
    let trap = run_preset("The identity trap", 100_000);
    let escape = run_preset("…escaped by denoising", 100_000);
    let (t, e) = (
        trap.metrics.noise_mse * 12.0,
        escape.metrics.noise_mse * 12.0,
    );
    println!("identity: noise error ÷ variance, trap {t:.3}, escaped {e:.3}");
    assert!(t < 0.1, "the trap copies noise ({t})");
    assert!(e > 5.0 * t.max(0.02), "denoising does not ({e})");
}

#[test]
fn sparse_code_units_fire_at_the_target_rate() {
    let o = run_preset("Sparse codes", 150_000);
    let code = o.metrics.unit_means.last().expect("code layer");
    let rate = code.iter().sum::<f32>() / code.len() as f32;
    // The same net without the penalty, for the comparison the description makes.
    let (mut plain, _) = from_query(PRESETS[4].2);
    plain.config.regularization.activity = None;
    let p = run_settings(plain, 150_000);
    let pcode = p.metrics.unit_means.last().expect("code layer");
    let prate = pcode.iter().sum::<f32>() / pcode.len() as f32;
    println!("sparse: mean code activation {rate:.3} (plain net {prate:.3})");
    assert!((0.03..0.08).contains(&rate), "rate {rate}");
    assert!(prate > 0.3, "plain rate {prate}");
}

#[test]
fn denoising_beats_pca_on_the_same_masked_digits() {
    let o = run_preset("Denoising digits", 60_000);
    println!(
        "denoising: MSE AE {:.5} vs PCA-32 {:.5}",
        o.metrics.test_mse, o.model.pca_test_mse
    );
    assert!(o.metrics.test_mse < o.model.pca_test_mse);
}

#[test]
fn the_vae_plane_separates_digits_better_than_pca() {
    let o = run_preset("A VAE's latent plane", 60_000);
    println!(
        "VAE: 5-NN {:.3} vs PCA-2 {:.3}",
        o.metrics.knn, o.model.pca_knn
    );
    assert!(o.metrics.knn > o.model.pca_knn + 0.1);
}

#[test]
fn a_2_d_code_rebuilds_the_swiss_roll_that_pca_flattens() {
    let o = run_preset("The swiss roll", 300_000);
    let ratio = o.metrics.test_mse / o.model.pca_test_mse;
    println!(
        "swiss roll: MSE AE {:.5} vs PCA-2 {:.5} (ratio {ratio:.3})",
        o.metrics.test_mse, o.model.pca_test_mse
    );
    assert!(ratio < 0.5, "ratio {ratio}");
}
