//! The variant choices of a run as a configuration stores them (serde: links, saved models,
//! the worker's messages). The model turns the penalties among them into its penalty list
//! (`models::penalty`), the concrete selector sets its encoder kind, and input noise and
//! pretraining are the trainer's schedule. [`Regularization::problems`] is the one
//! validation pass over all of them.

use serde::{Deserialize, Serialize};

use super::concrete::{self, ConcreteConfig};
use super::config::AutoencoderConfig;
use super::noise::Noise;
use super::problem::{Field, Part, Problem};
use super::rules;
use super::stack::{self, Pretrain};
use super::vae;

pub use super::penalty::activity::{Activity, Penalty, RateDistance, RateForm, penalty};
use super::penalty::binary_code::{self, BinaryCode};
use super::penalty::dial::Dial;
use super::penalty::{LayerPenalty, activity, contractive, k_sparse};

/// The regularisers of a training run (all off by default). Serde, so a configuration with
/// none of them reads the same as before they existed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Regularization {
    /// Keep only the `k` largest code activations per sample (k-sparse autoencoder).
    #[serde(default)]
    pub k_sparse: Option<usize>,
    /// An activity penalty on the encoder's layers.
    #[serde(default)]
    pub activity: Option<Activity>,
    /// Corrupt training inputs (denoising autoencoder).
    #[serde(default)]
    pub noise: Option<Noise>,
    /// Contractive autoencoder: the strength λ of `λ · mean_x ‖∂h(x)/∂x‖²_F`, the squared
    /// Frobenius norm of the encoder's Jacobian (see `penalty::contractive`).
    #[serde(default)]
    pub contractive: Option<f32>,
    /// Greedy layer-wise pretraining of a deep autoencoder before the usual training. Lives
    /// here rather than on `TrainConfig` so every existing way of building a config keeps
    /// compiling; like the other fields it is a training-time choice.
    #[serde(default)]
    pub pretrain: Option<Pretrain>,
    /// Concrete autoencoder: a selector of `k` input features replaces the encoder (see
    /// `models::concrete`).
    #[serde(default)]
    pub concrete: Option<ConcreteConfig>,
    /// Binary code: noise on the code units' input while training (see
    /// `penalty::binary_code`).
    #[serde(default)]
    pub binary_code: Option<BinaryCode>,
}

/// An option that is one number when on ([`Dial`]), and where this record keeps the number.
pub struct Stored {
    pub dial: &'static Dial,
    pub get: fn(&Regularization) -> Option<f32>,
    /// `None` switches it off.
    pub set: fn(&mut Regularization, Option<f32>),
}

impl Regularization {
    /// The one-number options, in the order the page lists them.
    pub const DIALS: [Stored; 3] = [
        Stored {
            dial: &k_sparse::DIAL,
            get: |r| r.k_sparse.map(|k| k as f32),
            set: |r, v| r.k_sparse = v.map(|k| k.round().max(0.0) as usize),
        },
        Stored {
            dial: &binary_code::DIAL,
            get: |r| r.binary_code.map(|b| b.noise),
            set: |r, v| r.binary_code = v.map(|noise| BinaryCode { noise }),
        },
        Stored {
            dial: &contractive::DIAL,
            get: |r| r.contractive,
            set: |r, v| r.contractive = v,
        },
    ];

