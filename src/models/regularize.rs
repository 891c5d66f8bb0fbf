//! The variant choices of a run as a configuration stores them (serde: links, saved models,
//! the worker's messages). The model turns the penalties among them into its penalty list
//! (`models::penalty`), the concrete selector sets its encoder kind, and input noise and
//! pretraining are the trainer's schedule. [`Regularization::problems`] is the one
//! validation pass over all of them.

use serde::{Deserialize, Serialize};

use super::concrete::ConcreteConfig;
use super::config::AutoencoderConfig;
use super::noise::Noise;
use super::problem::{Field, Problem};
use super::rules::{self, Part};
use super::stack::Pretrain;

pub use super::penalty::activity::{Activity, Penalty, RateDistance, RateForm, penalty};
use super::penalty::binary_code::BinaryCode;
use super::penalty::{LayerPenalty, contractive, k_sparse};

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
    /// Frobenius norm of the encoder's Jacobian (see `models::contractive`).
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
    /// `models::binary_code`).
    #[serde(default)]
    pub binary_code: Option<BinaryCode>,
}

impl Regularization {
    /// Switches off the option a problem with `field` is about (nothing for other fields).
    pub fn switch_off(&mut self, field: Field) {
        match field {
            Field::KSparse => self.k_sparse = None,
            Field::BinaryCode => self.binary_code = None,
            Field::Penalty | Field::Lambda | Field::Rho | Field::LayerWeights => {
                self.activity = None
            }
            Field::NoiseLevel => self.noise = None,
            Field::Contractive => self.contractive = None,
            Field::Pretrain => self.pretrain = None,
            Field::Concrete => self.concrete = None,
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
        if let (Some(a), Some(b)) = (self.contractive.as_mut(), other.contractive) {
            *a = b;
        }
        if let (Some(a), Some(b)) = (self.noise.as_mut(), other.noise) {
            a.level = b.level;
        }
        if let (Some(a), Some(b)) = (self.binary_code.as_mut(), other.binary_code) {
            a.noise = b.noise;
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

    /// The parts of the rule table these choices switch on: `vae` for a Gaussian encoder, `code_layer` the
    /// index of the code among the encoder's layers (for whether an activity penalty reaches it).
    pub fn parts(&self, vae: bool, code_layer: usize) -> Vec<Part> {
        let code_weighted = self
            .activity
            .as_ref()
            .is_some_and(|a| a.layer_weights.get(code_layer).is_some_and(|w| *w > 0.0));
        let on = [
            (Part::Vae, vae),
            (Part::Concrete, self.concrete.is_some()),
            (Part::KSparse, self.k_sparse.is_some()),
            (Part::Activity, self.activity.is_some()),
            (Part::CodeActivity, code_weighted),
            (Part::Contractive, self.contractive.is_some()),
            (Part::Pretrain, self.pretrain.is_some()),
            (Part::BinaryCode, self.binary_code.is_some()),
        ];
        on.into_iter().filter(|p| p.1).map(|p| p.0).collect()
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
        if let Some(k) = self.k_sparse {
            k_sparse::problems(k, m, &mut out);
        }
        if let Some(a) = &self.activity {
            a.problems(m, &mut out);
        }
        if let Some(b) = &self.binary_code {
            b.problems(m, &mut out);
        }
        if let Some(lambda) = self.contractive {
            contractive::problems(lambda, m, batch, &mut out);
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
        assert_eq!(r.parts(true, 1), vec![Part::Vae, Part::KSparse]);
        r.k_sparse = None;
        r.activity = Some(Activity {
            penalty: Penalty::L1,
            lambda: 1.0,
            layer_weights: vec![1.0, 0.0],
        });
        assert_eq!(r.parts(true, 1), vec![Part::Vae, Part::Activity]);
        assert!(rules::clashes(&r.parts(true, 1)).next().is_none());
        r.activity = r.activity.map(|a| Activity {
            layer_weights: vec![0.0, 2.0],
            ..a
        });
        let on = r.parts(true, 1);
        assert_eq!(on, vec![Part::Vae, Part::Activity, Part::CodeActivity]);
        let found: Vec<_> = rules::clashes(&on).collect();
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message()
                .starts_with("The VAE and an activity penalty on the code")
        );
    }
}
