//! The training schedule: what each batch draws or anneals outside the weights. The VAE's ε
//! and its KL warm-up, the concrete selector's Gumbel noise and falling temperature, the
//! noise a layer penalty draws, and the corruption of a denoising run. (Layer-wise pretraining, the
//! schedule's other part, is `train::pretrain`.) Each stream is seeded by the run's seed, a
//! salt of its own and the batch index, so a rollback replays a batch bit for bit with no
//! generator state (`StdRng` cannot be cloned).

use rand::{SeedableRng, rngs::StdRng};

use super::trainer::TrainConfig;
use crate::models::concrete::fill_gumbel;
use crate::models::noise::DataRange;
use crate::models::penalty::LayerPenalty;
use crate::models::vae::fill_standard_normal;
use crate::models::{Autoencoder, Trace};
use crate::nn::Matrix;

/// Seeds the VAE's ε (xor the run's seed): separate from the weights and the shuffling, so the
/// same seed reproduces a run.
const VAE_NOISE_SALT: u64 = 0x0e95_11a0_5a3e_0e95;
/// Separates the denoising corruption's stream from the VAE's ε.
const DENOISE_SALT: u64 = 0xd015_e5d0_15e5;
/// Separates a concrete selector's Gumbel noise from the other streams.
const CONCRETE_SALT: u64 = 0xc0c7_e7e5_e1ec_7000;

/// The per-batch draws of one run.
#[derive(Clone, Debug)]
pub(super) struct Schedule {
    noise_seed: u64,
}

impl Schedule {
    pub(super) fn new(cfg: &TrainConfig) -> Schedule {
        Schedule {
            noise_seed: cfg.seed ^ VAE_NOISE_SALT,
        }
    }

    /// Sizes the buffers the draws fill, once, for batches of `rows`.
    pub(super) fn size(model: &Autoencoder, rows: usize, trace: &mut Trace) {
        let code_dim = model.config().code_dim;
        for p in model.penalties() {
            p.size_for_training(rows, code_dim, &mut trace.penalty);
        }
    }

    /// The generator of one stream (`salt`: 0 for the VAE's ε) for batch `batch`.
    fn rng(&self, batch: u64, salt: u64) -> StdRng {
        let batch = batch.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        StdRng::seed_from_u64(self.noise_seed ^ salt ^ batch)
    }

    /// Draws batch `batch`'s noise into `trace` and sets what anneals to its value at `epoch`.
    pub(super) fn prepare(
        &self,
        cfg: &TrainConfig,
        penalties: &[LayerPenalty],
        batch: u64,
        epoch: f64,
        trace: &mut Trace,
    ) {
        if let Some(vae) = &cfg.model.vae {
            fill_standard_normal(&mut self.rng(batch, 0), trace.vae.eps.as_mut_slice());
            trace.vae.kl_weight = vae.kl_weight_at(epoch);
        }
        for p in penalties {
            if let Some(salt) = p.noise_salt() {
                p.draw(&mut self.rng(batch, salt), &mut trace.penalty);
            }
        }
        if let Some(c) = cfg.regularization.concrete {
            let noise = trace.concrete.noise.as_mut_slice();
            fill_gumbel(&mut self.rng(batch, CONCRETE_SALT), noise);
            trace.concrete.temperature = Some(c.temperature_at(epoch));
        }
    }

    /// A denoising run's corrupted copy of `clean` in `noisy`; `false` (and `noisy`
    /// untouched) for a run without input noise.
    pub(super) fn corrupt(
        &self,
        cfg: &TrainConfig,
        batch: u64,
        range: DataRange,
        clean: &Matrix,
        noisy: &mut Matrix,
    ) -> bool {
        let Some(noise) = cfg.regularization.noise else {
            return false;
        };
        noisy.as_mut_slice().copy_from_slice(clean.as_slice());
        noise.apply(
            noisy.as_mut_slice(),
            range,
            &mut self.rng(batch, DENOISE_SALT),
        );
        true
    }
}
