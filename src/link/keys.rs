//! The link's table of keys: one entry a setting, saying how it is written and read back,
//! with the names its choices go by in a link (`act=relu`, `noise=mask`).

use crate::data::DatasetId;
use crate::models::concrete::ConcreteConfig;
use crate::models::noise::{Noise, NoiseKind};
use crate::models::regularize::{Activity, Penalty, RateDistance, RateForm, Regularization};
use crate::models::stack::Pretrain;
use crate::models::vae::{Likelihood, VaeConfig};
use crate::nn::{Activation, LossKind, OptimizerKind};
use crate::settings::LabSettings;
use crate::settings::variant::default_layer_weights;

/// One link parameter: how a setting is written (`None`: left out) and read back (`false`:
/// the value is unreadable, or belongs to an option the link did not switch on).
pub struct Key {
    pub name: &'static str,
    pub(super) write: fn(&LabSettings) -> Option<String>,
    pub(super) read: fn(&mut LabSettings, &str) -> bool,
}

const fn key(
    name: &'static str,
    write: fn(&LabSettings) -> Option<String>,
    read: fn(&mut LabSettings, &str) -> bool,
) -> Key {
    Key { name, write, read }
}

const ACTIVATIONS: [(Activation, &str); 5] = [
    (Activation::Identity, "identity"),
    (Activation::Sigmoid, "sigmoid"),
    (Activation::Tanh, "tanh"),
    (Activation::Relu, "relu"),
    (Activation::LeakyRelu, "leaky-relu"),
];
const LOSSES: [(LossKind, &str); 2] = [(LossKind::Mse, "mse"), (LossKind::Bce, "bce")];
const OPTIMIZERS: [(OptimizerKind, &str); 3] = [
    (OptimizerKind::Sgd, "sgd"),
    (OptimizerKind::Momentum, "momentum"),
    (OptimizerKind::Adam, "adam"),
];
const NOISES: [(NoiseKind, &str); 3] = [
    (NoiseKind::Masking, "mask"),
    (NoiseKind::SaltPepper, "saltpepper"),
    (NoiseKind::Gaussian, "gauss"),
];
const FORMS: [(RateForm, &str); 2] = [(RateForm::PerInput, "input"), (RateForm::PerUnit, "unit")];
/// Likelihood kinds; a Gaussian's σ (its own key) starts at 0.1.
const LIKELIHOODS: [(Likelihood, &str); 2] = [
    (Likelihood::Bernoulli, "bernoulli"),
    (Likelihood::Gaussian { sigma: 0.1 }, "gauss"),
];
const DISTANCES: [(RateDistance, &str); 3] = [
    (RateDistance::Kl, "kl"),
    (RateDistance::L1, "l1"),
    (RateDistance::L2, "l2"),
];

