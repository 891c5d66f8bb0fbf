//! Gradient checks generated from the rule table: every pair of options that
//! `models::rules::table()` allows (and every combination a preset uses) gets a small net
//! with every noise held fixed (the VAE's ε, Gumbel noise and temperature, code noise, the
//! corrupted input), and the analytic gradient of the objective is compared with central
//! differences. The loss terms the backward pass reports must equal a no-gradient
//! evaluation of the same pass. An option that declares its clashes is checked with every
//! partner from that day on; a part this file cannot switch on fails the test.

use crate::deep;

use autoencoder_lab::link::from_query;
use autoencoder_lab::link::presets::PRESETS;
use autoencoder_lab::models::concrete::{ConcreteConfig, fill_gumbel};
use autoencoder_lab::models::noise::{DataRange, Noise, NoiseKind};
use autoencoder_lab::models::penalty::binary_code::BinaryCode;
use autoencoder_lab::models::penalty::{activity, binary_code, contractive, k_sparse};
use autoencoder_lab::models::regularize::{Activity, Penalty, RateDistance, RateForm};
use autoencoder_lab::models::rules::{self, Part};
use autoencoder_lab::models::stack::{self, Pretrain};
use autoencoder_lab::models::vae::{self, Likelihood, VaeConfig, fill_standard_normal};
use autoencoder_lab::models::{Autoencoder, Layer, LossTerm, concrete};
use autoencoder_lab::nn::{Activation, LossKind, Matrix};
use autoencoder_lab::train::TrainConfig;
use autoencoder_lab::train::validate::{validate_model, validate_regularization};
use deep::{numeric_gradient, relative_error, train_cfg};
use rand::{RngExt, SeedableRng, rngs::StdRng};

/// What a pair is made of: a part of the rule table, or an option that the table says
/// combines with everything (so it is paired with every part too).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Option_ {
    Part(Part),
    /// Input noise (a denoising autoencoder).
    Denoising,
    /// Binary cross-entropy instead of MSE.
    CrossEntropy,
}

impl Option_ {
    fn name(self) -> &'static str {
        match self {
            Option_::Part(p) => p.label(),
            Option_::Denoising => "input noise",
            Option_::CrossEntropy => "cross-entropy",
        }
    }

    /// The parts of the table it brings: a penalty on the code is an activity penalty too.
    fn parts(self) -> Vec<Part> {
        match self {
            Option_::Part(p) if p == activity::CODE_PART => vec![p, activity::PART],
            Option_::Part(p) => vec![p],
            _ => Vec::new(),
        }
    }
}

const INPUT: usize = 6;
const ROWS: usize = 7;

/// A small smooth net: tanh hidden layers, a sigmoid code and output (no kink for the
/// central differences to straddle), MSE.
fn base() -> TrainConfig {
    let mut c = train_cfg(
        autoencoder_lab::models::AutoencoderConfig::relu(INPUT, vec![5], 4),
        1,
    );
    c.model.activation = Activation::Tanh;
    c.model.code_activation = Activation::Sigmoid;
    c
}

fn switch_on(c: &mut TrainConfig, o: Option_) {
    let r = &mut c.regularization;
    let weighted = |code: f32| Activity {
        penalty: Penalty::Rate {
            rho: 0.2,
            form: RateForm::ALL[0],
            distance: RateDistance::ALL[0],
        },
        lambda: 0.3,
        layer_weights: vec![0.7, code],
    };
    let p = match o {
        Option_::Denoising => {
            r.noise = Some(Noise {
                kind: NoiseKind::Masking,
                level: 0.3,
                at_test: false,
            });
            return;
        }
        Option_::CrossEntropy => {
            c.model.loss = LossKind::Bce;
            return;
        }
        Option_::Part(p) => p,
    };
    if p == vae::PART {
        c.model.code_activation = Activation::Identity;
        c.model.vae = Some(VaeConfig {
            // β ≠ 1, so a KL gradient that ignores its weight fails.
            beta: 0.7,
            warmup_epochs: 0.0,
            likelihood: Likelihood::Gaussian { sigma: 0.3 },
        });
    } else if p == concrete::PART {
        c.model.code_activation = Activation::Identity;
        c.model.decoder_hidden = Some(std::mem::take(&mut c.model.hidden));
        r.concrete = Some(ConcreteConfig {
            k: c.model.code_dim,
            ..ConcreteConfig::default()
        });
    } else if p == k_sparse::PART {
        r.k_sparse = Some(2);
    } else if p == activity::PART {
        // A target rate compares mean activations with ρ: sigmoid units.
        c.model.activation = Activation::Sigmoid;
        if r.activity.is_none() {
            r.activity = Some(weighted(0.0));
        }
    } else if p == activity::CODE_PART {
        c.model.activation = Activation::Sigmoid;
        r.activity = Some(weighted(1.3));
    } else if p == contractive::PART {
        r.contractive = Some(0.2);
    } else if p == stack::PART {
        r.pretrain = Some(Pretrain {
            epochs_per_layer: 1.0,
        });
    } else if p == binary_code::PART {
        c.model.code_activation = Activation::Sigmoid;
        r.binary_code = Some(BinaryCode { noise: 1.5 });
    } else {
        panic!("this test cannot switch on {p:?}: teach `switch_on` the new option");
    }
}

