//! The trainer: a plain state machine advanced by `step(n_batches)`.

use rand::{SeedableRng, rngs::StdRng};
use serde::{Deserialize, Serialize};

use super::checkpoint::Checkpoint;
use super::error::{ConfigError, DivergenceReason, TrainError};
use super::pretrain::{Phase, Stage, checked_update};
use super::validate::{validate_data, validate_model, validate_optimizer, validate_regularization};
use crate::data::Dataset;
use crate::models::concrete::fill_gumbel;
use crate::models::regularize::Regularization;
use crate::models::vae::fill_standard_normal;
use crate::models::{Autoencoder, AutoencoderConfig, Gradients, LossTerm, LossTerms, Trace};
use crate::nn::{Batcher, Matrix, Optimizer, OptimizerConfig};

/// Output pre-activations beyond this magnitude count as divergence: no healthy network gets
/// there, and a bounded output activation would otherwise hide the blow-up from the loss.
pub const MAX_PRE_ACTIVATION: f32 = 1e6;

/// Seeds the VAE's ε (xor the run's seed): separate from the weights and the shuffling, so the
/// same seed reproduces a run.
const VAE_NOISE_SALT: u64 = 0x0e95_11a0_5a3e_0e95;
/// Separates the denoising corruption's stream from the VAE's ε.
const DENOISE_SALT: u64 = 0xd015_e5d0_15e5;
/// Separates a concrete selector's Gumbel noise from the other streams.
const CONCRETE_SALT: u64 = 0xc0c7_e7e5_e1ec_7000;
const BINARY_SALT: u64 = 0xb1_7a2b_c0de;

/// Everything that defines a training run; the same config and data give bit-identical runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub model: AutoencoderConfig,
    pub optimizer: OptimizerConfig,
    /// Samples per mini-batch. Larger than the dataset: clamped to the dataset size.
    pub batch_size: usize,
    /// Seeds the weight initialisation and the shuffling.
    pub seed: u64,
    /// Sparsity penalties, k-sparse code, denoising (all off when absent).
    #[serde(default)]
    pub regularization: Regularization,
}

/// Result of one `step` call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepReport {
    /// Mean of each loss term over the batches of this call.
    pub terms: Vec<(LossTerm, f32)>,
    pub total: f32,
    /// Batches trained in this call.
    pub batches: usize,
    pub samples_seen: u64,
    /// Epochs completed, fractional (`batches_done / batches_per_epoch`).
    pub epoch: f64,
    pub batches_done: u64,
    /// Pretraining stage or fine-tuning; absent in old reports, which were all fine-tuning.
    #[serde(default)]
    pub phase: Phase,
}

/// Trains an autoencoder on a fixed training set, a few batches at a time.
///
/// Every epoch is reshuffled from the seed and only full batches are used (the remainder of
/// each shuffled epoch is skipped), so the per-batch buffers are allocated once, in `new`.
#[derive(Clone, Debug)]
pub struct Trainer {
    pub(super) cfg: TrainConfig,
    pub(super) batch_size: usize,
    pub(super) data: Matrix,
    pub(super) model: Autoencoder,
    pub(super) opt: Optimizer,
    pub(super) batcher: Batcher,
    pub(super) batches_done: u64,
    trace: Trace,
    grads: Gradients,
    batch: Matrix,
    pub(super) checkpoint: Checkpoint,
    pub(super) nan_at_batch: Option<u64>,
    /// Seed of a VAE's ε. Batch `b` draws from a generator seeded with `(noise_seed, b)`, so
    /// the noise is a function of the batch index and a rollback needs no generator state
    /// (`StdRng` cannot be cloned).
    noise_seed: u64,
    /// The corrupted batch of a denoising run.
    noisy: Matrix,
    /// The current layer-wise pretraining stage; `None` once fine-tuning has begun.
    pub(super) stage: Option<Box<Stage>>,
    pub(super) pretrain_batches: u64,
}

impl Trainer {
    /// Validates `cfg` against `train` and builds the model from `cfg.seed`.
    pub fn new(cfg: TrainConfig, train: Dataset) -> Result<Trainer, ConfigError> {
        validate_model(&cfg.model)?;
        validate_optimizer(&cfg.optimizer)?;
        if cfg.batch_size == 0 {
            return Err(ConfigError::BatchSizeZero);
        }
        validate_data(cfg.model.input_dim, &train)?;
        validate_regularization(&cfg.regularization, &cfg.model, cfg.batch_size)?;
        let batch_size = cfg.batch_size.min(train.len());
        let mut rng = StdRng::seed_from_u64(cfg.seed);
        let model = cfg
            .model
            .init(&mut rng)
            .with_regularization(cfg.regularization.clone())
            .with_concrete_init(&mut rng);
        let opt = cfg.optimizer.init();
        // Shuffling gets its own stream so changing the architecture keeps the data order.
        let batcher = Batcher::new(train.len(), batch_size, cfg.seed ^ 0x5eed_5eed_5eed_5eed);
        let mut trace = model.trace();
        let mut grads = model.gradients();
        let batch = Matrix::zeros(batch_size, cfg.model.input_dim);
        let noisy = Matrix::zeros(batch_size, cfg.model.input_dim);
        // One warm-up pass sizes every buffer (and the GEMM packing space) up front.
        model.forward(&batch, &mut trace);
        model.backward(&batch, &trace, &mut grads);
        if cfg.regularization.binary_code.is_some() {
            trace.code_noise = Matrix::zeros(batch_size, cfg.model.code_dim);
        }
        let checkpoint = Checkpoint::new(&model, &opt, &batcher);
        let noise_seed = cfg.seed ^ VAE_NOISE_SALT;
        let pretrain = cfg.regularization.pretrain;
        let mut trainer = Trainer {
            cfg,
            batch_size,
            data: Matrix::from_dmatrix(&train.x),
            model,
            opt,
            batcher,
            batches_done: 0,
            trace,
            grads,
            batch,
            checkpoint,
            nan_at_batch: None,
            noise_seed,
            noisy,
            stage: None,
            pretrain_batches: 0,
        };
        if let Some(p) = pretrain {
            trainer.stage = Some(Box::new(trainer.build_stage(0, p)));
        }
        Ok(trainer)
    }

