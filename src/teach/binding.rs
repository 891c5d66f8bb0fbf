//! A lesson's check is bound to its experiment: it gives a verdict only on a run of the
//! step's own settings that has trained as far as the step says, never on leftover numbers
//! of another net (a classroom link opened at epoch 0, a preset chosen since, a reload).

use super::checks::Observed;
use super::lessons::Lesson;
use crate::link::from_query;
use crate::settings::LabSettings;
use crate::settings::variant::fit_layer_weights;

/// What a step's check says now.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The lab is not running this step's experiment: what differs, in words.
    SetUp(String),
    /// The experiment runs but has not trained as far as the check is judged at.
    Training {
        seen: u64,
        needs: u64,
    },
    /// Trained, but what the check reads is not there yet (nothing pinned, not measured).
    Waiting,
    Holds(String),
    Fails(String),
}

impl Verdict {
    /// A short word for the page's `data-verdict` (what the tests read).
    pub fn key(&self) -> &'static str {
        match self {
            Verdict::SetUp(_) => "setup",
            Verdict::Training { .. } => "training",
            Verdict::Waiting => "waiting",
            Verdict::Holds(_) => "holds",
            Verdict::Fails(_) => "fails",
        }
    }
}

/// The experiment step `step` runs: its own set-up, else the last one before it.
pub fn experiment(lesson: &Lesson, step: usize) -> Option<&'static str> {
    lesson.steps[..=step.min(lesson.steps.len().saturating_sub(1))]
        .iter()
        .rev()
        .find_map(|s| s.setup)
}

/// The settings a link sets up, as the page holds them after applying it.
fn settled(query: &str) -> LabSettings {
    let (mut s, _) = from_query(query);
    s.fit_widths();
    fit_layer_weights(&mut s);
    s
}

/// How `now` differs from `wanted`, a phrase per kind of setting (empty when they match).
pub fn differences(now: &LabSettings, wanted: &LabSettings) -> Vec<String> {
    let mut out = Vec::new();
    if now.dataset != wanted.dataset {
        out.push(format!(
            "it trains on {}, not {}",
            now.dataset.label(),
            wanted.dataset.label()
        ));
        return out;
    }
    let shape = now.dataset.shape();
    let (a, b) = (now.to_config(shape), wanted.to_config(shape));
    let widths = |c: &crate::train::TrainConfig| {
        let w: Vec<String> = c.model.widths().iter().map(|w| w.to_string()).collect();
        w.join("-")
    };
    let (ma, mb) = (&a.model, &b.model);
    if ma.widths() != mb.widths() {
        out.push(format!("its network is {}, not {}", widths(&a), widths(&b)));
    } else if ma != mb {
        out.push("its activations, loss or model kind differ".into());
    }
    if a.regularization != b.regularization {
        out.push("its variant options differ".into());
    }
    if (a.optimizer, a.batch_size, a.seed) != (b.optimizer, b.batch_size, b.seed) {
        out.push("its optimiser, batch size or seed differ".into());
    }
    out
}

/// How `now` differs from the experiment `query` sets up, in words; `None` when it runs it.
pub fn mismatch(now: &LabSettings, query: &str) -> Option<String> {
    let diff = differences(now, &settled(query));
    (!diff.is_empty()).then(|| diff.join("; "))
}

/// The settings a link opens with: a link that names a lesson step whose experiment differs
/// from the link's own settings opens the step's experiment (else a student reads about one
/// network beside another); `None` keeps the link's settings.
pub fn opening(query: &str, settings: &LabSettings) -> Option<LabSettings> {
    let (l, step) = super::lessons::from_link(query)?;
    let wanted = settled(experiment(l, step)?);
    (!differences(settings, &wanted).is_empty()).then_some(wanted)
}

/// The verdict of step `step`'s check on the lab as observed; `None` for a step without
/// a check. `observed.measured_at` must be the samples the metrics were measured at.
pub fn verdict(
    lesson: &Lesson,
    step: usize,
    now: &LabSettings,
    observed: &Observed,
) -> Option<Verdict> {
    let s = lesson.steps.get(step)?;
    let check = s.check?;
    if let Some(why) = experiment(lesson, step).and_then(|query| mismatch(now, query)) {
        return Some(Verdict::SetUp(why));
    }
    let seen = observed.measured_at.unwrap_or(0);
    if seen < s.needs.max(1) {
        return Some(Verdict::Training {
            seen,
            needs: s.needs.max(1),
        });
    }
    Some(match check.status(observed) {
        None => Verdict::Waiting,
        Some((true, v)) => Verdict::Holds(v),
        Some((false, v)) => Verdict::Fails(v),
    })
}

#[cfg(test)]
#[path = "binding_tests.rs"]
mod tests;
