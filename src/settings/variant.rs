//! The variants' settings on the page: what the rule table blocks, what picking a model kind
//! switches off, and the per-layer penalty weights kept in step with the layers. Their
//! limits are the core's (`Regularization::problems`); their part of the link is in `link::keys`.

use super::LabSettings;
use crate::models::penalty::activity;
use crate::models::regularize::Stored;
use crate::models::rules::{self, Part};

/// Why the rate (KL) penalty cannot be used with these settings, if it cannot (the core's
/// rule, for the layers the penalty weights or would weight by default).
pub fn rate_unavailable(s: &LabSettings) -> Option<String> {
    let weights = s
        .config
        .regularization
        .activity
        .as_ref()
        .map(|a| a.layer_weights.clone());
    let weights = weights.unwrap_or_else(|| default_layer_weights(s.config.model.hidden.len()));
    activity::rate_unavailable(&weights, &s.to_config(s.dataset.shape()).model)
}

/// How a sentence names encoder layer `k` (the core's naming).
pub fn layer_name(s: &LabSettings, k: usize) -> String {
    s.to_config(s.dataset.shape()).model.encoder_layer_name(k)
}

/// By default only the code layer is penalised.
pub fn default_layer_weights(hidden: usize) -> Vec<f32> {
    let mut w = vec![0.0; hidden + 1];
    w[hidden] = 1.0;
    w
}

/// The variant parts these settings switch on (see `models::rules`).
pub fn parts(s: &LabSettings) -> Vec<Part> {
    s.config
        .regularization
        .parts(s.config.model.vae.is_some(), s.config.model.hidden.len())
}

/// Why `p` cannot be switched on with these settings, from the rule table.
pub fn blocked(s: &LabSettings, p: Part) -> Option<String> {
    rules::blocked(p, &parts(s)).map(|c| c.message())
}

/// Why the one-number option `d` cannot be switched on with these settings, if it cannot:
/// a clash in the rule table, or its own limits at the value it starts from (what the core
/// would refuse), so the page can say so before the student tries.
pub fn unavailable(s: &LabSettings, d: &Stored) -> Option<String> {
    if (d.get)(&s.config.regularization).is_some() {
        return None;
    }
    blocked(s, d.dial.part).or_else(|| {
        let mut on = s.clone();
        let start = (d.dial.start)(&s.to_config(s.dataset.shape()).model);
        (d.set)(&mut on.config.regularization, Some(start));
        let field = d.dial.part.field();
        on.problems()
            .into_iter()
            .find_map(|(f, why)| (f == field).then_some(why))
    })
}

/// Switch off every option that clashes with `kind` (a model kind the student just picked),
/// as the rule table says: an activity penalty loses only its weight on the code where that
/// is the clash.
pub fn drop_clashing(s: &mut LabSettings, kind: Part) {
    let code = s.config.model.hidden.len();
    for other in rules::table()
        .filter(|c| c.involves(kind))
        .map(|c| c.other(kind))
    {
        if other != activity::CODE_PART {
            s.reset(other.field());
            continue;
        }
        let a = &mut s.config.regularization.activity;
        if let Some(w) = a.as_mut().and_then(|a| a.layer_weights.get_mut(code)) {
            *w = 0.0;
        }
        if a.as_ref()
            .is_some_and(|a| a.layer_weights.iter().all(|w| *w <= 0.0))
        {
            *a = None;
        }
    }
}

/// Keep the per-layer weights in step with the number of hidden layers.
pub fn fit_layer_weights(s: &mut LabSettings) {
    let n = s.config.model.hidden.len() + 1;
    if let Some(a) = s.config.regularization.activity.as_mut()
        && a.layer_weights.len() != n
    {
        let code = a.layer_weights.last().copied().unwrap_or(1.0);
        a.layer_weights.resize(n, 0.0);
        a.layer_weights[n - 1] = code;
    }
}
