//! The rule table is the one place combinations are decided: for every pair of variant
//! parts, the page's settings check and the core's validation agree with it, and picking a
//! model kind switches off exactly what the table says clashes with it.

use autoencoder_lab::data::DatasetId;
use autoencoder_lab::models::concrete::ConcreteConfig;
use autoencoder_lab::models::noise::{Noise, NoiseKind};
use autoencoder_lab::models::penalty::binary_code::BinaryCode;
use autoencoder_lab::models::penalty::{activity, binary_code, contractive, k_sparse};
use autoencoder_lab::models::regularize::{Activity, Penalty};
use autoencoder_lab::models::rules::{Part, clashes, table};
use autoencoder_lab::models::stack::{self, Pretrain};
use autoencoder_lab::models::vae::{self, VaeConfig};
use autoencoder_lab::models::{concrete, problem::Field};
use autoencoder_lab::nn::Activation;
use autoencoder_lab::settings::LabSettings;
use autoencoder_lab::settings::variant::{drop_clashing, parts};
use autoencoder_lab::train::validate::validate_regularization;

const PARTS: [Part; 8] = [
    vae::PART,
    concrete::PART,
    k_sparse::PART,
    activity::PART,
    activity::CODE_PART,
    contractive::PART,
    stack::PART,
    binary_code::PART,
];

/// Each option declares its pairs in its own file: together they name exactly these parts,
/// so a new option's pairs are tested here too.
#[test]
fn the_table_names_every_part_tested_here() {
    let mut named = autoencoder_lab::models::rules::parts();
    named.sort_by_key(|p| p.label());
    let mut tested = PARTS.to_vec();
    tested.sort_by_key(|p| p.label());
    assert_eq!(named, tested);
}

/// A small MNIST net with `p` switched on (and nothing else the part does not need).
fn switch_on(s: &mut LabSettings, p: Part) {
    let r = &mut s.config.regularization;
    let activity = |code: f32| Activity {
        penalty: Penalty::L1,
        lambda: 1e-3,
        layer_weights: vec![1.0, code],
    };
    if p == vae::PART {
        s.config.model.vae = Some(VaeConfig::default());
    } else if p == concrete::PART {
        r.concrete = Some(ConcreteConfig {
            k: s.config.model.code_dim,
            ..ConcreteConfig::default()
        });
    } else if p == k_sparse::PART {
        r.k_sparse = Some(2);
    } else if p == activity::PART {
        if r.activity.is_none() {
            r.activity = Some(activity(0.0));
        }
    } else if p == activity::CODE_PART {
        r.activity = Some(activity(1.0));
    } else if p == contractive::PART {
        r.contractive = Some(1e-3);
    } else if p == stack::PART {
        r.pretrain = Some(Pretrain {
            epochs_per_layer: 1.0,
        });
    } else if p == binary_code::PART {
        r.binary_code = Some(BinaryCode { noise: 4.0 });
    } else {
        panic!("no way to switch on {p:?}");
    }
}

fn base() -> LabSettings {
    let mut s = LabSettings::for_dataset(DatasetId::Mnist);
    s.config.model.hidden = vec![32];
    s.config.model.code_dim = 8;
    s
}

#[test]
fn every_pair_is_judged_by_the_table_alike_on_the_page_and_in_the_core() {
    let mut pairs = 0;
    for (i, &a) in PARTS.iter().enumerate() {
        for &b in &PARTS[i + 1..] {
            let mut s = base();
            switch_on(&mut s, a);
            switch_on(&mut s, b);
            let on = parts(&s);
            assert!(on.contains(&a) && on.contains(&b), "{a:?} {b:?}: {on:?}");
            let expected: Vec<String> = clashes(&on).map(|c| c.message()).collect();
            let in_table = table().any(|c| (c.a, c.b) == (a, b) || (c.a, c.b) == (b, a));
            // A code penalty is also an activity penalty: its clashes come along.
            let implied =
                b == activity::CODE_PART && table().any(|c| c.a == a && c.b == activity::PART);
            assert_eq!(!expected.is_empty(), in_table || implied, "{a:?} + {b:?}");
            let page: Vec<String> = s.problems().into_iter().map(|(_, m)| m).collect();
            for m in &expected {
                assert!(page.contains(m), "{a:?} + {b:?}: page says {page:?}");
            }
            let tc = s.to_config(s.dataset.shape());
            let core = validate_regularization(&tc.regularization, &tc.model, tc.batch_size);
            match expected.first() {
                Some(m) => assert_eq!(core.map_err(|e| e.to_string()), Err(m.clone())),
                None => {
                    if let Err(e) = core {
                        assert!(!e.to_string().contains("do not combine"), "{e}");
                    }
                }
            }
            pairs += 1;
        }
    }
    assert_eq!(pairs, 28);
}