    /// Trains `n_batches` mini-batches. On divergence returns [`TrainError::Diverged`] and
    /// restores the weights, optimiser state and data order from the start of this call
    /// (exactly: see `train::checkpoint`).
    ///
    /// With layer-wise pretraining configured, the first calls train the pretraining stages
    /// (see `train::pretrain`); a call then trains at most the stage's remaining batches.
    pub fn step(&mut self, n_batches: usize) -> Result<StepReport, TrainError> {
        if self.stage.is_some() {
            return self.pretrain_step(n_batches);
        }
        let call_start = self.batches_done;
        let (model, opt, batcher) = (&self.model, &self.opt, &self.batcher);
        self.checkpoint.refresh(model, opt, batcher, call_start);
        let mut sum = LossTerms::default();
        for _ in 0..n_batches {
            let terms = match self.train_batch() {
                Ok(t) => t,
                Err(reason) => {
                    let batch = self.batches_done;
                    self.rewind_to(call_start);
                    return Err(TrainError::Diverged { batch, reason });
                }
            };
            sum.add(&terms);
            self.batches_done += 1;
        }
        let r = sum.mean_report(n_batches, self.model.active_terms());
        Ok(StepReport {
            terms: r.terms,
            total: r.total,
            batches: n_batches,
            samples_seen: self.samples_seen(),
            epoch: self.epoch(),
            batches_done: self.batches_done,
            phase: Phase::FineTuning,
        })
    }

    fn train_batch(&mut self) -> Result<LossTerms, DivergenceReason> {
        let idx = self.batcher.next_batch();
        for (r, &i) in idx.iter().enumerate() {
            self.batch
                .row_mut(r)
                .copy_from_slice(self.data.row(i as usize));
        }
        if self.nan_at_batch == Some(self.batches_done) {
            self.batch.as_mut_slice()[0] = f32::NAN;
        }
        if let Some(vae) = &self.cfg.model.vae {
            let mut rng = self.batch_rng(0);
            fill_standard_normal(&mut rng, self.trace.vae.eps.as_mut_slice());
            self.trace.vae.kl_weight = vae.kl_weight_at(self.epoch());
        }
        if let Some(b) = self.cfg.regularization.binary_code {
            let mut rng = self.batch_rng(BINARY_SALT);
            b.fill(&mut rng, self.trace.code_noise.as_mut_slice());
        }
        if let Some(c) = self.cfg.regularization.concrete {
            let mut rng = self.batch_rng(CONCRETE_SALT);
            fill_gumbel(&mut rng, self.trace.concrete.noise.as_mut_slice());
            self.trace.concrete.temperature = Some(c.temperature_at(self.epoch()));
        }
        let terms = match self.cfg.regularization.noise {
            None => {
                self.model.forward(&self.batch, &mut self.trace);
                self.model
                    .backward(&self.batch, &self.trace, &mut self.grads)
            }
            Some(noise) => {
                let mut rng = self.batch_rng(DENOISE_SALT);
                self.noisy
                    .as_mut_slice()
                    .copy_from_slice(self.batch.as_slice());
                noise.apply(self.noisy.as_mut_slice(), &mut rng);
                self.model.forward(&self.noisy, &mut self.trace);
                let (x, t) = (&self.noisy, &self.batch);
                self.model.backward_to(x, t, &self.trace, &mut self.grads)
            }
        };
        checked_update(
            &mut self.model,
            &self.grads,
            &mut self.opt,
            &terms,
            &self.trace,
        )?;
        Ok(terms)
    }

    /// The generator of one noise stream (`salt`: 0 for the VAE's ε, else one of the salts
    /// above) for the current batch. A generator per batch, seeded from the batch index, so a
    /// rollback needs no saved generator state.
    fn batch_rng(&self, salt: u64) -> StdRng {
        let batch = self.batches_done.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        StdRng::seed_from_u64(self.noise_seed ^ salt ^ batch)
    }

    /// Back to the state after `target` batches: the checkpoint, then its batches replayed.
    fn rewind_to(&mut self, target: u64) {
        let (model, opt, batcher) = (&mut self.model, &mut self.opt, &mut self.batcher);
        self.batches_done = self.checkpoint.restore(model, opt, batcher);
        while self.batches_done < target {
            // These batches succeeded once and replay bit for bit; should one fail anyway,
            // the checkpoint's earlier good state is kept.
            if self.train_batch().is_err() {
                let (model, opt, batcher) = (&mut self.model, &mut self.opt, &mut self.batcher);
                self.batches_done = self.checkpoint.restore(model, opt, batcher);
                return;
            }
            self.batches_done += 1;
        }
    }
}
