//! Why a training step failed, in words a student can act on.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What went wrong when training diverged.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum DivergenceReason {
    NonFiniteLoss,
    NonFiniteGradient,
    NonFiniteParameter,
    /// Output-layer pre-activations reached this magnitude (limit [`crate::train::MAX_PRE_ACTIVATION`]).
    ExplodingActivations {
        max_abs: f32,
    },
}

/// Why a training step failed. The trainer has been rolled back to the start of that `step`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TrainError {
    Diverged {
        batch: u64,
        reason: DivergenceReason,
    },
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::Diverged { batch, reason } => {
                let what = match reason {
                    DivergenceReason::NonFiniteLoss => {
                        "the error stopped being a number (it overflowed)".to_string()
                    }
                    DivergenceReason::NonFiniteGradient => {
                        "the size of the next step stopped being a number (it overflowed)"
                            .to_string()
                    }
                    DivergenceReason::NonFiniteParameter => {
                        "a weight stopped being a number (it overflowed)".to_string()
                    }
                    DivergenceReason::ExplodingActivations { max_abs } => format!(
                        "the values inside the network grew without bound (to about {})",
                        plain_big(*max_abs)
                    ),
                };
                write!(
                    f,
                    "Training diverged at step {batch}: {what}, because the steps were too large. \
                     The network is back where it was before that step; lower the learning rate and press Play."
                )
            }
        }
    }
}

impl std::error::Error for TrainError {}

/// 4.3e14 -> "400 trillion": a size a student can read.
fn plain_big(v: f32) -> String {
    let v = f64::from(v.abs());
    let (unit, name) = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]
        .into_iter()
        .find(|(u, _)| v >= *u)
        .unwrap_or((1.0, ""));
    if !v.is_finite() {
        return "infinity".into();
    }
    let lead = v / unit;
    let rounded = if lead >= 100.0 {
        (lead / 100.0).round() * 100.0
    } else if lead >= 10.0 {
        (lead / 10.0).round() * 10.0
    } else {
        lead.round().max(1.0)
    };
    format!("{rounded:.0} {name}").trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divergence_is_explained_in_plain_words() {
        assert_eq!(plain_big(4.294e14), "400 trillion");
        assert_eq!(plain_big(3.753e10), "40 billion");
        assert_eq!(plain_big(f32::INFINITY), "infinity");
        let e = TrainError::Diverged {
            batch: 2,
            reason: DivergenceReason::ExplodingActivations { max_abs: 3.753e10 },
        };
        let text = e.to_string();
        assert!(
            text.contains("grew without bound (to about 40 billion)"),
            "{text}"
        );
        assert!(text.contains("lower the learning rate"), "{text}");
        assert!(
            !text.contains("|z|"),
            "no symbols that clash with the code's z: {text}"
        );
    }
}