#[test]
fn picking_a_model_kind_switches_off_what_clashes_with_it_and_keeps_the_rest() {
    for kind in [vae::PART, concrete::PART] {
        let mut s = base();
        s.config.model.code_activation = Activation::Sigmoid;
        for p in [
            k_sparse::PART,
            activity::CODE_PART,
            contractive::PART,
            stack::PART,
            binary_code::PART,
        ] {
            switch_on(&mut s, p);
        }
        s.config.regularization.noise = Some(Noise {
            kind: NoiseKind::Masking,
            level: 0.3,
            at_test: false,
        });
        drop_clashing(&mut s, kind);
        switch_on(&mut s, kind);
        assert_eq!(clashes(&parts(&s)).count(), 0, "{kind:?}: {:?}", parts(&s));
        // Input noise combines with everything; the VAE keeps a penalty on hidden layers.
        assert!(s.config.regularization.noise.is_some());
        assert_eq!(
            s.config.regularization.activity.is_some(),
            kind == vae::PART,
            "{kind:?}"
        );
    }
}

/// One validation pass: an option out of the lab's range is refused by the core with the
/// sentence the page shows beside the option's field. (Before, the core had limits of its
/// own: it accepted λ = 11, β = 200 and Gaussian noise of σ = 5, which the page refused,
/// and it never weighed the contractive penalty's cost.)
#[test]
fn every_limit_is_the_same_on_the_page_and_in_the_core() {
    type Edit = Box<dyn Fn(&mut LabSettings)>;
    let cases: Vec<(Field, Edit)> = vec![
        (
            Field::Part(k_sparse::PART),
            Box::new(|s| s.config.regularization.k_sparse = Some(8)),
        ),
        (
            Field::Lambda,
            Box::new(|s| {
                switch_on(s, activity::CODE_PART);
                if let Some(a) = s.config.regularization.activity.as_mut() {
                    a.lambda = 11.0;
                }
            }),
        ),
        (
            Field::LayerWeights,
            Box::new(|s| {
                switch_on(s, activity::CODE_PART);
                if let Some(a) = s.config.regularization.activity.as_mut() {
                    a.layer_weights[0] = 12.0;
                }
            }),
        ),
        (
            Field::Rho,
            Box::new(|s| {
                s.config.model.activation = Activation::Sigmoid;
                s.config.model.code_activation = Activation::Sigmoid;
                switch_on(s, activity::CODE_PART);
                if let Some(a) = s.config.regularization.activity.as_mut() {
                    a.penalty = Penalty::Rate {
                        rho: 1.5,
                        form: autoencoder_lab::models::regularize::RateForm::PerUnit,
                        distance: autoencoder_lab::models::regularize::RateDistance::Kl,
                    }
                }
            }),
        ),
        (
            Field::Part(contractive::PART),
            Box::new(|s| s.config.regularization.contractive = Some(11.0)),
        ),
        (
            Field::Part(contractive::PART),
            Box::new(|s| {
                s.config.model.hidden = vec![1024, 1024];
                s.config.regularization.contractive = Some(0.1);
            }),
        ),
        (
            Field::NoiseLevel,
            Box::new(|s| {
                s.config.regularization.noise = Some(Noise {
                    kind: NoiseKind::Gaussian,
                    level: 5.0,
                    at_test: false,
                })
            }),
        ),
        (
            Field::Part(stack::PART),
            Box::new(|s| {
                s.config.regularization.pretrain = Some(Pretrain {
                    epochs_per_layer: 500.0,
                })
            }),
        ),
        (
            Field::Part(vae::PART),
            Box::new(|s| {
                s.config.model.vae = Some(VaeConfig {
                    beta: 200.0,
                    ..VaeConfig::default()
                })
            }),
        ),
        (
            Field::Part(concrete::PART),
            Box::new(|s| {
                s.config.regularization.concrete = Some(ConcreteConfig {
                    k: s.config.model.code_dim,
                    t0: 1000.0,
                    ..ConcreteConfig::default()
                })
            }),
        ),
        (
            Field::Part(binary_code::PART),
            Box::new(|s| {
                s.config.model.code_activation = Activation::Sigmoid;
                s.config.regularization.binary_code = Some(BinaryCode { noise: 40.0 });
            }),
        ),
    ];
    for (field, edit) in cases {
        let mut s = base();
        edit(&mut s);
        let page = s.problems();
        assert_eq!(page.len(), 1, "{field:?}: {page:?}");
        assert_eq!(page[0].0, field, "{page:?}");
        let tc = s.to_config(s.dataset.shape());
        let core = validate_regularization(&tc.regularization, &tc.model, tc.batch_size);
        assert_eq!(core.map_err(|e| e.to_string()), Err(page[0].1.clone()));
    }
}
