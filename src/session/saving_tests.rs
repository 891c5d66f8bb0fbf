//! Model files through the session, as the worker sees them: a saved run resumes bit for bit
//! under every variant, and a file that does not fit is refused without touching the run.

use super::tests::FakeClock;
use super::*;
use crate::data::DatasetId;
use crate::link::from_query;
use crate::models::regularize::Regularization;
use crate::protocol::{LoadedModel, SavedFile, Snapshot};
use crate::store::model_file;

fn config_for(link: &str) -> (DatasetId, TrainConfig) {
    let (settings, notes) = from_query(link);
    assert!(notes.is_empty(), "{link}: {notes:?}");
    let config = settings.to_config(settings.dataset.shape());
    (settings.dataset, config)
}

fn session(dataset: DatasetId, config: &TrainConfig, clock: &FakeClock) -> Session {
    let mut s = Session::new();
    let now = || clock.now();
    s.handle(
        Command::LoadData {
            dataset,
            asset: None,
        },
        &now,
    );
    let out = s.handle(
        Command::Configure {
            config: Box::new(config.clone()),
        },
        &now,
    );
    assert!(matches!(out[0], Report::Configured(_)), "{out:?}");
    s
}

fn steps(s: &mut Session, n: usize, clock: &FakeClock) {
    for _ in 0..n {
        let out = s.handle(Command::Step, &|| clock.now());
        assert!(
            !out.iter().any(|r| matches!(r, Report::Rejected { .. })),
            "{out:?}"
        );
    }
}

fn save(s: &mut Session, clock: &FakeClock) -> Vec<u8> {
    let out = s.handle(
        Command::SaveModel {
            link: "data=moons".into(),
        },
        &|| clock.now(),
    );
    match out.into_iter().next() {
        Some(Report::ModelFile(f)) => {
            let SavedFile { bytes, name } = *f;
            assert!(name.ends_with(".aelmodel"), "{name}");
            bytes
        }
        other => panic!("no model file: {other:?}"),
    }
}

fn checksum(s: &Session) -> u64 {
    s.run
        .as_ref()
        .map(|r| r.trainer.params_checksum())
        .unwrap_or(0)
}

fn test_mse(out: &[Report]) -> Option<f32> {
    out.iter().find_map(|r| match r {
        Report::Snapshot(Snapshot {
            metrics: Some(m), ..
        }) => Some(m.test_mse),
        _ => None,
    })
}

