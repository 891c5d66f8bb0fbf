use super::*;
use crate::data::DatasetId;
use crate::link::presets::BENCHMARK;
use crate::protocol::{ModelInfo, TestMetrics};
use crate::teach::lessons::{LESSONS, lesson};

fn model(noise_mse_pca: f32) -> ModelInfo {
    ModelInfo {
        dataset: DatasetId::Blobs,
        parameters: 0,
        batches_per_epoch: 1,
        code_dim: 32,
        pca_k: 10,
        pca_test_mse: 0.01,
        pca_knn: 0.5,
        pca_quick_mse: 0.01,
        pca_quick_knn: 0.5,
        pca_recon: Vec::new(),
        pca_noise_mse: noise_mse_pca,
        linear: true,
        trained_on: None,
    }
}

fn metrics(noise_mse: f32) -> TestMetrics {
    TestMetrics {
        test: Vec::new(),
        test_total: 0.0,
        test_mse: 0.001,
        test_items: 600,
        knn: 0.9,
        noise_mse,
        unit_means: Vec::new(),
        features: Vec::new(),
        jacobian: None,
        selection: Vec::new(),
        selected: Vec::new(),
        temperature: None,
        pca_r2: None,
        subspace: None,
        readings: Vec::new(),
        code_range: Vec::new(),
    }
}

/// The teacher's report: lesson 4 step 2 ("random noise no longer comes back") showed ✓ at
/// epoch 0 from an untrained net, and stayed green on the benchmark preset and the swiss
/// roll. Now: not set up, then training, and only after its budget a verdict.
#[test]
fn a_check_holds_only_on_its_own_experiment_trained_to_its_budget() {
    let l = lesson("identity").expect("lesson 4");
    let step = 1;
    let (m, info) = (metrics(0.5), model(0.1));
    let seen = |at: Option<u64>| Observed {
        metrics: Some(&m),
        model: Some(&info),
        measured_at: at,
        ..Observed::default()
    };
    let query = experiment(l, step).expect("the step sets up");
    let own = settled(query);
    // Untrained (the metrics a new model reports at 0 samples): no verdict.
    let v = verdict(l, step, &own, &seen(Some(0)));
    assert_eq!(
        v,
        Some(Verdict::Training {
            seen: 0,
            needs: 100_000
        })
    );
    // Other settings: a benchmark link, another dataset. Never a verdict, whatever the numbers.
    for other in [BENCHMARK, "data=swiss-roll&hidden=16&code=2"] {
        let (s, _) = from_query(other);
        match verdict(l, step, &s, &seen(Some(500_000))) {
            Some(Verdict::SetUp(why)) => assert!(!why.is_empty()),
            v => panic!("{other}: {v:?}"),
        }
    }
    // The step's own experiment, trained to its budget: the claim is judged.
    match verdict(l, step, &own, &seen(Some(100_000))) {
        Some(Verdict::Holds(v)) => assert!(v.contains("6.000"), "{v}"),
        v => panic!("{v:?}"),
    }
    // Nothing measured yet on the trained model: waiting, not a verdict.
    let blank = Observed {
        measured_at: Some(100_000),
        ..Observed::default()
    };
    assert_eq!(verdict(l, step, &own, &blank), Some(Verdict::Waiting));
}

/// A step without a set-up of its own checks the experiment set up before it, and every
/// step with a check has a budget and an experiment.
#[test]
fn every_check_has_an_experiment_and_a_budget() {
    for l in LESSONS {
        for (i, s) in l.steps.iter().enumerate() {
            if s.check.is_some() {
                assert!(experiment(l, i).is_some(), "{} step {}", l.id, i + 1);
                assert!(s.needs > 0, "{} step {}", l.id, i + 1);
                // Its own experiment, just set up, is not judged yet.
                let own = settled(experiment(l, i).unwrap_or_default());
                let v = verdict(l, i, &own, &Observed::default());
                assert_eq!(
                    v.map(|v| v.key()),
                    Some("training"),
                    "{} step {}",
                    l.id,
                    i + 1
                );
            }
        }
    }
}

#[test]
fn differences_say_what_differs() {
    let (a, _) = from_query(BENCHMARK);
    let mut b = a.clone();
    assert!(differences(&a, &b).is_empty());
    b.config.model.code_dim = 3;
    b.config.seed = 9;
    let d = differences(&b, &a);
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d[0].contains("784-256-64-3-64-256-784"), "{d:?}");
    let (c, _) = from_query("data=fashion");
    assert!(differences(&c, &a)[0].contains("Fashion-MNIST"));
}

/// A link to a lesson step made from other settings opens the step's own experiment; a
/// step's own link, or a link without a lesson, keeps its settings.
#[test]
fn a_lesson_link_opens_its_steps_experiment() {
    let query = "?data=mnist&hidden=256,64&code=2&lesson=identity&step=2";
    let (s, _) = from_query(query);
    let opened = opening(query, &s).expect("the step's experiment");
    let l = lesson("identity").expect("lesson 4");
    assert_eq!(opened, settled(experiment(l, 1).unwrap_or_default()));
    let own = crate::teach::lessons::step_link(l, 1);
    let (s, _) = from_query(&own);
    assert_eq!(opening(&own, &s), None);
    let (s, _) = from_query(BENCHMARK);
    assert_eq!(opening(BENCHMARK, &s), None);
}
