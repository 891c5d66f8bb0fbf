//! Concrete autoencoder: seeded Gumbel-softmax sampling, a finite-difference gradient check
//! with the noise fixed, feature selection on synthetic data and on MNIST, and configuration.

use crate::deep;

use autoencoder_lab::data::{Dataset, SampleShape, Split};
use autoencoder_lab::models::concrete::{ConcreteConfig, fill_gumbel};
use autoencoder_lab::models::regularize::{Activity, Penalty, Regularization};
use autoencoder_lab::models::{Autoencoder, AutoencoderConfig, VaeConfig};
use autoencoder_lab::nn::{Activation, Batcher, LossKind, Matrix, OptimizerConfig, OptimizerKind};
use autoencoder_lab::train::{
    ConfigError, MAX_HIDDEN_LAYERS, MAX_WIDTH, MirrorUse, Pretrain, TrainConfig, Trainer,
};
use deep::{numeric_gradient, relative_error};
use nalgebra::DMatrix;
use rand::{RngExt, SeedableRng, rngs::StdRng};

fn points(x: DMatrix<f32>) -> Dataset {
    let n = x.nrows();
    Dataset {
        shape: SampleShape::Points { dim: x.ncols() },
        x,
        labels: vec![0; n],
        class_names: vec!["all".into()],
    }
}

/// A concrete model selecting `k` of `d` features, decoded by one dense layer.
fn config(d: usize, k: usize, output: Activation, c: ConcreteConfig) -> TrainConfig {
    TrainConfig {
        model: AutoencoderConfig {
            input_dim: d,
            hidden: vec![],
            code_dim: k,
            activation: Activation::Relu,
            code_activation: Activation::Identity,
            output_activation: output,
            loss: LossKind::Mse,
            tied_weights: false,
            vae: None,
            decoder_hidden: None,
        },
        optimizer: OptimizerConfig::new(OptimizerKind::Adam, 1e-2),
        batch_size: 64,
        seed: 7,
        regularization: Regularization {
            concrete: Some(c),
            ..Regularization::default()
        },
    }
}

fn concrete(k: usize, epochs: f32) -> ConcreteConfig {
    ConcreteConfig {
        k,
        t0: 10.0,
        t_end: 0.05,
        epochs,
    }
}

/// d = 20: features 0..5 independent uniform on [0, 1]; features 5..15 exact copies of them
/// (feature `i` is a copy of `i % 5`); features 15..20 uniform noise on [0, 1] independent of
/// everything. A copy carries exactly its original's information, so "informative" means
/// "in 0..15", and a correct selection covers each of the five originals once.
fn synthetic(n: usize, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut x = DMatrix::zeros(n, 20);
    for r in 0..n {
        for c in 0..5 {
            x[(r, c)] = rng.random_range(0.0..1.0f32);
        }
        for c in 5..20 {
            x[(r, c)] = if c < 15 {
                x[(r, c % 5)]
            } else {
                rng.random_range(0.0..1.0f32)
            };
        }
    }
    points(x)
}

#[test]
fn gumbel_sampling_is_seeded_and_reproducible() {
    let draw = |seed| {
        let mut v = vec![0.0f32; 4096];
        fill_gumbel(&mut StdRng::seed_from_u64(seed), &mut v);
        v
    };
    let (a, b, c) = (draw(1), draw(1), draw(2));
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a.iter().all(|g| g.is_finite()));
    let mean = a.iter().map(|&g| f64::from(g)).sum::<f64>() / a.len() as f64;
    println!("Gumbel mean over 4096 draws: {mean:.4} (Euler–Mascheroni 0.5772)");
    assert!((mean - 0.5772).abs() < 0.1);

    let data = synthetic(512, 3);
    let run = |seed| {
        let mut cfg = config(20, 5, Activation::Identity, concrete(5, 2.0));
        cfg.seed = seed;
        let mut t = Trainer::new(cfg, data.clone()).expect("valid");
        t.step(40).expect("trains");
        t.params_checksum()
    };
    let (a, b, c) = (run(11), run(11), run(12));
    println!("checksums: seed 11 {a:#018x} twice {b:#018x}, seed 12 {c:#018x}");
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn temperature_anneals_exponentially() {
    let c = concrete(5, 4.0);
    assert_eq!(c.temperature_at(0.0), 10.0);
    assert_eq!(c.temperature_at(4.0), 0.05);
    assert_eq!(c.temperature_at(9.0), 0.05);
    let mid = c.temperature_at(2.0);
    println!("T(0) = 10, T(2) = {mid}, T(4) = 0.05");
    assert!((mid - (10.0f32 * 0.05).sqrt()).abs() < 1e-4);
    let data = synthetic(256, 1);
    let mut t = Trainer::new(config(20, 5, Activation::Identity, c), data).expect("valid");
    assert_eq!(t.concrete_temperature(), Some(10.0));
    let per = t.batches_per_epoch();
    t.step(per * 2).expect("trains");
    assert_eq!(t.concrete_temperature(), Some(mid));
}

