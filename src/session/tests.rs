//! The session driven exactly as the worker drives it, with a fake clock.

use std::cell::Cell;

use super::*;
use crate::data::DatasetId;
use crate::protocol::{DataInfo, Progress, Snapshot};
use crate::settings::LabSettings;

/// A clock that advances 1 ms every time it is read: deterministic "wall time".
pub(super) struct FakeClock(Cell<f64>);

impl FakeClock {
    pub(super) fn new() -> FakeClock {
        FakeClock(Cell::new(0.0))
    }
    pub(super) fn now(&self) -> f64 {
        let t = self.0.get() + 1.0;
        self.0.set(t);
        t
    }
}

fn moons_config() -> TrainConfig {
    LabSettings::for_dataset(DatasetId::TwoMoons)
        .to_config(crate::data::SampleShape::Points { dim: 2 })
}

fn ready_session(clock: &FakeClock) -> Session {
    let mut s = Session::new();
    let now = || clock.now();
    let out = s.handle(
        Command::LoadData {
            dataset: DatasetId::TwoMoons,
            asset: None,
        },
        &now,
    );
    assert!(matches!(out[0], Report::DataLoaded(_)), "{out:?}");
    let out = s.handle(
        Command::Configure {
            config: Box::new(moons_config()),
        },
        &now,
    );
    assert!(matches!(out[0], Report::Configured(_)), "{out:?}");
    assert!(out.iter().any(|r| matches!(
        r,
        Report::Snapshot(Snapshot {
            metrics: Some(_),
            ..
        })
    )));
    s
}

