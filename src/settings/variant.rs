//! The regularised variants' settings: validation with the reason for every refusal (their
//! part of the link is in `query`).

use super::{Field, LabSettings};
use crate::models::contractive::penalty_cost;
use crate::models::noise::NoiseKind;
use crate::models::regularize::Penalty;
use crate::models::rules::{self, Part};
use crate::models::vae::Likelihood;
use crate::nn::Activation;

/// Most billions of multiply-adds the exact contractive penalty may cost per batch. At the
/// limit a batch takes about a quarter of a second natively here (a 784-512-128-16 encoder,
/// batch 64), slow but still a live picture; past it the page would sit for seconds a batch.
pub const CONTRACTIVE_BUDGET: f64 = 12.0;

/// Why the rate (KL) penalty cannot be used with these settings, if it cannot: ρ is a firing
/// rate, a number in (0, 1), which only sigmoid units produce.
pub fn rate_unavailable(s: &LabSettings) -> Option<String> {
    let weights = s
        .regularization
        .activity
        .as_ref()
        .map(|a| a.layer_weights.clone());
    let weights = weights.unwrap_or_else(|| default_layer_weights(s.hidden.len()));
    let bad: Vec<String> = weights
        .iter()
        .enumerate()
        .filter(|&(k, &w)| w > 0.0 && encoder_activation(s, k) != Activation::Sigmoid)
        .map(|(k, _)| layer_name(s, k))
        .collect();
    (!bad.is_empty()).then(|| {
        format!(
            "Target-rate sparsity compares mean activations with ρ̂, a rate in (0, 1): \
             it needs sigmoid units, but {} {} not sigmoid.",
            bad.join(" and "),
            if bad.len() == 1 { "is" } else { "are" }
        )
    })
}

/// Activation of encoder layer `k` (hidden layers, then the code).
pub fn encoder_activation(s: &LabSettings, k: usize) -> Activation {
    if k < s.hidden.len() {
        s.activation
    } else {
        s.code_activation
    }
}

pub fn layer_name(s: &LabSettings, k: usize) -> String {
    if k < s.encoder_hidden().len() {
        format!("hidden layer {}", k + 1)
    } else {
        "the code".into()
    }
}

/// By default only the code layer is penalised.
pub fn default_layer_weights(hidden: usize) -> Vec<f32> {
    let mut w = vec![0.0; hidden + 1];
    w[hidden] = 1.0;
    w
}

/// The field that gives way when `p` clashes with something already on.
fn field_of(p: Part) -> Field {
    match p {
        Part::Vae => Field::Vae,
        Part::Concrete => Field::Concrete,
        Part::KSparse => Field::KSparse,
        Part::Activity | Part::CodeActivity => Field::Penalty,
        Part::Contractive => Field::Contractive,
        Part::Pretrain => Field::Pretrain,
        Part::BinaryCode => Field::BinaryCode,
    }
}

/// The variant parts these settings switch on (see `models::rules`).
pub fn parts(s: &LabSettings) -> Vec<Part> {
    rules::parts(s.vae.is_some(), &s.regularization, s.hidden.len())
}

/// Why `p` cannot be switched on with these settings, from the rule table.
pub fn blocked(s: &LabSettings, p: Part) -> Option<String> {
    rules::blocked(p, &parts(s)).map(|c| c.message())
}

/// Switch off every option that clashes with `kind` (a model kind the student just picked),
/// as the rule table says: an activity penalty loses only its weight on the code where that
/// is the clash.
pub fn drop_clashing(s: &mut LabSettings, kind: Part) {
    let code = s.hidden.len();
    for other in rules::CLASHES
        .iter()
        .filter(|c| c.a == kind || c.b == kind)
        .map(|c| c.other(kind))
    {
        let r = &mut s.regularization;
        match other {
            Part::Vae => s.vae = None,
            Part::Concrete => r.concrete = None,
            Part::KSparse => r.k_sparse = None,
            Part::Activity => r.activity = None,
            Part::CodeActivity => {
                if let Some(a) = r.activity.as_mut()
                    && let Some(w) = a.layer_weights.get_mut(code)
                {
                    *w = 0.0;
                }
                if r.activity
                    .as_ref()
                    .is_some_and(|a| a.layer_weights.iter().all(|w| *w <= 0.0))
                {
                    r.activity = None;
                }
            }
            Part::Contractive => r.contractive = None,
            Part::Pretrain => r.pretrain = None,
            Part::BinaryCode => r.binary_code = None,
        }
    }
}