    /// The one-number option that is `part`, if it is one.
    pub fn dial(part: Part) -> Option<&'static Stored> {
        Regularization::DIALS.iter().find(|d| d.dial.part == part)
    }

    /// Switches off the option a problem with `field` is about (nothing for other fields).
    pub fn switch_off(&mut self, field: Field) {
        match field {
            Field::Lambda | Field::Rho | Field::LayerWeights => self.activity = None,
            Field::NoiseLevel => self.noise = None,
            Field::Part(p) if p == activity::PART => self.activity = None,
            Field::Part(p) if p == stack::PART => self.pretrain = None,
            Field::Part(p) if p == concrete::PART => self.concrete = None,
            Field::Part(p) => {
                if let Some(d) = Regularization::dial(p) {
                    (d.set)(self, None);
                }
            }
            _ => {}
        }
    }

    /// Takes `other`'s strengths (the penalties' λ, the input noise's level, the code
    /// noise's scale) for the options both have on: what may change mid-run, so two
    /// configurations equal after it differ only in what a running model can take.
    pub fn take_strengths(&mut self, other: &Regularization) {
        if let (Some(a), Some(b)) = (self.activity.as_mut(), other.activity.as_ref()) {
            a.lambda = b.lambda;
        }
        if let (Some(a), Some(b)) = (self.noise.as_mut(), other.noise) {
            a.level = b.level;
        }
        for d in Regularization::DIALS.iter().filter(|d| d.dial.live) {
            if let (Some(_), Some(b)) = ((d.get)(self), (d.get)(other)) {
                (d.set)(self, Some(b));
            }
        }
    }

    /// The layer penalties these choices ask for, in the order their hooks run.
    pub fn penalties(&self) -> Vec<LayerPenalty> {
        let mut out = Vec::new();
        out.extend(self.binary_code.map(LayerPenalty::BinaryCode));
        out.extend(self.k_sparse.map(LayerPenalty::KSparse));
        out.extend(self.activity.clone().map(LayerPenalty::Activity));
        out.extend(self.contractive.map(LayerPenalty::Contractive));
        out
    }

    /// The parts of the rule table these choices switch on: `vae` for a Gaussian encoder,
    /// `code_layer` the index of the code among the encoder's layers (for whether an
    /// activity penalty reaches it).
    pub fn parts(&self, vae: bool, code_layer: usize) -> Vec<Part> {
        let code_weighted = self
            .activity
            .as_ref()
            .is_some_and(|a| a.layer_weights.get(code_layer).is_some_and(|w| *w > 0.0));
        let on = [
            (vae::PART, vae),
            (concrete::PART, self.concrete.is_some()),
            (activity::PART, self.activity.is_some()),
            (activity::CODE_PART, code_weighted),
            (stack::PART, self.pretrain.is_some()),
        ];
        let dials = Regularization::DIALS
            .iter()
            .map(|d| (d.dial.part, (d.get)(self).is_some()));
        on.into_iter()
            .chain(dials)
            .filter(|p| p.1)
            .map(|p| p.0)
            .collect()
    }

    /// Every problem with these choices on `m`, trained in batches of `batch`: first the
    /// clashes of the rule table, then each option's own limits, from the option's file.
    pub fn problems(&self, m: &AutoencoderConfig, batch: usize) -> Vec<Problem> {
        let code_layer = m.n_encoder().saturating_sub(1);
        let on = self.parts(m.vae.is_some(), code_layer);
        let mut out: Vec<Problem> = rules::clashes(&on)
            .map(|c| Problem::new(c.b.field(), c.message()))
            .collect();
        if let Some(v) = &m.vae {
            v.problems(&mut out);
        }
        if let Some(a) = &self.activity {
            a.problems(m, &mut out);
        }
        for d in &Regularization::DIALS {
            if let Some(v) = (d.get)(self) {
                (d.dial.check)(v, m, batch, &mut out);
            }
        }
        if let Some(c) = &self.concrete {
            c.problems(m, &mut out);
        }
        if let Some(p) = &self.pretrain {
            p.problems(&mut out);
        }
        if let Some(n) = &self.noise {
            n.problems(&mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_follow_the_settings_and_an_activity_penalty_reaches_the_code_only_by_weight() {
        let mut r = Regularization {
            k_sparse: Some(3),
            ..Regularization::default()
        };
        assert_eq!(r.parts(true, 1), vec![vae::PART, k_sparse::PART]);
        r.k_sparse = None;
        r.activity = Some(Activity {
            penalty: Penalty::L1,
            lambda: 1.0,
            layer_weights: vec![1.0, 0.0],
        });
        assert_eq!(r.parts(true, 1), vec![vae::PART, activity::PART]);
        assert!(rules::clashes(&r.parts(true, 1)).next().is_none());
        r.activity = r.activity.map(|a| Activity {
            layer_weights: vec![0.0, 2.0],
            ..a
        });
        let on = r.parts(true, 1);
        assert_eq!(on, vec![vae::PART, activity::PART, activity::CODE_PART]);
        let found: Vec<_> = rules::clashes(&on).collect();
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message()
                .starts_with("The VAE and an activity penalty on the code")
        );
    }
}