fn progress(reports: &[Report]) -> Vec<&Progress> {
    reports
        .iter()
        .filter_map(|r| {
            if let Report::Progress(p) = r {
                Some(p)
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn data_loaded_reports_the_display_subset_and_pca() {
    let clock = FakeClock::new();
    let mut s = Session::new();
    let out = s.handle(
        Command::LoadData {
            dataset: DatasetId::SwissRoll,
            asset: None,
        },
        &|| clock.now(),
    );
    let Report::DataLoaded(DataInfo {
        display_index,
        pca2,
        display_labels,
        explained,
        ..
    }) = &out[0]
    else {
        panic!("{out:?}")
    };
    assert_eq!(display_index.len(), 600);
    assert_eq!(pca2.len(), 600);
    assert_eq!(display_labels.len(), 600);
    assert_eq!(explained.len(), 3);
    assert!((explained.iter().sum::<f32>() - 1.0).abs() < 1e-3);
}

#[test]
fn playing_trains_until_paused_and_the_loss_falls() {
    let clock = FakeClock::new();
    let mut s = ready_session(&clock);
    // A real clock here: the session sizes its chunks of work by measured time, which a fake
    // clock cannot imitate. Nothing below depends on how fast the machine is.
    let start = std::time::Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(
        s.handle(Command::Play, &now),
        vec![Report::Playing {
            playing: true,
            message: None
        }]
    );
    let mut losses = Vec::new();
    // About 3 s of training: progress comes every 200 ms.
    for _ in 0..150 {
        losses.extend(progress(&s.tick(&now, 20.0)).iter().map(|p| p.train_total));
    }
    assert!(losses.len() > 10, "progress reported while playing");
    let (first, last) = (losses[0], losses[losses.len() - 1]);
    println!(
        "moons: train loss {first:.5} -> {last:.5} over {} reports",
        losses.len()
    );
    assert!(last < first * 0.5, "loss falls: {first} -> {last}");
    let out = s.handle(Command::Pause, &now);
    assert!(matches!(
        out.last(),
        Some(Report::Playing {
            playing: false,
            message: None
        })
    ));
    assert!(!s.is_playing());
    assert!(
        s.tick(&now, 20.0).is_empty(),
        "a paused session does not train"
    );
}

#[test]
fn step_trains_one_batch_and_reset_restores_the_initial_weights() {
    let clock = FakeClock::new();
    let mut s = ready_session(&clock);
    let now = || clock.now();
    let initial = s.run.as_ref().map(|r| r.trainer.params_checksum());
    let out = s.handle(Command::Step, &now);
    let p = progress(&out);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].samples_seen, 64);
    assert!(out.iter().any(|r| matches!(
        r,
        Report::Snapshot(Snapshot {
            metrics: Some(_),
            ..
        })
    )));
    assert_ne!(s.run.as_ref().map(|r| r.trainer.params_checksum()), initial);
    s.handle(Command::Reset, &now);
    assert_eq!(s.run.as_ref().map(|r| r.trainer.params_checksum()), initial);
}

#[test]
fn bad_commands_are_rejected_and_keep_the_previous_state() {
    let clock = FakeClock::new();
    let now = || clock.now();
    let mut empty = Session::new();
    for cmd in [
        Command::Play,
        Command::Step,
        Command::Reset,
        Command::Configure {
            config: Box::new(moons_config()),
        },
    ] {
        assert!(matches!(
            empty.handle(cmd, &now)[0],
            Report::Rejected { .. }
        ));
    }
    let mut s = ready_session(&clock);
    let before = s.run.as_ref().map(|r| r.trainer.params_checksum());
    let mut bad = moons_config();
    bad.batch_size = 0;
    let out = s.handle(
        Command::Configure {
            config: Box::new(bad),
        },
        &now,
    );
    assert!(
        matches!(&out[0], Report::Rejected { message } if message.contains("atch")),
        "{out:?}"
    );
    let out = s.handle(
        Command::LoadData {
            dataset: DatasetId::Mnist,
            asset: Some(b"<html>".to_vec()),
        },
        &now,
    );
    assert!(
        matches!(&out[0], Report::Rejected { message } if message.contains("MNIST")),
        "{out:?}"
    );
    assert_eq!(
        s.run.as_ref().map(|r| r.trainer.params_checksum()),
        before,
        "model kept"
    );
}

#[test]
fn a_diverging_run_pauses_itself_with_a_message_and_keeps_good_weights() {
    let clock = FakeClock::new();
    let mut s = ready_session(&clock);
    let now = || clock.now();
    let mut config = moons_config();
    config.optimizer.lr = 10.0;
    config.optimizer.kind = crate::nn::OptimizerKind::Sgd;
    config.model.output_activation = crate::nn::Activation::Identity;
    s.handle(
        Command::Configure {
            config: Box::new(config),
        },
        &now,
    );
    s.handle(Command::Play, &now);
    let mut stopped = None;
    for _ in 0..200 {
        let out = s.tick(&now, 20.0);
        if let Some(Report::Playing {
            playing: false,
            message: Some(m),
        }) = out.last()
        {
            stopped = Some(m.clone());
            break;
        }
    }
    let message = stopped.expect("divergence stops the run");
    println!("divergence message: {message}");
    assert!(!s.is_playing());
    let run = s.run.as_ref().expect("run kept");
    let x = &s.data.as_ref().expect("data").split.test.x;
    assert!(
        run.trainer.reconstruct(x).iter().all(|v| v.is_finite()),
        "last good weights kept"
    );
}

#[test]
fn latent_views_pick_dimensions_or_pca_of_the_code() {
    let clock = FakeClock::new();
    let now = || clock.now();
    let mut s = ready_session(&clock);
    let mut config = moons_config();
    config.model.code_dim = 4;
    s.handle(
        Command::Configure {
            config: Box::new(config),
        },
        &now,
    );
    let axes = |out: Vec<Report>| match out.into_iter().last() {
        Some(Report::Snapshot(snap)) => (snap.latent.len(), snap.latent_axes),
        other => panic!("{other:?}"),
    };
    let (n, ax) = axes(s.handle(Command::SetLatentView(LatentView::Dims(1, 3)), &now));
    assert_eq!((n, ax), (600, ("z2".to_string(), "z4".to_string())));
    let (_, ax) = axes(s.handle(Command::SetLatentView(LatentView::Pca), &now));
    assert_eq!(ax.0, "PC1 of the code");
}

#[test]
fn metrics_while_playing_use_the_quick_subset_and_a_pause_measures_everything() {
    let clock = FakeClock::new();
    let now = || clock.now();
    let mut s = ready_session(&clock);
    s.handle(Command::Play, &now);
    let mut quick = None;
    let mut share = None;
    for _ in 0..400 {
        for r in s.tick(&now, 20.0) {
            match r {
                Report::Snapshot(Snapshot {
                    metrics: Some(m), ..
                }) => quick = Some(m.test_items),
                Report::Progress(p) => share = Some(p.report_share),
                _ => {}
            }
        }
        if quick.is_some() && share.is_some() {
            break;
        }
    }
    let share = share.expect("progress while playing");
    assert!((0.0..=1.0).contains(&share), "report share {share}");
    let quick = quick.expect("metrics while playing");
    let full = s
        .handle(Command::Pause, &now)
        .into_iter()
        .find_map(|r| match r {
            Report::Snapshot(Snapshot {
                metrics: Some(m), ..
            }) => Some(m.test_items),
            _ => None,
        });
    let n_test = s.data.as_ref().expect("loaded").split.test.len() as u32;
    assert_eq!(full, Some(n_test), "a pause measures the whole test split");
    assert_eq!(quick, n_test.min(500), "training measures the quick subset");
}

#[test]
fn with_noise_at_test_time_pca_sees_the_same_corrupted_inputs() {
    let clock = FakeClock::new();
    let now = || clock.now();
    let mut s = ready_session(&clock);
    let pca_mse = |s: &mut Session, noise: Option<crate::models::noise::Noise>| {
        let mut cfg = moons_config();
        cfg.regularization.noise = noise;
        let out = s.handle(
            Command::Configure {
                config: Box::new(cfg),
            },
            &now,
        );
        match &out[0] {
            Report::Configured(info) => (info.pca_test_mse, info.pca_quick_mse),
            other => panic!("{other:?}"),
        }
    };
    // PCA with 2 components of 2-D points reconstructs clean inputs exactly ...
    let (clean, _) = pca_mse(&mut s, None);
    assert!(clean < 1e-6, "{clean}");
    // ... but scored against the clean points from masked ones, as the AE is, it cannot.
    let masking = crate::models::noise::Noise {
        kind: crate::models::noise::NoiseKind::Masking,
        level: 0.5,
        at_test: true,
    };
    let (noisy, quick) = pca_mse(&mut s, Some(masking));
    assert!(noisy > 0.01 && quick > 0.01, "{noisy} {quick}");
    // Noise during training only leaves the test inputs (and PCA's) clean.
    let (train_only, _) = pca_mse(
        &mut s,
        Some(crate::models::noise::Noise {
            at_test: false,
            ..masking
        }),
    );
    assert!(train_only < 1e-6, "{train_only}");
}

mod messages;