pub fn variant_problems(s: &LabSettings, out: &mut Vec<(Field, String)>) {
    let r = &s.regularization;
    for c in rules::clashes(&parts(s)) {
        out.push((field_of(c.b), c.message()));
    }
    if let Some(v) = s.vae {
        if !(v.beta >= 0.0 && v.beta <= 100.0) {
            out.push((Field::Vae, "β must be 0 to 100.".into()));
        }
        if !(v.warmup_epochs >= 0.0 && v.warmup_epochs <= 1000.0) {
            out.push((
                Field::Vae,
                "The KL warm-up must be 0 to 1000 epochs.".into(),
            ));
        }
        if let Likelihood::Gaussian { sigma } = v.likelihood
            && !(sigma > 0.0 && sigma <= 10.0)
        {
            out.push((Field::Vae, "σ must be above 0 and at most 10.".into()));
        }
    } else if s.loss == crate::nn::LossKind::Bce && s.output_activation != Activation::Sigmoid {
        out.push((
            Field::Loss,
            "Binary cross-entropy needs a sigmoid output (it reads each output as a probability)."
                .into(),
        ));
    }
    if let Some(why) = r
        .binary_code
        .and_then(|b| b.problem_with(s.code_activation))
    {
        out.push((Field::BinaryCode, why));
    }
    if let Some(k) = r.k_sparse
        && !(1..s.code_dim).contains(&k)
    {
        out.push((
            Field::KSparse,
            format!(
                "k must be 1 to {} (below the code size).",
                s.code_dim.max(2) - 1
            ),
        ));
    }
    if let Some(a) = &r.activity {
        if !(a.lambda >= 0.0 && a.lambda <= 10.0) {
            out.push((Field::Lambda, "λ must be 0 to 10.".into()));
        }
        if a.layer_weights.len() != s.hidden.len() + 1 {
            out.push((
                Field::LayerWeights,
                "Give one weight per encoder layer.".into(),
            ));
        }
        if a.layer_weights.iter().any(|w| !(*w >= 0.0 && *w <= 10.0)) {
            out.push((Field::LayerWeights, "Layer weights must be 0 to 10.".into()));
        }
        if let Penalty::Rate { rho, .. } = a.penalty {
            if !(rho > 0.0 && rho < 1.0) {
                out.push((Field::Rho, "ρ̂ must be between 0 and 1.".into()));
            }
            if let Some(why) = rate_unavailable(s) {
                out.push((Field::Penalty, why));
            }
        }
    }
    if let Some(l) = r.contractive {
        if !(0.0..=10.0).contains(&l) {
            out.push((
                Field::Contractive,
                "The contractive λ must be 0 to 10.".into(),
            ));
        }
        let model = s.to_config(s.dataset.shape()).model;
        let cost = penalty_cost(&model, s.batch_size) / 1e9;
        if cost > CONTRACTIVE_BUDGET {
            out.push((
                Field::Contractive,
                format!(
                    "The exact contractive penalty would cost about {cost:.0} billion \
                     multiply-adds per batch here, too slow to watch (the lab allows \
                     {CONTRACTIVE_BUDGET:.0}): narrow the hidden layers (the cost grows with \
                     the square of their widths) or use a smaller batch."
                ),
            ));
        }
    }
    if let Some(c) = r.concrete {
        if !(c.t0.is_finite() && c.t_end > 0.0 && c.t_end < c.t0 && c.t0 <= 100.0) {
            out.push((
                Field::Concrete,
                "The temperatures need 0 < T_end < T₀ ≤ 100.".into(),
            ));
        }
        if !(c.epochs > 0.0 && c.epochs <= 1000.0) {
            out.push((
                Field::Concrete,
                "Annealing must last above 0 and at most 1000 epochs.".into(),
            ));
        }
        let d = s.dataset.shape().dim();
        if c.k > d {
            out.push((
                Field::Concrete,
                format!(
                    "The concrete autoencoder selects k of the {d} inputs: k must be at most {d}."
                ),
            ));
        }
        if c.k != s.code_dim || s.code_activation != Activation::Identity {
            out.push((
                Field::Concrete,
                "A concrete autoencoder's code is its k selected inputs: code size k, linear code."
                    .into(),
            ));
        }
    }
    if let Some(p) = r.pretrain
        && !(p.epochs_per_layer > 0.0 && p.epochs_per_layer <= 100.0)
    {
        out.push((
            Field::Pretrain,
            "Pretraining must be above 0 and at most 100 epochs per layer.".into(),
        ));
    }
    if let Some(n) = &r.noise {
        let max = if n.kind == NoiseKind::Gaussian {
            2.0
        } else {
            1.0
        };
        if !(n.level >= 0.0 && n.level <= max) {
            out.push((
                Field::NoiseLevel,
                format!("The noise level must be 0 to {max}."),
            ));
        }
    }
}

/// Keep the per-layer weights in step with the number of hidden layers.
pub fn fit_layer_weights(s: &mut LabSettings) {
    let n = s.hidden.len() + 1;
    if let Some(a) = s.regularization.activity.as_mut()
        && a.layer_weights.len() != n
    {
        let code = a.layer_weights.last().copied().unwrap_or(1.0);
        a.layer_weights.resize(n, 0.0);
        a.layer_weights[n - 1] = code;
    }
}
