//! The variant choices of a run as a configuration stores them (serde: links, saved models,
//! the worker's messages). The model turns the penalties among them into its penalty list
//! (`models::penalty`), the concrete selector sets its encoder kind, and input noise and
//! pretraining are the trainer's schedule. [`Regularization::problems`] is the one
//! validation pass over all of them.

use serde::{Deserialize, Serialize};

use super::concrete::ConcreteConfig;
use super::config::AutoencoderConfig;
use super::noise::Noise;
use super::problem::Problem;
use super::rules;
use super::stack::Pretrain;

pub use super::penalty::activity::{Activity, Penalty, RateDistance, RateForm, penalty};
use super::penalty::binary_code::BinaryCode;
use super::penalty::{contractive, k_sparse};

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
    /// Every problem with these choices on `m`, trained in batches of `batch`: first the
    /// clashes of the rule table, then each option's own limits, from the option's file.
    pub fn problems(&self, m: &AutoencoderConfig, batch: usize) -> Vec<Problem> {
        let code_layer = m.n_encoder().saturating_sub(1);
        let on = rules::parts(m.vae.is_some(), self, code_layer);
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