/// The model of `c` with every per-batch draw fixed, the (corrupted) input and the clean
/// target.
struct Case {
    model: Autoencoder,
    trace: autoencoder_lab::models::Trace,
    input: Matrix,
    target: Matrix,
}

fn case(c: &TrainConfig, seed: u64) -> Case {
    let mut rng = StdRng::seed_from_u64(seed);
    let model = c
        .model
        .init(&mut rng)
        .with_regularization(c.regularization.clone())
        .with_concrete_init(&mut rng);
    let target = Matrix::from_fn(ROWS, c.model.input_dim, |_, _| {
        rng.random_range(0.05..0.95f32)
    });
    let mut input = target.clone();
    if let Some(noise) = c.regularization.noise {
        noise.apply(input.as_mut_slice(), DataRange::Unit, &mut rng);
    }
    let mut trace = model.trace();
    // One pass sizes every buffer; then the draws are made once and kept.
    model.forward(&input, &mut trace);
    let code_dim = c.model.code_dim;
    for p in model.penalties() {
        p.size_for_training(ROWS, code_dim, &mut trace.penalty);
        if p.noise_salt().is_some() {
            p.draw(&mut rng, &mut trace.penalty);
        }
    }
    if c.model.vae.is_some() {
        fill_standard_normal(&mut rng, trace.vae.eps.as_mut_slice());
    }
    if c.regularization.concrete.is_some() {
        fill_gumbel(&mut rng, trace.concrete.noise.as_mut_slice());
        trace.concrete.temperature = Some(0.8);
    }
    Case {
        model,
        trace,
        input,
        target,
    }
}

/// The objective the backward pass differentiates: the reported terms, the KL weighted.
fn objective(terms: &autoencoder_lab::models::LossTerms, kl_weight: f32) -> f64 {
    terms.total() + (f64::from(kl_weight) - 1.0) * terms.get(LossTerm::Kl)
}

/// Relative gradient error, and whether the reported terms equal a no-gradient pass.
fn check(k: &Case) -> (f64, Result<(), String>) {
    let (model, input, target) = (&k.model, &k.input, &k.target);
    let mut trace = k.trace.clone();
    let mut g = model.gradients();
    model.forward(input, &mut trace);
    let reported = model.backward_to(input, target, &trace, &mut g);
    let evaluated = model.loss(target, &trace);
    let mut terms = Ok(());
    for t in LossTerm::ALL {
        let (a, b) = (reported.get(t), evaluated.get(t));
        if (a - b).abs() > 1e-5 * (1.0 + b.abs()) {
            terms = Err(format!("{t:?}: backward reports {a}, evaluation {b}"));
        }
    }
    let mut analytic: Vec<f64> = Vec::new();
    let concrete = !g.concrete.logits.as_slice().is_empty();
    if concrete {
        analytic.extend(g.concrete.logits.as_slice().iter().map(|&v| f64::from(v)));
    }
    for (lg, layer) in g
        .layers
        .iter()
        .zip(model.layers())
        .skip(usize::from(concrete))
    {
        if matches!(layer, Layer::Own(_)) {
            analytic.extend(lg.weight.as_slice().iter().map(|&v| f64::from(v)));
        }
        analytic.extend(lg.bias.iter().map(|&v| f64::from(v)));
    }
    let kl_weight = k.trace.vae.kl_weight;
    let loss_at = |m: &Autoencoder| {
        let mut t = k.trace.clone();
        m.forward(input, &mut t);
        objective(&m.loss(target, &t), kl_weight)
    };
    let numeric = numeric_gradient(model, loss_at);
    (relative_error(&analytic, &numeric), terms)
}

