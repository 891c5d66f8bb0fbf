//! Trainer: reproducibility, validation errors, divergence handling and rollback.

use autoencoder_lab::data::{Dataset, SampleShape};
use autoencoder_lab::models::{AutoencoderConfig, LossTerm};
use autoencoder_lab::nn::{Activation, OptimizerConfig, OptimizerKind};
use autoencoder_lab::train::bench::random_dataset;
use autoencoder_lab::train::{
    ConfigError, DivergenceReason, TrainConfig, TrainError, Trainer, UnitParam,
};
use nalgebra::DMatrix;

fn small_cfg(input_dim: usize) -> TrainConfig {
    TrainConfig {
        model: AutoencoderConfig::relu(input_dim, vec![32, 16], 2),
        optimizer: OptimizerConfig::adam(1e-3),
        batch_size: 16,
        seed: 11,
        regularization: Default::default(),
    }
}

fn data(n: usize, d: usize) -> Dataset {
    random_dataset(n, d, 3)
}

/// Image-like data: smooth blobs with pixels in [0, 1], most near 0 (like MNIST).
fn blobs(n: usize, side: usize) -> Dataset {
    let d = side * side;
    let x = DMatrix::from_fn(n, d, |r, c| {
        let (cx, cy) = ((r * 7 % side) as f32, (r * 13 % side) as f32);
        let (px, py) = ((c % side) as f32, (c / side) as f32);
        (-((px - cx).powi(2) + (py - cy).powi(2)) / 8.0).exp()
    });
    Dataset {
        x,
        labels: vec![0; n],
        shape: SampleShape::Image {
            width: side,
            height: side,
        },
        class_names: vec!["x".into()],
    }
}

#[test]
fn same_seed_gives_bit_identical_runs() {
    let run = |seed| {
        let mut cfg = small_cfg(30);
        cfg.seed = seed;
        let mut t = Trainer::new(cfg, data(200, 30)).unwrap();
        let mut losses = vec![];
        for _ in 0..5 {
            losses.push(t.step(7).unwrap().total.to_bits());
        }
        (t.params_checksum(), losses)
    };
    let a = run(11);
    let b = run(11);
    assert_eq!(a, b);
    assert_ne!(a.0, run(12).0, "a different seed gives different weights");
}

#[test]
fn tied_and_untied_training_reduces_loss() {
    for tied in [false, true] {
        for opt in [
            OptimizerConfig::adam(1e-2),
            OptimizerConfig::momentum(0.5, 0.9),
            OptimizerConfig::sgd(1.0),
        ] {
            let mut cfg = small_cfg(64);
            cfg.model.tied_weights = tied;
            cfg.model.activation = Activation::Tanh;
            cfg.optimizer = opt;
            let ds = blobs(256, 8);
            let mut t = Trainer::new(cfg, ds.clone()).unwrap();
            let before = t.evaluate(&ds).total;
            let first = t.step(1).unwrap();
            assert_eq!(first.terms.len(), 1);
            assert_eq!(first.terms[0].0, LossTerm::Reconstruction);
            for _ in 0..30 {
                t.step(10).unwrap();
            }
            let after = t.evaluate(&ds);
            println!("tied={tied} {:?}: {before} -> {}", opt.kind, after.total);
            assert!(
                after.total < 0.7 * before,
                "tied={tied} {:?}: {before} -> {}",
                opt.kind,
                after.total
            );
            assert!(
                (after.mse_per_pixel - after.total).abs() < 1e-5,
                "MSE loss is the per-pixel MSE"
            );
        }
    }
}

#[test]
fn counters_epochs_and_batch_clamp() {
    let mut cfg = small_cfg(10);
    cfg.batch_size = 16;
    let mut t = Trainer::new(cfg.clone(), data(100, 10)).unwrap();
    assert_eq!(t.batches_per_epoch(), 6); // 100 / 16, the partial batch is dropped
    let r = t.step(9).unwrap();
    assert_eq!((r.batches_done, r.samples_seen, r.batches), (9, 144, 9));
    assert!((r.epoch - 1.5).abs() < 1e-12);
    assert_eq!(t.samples_seen(), 144);
    // Batch size above the dataset size is clamped to it.
    cfg.batch_size = 1000;
    let mut t = Trainer::new(cfg, data(50, 10)).unwrap();
    assert_eq!(t.batch_size(), 50);
    assert_eq!(t.batches_per_epoch(), 1);
    t.step(2).unwrap();
    assert_eq!(t.epoch(), 2.0);
    // Shapes of encode / decode / reconstruct.
    let x = data(7, 10).x;
    assert_eq!(t.encode(&x).shape(), (7, 2));
    assert_eq!(t.decode(&t.encode(&x)).shape(), (7, 10));
    assert_eq!(t.reconstruct(&x), t.decode(&t.encode(&x)));
    assert_eq!(t.param_count(), t.config().model.param_count());
}