/// Relative error of the analytic gradient (logits, then every decoder layer's weight and
/// bias) against central differences of the loss, with the Gumbel noise and the temperature
/// held fixed: for a one-layer decoder and for an MLP decoder `3 → 4 → 5 → 7`.
#[test]
fn gradient_matches_finite_differences_with_the_noise_fixed() {
    let runs = [(1u64, 2.0f32, None), (2, 0.7, None), (3, 0.3, None)]
        .into_iter()
        .chain([(4, 1.0, Some(vec![4, 5])), (5, 0.3, Some(vec![4, 5]))]);
    for (seed, temperature, decoder) in runs {
        let mut cfg = config(7, 3, Activation::Sigmoid, concrete(3, 1.0));
        // tanh: smooth everywhere, so central differences do not straddle a ReLU kink.
        cfg.model.activation = Activation::Tanh;
        cfg.model.decoder_hidden = decoder.clone();
        let mut rng = StdRng::seed_from_u64(seed);
        let mut model = cfg
            .model
            .init(&mut rng)
            .with_regularization(cfg.regularization.clone())
            .with_concrete_init(&mut rng);
        // Spread the logits so the softmax is far from uniform.
        model.visit_params_mut(|p| p.iter_mut().for_each(|v| *v *= 3.0));
        let x = Matrix::from_fn(9, 7, |_, _| rng.random_range(0.0..1.0f32));
        let mut trace = model.trace();
        fill_gumbel(&mut rng, trace.concrete.noise.as_mut_slice());
        trace.concrete.temperature = Some(temperature);
        let mut g = model.gradients();
        model.forward(&x, &mut trace);
        model.backward(&x, &trace, &mut g);
        let mut analytic: Vec<f64> = Vec::new();
        // The order of `visit_params`: logits, then each decoder layer's weight and bias.
        let mut grads = vec![g.concrete.logits.as_slice()];
        for layer in &g.layers[1..] {
            grads.extend([layer.weight.as_slice(), &layer.bias[..]]);
        }
        assert_eq!(grads.len(), 1 + 2 * cfg.model.n_layers() - 2);
        grads
            .iter()
            .for_each(|s| analytic.extend(s.iter().map(|&v| f64::from(v))));
        let loss_at = |m: &Autoencoder| {
            let mut t = m.trace();
            t.concrete.noise.copy_from(&trace.concrete.noise);
            t.concrete.temperature = Some(temperature);
            m.forward(&x, &mut t);
            m.loss(&x, &t).total()
        };
        let err = relative_error(&analytic, &numeric_gradient(&model, loss_at));
        let logit_norm: f64 = analytic[..21].iter().map(|a| a * a).sum::<f64>().sqrt();
        println!(
            "decoder hidden {decoder:?}, T = {temperature}: relative error {err:.2e}, \
             |∂L/∂α| = {logit_norm:.3e}"
        );
        assert!(logit_norm > 1e-4, "the logits get a gradient");
        assert!(err < 1e-2, "relative gradient error {err}");
    }
}

