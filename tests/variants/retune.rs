//! Settings changed mid-run: the network, its optimiser moments and its data order are kept;
//! the next updates use the new step size, momentum, weight decay or penalty weights; anything
//! that shapes the network is refused; a later divergence rollback keeps the new settings.

use autoencoder_lab::data::DatasetId;
use autoencoder_lab::models::AutoencoderConfig;
use autoencoder_lab::models::regularize::{Activity, Penalty, Regularization};
use autoencoder_lab::nn::{Activation, OptimizerConfig};
use autoencoder_lab::protocol::{Command, Report};
use autoencoder_lab::session::Session;
use autoencoder_lab::train::bench::random_dataset;
use autoencoder_lab::train::retune::is_retune;
use autoencoder_lab::train::{ConfigError, TrainConfig, Trainer};

fn cfg(optimizer: OptimizerConfig) -> TrainConfig {
    TrainConfig {
        model: AutoencoderConfig {
            activation: Activation::Tanh,
            ..AutoencoderConfig::relu(12, vec![16], 3)
        },
        optimizer,
        batch_size: 8,
        seed: 5,
        regularization: Regularization::default(),
    }
}

fn params(t: &Trainer) -> Vec<f32> {
    let mut out = Vec::new();
    t.model().visit_params(|p| out.extend_from_slice(p));
    out
}

fn step_delta(t: &mut Trainer) -> Vec<f32> {
    let before = params(t);
    t.step(1).expect("trains");
    params(t).iter().zip(&before).map(|(a, b)| a - b).collect()
}

#[test]
fn a_lower_learning_rate_scales_the_next_update_and_keeps_the_weights() {
    let data = random_dataset(64, 12, 1);
    let mut a = Trainer::new(cfg(OptimizerConfig::sgd(0.5)), data).expect("valid");
    a.step(20).expect("trains");
    let mut b = a.clone();
    let mut slower = a.config().clone();
    slower.optimizer.lr = 0.05;
    b.retune(&slower)
        .expect("the learning rate changes mid-run");
    assert_eq!(params(&a), params(&b), "no new network");
    assert_eq!(a.samples_seen(), b.samples_seen(), "the counters go on");
    // Same weights, same batch: plain SGD's update is exactly the step size times the same
    // gradient, so the new update is a tenth of the old one.
    let (da, db) = (step_delta(&mut a), step_delta(&mut b));
    let largest = da.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    assert!(largest > 1e-4, "the step moved the weights");
    for (x, y) in da.iter().zip(&db) {
        assert!(
            (y - 0.1 * x).abs() <= 1e-4 * largest,
            "{y} against a tenth of {x}"
        );
    }
}

#[test]
fn adam_keeps_its_moments_across_a_retune() {
    let data = random_dataset(64, 12, 2);
    let mut a = Trainer::new(cfg(OptimizerConfig::adam(1e-2)), data).expect("valid");
    a.step(30).expect("trains");
    let mut same = a.config().clone();
    same.optimizer.lr = 1e-2;
    let mut b = a.clone();
    b.retune(&same).expect("same settings are a retune");
    a.step(5).expect("trains");
    b.step(5).expect("trains");
    // Reset moments (or step count) would change Adam's next steps: bit-for-bit equality
    // with the run that was never retuned says they were kept.
    assert_eq!(
        params(&a),
        params(&b),
        "moments and step count kept, bit for bit"
    );
}