/// Checks `c` (and, with pretraining, its first stage, a plain shallow autoencoder).
fn check_config(name: &str, c: &TrainConfig, seed: u64) -> Vec<String> {
    let mut failures = Vec::new();
    let k = case(c, seed);
    let (err, terms) = check(&k);
    if err > 1e-2 {
        failures.push(format!("{name}: relative gradient error {err:.2e}"));
    }
    if let Err(e) = terms {
        failures.push(format!("{name}: {e}"));
    }
    if c.regularization.pretrain.is_some() {
        let stage = Case {
            model: k.model.shallow_stage(0),
            trace: k.model.shallow_stage(0).trace(),
            input: k.target.clone(),
            target: k.target.clone(),
        };
        let (err, _) = check(&stage);
        if err > 1e-2 {
            failures.push(format!(
                "{name}, pretraining stage: relative error {err:.2e}"
            ));
        }
    }
    println!("{name}: relative gradient error {err:.1e}");
    failures
}

fn valid(c: &TrainConfig) -> Result<(), String> {
    validate_model(&c.model).map_err(|e| e.to_string())?;
    validate_regularization(&c.regularization, &c.model, c.batch_size).map_err(|e| e.to_string())
}

#[test]
fn every_pair_the_rule_table_allows_has_a_true_gradient() {
    let mut options: Vec<Option_> = rules::parts().into_iter().map(Option_::Part).collect();
    options.extend([Option_::Denoising, Option_::CrossEntropy]);
    let (mut checked, mut clashing, mut failures) = (0, 0, Vec::new());
    let mut refused = Vec::new();
    for (i, &a) in options.iter().enumerate() {
        for &b in &options[i + 1..] {
            let parts: Vec<Part> = [a, b].iter().flat_map(|o| o.parts()).collect();
            if rules::clashes(&parts).next().is_some() {
                clashing += 1;
                continue;
            }
            let mut c = base();
            switch_on(&mut c, a);
            switch_on(&mut c, b);
            let name = format!("{} + {}", a.name(), b.name());
            if let Err(why) = valid(&c) {
                refused.push(format!("{name}: {why}"));
                continue;
            }
            failures.extend(check_config(&name, &c, 100 + checked as u64));
            checked += 1;
        }
    }
    println!(
        "{} options: {checked} allowed pairs gradient-checked, {clashing} pairs the table refuses",
        options.len()
    );
    for r in &refused {
        println!("refused outside the table: {r}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        refused.is_empty(),
        "pairs the table allows but validation refuses: {refused:#?}"
    );
    assert!(checked >= 25, "only {checked} pairs checked");
}

/// Each preset's own combination, on a net shrunk to the test's size (its activations,
/// loss and options kept, ReLU made tanh so no kink falls between two difference points).
#[test]
fn every_preset_combination_has_a_true_gradient() {
    let mut failures = Vec::new();
    for (name, _, link) in PRESETS {
        let (settings, notes) = from_query(link);
        assert!(notes.is_empty(), "{name}: {notes:?}");
        let mut c = settings.to_config(settings.dataset.shape());
        let m = &mut c.model;
        m.input_dim = INPUT;
        m.hidden.iter_mut().for_each(|w| *w = 5);
        if let Some(d) = m.decoder_hidden.as_mut() {
            d.iter_mut().for_each(|w| *w = 5);
        }
        m.code_dim = m.code_dim.min(4);
        if m.activation == Activation::Relu {
            m.activation = Activation::Tanh;
        }
        let r = &mut c.regularization;
        if let Some(k) = r.k_sparse.as_mut() {
            *k = (*k).min(2);
        }
        if let Some(cc) = r.concrete.as_mut() {
            cc.k = c.model.code_dim;
        }
        if let Some(v) = c.model.vae.as_mut() {
            v.beta = 0.7;
        }
        valid(&c).unwrap_or_else(|e| panic!("{name} shrunk: {e}"));
        failures.extend(check_config(name, &c, 7));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