#[test]
fn selects_the_informative_features_on_synthetic_data() {
    for seed in 1u64..=8 {
        let data = synthetic(2048, seed);
        // Annealing to 0.2 rather than lower keeps a node that drifted onto a noise feature
        // soft enough to move to the missing original (at T → 0 its gradient vanishes).
        let c = ConcreteConfig {
            t_end: 0.2,
            ..concrete(5, 40.0)
        };
        let mut cfg = config(20, 5, Activation::Identity, c);
        cfg.seed = seed;
        let mut t = Trainer::new(cfg, data.clone()).expect("valid");
        let per = t.batches_per_epoch();
        t.step(per * 50).expect("trains");
        let picked = t.model().selected_features();
        // A copy (5..15) counts as its original: both carry the same information.
        let mut groups: Vec<usize> = picked
            .iter()
            .map(|&i| if i < 15 { i % 5 } else { i })
            .collect();
        groups.sort_unstable();
        let mse = t.evaluate(&data).mse_per_pixel;
        println!(
            "seed {seed}: selected features {picked:?} → groups {groups:?}; train MSE {mse:.5}"
        );
        let map = t.model().selection_map(0.05);
        println!(
            "  selection map at T = 0.05: {:?}",
            map.iter()
                .map(|v| (v * 100.0).round() / 100.0)
                .collect::<Vec<_>>()
        );
        assert_eq!(groups, vec![0, 1, 2, 3, 4], "seed {seed}");
    }
}

/// Test MSE of `model`'s hard-selection reconstruction.
fn test_mse(model: &Autoencoder, test: &Dataset) -> f64 {
    let y = model.reconstruct(&test.x);
    let se: f64 = y
        .iter()
        .zip(test.x.iter())
        .map(|(a, b)| f64::from(a - b).powi(2))
        .sum();
    se / test.x.len() as f64
}

/// Random-pixel baseline: a concrete model whose selection is fixed one-hot on `pixels`. It
/// trains in hard mode (no temperature), where the logits get no gradient, so only the decoder
/// learns, with the same optimiser, batch size and number of batches as the concrete run.
fn train_fixed_selection(
    cfg: &TrainConfig,
    train: &Dataset,
    pixels: &[usize],
    batches: usize,
) -> Autoencoder {
    let mut rng = StdRng::seed_from_u64(cfg.seed);
    let mut model = cfg
        .model
        .init(&mut rng)
        .with_regularization(cfg.regularization.clone())
        .with_concrete_init(&mut rng);
    let k = pixels.len();
    let mut first = true;
    model.visit_params_mut(|p| {
        if std::mem::take(&mut first) {
            p.fill(0.0);
            pixels
                .iter()
                .enumerate()
                .for_each(|(j, &i)| p[i * k + j] = 1.0);
        }
    });
    assert_eq!(model.selected_features(), pixels);
    let mut opt = cfg.optimizer.init();
    let mut batcher = Batcher::new(train.len(), cfg.batch_size, cfg.seed);
    let data = Matrix::from_dmatrix(&train.x);
    let mut batch = Matrix::zeros(cfg.batch_size, train.dim());
    let (mut trace, mut g) = (model.trace(), model.gradients());
    for _ in 0..batches {
        for (r, &i) in batcher.next_batch().iter().enumerate() {
            batch.row_mut(r).copy_from_slice(data.row(i as usize));
        }
        model.forward(&batch, &mut trace);
        model.backward(&batch, &trace, &mut g);
        model.apply_gradients(&g, &mut opt);
    }
    assert_eq!(
        model.selected_features(),
        pixels,
        "the selection stayed fixed"
    );
    model
}

/// Test MSE on MNIST of `k = 50` concrete-selected pixels and of 50 random pixels, each
/// decoded by the decoder with hidden widths `decoder` (`None`: one dense layer), trained with
/// the same optimiser and number of batches.
fn concrete_vs_random(split: &Split, decoder: Option<Vec<usize>>) -> (f64, f64) {
    let train = split
        .train
        .subset(&(0..split.train.len().min(10_000)).collect::<Vec<_>>());
    let test = split
        .test
        .subset(&(0..split.test.len().min(2_000)).collect::<Vec<_>>());
    let k = 50;
    // T falls 10 → 0.01 over 15 epochs, then 5 epochs at 0.01 let the decoder settle on the
    // (by then almost one-hot) selection the test uses.
    let c = ConcreteConfig {
        t_end: 0.01,
        ..concrete(k, 15.0)
    };
    let mut cfg = config(784, k, Activation::Sigmoid, c);
    cfg.model.decoder_hidden = decoder.clone();
    let mut t = Trainer::new(cfg.clone(), train.clone()).expect("valid");
    let batches = t.batches_per_epoch() * 20;
    t.step(batches).expect("trains");
    let concrete_mse = test_mse(t.model(), &test);
    let picked = t.model().selected_features();
    let mut distinct = picked.clone();
    distinct.sort_unstable();
    distinct.dedup();

    let mut rng = StdRng::seed_from_u64(2024);
    let mut pool: Vec<usize> = (0..784).collect();
    let mut random = Vec::new();
    for _ in 0..k {
        random.push(pool.swap_remove(rng.random_range(0..pool.len())));
    }
    let baseline = train_fixed_selection(&cfg, &train, &random, batches);
    let random_mse = test_mse(&baseline, &test);
    println!(
        "MNIST k = {k}, decoder hidden {decoder:?}, {batches} batches of 64: test MSE \
         concrete {concrete_mse:.5} ({} distinct pixels), random pixels {random_mse:.5}",
        distinct.len()
    );
    println!(
        "selected pixels (row, col): {:?}",
        picked.iter().map(|i| (i / 28, i % 28)).collect::<Vec<_>>()
    );
    (concrete_mse, random_mse)
}