#[test]
fn penalty_weights_change_but_the_network_shape_does_not() {
    let data = random_dataset(64, 12, 3);
    let mut with_l1 = cfg(OptimizerConfig::adam(1e-2));
    with_l1.regularization.activity = Some(Activity {
        penalty: Penalty::L1,
        lambda: 1e-3,
        layer_weights: vec![0.0, 1.0],
    });
    let mut t = Trainer::new(with_l1.clone(), data).expect("valid");
    t.step(10).expect("trains");
    let mut heavier = with_l1.clone();
    if let Some(a) = heavier.regularization.activity.as_mut() {
        a.lambda = 1e-1;
    }
    assert!(is_retune(&with_l1, &heavier));
    t.retune(&heavier)
        .expect("a penalty weight changes mid-run");
    assert_eq!(
        t.model()
            .regularization()
            .activity
            .as_ref()
            .map(|a| a.lambda),
        Some(1e-1)
    );
    // Each of these shapes the network, its buffers or its schedules: refused, state kept.
    let before = params(&t);
    let refusals: [fn(&mut TrainConfig); 5] = [
        |c| c.model.code_dim = 4,
        |c| c.batch_size = 16,
        |c| c.seed = 6,
        |c| c.optimizer = OptimizerConfig::sgd(c.optimizer.lr),
        |c| c.regularization.k_sparse = Some(2),
    ];
    for change in refusals {
        let mut next = heavier.clone();
        change(&mut next);
        assert!(!is_retune(&heavier, &next));
        assert_eq!(t.retune(&next), Err(ConfigError::NeedsNewNetwork));
    }
    // An out-of-range value is refused by the same validation as a new network's.
    let mut bad = heavier.clone();
    bad.optimizer.lr = -1.0;
    assert!(matches!(
        t.retune(&bad),
        Err(ConfigError::InvalidLearningRate { .. })
    ));
    assert_eq!(params(&t), before);
    assert_eq!(t.config(), &heavier);
}

#[test]
fn a_rollback_after_a_retune_keeps_the_new_learning_rate() {
    let data = random_dataset(64, 12, 4);
    let mut t = Trainer::new(cfg(OptimizerConfig::sgd(0.5)), data).expect("valid");
    t.step(40).expect("trains");
    let mut slower = t.config().clone();
    slower.optimizer.lr = 0.05;
    t.retune(&slower).expect("retunes");
    t.inject_nan_at_batch(t.batches_done() + 2);
    let (weights, done) = (params(&t), t.batches_done());
    assert!(t.step(4).is_err(), "the poisoned batch diverges");
    // Restored to the start of the failed call, with the retuned optimiser.
    assert_eq!(params(&t), weights, "the weights of the call's start");
    assert_eq!(t.batches_done(), done);
    assert_eq!(t.config().optimizer.lr, 0.05);
    let mut fast = t.clone();
    let mut fast_cfg = slower.clone();
    fast_cfg.optimizer.lr = 0.5;
    fast.retune(&fast_cfg).expect("retunes");
    let (slow_step, fast_step) = (step_delta(&mut t), step_delta(&mut fast));
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!(
        norm(&slow_step) < 0.2 * norm(&fast_step),
        "the slow rate survived the rollback"
    );
}

#[test]
fn the_session_retunes_its_run_and_refuses_other_changes() {
    let mut s = Session::new();
    let clock = || 0.0;
    let loaded = s.handle(
        Command::LoadData {
            dataset: DatasetId::TwoMoons,
            asset: None,
        },
        &clock,
    );
    assert!(
        matches!(loaded.first(), Some(Report::DataLoaded(_))),
        "{loaded:?}"
    );
    let mut c = cfg(OptimizerConfig::adam(1e-2));
    c.model.input_dim = 2;
    let configured = s.handle(
        Command::Configure {
            config: Box::new(c.clone()),
        },
        &clock,
    );
    assert!(matches!(configured.first(), Some(Report::Configured(_))));
    s.handle(Command::Step, &clock);
    let mut slower = c.clone();
    slower.optimizer.lr = 1e-3;
    let out = s.handle(
        Command::Retune {
            config: Box::new(slower),
        },
        &clock,
    );
    assert!(out.is_empty(), "a retune needs no reply: {out:?}");
    let mut wider = c;
    wider.model.code_dim = 5;
    let out = s.handle(
        Command::Retune {
            config: Box::new(wider),
        },
        &clock,
    );
    assert!(
        matches!(out.as_slice(), [Report::Rejected { message }] if message.contains("needs a new one")),
        "{out:?}"
    );
}