fn expect_err(cfg: TrainConfig, ds: Dataset, want: ConfigError) {
    match Trainer::new(cfg, ds) {
        Err(e) => {
            assert_eq!(e, want);
            let msg = e.to_string();
            assert!(msg.ends_with('.') && msg.len() > 20, "message: {msg}");
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<ConfigError>(&json).unwrap(), e);
        }
        Ok(_) => panic!("expected {want:?}"),
    }
}

#[test]
fn bad_configs_return_typed_errors() {
    let ds = || data(20, 10);
    let base = small_cfg(10);
    let mut c = base.clone();
    c.model.input_dim = 12;
    expect_err(
        c,
        ds(),
        ConfigError::DimensionMismatch {
            input_dim: 12,
            data_dim: 10,
        },
    );
    let mut bad = ds();
    bad.x[(3, 4)] = f32::NAN;
    expect_err(
        base.clone(),
        bad,
        ConfigError::NonFiniteData { row: 3, col: 4 },
    );
    let mut bad = ds();
    bad.x[(5, 1)] = f32::INFINITY;
    expect_err(
        base.clone(),
        bad,
        ConfigError::NonFiniteData { row: 5, col: 1 },
    );
    expect_err(base.clone(), data(0, 10), ConfigError::EmptyDataset);
    let mut c = base.clone();
    c.model.hidden = vec![8, 0];
    expect_err(c, ds(), ConfigError::ZeroWidthLayer { layer: 2 });
    let mut c = base.clone();
    c.model.code_dim = 0;
    expect_err(c, ds(), ConfigError::CodeDimZero);
    let mut c = base.clone();
    c.model.hidden = vec![5000];
    expect_err(
        c,
        ds(),
        ConfigError::LayerTooWide {
            layer: Some(1),
            width: 5000,
            max: 1024,
        },
    );
    let mut c = base.clone();
    c.model.code_dim = 65;
    expect_err(
        c,
        ds(),
        ConfigError::LayerTooWide {
            layer: None,
            width: 65,
            max: 64,
        },
    );
    let mut c = base.clone();
    c.model.hidden = vec![4; 5];
    expect_err(
        c,
        ds(),
        ConfigError::TooManyHiddenLayers { count: 5, max: 4 },
    );
    let mut c = base.clone();
    c.batch_size = 0;
    expect_err(c, ds(), ConfigError::BatchSizeZero);
    for lr in [0.0, -1.0, f32::NAN, f32::INFINITY] {
        let mut c = base.clone();
        c.optimizer.lr = lr;
        match Trainer::new(c, ds()) {
            Err(ConfigError::InvalidLearningRate { .. }) => {}
            other => panic!("lr {lr}: {:?}", other.err()),
        }
    }
    for wd in [-0.1, f32::NAN] {
        let mut c = base.clone();
        c.optimizer.weight_decay = wd;
        assert!(matches!(
            Trainer::new(c, ds()),
            Err(ConfigError::InvalidWeightDecay { .. })
        ));
    }
    let mut c = base.clone();
    c.optimizer = OptimizerConfig::momentum(0.1, 1.0);
    expect_err(
        c,
        ds(),
        ConfigError::OutOfUnitRange {
            param: UnitParam::Momentum,
            value: 1.0,
        },
    );
    let mut c = base.clone();
    c.optimizer.beta1 = -0.1;
    expect_err(
        c,
        ds(),
        ConfigError::OutOfUnitRange {
            param: UnitParam::Beta1,
            value: -0.1,
        },
    );
    let mut c = base.clone();
    c.optimizer.beta2 = 1.0;
    expect_err(
        c,
        ds(),
        ConfigError::OutOfUnitRange {
            param: UnitParam::Beta2,
            value: 1.0,
        },
    );
    let mut c = base.clone();
    c.optimizer.eps = 0.0;
    expect_err(c, ds(), ConfigError::InvalidEpsilon { eps: 0.0 });
    // Momentum is ignored by plain SGD, so it is not validated there.
    let mut c = base;
    c.optimizer = OptimizerConfig {
        kind: OptimizerKind::Sgd,
        momentum: 5.0,
        ..OptimizerConfig::sgd(0.1)
    };
    assert!(Trainer::new(c, ds()).is_ok());
    assert_eq!(
        ConfigError::ZeroWidthLayer { layer: 2 }.to_string(),
        "Hidden layer 2 has width 0: every layer needs at least one unit."
    );
}