#[test]
fn mnist_selected_pixels_beat_random_pixels() {
    let split = deep::mnist();
    let (linear, linear_random) = concrete_vs_random(&split, None);
    assert!(linear < linear_random);
    // The decoder may be any MLP: a hidden layer decodes the same k pixels better still.
    let (mlp, mlp_random) = concrete_vs_random(&split, Some(vec![256]));
    assert!(mlp < mlp_random);
    println!("one-layer decoder {linear:.5}, 50-256-784 decoder {mlp:.5}");
    assert!(mlp < linear);
}

#[test]
fn config_round_trips_and_old_configs_load() {
    let cfg = config(784, 50, Activation::Sigmoid, concrete(50, 8.0));
    let json = serde_json::to_string(&cfg).expect("serialises");
    let back: TrainConfig = serde_json::from_str(&json).expect("parses");
    assert_eq!(back, cfg);
    let reg: Regularization = serde_json::from_str("{}").expect("old config");
    assert_eq!(reg.concrete, None);
    let mut old = serde_json::to_value(&cfg).expect("value");
    old["regularization"]
        .as_object_mut()
        .expect("object")
        .remove("concrete");
    let old: TrainConfig = serde_json::from_value(old).expect("loads without the field");
    assert_eq!(old.regularization, Regularization::default());
}

#[test]
fn invalid_concrete_configs_are_typed_errors() {
    let data = synthetic(64, 2);
    let base = config(20, 5, Activation::Identity, concrete(5, 2.0));
    let with = |f: &dyn Fn(&mut TrainConfig)| {
        let mut c = base.clone();
        f(&mut c);
        c
    };
    let set = |f: fn(&mut ConcreteConfig)| {
        move |c: &mut TrainConfig| f(c.regularization.concrete.as_mut().expect("set"))
    };
    let cases: Vec<(&str, TrainConfig)> = vec![
        (
            "k = 0",
            with(&|c| {
                set(|k| k.k = 0)(c);
            }),
        ),
        (
            "k > d",
            with(&|c| {
                set(|k| k.k = 21)(c);
                c.model.code_dim = 21;
            }),
        ),
        ("k ≠ code_dim", with(&|c| c.model.code_dim = 4)),
        ("hidden layers", with(&|c| c.model.hidden = vec![8])),
        (
            "code activation",
            with(&|c| c.model.code_activation = Activation::Sigmoid),
        ),
        ("tied weights", with(&|c| c.model.tied_weights = true)),
        ("t0 = t_end", with(&|c| set(|k| k.t_end = 10.0)(c))),
        ("t_end = 0", with(&|c| set(|k| k.t_end = 0.0)(c))),
        ("t0 = NaN", with(&|c| set(|k| k.t0 = f32::NAN)(c))),
        ("t0 = ∞", with(&|c| set(|k| k.t0 = f32::INFINITY)(c))),
        ("epochs = 0", with(&|c| set(|k| k.epochs = 0.0)(c))),
        ("epochs = NaN", with(&|c| set(|k| k.epochs = f32::NAN)(c))),
        (
            "VAE",
            with(&|c| {
                c.model.vae = Some(VaeConfig::default());
                c.model.output_activation = Activation::Sigmoid;
            }),
        ),
        ("k-sparse", with(&|c| c.regularization.k_sparse = Some(2))),
        (
            "activity",
            with(&|c| {
                c.regularization.activity = Some(Activity {
                    penalty: Penalty::L1,
                    lambda: 0.1,
                    layer_weights: vec![1.0],
                })
            }),
        ),
        (
            "contractive",
            with(&|c| c.regularization.contractive = Some(0.1)),
        ),
        (
            "pretraining",
            with(&|c| {
                c.regularization.pretrain = Some(Pretrain {
                    epochs_per_layer: 1.0,
                })
            }),
        ),
    ];
    for (name, cfg) in cases {
        match Trainer::new(cfg, data.clone()) {
            Err(e @ ConfigError::InvalidRegularization(_)) => println!("{name}: {e}"),
            Err(e) => panic!("{name}: another error {e:?}"),
            Ok(_) => panic!("{name}: accepted"),
        }
    }
    Trainer::new(base, data).expect("the base config is valid");
}