fn refusal(out: &[Report]) -> String {
    match out {
        [Report::FileRefused { message }] => message.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Every variant that carries state between batches: a run saved after 12 batches, loaded
/// into a fresh session and trained 12 more lands on the weights of 24 uninterrupted ones.
#[test]
fn a_saved_run_resumes_bit_for_bit_under_every_variant() {
    let fixed = [
        "data=moons&hidden=16&code=2",
        "data=moons&hidden=16&code=2&opt=sgd&lr=0.05",
        "data=moons&hidden=16&code=2&opt=momentum&lr=0.02",
        "data=blobs&hidden=16&code=2&vae=1&beta=1&warmup=2",
        "data=blobs&hidden=32&code=8&code_act=sigmoid&pen=rate&lambda=0.1&rho=0.05&form=unit&dist=kl",
        "data=blobs&hidden=&code=4&concrete=4",
        "data=blobs&hidden=16&code=4&noise=gauss&nlevel=0.2",
        "data=blobs&hidden=16,8&code=2&pretrain=1",
    ];
    // Each one-number option (k-of-n code, code noise, Jacobian penalty) at its start value.
    let base = "data=blobs&hidden=16&code=8&code_act=sigmoid";
    let (_, model) = config_for(base);
    let dials = Regularization::DIALS.iter().map(|d| {
        let v = (d.dial.start)(&model.model);
        format!("{base}&{}={v}", d.dial.key)
    });
    let links: Vec<String> = fixed.iter().map(|l| l.to_string()).chain(dials).collect();
    for link in &links {
        let clock = FakeClock::new();
        let (dataset, config) = config_for(link);
        let mut straight = session(dataset, &config, &clock);
        // Past a pretraining schedule's stages (1 epoch a layer) before saving.
        let warm = if config.regularization.pretrain.is_some() {
            200
        } else {
            12
        };
        steps(&mut straight, warm + 12, &clock);

        let mut first = session(dataset, &config, &clock);
        steps(&mut first, warm, &clock);
        let bytes = save(&mut first, &clock);
        let mut resumed = session(
            dataset,
            &TrainConfig {
                seed: 99,
                ..config.clone()
            },
            &clock,
        );
        let out = resumed.handle(Command::LoadModel { bytes }, &|| clock.now());
        let Some(Report::Loaded(loaded)) = out.first() else {
            panic!("{link}: not loaded: {out:?}");
        };
        let LoadedModel { samples_seen, .. } = **loaded;
        assert_eq!(
            samples_seen,
            first.run.as_ref().map_or(0, |r| r.trainer.samples_seen())
        );
        assert_eq!(
            checksum(&resumed),
            checksum(&first),
            "{link}: weights after loading"
        );
        steps(&mut resumed, 12, &clock);
        assert_eq!(
            checksum(&resumed),
            checksum(&straight),
            "{link}: weights 12 batches on"
        );
    }
}

#[test]
fn a_loaded_model_reports_the_same_test_mse_to_the_bit() {
    let clock = FakeClock::new();
    let (dataset, config) = config_for("data=moons&hidden=16&code=2");
    let mut s = session(dataset, &config, &clock);
    steps(&mut s, 30, &clock);
    let before = test_mse(&s.handle(Command::Pause, &|| clock.now())).expect("metrics");
    let bytes = save(&mut s, &clock);
    let mut other = session(dataset, &config, &clock);
    let out = other.handle(Command::LoadModel { bytes }, &|| clock.now());
    let after = test_mse(&out).expect("the load reports metrics");
    assert_eq!(
        before.to_bits(),
        after.to_bits(),
        "{before} against {after}"
    );
}

#[test]
fn files_that_do_not_fit_are_refused_and_the_run_is_kept() {
    let clock = FakeClock::new();
    let (dataset, config) = config_for("data=moons&hidden=16&code=2");
    let mut s = session(dataset, &config, &clock);
    steps(&mut s, 10, &clock);
    let good = save(&mut s, &clock);
    steps(&mut s, 3, &clock);
    let kept = checksum(&s);

    let mut cases: Vec<(Vec<u8>, &str)> = vec![
        (good[..good.len() / 2].to_vec(), "cut short"),
        (Vec::new(), "not an Autoencoder Lab model file"),
        (
            b"hidden=16&code=2".to_vec(),
            "not an Autoencoder Lab model file",
        ),
    ];
    let mut damaged = good.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x40;
    cases.push((damaged, "damaged"));
    let mut newer = good.clone();
    newer[8..10].copy_from_slice(&(model_file::VERSION + 1).to_le_bytes());
    cases.push((newer, "newer version"));
    for (bytes, says) in cases {
        let message = refusal(&s.handle(Command::LoadModel { bytes }, &|| clock.now()));
        assert!(message.contains(says), "{says}: {message}");
        assert!(message.contains("unchanged"), "{message}");
        assert_eq!(checksum(&s), kept);
    }

    // The same shape of data, another dataset: named, and the way out said.
    let (circles, c_config) = config_for("data=circles&hidden=16&code=2");
    let mut other = session(circles, &c_config, &clock);
    let before = checksum(&other);
    let message = refusal(&other.handle(
        Command::LoadModel {
            bytes: good.clone(),
        },
        &|| clock.now(),
    ));
    assert!(message.contains("trained on Two moons"), "{message}");
    assert!(message.contains("Choose Two moons"), "{message}");
    assert_eq!(checksum(&other), before);

    // The same dataset but fewer training rows (one class only).
    let mut one_class = session(dataset, &config, &clock);
    one_class.handle(
        Command::TrainOn {
            classes: Some(vec![0]),
        },
        &|| clock.now(),
    );
    one_class.handle(
        Command::Configure {
            config: Box::new(config.clone()),
        },
        &|| clock.now(),
    );
    let partial = save(&mut one_class, &clock);
    let mut all = session(dataset, &config, &clock);
    let out = all.handle(Command::LoadModel { bytes: partial }, &|| clock.now());
    assert!(matches!(out.first(), Some(Report::Loaded(_))), "{out:?}");
    assert_eq!(
        all.train_classes,
        Some(vec![0]),
        "the file's classes come with it"
    );
}

#[test]
fn saving_waits_for_pretraining_to_end() {
    let clock = FakeClock::new();
    let (dataset, config) = config_for("data=blobs&hidden=16,8&code=2&pretrain=1");
    let mut s = session(dataset, &config, &clock);
    steps(&mut s, 2, &clock);
    let message = refusal(&s.handle(
        Command::SaveModel {
            link: String::new(),
        },
        &|| clock.now(),
    ));
    assert!(message.contains("pretraining"), "{message}");
}

#[test]
fn counters_past_any_real_run_are_refused() {
    let clock = FakeClock::new();
    let (dataset, config) = config_for("data=moons&hidden=16&code=2");
    let mut s = session(dataset, &config, &clock);
    steps(&mut s, 2, &clock);
    let bytes = save(&mut s, &clock);
    let mut file = model_file::read(&bytes).expect("a good file");
    file.state.batches_done = u64::MAX / 2;
    let forged = model_file::write(&file).expect("written");
    let message = refusal(&s.handle(Command::LoadModel { bytes: forged }, &|| clock.now()));
    assert!(message.contains("counters are out of range"), "{message}");
}

#[test]
fn the_test_codes_export_as_csv_with_a_row_per_test_item() {
    let clock = FakeClock::new();
    let (dataset, config) = config_for("data=moons&hidden=16&code=2");
    let mut s = session(dataset, &config, &clock);
    steps(&mut s, 5, &clock);
    let out = s.handle(Command::ExportCodes, &|| clock.now());
    let Some(Report::Codes(f)) = out.first() else {
        panic!("{out:?}");
    };
    let text = String::from_utf8(f.bytes.clone()).expect("text");
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "item,label,class,z1,z2");
    let n_test = s.data.as_ref().map_or(0, |d| d.split.test.len());
    assert_eq!(rows.len(), n_test + 1);
    let first: Vec<&str> = rows[1].split(',').collect();
    assert_eq!(first.len(), 5);
    assert!(
        first[3].parse::<f32>().is_ok_and(f32::is_finite),
        "{}",
        rows[1]
    );
    assert!(f.name.starts_with("codes-moons-"), "{}", f.name);
    // The same numbers the model gives.
    let codes = s
        .run
        .as_ref()
        .map(|r| r.trainer.encode(&s.data.as_ref().unwrap().split.test.x));
    let z = codes.expect("codes")[(0, 1)];
    assert_eq!(first[4].parse::<f32>().ok(), Some(z));
}
