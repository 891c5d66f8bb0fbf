//! Settings in the page's address (`?data=mnist&hidden=256,64&code=2&...`), so a teacher can
//! share a link that opens the same experiment. One table of keys ([`KEYS`]) writes and reads
//! every setting. Reading is forgiving: keys and values are percent-decoded, a bad value is
//! ignored with a note, and the rest of the link still applies.

use super::LabSettings;
use super::variant::default_layer_weights;
use crate::data::DatasetId;
use crate::models::concrete::ConcreteConfig;
use crate::models::noise::{Noise, NoiseKind};
use crate::models::regularize::{
    Activity, Penalty, RateDistance, RateForm, Regularization, Stored,
};
use crate::models::stack::Pretrain;
use crate::models::vae::{Likelihood, VaeConfig};
use crate::nn::{Activation, LossKind, OptimizerKind};

/// One link parameter: how a setting is written (`None`: left out) and read back (`false`:
/// the value is unreadable, or belongs to an option the link did not switch on).
pub struct Key {
    pub name: &'static str,
    write: fn(&LabSettings) -> Option<String>,
    read: fn(&mut LabSettings, &str) -> bool,
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
    let hidden = s.hidden.len();
    s.regularization.activity.get_or_insert_with(|| Activity {
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
    key("hidden", |s| Some(list(&s.hidden)), |s, v| parse_list(v).map(|h| s.hidden = h).is_some()),
    key("code", |s| Some(s.code_dim.to_string()), |s, v| set(v, |c| s.code_dim = c)),
    key("act", |s| Some(slug(&ACTIVATIONS, &s.activation)),
        |s, v| parse(&ACTIVATIONS, v).map(|a| s.activation = a).is_some()),
    key("code_act", |s| Some(slug(&ACTIVATIONS, &s.code_activation)),
        |s, v| parse(&ACTIVATIONS, v).map(|a| s.code_activation = a).is_some()),
    key("out", |s| Some(slug(&ACTIVATIONS, &s.output_activation)),
        |s, v| parse(&ACTIVATIONS, v).map(|a| s.output_activation = a).is_some()),
    key("loss", |s| Some(slug(&LOSSES, &s.loss)),
        |s, v| parse(&LOSSES, v).map(|l| s.loss = l).is_some()),
    key("opt", |s| Some(slug(&OPTIMIZERS, &s.optimizer)),
        |s, v| parse(&OPTIMIZERS, v).map(|o| s.optimizer = o).is_some()),
    key("lr", |s| Some(s.lr.to_string()), |s, v| set(v, |x| s.lr = x)),
    key("batch", |s| Some(s.batch_size.to_string()), |s, v| set(v, |x| s.batch_size = x)),
    key("wd", |s| Some(s.weight_decay.to_string()), |s, v| set(v, |x| s.weight_decay = x)),
    key("seed", |s| Some(s.seed.to_string()), |s, v| set(v, |x| s.seed = x)),
    key("pen", |s| Some(penalty_slug(&s.regularization.activity.as_ref()?.penalty).into()),
        read_penalty),
    key("lambda", |s| Some(s.regularization.activity.as_ref()?.lambda.to_string()),
        |s, v| set(v, |x| activity(s).lambda = x)),
    key("lw", |s| Some(list(&s.regularization.activity.as_ref()?.layer_weights)),
        |s, v| parse_list(v).map(|w| activity(s).layer_weights = w).is_some()),
    key("rho", |s| rate_of(&s.regularization).map(|r| r.0.to_string()),
        |s, v| set_in(v, |x| rate(s).map(|r| *r.0 = x))),
    key("form", |s| rate_of(&s.regularization).map(|r| slug(&FORMS, &r.1)),
        |s, v| parse(&FORMS, v).and_then(|f| rate(s).map(|r| *r.1 = f)).is_some()),
    key("dist", |s| rate_of(&s.regularization).map(|r| slug(&DISTANCES, &r.2)),
        |s, v| parse(&DISTANCES, v).and_then(|d| rate(s).map(|r| *r.2 = d)).is_some()),
    key("concrete", |s| s.regularization.concrete.map(|c| c.k.to_string()),
        |s, v| set(v, |k| s.regularization.concrete = Some(concrete_with(k)))),
    key("t0", |s| s.regularization.concrete.map(|c| c.t0.to_string()),
        |s, v| set_in(v, |x| s.regularization.concrete.as_mut().map(|c| c.t0 = x))),
    key("tend", |s| s.regularization.concrete.map(|c| c.t_end.to_string()),
        |s, v| set_in(v, |x| s.regularization.concrete.as_mut().map(|c| c.t_end = x))),
    key("tepochs", |s| s.regularization.concrete.map(|c| c.epochs.to_string()),
        |s, v| set_in(v, |x| s.regularization.concrete.as_mut().map(|c| c.epochs = x))),
    key("pretrain", |s| s.regularization.pretrain.map(|p| p.epochs_per_layer.to_string()),
        |s, v| set(v, |e| s.regularization.pretrain = Some(Pretrain { epochs_per_layer: e }))),
    key("noise", |s| s.regularization.noise.map(|n| slug(&NOISES, &n.kind)),
        |s, v| parse(&NOISES, v).map(|k| s.regularization.noise = Some(noise_of(k))).is_some()),
    key("nlevel", |s| s.regularization.noise.map(|n| n.level.to_string()),
        |s, v| set_in(v, |x| s.regularization.noise.as_mut().map(|n| n.level = x))),
    key("ntest", |s| s.regularization.noise.filter(|n| n.at_test).map(|_| "1".into()),
        |s, v| s.regularization.noise.as_mut().map(|n| n.at_test = v == "1").is_some()),
    key("vae", |s| s.vae.map(|_| "1".into()),
        |s, v| { s.vae = (v == "1").then(VaeConfig::default); v == "1" || v == "0" }),
    key("beta", |s| s.vae.map(|v| v.beta.to_string()),
        |s, v| set_in(v, |b| s.vae.as_mut().map(|c| c.beta = b))),
    key("warmup", |s| s.vae.map(|v| v.warmup_epochs.to_string()),
        |s, v| set_in(v, |w| s.vae.as_mut().map(|c| c.warmup_epochs = w))),
    key("lik", |s| s.vae.map(|v| slug(&LIKELIHOODS, &v.likelihood)),
        read_likelihood),
    key("sigma", |s| gaussian_sigma(s.vae).map(|x| x.to_string()), read_sigma),
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
    match (parse(&LIKELIHOODS, v), s.vae.as_mut()) {
        (Some(l), Some(c)) => {
            c.likelihood = l;
            true
        }
        _ => false,
    }
}

/// σ belongs to a Gaussian likelihood only.
fn read_sigma(s: &mut LabSettings, v: &str) -> bool {
    let gaussian = gaussian_sigma(s.vae).is_some();
    set_in(v, |sigma| {
        let c = s.vae.as_mut().filter(|_| gaussian);
        c.map(|c| c.likelihood = Likelihood::Gaussian { sigma })
    })
}

/// Keys that are not settings: where a lesson link points (`teach::lessons::from_link`) and
/// what a classroom link hides (`teach::classroom::hidden_in`).
const NOT_SETTINGS: [&str; 3] = ["lesson", "step", "hide"];

/// A one-number option's value in a link; a count must be a whole number.
fn read_dial(d: &Stored, s: &mut LabSettings, v: &str) -> bool {
    let x = v.parse::<f32>().ok().filter(|x| x.is_finite());
    let x = x.filter(|x| !d.dial.whole || (x.fract() == 0.0 && *x >= 0.0));
    x.map(|x| (d.set)(&mut s.regularization, Some(x))).is_some()
}

/// Every key a link can set: the table's and the one-number options'.
pub fn names() -> impl Iterator<Item = &'static str> {
    let dials = Regularization::DIALS.iter().map(|d| d.dial.key);
    KEYS.iter().map(|k| k.name).chain(dials)
}

/// The query string for `s` (without the leading `?`).
pub fn to_query(s: &LabSettings) -> String {
    let fixed = KEYS
        .iter()
        .filter_map(|k| Some(format!("{}={}", k.name, (k.write)(s)?)));
    let dials = Regularization::DIALS.iter().filter_map(|d| {
        let v = (d.get)(&s.regularization)?;
        Some(format!("{}={v}", d.dial.key))
    });
    fixed.chain(dials).collect::<Vec<_>>().join("&")
}

/// `%XX` escapes decoded (a shared link may have its commas escaped); malformed escapes and
/// invalid UTF-8 are kept as they are and then fail to parse like any bad value.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Settings from a query string (with or without `?`), and a note for each part ignored.
pub fn from_query(query: &str) -> (LabSettings, Vec<String>) {
    let pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .map(|(k, v)| (percent_decode(k), percent_decode(v)))
        .collect();
    let dataset = pairs
        .iter()
        .find(|(k, _)| k == "data")
        .and_then(|(_, v)| DatasetId::from_slug(v))
        .unwrap_or(DatasetId::Mnist);
    let mut s = LabSettings::for_dataset(dataset);
    let mut notes = Vec::new();
    let ignored = |(k, v): &(String, String)| match (k.as_str(), v.as_str()) {
        // The student's own table never leaves their machine, so no link can carry it.
        ("data", "own") => "This link was made with someone's own data, which stays on their \
             computer: it opens MNIST instead (load your own under Data)."
            .to_string(),
        _ => format!("Ignored “{k}={v}” from the link."),
    };
    for key in KEYS {
        for pair in pairs.iter().filter(|(k, _)| k == key.name) {
            if !(key.read)(&mut s, &pair.1) {
                notes.push(ignored(pair));
            }
        }
    }
    for d in &Regularization::DIALS {
        for pair in pairs.iter().filter(|(k, _)| k == d.dial.key) {
            if !read_dial(d, &mut s, &pair.1) {
                notes.push(ignored(pair));
            }
        }
    }
    let known = |k: &str| names().any(|n| n == k) || NOT_SETTINGS.contains(&k);
    notes.extend(pairs.iter().filter(|(k, _)| !known(k)).map(ignored));
    super::variant::fit_layer_weights(&mut s);
    // Values that parse but are out of range fall back to the defaults, with a note each. A
    // fallback can expose another problem (fewer hidden layers than the sparsity weights
    // given), so repeat; every pass only resets fields, so it settles within a few.
    let defaults = LabSettings::for_dataset(dataset);
    for _ in 0..4 {
        let problems = s.problems();
        if problems.is_empty() {
            break;
        }
        for (field, message) in problems {
            notes.push(format!("Ignored a value from the link: {message}"));
            s.reset(field);
        }
        super::variant::fit_layer_weights(&mut s);
    }
    if !s.problems().is_empty() {
        notes.push(
            "The link's settings do not fit together: the lab starts from the defaults.".into(),
        );
        s = defaults;
    }
    // A second pass can repeat a first pass's note.
    let mut seen = std::collections::HashSet::new();
    notes.retain(|n| seen.insert(n.clone()));
    (s, notes)
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