/// A decoder with widths of its own (what a concrete model decodes through) is checked like
/// the encoder, and refused where layers are paired with their mirrors.
#[test]
fn own_decoder_widths_are_checked() {
    let data = synthetic(64, 2);
    let mut base = config(20, 5, Activation::Identity, concrete(5, 2.0));
    base.model.decoder_hidden = Some(vec![16, 8]);
    assert_eq!(base.model.widths(), vec![20, 5, 16, 8, 20]);
    let mut t = Trainer::new(base.clone(), data.clone()).expect("an MLP decoder is valid");
    // The selector's d × k logits, then the decoder's three dense layers.
    let decoder = 5 * 16 + 16 + 16 * 8 + 8 + 8 * 20 + 20;
    assert_eq!(t.param_count(), 20 * 5 + decoder);
    t.step(5).expect("trains");
    let with = |f: &dyn Fn(&mut TrainConfig)| {
        let mut c = base.clone();
        f(&mut c);
        c
    };
    let plain = |f: &dyn Fn(&mut TrainConfig)| {
        with(&|c| {
            c.regularization.concrete = None;
            f(c)
        })
    };
    let cases: Vec<(&str, TrainConfig, ConfigError)> = vec![
        (
            "width 0",
            with(&|c| c.model.decoder_hidden = Some(vec![16, 0])),
            ConfigError::BadDecoderLayers {
                count: 2,
                layer: Some((2, 0)),
                max_width: MAX_WIDTH,
                max_count: MAX_HIDDEN_LAYERS,
            },
        ),
        (
            "too wide",
            with(&|c| c.model.decoder_hidden = Some(vec![MAX_WIDTH + 1])),
            ConfigError::BadDecoderLayers {
                count: 1,
                layer: Some((1, MAX_WIDTH + 1)),
                max_width: MAX_WIDTH,
                max_count: MAX_HIDDEN_LAYERS,
            },
        ),
        (
            "too deep",
            with(&|c| c.model.decoder_hidden = Some(vec![4; MAX_HIDDEN_LAYERS + 1])),
            ConfigError::BadDecoderLayers {
                count: MAX_HIDDEN_LAYERS + 1,
                layer: None,
                max_width: MAX_WIDTH,
                max_count: MAX_HIDDEN_LAYERS,
            },
        ),
        (
            "tied",
            plain(&|c| c.model.tied_weights = true),
            ConfigError::DecoderNotMirrored {
                needs: MirrorUse::TiedWeights,
            },
        ),
        (
            "pretraining",
            plain(&|c| {
                c.regularization.pretrain = Some(Pretrain {
                    epochs_per_layer: 1.0,
                })
            }),
            ConfigError::DecoderNotMirrored {
                needs: MirrorUse::Pretraining,
            },
        ),
    ];
    for (name, cfg, want) in cases {
        match Trainer::new(cfg, data.clone()) {
            Err(e) => {
                println!("{name}: {e}");
                assert_eq!(e, want, "{name}");
            }
            Ok(_) => panic!("{name}: accepted"),
        }
    }
    // Configs saved before decoders had widths of their own load as mirrored.
    let mut old = serde_json::to_value(&base).expect("value");
    old["model"]
        .as_object_mut()
        .expect("object")
        .remove("decoder_hidden");
    let old: TrainConfig = serde_json::from_value(old).expect("loads without the field");
    assert_eq!(old.model.decoder_hidden, None);
}