/// By kind: a Gaussian likelihood is "gauss" whatever its σ.
fn slug<T>(table: &[(T, &'static str)], v: &T) -> String {
    let kind = std::mem::discriminant(v);
    table
        .iter()
        .find(|(t, _)| std::mem::discriminant(t) == kind)
        .map_or("", |(_, s)| *s)
        .into()
}

fn parse<T: Copy>(table: &[(T, &str)], s: &str) -> Option<T> {
    table.iter().find(|(_, name)| *name == s).map(|(t, _)| *t)
}

fn list<T: ToString>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

fn parse_list<T: std::str::FromStr>(v: &str) -> Option<Vec<T>> {
    if v.is_empty() {
        return Some(Vec::new());
    }
    v.split(',').map(|w| w.trim().parse().ok()).collect()
}

/// Parse `v` and `put` it; false when it does not parse.
fn set<T: std::str::FromStr>(v: &str, put: impl FnOnce(T)) -> bool {
    v.parse().map(put).is_ok()
}

/// [`set`] into an option's own setting: also false when the option is off (`put` gives
/// `None`: a rate's ρ without a rate penalty).
fn set_in<T: std::str::FromStr>(v: &str, put: impl FnOnce(T) -> Option<()>) -> bool {
    v.parse().ok().and_then(put).is_some()
}

fn activity(s: &mut LabSettings) -> &mut Activity {
    let hidden = s.config.model.hidden.len();
    s.config
        .regularization
        .activity
        .get_or_insert_with(|| Activity {
            penalty: Penalty::L1,
            lambda: 1e-3,
            layer_weights: default_layer_weights(hidden),
        })
}

fn rate(s: &mut LabSettings) -> Option<(&mut f32, &mut RateForm, &mut RateDistance)> {
    match &mut activity(s).penalty {
        Penalty::Rate {
            rho,
            form,
            distance,
        } => Some((rho, form, distance)),
        _ => None,
    }
}

fn rate_of(r: &Regularization) -> Option<(f32, RateForm, RateDistance)> {
    match r.activity.as_ref()?.penalty {
        Penalty::Rate {
            rho,
            form,
            distance,
        } => Some((rho, form, distance)),
        _ => None,
    }
}

fn gaussian_sigma(v: Option<VaeConfig>) -> Option<f32> {
    match v?.likelihood {
        Likelihood::Gaussian { sigma } => Some(sigma),
        Likelihood::Bernoulli => None,
    }
}

/// Every link parameter but the one-number options' (each declares its own key, see
/// `models::penalty::dial`), in the order a link lists them. Reading applies them in this order too,
/// whatever the link's order, so an option comes before its own parameters; the one-number
/// options come last. The dataset is also read apart, first: it picks the defaults the rest
/// starts from.
// A table: one key a line or two, as rustfmt would not keep it.
#[rustfmt::skip]
pub const KEYS: &[Key] = &[
    key("data", |s| Some(s.dataset.slug().into()), |_, v| DatasetId::from_slug(v).is_some()),
    key("hidden", |s| Some(list(s.widths())), |s, v| parse_list(v).map(|h| *s.widths_mut() = h).is_some()),
    key("code", |s| Some(s.config.model.code_dim.to_string()), |s, v| set(v, |c| s.config.model.code_dim = c)),
    key("act", |s| Some(slug(&ACTIVATIONS, &s.config.model.activation)),
        |s, v| parse(&ACTIVATIONS, v).map(|a| s.config.model.activation = a).is_some()),
    key("code_act", |s| Some(slug(&ACTIVATIONS, &s.config.model.code_activation)),
        |s, v| parse(&ACTIVATIONS, v).map(|a| s.config.model.code_activation = a).is_some()),
    key("out", |s| Some(slug(&ACTIVATIONS, &s.config.model.output_activation)),
        |s, v| parse(&ACTIVATIONS, v).map(|a| s.config.model.output_activation = a).is_some()),
    key("loss", |s| Some(slug(&LOSSES, &s.config.model.loss)),
        |s, v| parse(&LOSSES, v).map(|l| s.config.model.loss = l).is_some()),
    key("opt", |s| Some(slug(&OPTIMIZERS, &s.config.optimizer.kind)),
        |s, v| parse(&OPTIMIZERS, v).map(|o| s.config.optimizer.kind = o).is_some()),
    key("lr", |s| Some(s.config.optimizer.lr.to_string()), |s, v| set(v, |x| s.config.optimizer.lr = x)),
    key("batch", |s| Some(s.config.batch_size.to_string()), |s, v| set(v, |x| s.config.batch_size = x)),
    key("wd", |s| Some(s.config.optimizer.weight_decay.to_string()), |s, v| set(v, |x| s.config.optimizer.weight_decay = x)),
    key("seed", |s| Some(s.config.seed.to_string()), |s, v| set(v, |x| s.config.seed = x)),
    key("pen", |s| Some(penalty_slug(&s.config.regularization.activity.as_ref()?.penalty).into()),
        read_penalty),
    key("lambda", |s| Some(s.config.regularization.activity.as_ref()?.lambda.to_string()),
        |s, v| set(v, |x| activity(s).lambda = x)),
    key("lw", |s| Some(list(&s.config.regularization.activity.as_ref()?.layer_weights)),
        |s, v| parse_list(v).map(|w| activity(s).layer_weights = w).is_some()),
    key("rho", |s| rate_of(&s.config.regularization).map(|r| r.0.to_string()),
        |s, v| set_in(v, |x| rate(s).map(|r| *r.0 = x))),
    key("form", |s| rate_of(&s.config.regularization).map(|r| slug(&FORMS, &r.1)),
        |s, v| parse(&FORMS, v).and_then(|f| rate(s).map(|r| *r.1 = f)).is_some()),
    key("dist", |s| rate_of(&s.config.regularization).map(|r| slug(&DISTANCES, &r.2)),
        |s, v| parse(&DISTANCES, v).and_then(|d| rate(s).map(|r| *r.2 = d)).is_some()),
    key("concrete", |s| s.config.regularization.concrete.map(|c| c.k.to_string()),
        |s, v| set(v, |k| s.config.regularization.concrete = Some(concrete_with(k)))),
    key("t0", |s| s.config.regularization.concrete.map(|c| c.t0.to_string()),
        |s, v| set_in(v, |x| s.config.regularization.concrete.as_mut().map(|c| c.t0 = x))),
    key("tend", |s| s.config.regularization.concrete.map(|c| c.t_end.to_string()),
        |s, v| set_in(v, |x| s.config.regularization.concrete.as_mut().map(|c| c.t_end = x))),
    key("tepochs", |s| s.config.regularization.concrete.map(|c| c.epochs.to_string()),
        |s, v| set_in(v, |x| s.config.regularization.concrete.as_mut().map(|c| c.epochs = x))),
    key("pretrain", |s| s.config.regularization.pretrain.map(|p| p.epochs_per_layer.to_string()),
        |s, v| set(v, |e| s.config.regularization.pretrain = Some(Pretrain { epochs_per_layer: e }))),
    key("noise", |s| s.config.regularization.noise.map(|n| slug(&NOISES, &n.kind)),
        |s, v| parse(&NOISES, v).map(|k| s.config.regularization.noise = Some(noise_of(k))).is_some()),
    key("nlevel", |s| s.config.regularization.noise.map(|n| n.level.to_string()),
        |s, v| set_in(v, |x| s.config.regularization.noise.as_mut().map(|n| n.level = x))),
    key("ntest", |s| s.config.regularization.noise.filter(|n| n.at_test).map(|_| "1".into()),
        |s, v| s.config.regularization.noise.as_mut().map(|n| n.at_test = v == "1").is_some()),
    key("vae", |s| s.config.model.vae.map(|_| "1".into()),
        |s, v| { s.config.model.vae = (v == "1").then(VaeConfig::default); v == "1" || v == "0" }),
    key("beta", |s| s.config.model.vae.map(|v| v.beta.to_string()),
        |s, v| set_in(v, |b| s.config.model.vae.as_mut().map(|c| c.beta = b))),
    key("warmup", |s| s.config.model.vae.map(|v| v.warmup_epochs.to_string()),
        |s, v| set_in(v, |w| s.config.model.vae.as_mut().map(|c| c.warmup_epochs = w))),
    key("lik", |s| s.config.model.vae.map(|v| slug(&LIKELIHOODS, &v.likelihood)),
        read_likelihood),
    key("sigma", |s| gaussian_sigma(s.config.model.vae).map(|x| x.to_string()), read_sigma),
];

fn penalty_slug(p: &Penalty) -> &'static str {
    match p {
        Penalty::L1 => "l1",
        Penalty::L2 => "l2",
        Penalty::Rate { .. } => "rate",
    }
}

/// A rate penalty starts at 5 % per input with the KL distance (the page's defaults).
fn read_penalty(s: &mut LabSettings, v: &str) -> bool {
    let p = match v {
        "l1" => Penalty::L1,
        "l2" => Penalty::L2,
        "rate" => Penalty::Rate {
            rho: 0.05,
            form: RateForm::PerInput,
            distance: RateDistance::Kl,
        },
        _ => return false,
    };
    activity(s).penalty = p;
    true
}

fn concrete_with(k: usize) -> ConcreteConfig {
    ConcreteConfig {
        k,
        ..ConcreteConfig::default()
    }
}

/// The page's starting level for each kind of noise.
fn noise_of(kind: NoiseKind) -> Noise {
    let level = if kind == NoiseKind::Gaussian {
        0.2
    } else {
        0.3
    };
    Noise {
        kind,
        level,
        at_test: false,
    }
}

/// A likelihood belongs to a VAE only.
fn read_likelihood(s: &mut LabSettings, v: &str) -> bool {
    match (parse(&LIKELIHOODS, v), s.config.model.vae.as_mut()) {
        (Some(l), Some(c)) => {
            c.likelihood = l;
            true
        }
        _ => false,
    }
}

/// σ belongs to a Gaussian likelihood only.
fn read_sigma(s: &mut LabSettings, v: &str) -> bool {
    let gaussian = gaussian_sigma(s.config.model.vae).is_some();
    set_in(v, |sigma| {
        let c = s.config.model.vae.as_mut().filter(|_| gaussian);
        c.map(|c| c.likelihood = Likelihood::Gaussian { sigma })
    })
}
