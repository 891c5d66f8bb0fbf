//! Activity penalties on the encoder's layers: L1 / L2 norms, KL sparsity towards a target
//! rate (the reference text's per-input layer mean, or the common per-unit batch mean). Each
//! penalty's gradient sits beside its value.
//!
//! Conventions: a penalty is a mean over the batch, like the reconstruction loss, so λ means
//! the same thing at any batch size. Gradients are added into `∂L/∂h` (the layer's output)
//! before the layer's activation backward runs.

use serde::{Deserialize, Serialize};

use crate::models::config::AutoencoderConfig;
use crate::models::problem::{Clash, Field, Part, PartInfo, Problem, require};
use crate::models::{concrete, vae};

/// An activity penalty on any encoder layer, in the rule table.
pub const PART: Part = Part(&PartInfo {
    label: "an activity penalty",
    owner: None,
});

/// An activity penalty that weights the code layer: what clashes with a VAE, whose code
/// layer is `[μ | log σ²]`. When it clashes, the penalty's weight on the code gives way.
pub const CODE_PART: Part = Part(&PartInfo {
    label: "an activity penalty on the code",
    owner: Some(PART),
});

/// The pairs it gives way in.
pub const CLASHES: [Clash; 2] = [
    Clash {
        a: vae::PART,
        b: CODE_PART,
        why: "its code layer is [μ | log σ²], so the penalty would also push log σ²; weight \
              hidden layers only, the KL term already shapes the code",
    },
    Clash {
        a: concrete::PART,
        b: PART,
        why: "the concrete code is raw input values, not learned activity",
    },
];
use crate::nn::math;
use crate::nn::{Activation, Matrix};

/// Keeps `ρ` away from 0 and 1, where the KL divergence and its gradient blow up.
const RHO_EPS: f32 = 1e-6;

/// How a layer's activity is penalised.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Penalty {
    /// `‖h(x)‖₁ = Σ_j |h_j(x)|`, averaged over inputs.
    L1,
    /// `‖h(x)‖₂ = sqrt(Σ_j h_j(x)²)`, averaged over inputs (the norm, not its square).
    L2,
    /// Distance from the target rate `rho` of the layer's mean activation.
    Rate {
        rho: f32,
        form: RateForm,
        distance: RateDistance,
    },
}

/// Which mean activation is compared with the target rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RateForm {
    /// The reference text: `ρ(x)` = mean over the layer's units for each input `x`; the
    /// penalty averages `s(ρ̂, ρ(x))` over inputs.
    PerInput,
    /// The common form (Ng's notes): `ρ_j` = unit `j`'s mean over the batch; the penalty sums
    /// `s(ρ̂, ρ_j)` over units.
    PerUnit,
}

/// The distance `s(ρ̂, ρ)` between target and actual rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RateDistance {
    /// `ρ̂ ln(ρ̂/ρ) + (1−ρ̂) ln((1−ρ̂)/(1−ρ))`.
    Kl,
    /// `|ρ̂ − ρ|`.
    L1,
    /// `(ρ̂ − ρ)²`.
    L2,
}

impl RateForm {
    pub const ALL: [RateForm; 2] = [RateForm::PerInput, RateForm::PerUnit];
    pub fn label(self) -> &'static str {
        match self {
            RateForm::PerInput => "per input: layer mean vs ρ̂ (reference text)",
            RateForm::PerUnit => "per unit: batch mean vs ρ̂ (common form)",
        }
    }
}

impl RateDistance {
    pub const ALL: [RateDistance; 3] = [RateDistance::Kl, RateDistance::L1, RateDistance::L2];
    pub fn label(self) -> &'static str {
        match self {
            RateDistance::Kl => "KL divergence",
            RateDistance::L1 => "|ρ̂ − ρ|",
            RateDistance::L2 => "(ρ̂ − ρ)²",
        }
    }
}

/// `λ · Σ_k w_k · P(h_k)` over the encoder's layers `k` (hidden layers, then the code).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub penalty: Penalty,
    pub lambda: f32,
    /// One weight per encoder layer; missing entries count as 0 (not penalised).
    pub layer_weights: Vec<f32>,
}

impl Activity {
    /// `λ·w_k` for encoder layer `k`.
    pub fn scale(&self, k: usize) -> f32 {
        self.lambda * self.layer_weights.get(k).copied().unwrap_or(0.0)
    }

    /// The penalty on the encoder's outputs `post[k]` (layer `k`), without gradient.
    pub fn value(&self, post: &[Matrix]) -> f64 {
        post.iter()
            .enumerate()
            .map(|(k, h)| penalty(self.penalty, self.scale(k), h, None))
            .sum()
    }

    /// The penalty on encoder layer `l`'s output `h`, its gradient added into `dh`.
    pub fn value_and_grad(&self, l: usize, h: &Matrix, dh: &mut Matrix) -> f64 {
        penalty(self.penalty, self.scale(l), h, Some(dh))
    }