#[test]
fn huge_learning_rate_diverges_and_rolls_back() {
    let mut cfg = small_cfg(144);
    cfg.model.hidden = vec![128, 32];
    cfg.optimizer = OptimizerConfig::adam(10.0);
    let ds = blobs(512, 12);
    let mut t = Trainer::new(cfg, ds).unwrap();
    // The first call's snapshot is the initial weights.
    let before = t.params_checksum();
    let mut err = None;
    for _ in 0..20 {
        let sum = t.params_checksum();
        let seen = t.samples_seen();
        match t.step(5) {
            Ok(_) => {}
            Err(e) => {
                assert_eq!(
                    t.params_checksum(),
                    sum,
                    "weights restored to the start of the failing step"
                );
                assert_eq!(t.samples_seen(), seen, "counters restored");
                err = Some(e);
                break;
            }
        }
    }
    let e = err.expect("Adam with lr 10 must diverge");
    println!("{e}");
    let TrainError::Diverged { reason, .. } = &e;
    assert!(matches!(
        reason,
        DivergenceReason::ExplodingActivations { .. }
            | DivergenceReason::NonFiniteLoss
            | DivergenceReason::NonFiniteGradient
            | DivergenceReason::NonFiniteParameter
    ));
    let text = e.to_string();
    assert!(
        text.contains("back where it was before that step")
            && text.contains("lower the learning rate"),
        "{text}"
    );
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.contains("Diverged"));
    let _ = before;
}

#[test]
fn injected_nan_returns_error_and_keeps_last_good_weights() {
    let mut t = Trainer::new(small_cfg(30), data(200, 30)).unwrap();
    t.step(4).unwrap();
    let good = t.params_checksum();
    // Poison the 3rd batch of the next call: the first two still update weights in that call.
    t.inject_nan_at_batch(6);
    let e = t.step(5).unwrap_err();
    assert_eq!(
        e,
        TrainError::Diverged {
            batch: 6,
            reason: DivergenceReason::NonFiniteLoss
        }
    );
    assert_eq!(t.params_checksum(), good);
    assert_eq!(t.batches_done(), 4);
    // After rollback the same call reproduces an un-poisoned run exactly.
    t.inject_nan_at_batch(u64::MAX);
    t.step(5).unwrap();
    let mut clean = Trainer::new(small_cfg(30), data(200, 30)).unwrap();
    clean.step(4).unwrap();
    clean.step(5).unwrap();
    assert_eq!(t.params_checksum(), clean.params_checksum());
}

#[test]
fn config_and_reports_round_trip_through_json() {
    let cfg = small_cfg(30);
    let json = serde_json::to_string(&cfg).unwrap();
    assert_eq!(serde_json::from_str::<TrainConfig>(&json).unwrap(), cfg);
    // Optional optimiser fields take their defaults.
    let o: OptimizerConfig = serde_json::from_str(r#"{"kind":"Adam","lr":0.01}"#).unwrap();
    assert_eq!(o, OptimizerConfig::adam(0.01));
    let mut t = Trainer::new(cfg, data(64, 30)).unwrap();
    let r = t.step(2).unwrap();
    let back: autoencoder_lab::train::StepReport =
        serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
    let ev = t.evaluate(&data(10, 30));
    assert_eq!(ev.samples, 10);
    assert!(t.try_evaluate(&data(10, 31)).is_err());
    for a in Activation::ALL {
        assert!(!a.label().is_empty());
    }
}

#[test]
fn rollback_replays_from_an_older_checkpoint_to_the_exact_start_of_the_call() {
    use autoencoder_lab::train::CHECKPOINT_EVERY;
    let cfg = || small_cfg(30);
    let mut t = Trainer::new(cfg(), data(200, 30)).unwrap();
    // One batch per call: the checkpoint is copied at batch 0 and CHECKPOINT_EVERY, so the
    // failing call below starts several batches after the last copy.
    let start = CHECKPOINT_EVERY + 13;
    for _ in 0..start {
        t.step(1).unwrap();
    }
    let good = t.params_checksum();
    t.inject_nan_at_batch(start + 2);
    let e = t.step(5).unwrap_err();
    assert!(matches!(e, TrainError::Diverged { batch, .. } if batch == start + 2));
    assert_eq!(
        t.params_checksum(),
        good,
        "the weights the call started with"
    );
    assert_eq!(t.batches_done(), start);
    // The optimiser state and the data order came back too: the run continues exactly as an
    // uninterrupted one.
    t.inject_nan_at_batch(u64::MAX);
    t.step(7).unwrap();
    let mut clean = Trainer::new(cfg(), data(200, 30)).unwrap();
    clean.step(start as usize).unwrap();
    clean.step(7).unwrap();
    assert_eq!(t.params_checksum(), clean.params_checksum());
}
