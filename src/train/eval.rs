//! Evaluation on held-out data: loss terms (a VAE's with fixed-seed noise, so repeated
//! evaluations agree), MSE per value and BCE per image, optionally on corrupted inputs.

use rand::{SeedableRng, rngs::StdRng};
use serde::{Deserialize, Serialize};

use super::error::ConfigError;
use super::trainer::Trainer;
use super::validate::validate_data;
use crate::analysis::metrics;
use crate::data::Dataset;
use crate::models::LossTerm;
use crate::models::LossTerms;
use crate::models::autoencoder::CHUNK_ROWS;
use crate::models::vae::fill_standard_normal;
use crate::nn::Matrix;

/// Seeds the ε of every evaluation, so evaluating twice gives the same numbers (public so a
/// test can recompute an evaluation from scratch).
pub const EVAL_NOISE_SEED: u64 = 0x00e1_b0e1_b0e1_b0e1;

/// Seeds the corruption of "noise at test time": a stream of its own, so a VAE's ε (drawn
/// chunk by chunk from [`EVAL_NOISE_SEED`]) never shifts which values get corrupted.
const EVAL_CORRUPTION_SEED: u64 = 0x0c0e_77e5_7c0e_77e5;

/// `x` corrupted exactly as [`Trainer::evaluate`] corrupts its inputs with "noise at test
/// time" (the same function does both), so a baseline can be given the very inputs the
/// autoencoder saw, whatever the model kind and however many rows.
pub fn corrupted_like_evaluation(
    noise: &crate::models::noise::Noise,
    range: crate::models::noise::DataRange,
    x: &nalgebra::DMatrix<f32>,
) -> nalgebra::DMatrix<f32> {
    let mut rows: Vec<f32> = x.transpose().as_slice().to_vec();
    noise.apply(
        &mut rows,
        range,
        &mut StdRng::seed_from_u64(EVAL_CORRUPTION_SEED),
    );
    nalgebra::DMatrix::from_row_slice(x.nrows(), x.ncols(), &rows)
}

/// Loss and reconstruction metrics on a dataset, without training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    pub terms: Vec<(LossTerm, f32)>,
    pub total: f32,
    /// Mean squared error per pixel (value), whatever the training loss. A VAE reconstructs
    /// from μ here (no noise), as the page shows it.
    pub mse_per_pixel: f32,
    /// Binary cross-entropy summed over the values of a sample, mean over samples.
    pub bce_per_image: f32,
    pub samples: usize,
    /// A VAE's negative ELBO, reconstruction + KL (β = 1), in nats per image, with ε drawn from
    /// a fixed seed; `None` for a plain autoencoder.
    #[serde(default)]
    pub neg_elbo: Option<f32>,
}

impl Trainer {
    /// Loss terms and reconstruction metrics on `data`, without training.
    ///
    /// Panics if `data.dim()` differs from the model's input size (use [`Trainer::try_evaluate`]
    /// for a typed error).
    pub fn evaluate(&self, data: &Dataset) -> EvalReport {
        match self.try_evaluate(data) {
            Ok(r) => r,
            Err(e) => panic!("Trainer::evaluate: {e}"),
        }
    }

    /// [`Trainer::evaluate`] with a typed error for empty, non-finite or mismatched data.
    pub fn try_evaluate(&self, data: &Dataset) -> Result<EvalReport, ConfigError> {
        validate_data(self.cfg.model.input_dim, data)?;
        let (n, d) = (data.len(), data.dim());
        let mut trace = self.model.trace();
        let (mut loss_sum, mut se, mut bce) = (LossTerms::default(), 0.0f64, 0.0f64);
        let vae = self.cfg.model.vae.is_some();
        let mut eval_noise = StdRng::seed_from_u64(EVAL_NOISE_SEED);
        // With "noise at test time" the model sees corrupted inputs; targets stay clean.
        let corrupted = self
            .cfg
            .regularization
            .noise
            .filter(|n| n.at_test)
            .map(|noise| corrupted_like_evaluation(&noise, self.range, &data.x));
        let seen = corrupted.as_ref().unwrap_or(&data.x);
        for r0 in (0..n).step_by(CHUNK_ROWS) {
            let rows = CHUNK_ROWS.min(n - r0);
            let x = Matrix::from_dmatrix(&data.x.rows(r0, rows).into_owned());
            let input = Matrix::from_dmatrix(&seen.rows(r0, rows).into_owned());
            if vae {
                trace.vae.eps.reshape_uninit(rows, self.cfg.model.code_dim);
                fill_standard_normal(&mut eval_noise, trace.vae.eps.as_mut_slice());
            }
            self.model.forward(&input, &mut trace);
            let mut t = self.model.loss(&x, &trace);
            if vae {
                self.model.decode_mean_in_trace(&mut trace);
            }
            // Chunk means weighted by chunk size give the mean over all elements.
            for term in LossTerm::ALL {
                t.set(term, t.get(term) * rows as f64);
            }
            loss_sum.add(&t);
            let y = trace.post.last().expect("at least two layers").as_slice();
            se += metrics::squared_error_sum(x.as_slice(), y);
            bce += metrics::bce_sum(x.as_slice(), y);
        }
        let r = loss_sum.mean_report(n, self.model.active_terms());
        Ok(EvalReport {
            neg_elbo: vae.then(|| {
                r.terms
                    .iter()
                    .filter(|(t, _)| matches!(t, LossTerm::Reconstruction | LossTerm::Kl))
                    .map(|(_, v)| v)
                    .sum()
            }),
            terms: r.terms,
            total: r.total,
            mse_per_pixel: (se / (n * d) as f64) as f32,
            bce_per_image: (bce / n as f64) as f32,
            samples: n,
        })
    }
}