    /// Problems with this penalty on `m`'s encoder.
    pub fn problems(&self, m: &AutoencoderConfig, out: &mut Vec<Problem>) {
        let in_range = |v: f32| (0.0..=10.0).contains(&v);
        require(out, in_range(self.lambda), Field::Lambda, || {
            "λ must be 0 to 10.".into()
        });
        require(
            out,
            self.layer_weights.len() <= m.n_encoder(),
            Field::LayerWeights,
            || "Give one weight per encoder layer.".into(),
        );
        require(
            out,
            self.layer_weights.iter().all(|&w| in_range(w)),
            Field::LayerWeights,
            || "Layer weights must be 0 to 10.".into(),
        );
        if let Penalty::Rate { rho, .. } = self.penalty {
            require(out, rho > 0.0 && rho < 1.0, Field::Rho, || {
                "ρ̂ must be between 0 and 1.".into()
            });
            if let Some(why) = rate_unavailable(&self.layer_weights, m) {
                out.push(Problem::new(PART.field(), why));
            }
        }
    }
}

/// Why a target rate cannot be asked of the encoder layers `weights` penalise, if it
/// cannot: ρ is a firing rate, a number in (0, 1), which only sigmoid units produce.
pub fn rate_unavailable(weights: &[f32], m: &AutoencoderConfig) -> Option<String> {
    let bad: Vec<String> = weights
        .iter()
        .enumerate()
        .filter(|&(k, &w)| {
            w > 0.0 && k < m.n_encoder() && m.activation_of(k) != Activation::Sigmoid
        })
        .map(|(k, _)| m.encoder_layer_name(k))
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

/// `s(ρ̂, ρ)` and `∂s/∂ρ`, in f64 (the terms cancel badly in f32 near the target).
fn distance(d: RateDistance, target: f32, rho: f32) -> (f64, f64) {
    let (t, r) = (
        f64::from(target),
        f64::from(rho.clamp(RHO_EPS, 1.0 - RHO_EPS)),
    );
    match d {
        RateDistance::Kl => {
            let ln = |v: f64| f64::from(math::ln(v as f32));
            let value = t * (ln(t.max(1e-12)) - ln(r))
                + (1.0 - t) * (ln((1.0 - t).max(1e-12)) - ln(1.0 - r));
            (value, -t / r + (1.0 - t) / (1.0 - r))
        }
        RateDistance::L1 => (
            (t - r).abs(),
            if r > t {
                1.0
            } else if r < t {
                -1.0
            } else {
                0.0
            },
        ),
        RateDistance::L2 => ((t - r) * (t - r), 2.0 * (r - t)),
    }
}

/// The penalty `scale · P(h)` averaged over the batch, with `scale · ∂P/∂h` added into `dh`
/// when given (`scale` is λ times the layer's weight).
///
/// # Shapes
/// - `h`, `dh`: `m × n` (batch × units of the layer)
pub fn penalty(p: Penalty, scale: f32, h: &Matrix, dh: Option<&mut Matrix>) -> f64 {
    let (m, n) = h.shape();
    if m == 0 || n == 0 || scale == 0.0 {
        return 0.0;
    }
    let s = f64::from(scale);
    let inv_m = 1.0 / m as f64;
    let mut total = 0.0f64;
    let mut grad = dh;
    match p {
        Penalty::L1 | Penalty::L2 => {
            for r in 0..m {
                let row = h.row(r);
                let norm = match p {
                    Penalty::L1 => row.iter().map(|v| f64::from(v.abs())).sum::<f64>(),
                    _ => row
                        .iter()
                        .map(|&v| f64::from(v) * f64::from(v))
                        .sum::<f64>()
                        .sqrt(),
                };
                total += norm;
                if let Some(g) = grad.as_deref_mut() {
                    let out = g.row_mut(r);
                    for (o, &v) in out.iter_mut().zip(row) {
                        let d = match p {
                            Penalty::L1 => f64::from(v.signum()) * f64::from((v != 0.0) as u8),
                            // The norm's gradient h/‖h‖ is undefined at 0; 0 is a subgradient.
                            _ if norm > 0.0 => f64::from(v) / norm,
                            _ => 0.0,
                        };
                        *o += (s * d * inv_m) as f32;
                    }
                }
            }
            total * inv_m * s
        }
        Penalty::Rate {
            rho,
            form: RateForm::PerInput,
            distance: d,
        } => {
            for r in 0..m {
                let row = h.row(r);
                let mean = (row.iter().map(|&v| f64::from(v)).sum::<f64>() / n as f64) as f32;
                let (value, slope) = distance(d, rho, mean);
                total += value;
                if let Some(g) = grad.as_deref_mut() {
                    let gv = (s * slope * inv_m / n as f64) as f32;
                    g.row_mut(r).iter_mut().for_each(|o| *o += gv);
                }
            }
            total * inv_m * s
        }
        Penalty::Rate {
            rho,
            form: RateForm::PerUnit,
            distance: d,
        } => {
            for j in 0..n {
                let mean = ((0..m).map(|r| f64::from(h.get(r, j))).sum::<f64>() * inv_m) as f32;
                let (value, slope) = distance(d, rho, mean);
                total += value;
                if let Some(g) = grad.as_deref_mut() {
                    let gv = (s * slope * inv_m) as f32;
                    for r in 0..m {
                        g.set(r, j, g.get(r, j) + gv);
                    }
                }
            }
            total * s
        }
    }
}

#[cfg(test)]
#[path = "activity_tests.rs"]
mod tests;
