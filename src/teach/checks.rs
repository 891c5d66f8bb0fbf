//! What a lesson step can check on the running model, from the numbers the page already has.

use crate::models::penalty::binary_code;
use crate::models::penalty::dial::Reading;
use crate::protocol::{ModelInfo, TestMetrics};

/// Everything a check may look at, gathered by the page from its signals.
#[derive(Clone, Copy, Debug, Default)]
pub struct Observed<'a> {
    pub metrics: Option<&'a TestMetrics>,
    pub model: Option<&'a ModelInfo>,
    /// The pinned run's last measured ‖∂h/∂x‖², if a run is pinned.
    pub pinned_jacobian: Option<f32>,
    /// Concrete runs of this visit with a test error (one per k and decoder).
    pub concrete_runs: usize,
    /// The autoencoder's mean average precision, once retrieval has been measured.
    pub retrieval_map: Option<f32>,
    /// The autoencoder's anomaly AUC, once measured.
    pub anomaly_auc: Option<f32>,
    /// Samples the current model had trained when `metrics` were measured (`None`: no
    /// metrics of this model yet).
    pub measured_at: Option<u64>,
}

/// An observable claim about the running model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check {
    /// The AE's test error is below PCA's with as many components as the code.
    MseBelowPca,
    /// The AE's 5-NN accuracy beats PCA's by at least this (a fraction: 0.1 = 10 points).
    KnnAbovePca(f32),
    /// Every principal angle to PCA's subspace is below this many degrees.
    AnglesBelow(f32),
    /// Random noise is reconstructed with an error below this multiple of its variance.
    NoiseCopiedBelow(f32),
    /// … or above it (the net models the data, not any input).
    NoiseNotCopiedAbove(f32),
    /// The code units' mean activation lies in this range.
    CodeRateWithin(f32, f32),
    /// ‖∂h/∂x‖² is below this fraction of the pinned run's.
    JacobianBelowPinned(f32),
    /// At least this many concrete runs (different k) have a test error.
    ConcreteRuns(usize),
    /// At least this fraction of code values are within 0.1 of 0 or 1.
    CodeBinaryAbove(f32),
    RetrievalMeasured,
    /// The anomaly AUC is at least this.
    AnomalyAucAbove(f32),
}

impl Check {
    /// The claim, as the step states it.
    pub fn claim(self) -> String {
        match self {
            Check::MseBelowPca => "The autoencoder's test error is below PCA's.".into(),
            Check::KnnAbovePca(m) => format!(
                "5-NN accuracy on the code beats PCA's by at least {:.0} points.",
                100.0 * m
            ),
            Check::AnglesBelow(d) => format!("Every principal angle is below {d}°."),
            Check::NoiseCopiedBelow(r) => {
                format!(
                    "Random noise comes back almost unchanged (error under {r} × its variance)."
                )
            }
            Check::NoiseNotCopiedAbove(r) => {
                format!("Random noise no longer comes back (error over {r} × its variance).")
            }
            Check::CodeRateWithin(lo, hi) => {
                format!("The code units fire at a mean rate between {lo} and {hi}.")
            }
            Check::JacobianBelowPinned(f) => format!(
                "‖∂h/∂x‖² is below {:.0} % of the pinned plain run's.",
                100.0 * f
            ),
            Check::ConcreteRuns(n) => {
                format!("{n} concrete runs with different k are on the chart.")
            }
            Check::CodeBinaryAbove(f) => format!(
                "At least {:.0} % of code values are within 0.1 of 0 or 1.",
                100.0 * f
            ),
            Check::RetrievalMeasured => "Retrieval has been measured for this model.".into(),
            Check::AnomalyAucAbove(a) => format!("The anomaly detector's AUC is at least {a}."),
        }
    }

    /// Whether the claim holds now, with the number it rests on; `None` until it can be
    /// measured (no test metrics yet, nothing pinned, nothing measured).
    pub fn status(self, o: &Observed) -> Option<(bool, String)> {
        let m = o.metrics;
        match self {
            Check::MseBelowPca => {
                let (ae, pca) = (m?.test_mse, o.model?.pca_test_mse);
                Some((ae < pca, format!("AE {ae:.4}, PCA {pca:.4}")))
            }
            Check::KnnAbovePca(margin) => {
                let (ae, pca) = (m?.knn, o.model?.pca_knn);
                Some((
                    ae >= pca + margin,
                    format!("AE {:.1} %, PCA {:.1} %", 100.0 * ae, 100.0 * pca),
                ))
            }
            Check::AnglesBelow(d) => {
                let angles = &m?.subspace.as_ref()?.angles;
                let widest = angles.iter().copied().fold(0.0f32, f32::max);
                Some((widest < d, format!("widest {widest:.1}°")))
            }
            Check::NoiseCopiedBelow(r) | Check::NoiseNotCopiedAbove(r) => {
                let ratio = m?.noise_mse * 12.0;
                let holds = match self {
                    Check::NoiseCopiedBelow(_) => ratio < r,
                    _ => ratio > r,
                };
                Some((holds, format!("{ratio:.3} × the variance")))
            }
            Check::CodeRateWithin(lo, hi) => {
                let code = m?.unit_means.last()?;
                let rate = code.iter().sum::<f32>() / code.len().max(1) as f32;
                Some(((lo..=hi).contains(&rate), format!("mean rate {rate:.3}")))
            }
            Check::JacobianBelowPinned(f) => {
                let (now, pinned) = (m?.jacobian?, o.pinned_jacobian?);
                Some((
                    now < f * pinned,
                    format!("{now:.3} against the pinned run's {pinned:.3}"),
                ))
            }
            Check::ConcreteRuns(n) => {
                Some((o.concrete_runs >= n, format!("{} so far", o.concrete_runs)))
            }
            Check::CodeBinaryAbove(f) => {
                let near = |r: &&Reading| r.label == binary_code::FRACTION;
                let b = m?.readings.iter().find(near)?.value;
                Some((b >= f, format!("{:.0} %", 100.0 * b)))
            }
            Check::RetrievalMeasured => {
                let map = o.retrieval_map?;
                Some((true, format!("mean average precision {map:.3}")))
            }
            Check::AnomalyAucAbove(a) => {
                let auc = o.anomaly_auc?;
                Some((auc >= a, format!("AUC {auc:.3}")))
            }
        }
    }
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
