//! The trainer: a plain state machine advanced by `step(n_batches)`.

use nalgebra::DMatrix;
use rand::{SeedableRng, rngs::StdRng};
use serde::{Deserialize, Serialize};

use super::error::{ConfigError, DivergenceReason, TrainError};
use super::pretrain::{Phase, Stage};
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

/// State to roll back to when a step diverges.
#[derive(Clone, Debug)]
struct Snapshot {
    model: Autoencoder,
    opt: Optimizer,
    batcher: Batcher,
    batches_done: u64,
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
    opt: Optimizer,
    batcher: Batcher,
    batches_done: u64,
    trace: Trace,
    grads: Gradients,
    batch: Matrix,
    snapshot: Snapshot,
    nan_at_batch: Option<u64>,
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
        validate_regularization(&cfg.regularization, &cfg.model)?;
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
        let snapshot = Snapshot {
            model: model.clone(),
            opt: opt.clone(),
            batcher: batcher.clone(),
            batches_done: 0,
        };
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
            snapshot,
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
    /// restores the weights, optimiser state and data order from the start of this call.
    ///
    /// With layer-wise pretraining configured, the first calls train the pretraining stages
    /// (see `train::pretrain`); a call then trains at most the stage's remaining batches.
    pub fn step(&mut self, n_batches: usize) -> Result<StepReport, TrainError> {
        if self.stage.is_some() {
            return self.pretrain_step(n_batches);
        }
        self.save_snapshot();
        let mut sum = LossTerms::default();
        for _ in 0..n_batches {
            let terms = match self.train_batch() {
                Ok(t) => t,
                Err(reason) => {
                    let batch = self.batches_done;
                    self.restore_snapshot();
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
            let salt = self.batches_done.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let mut rng = StdRng::seed_from_u64(self.noise_seed ^ salt);
            fill_standard_normal(&mut rng, self.trace.vae.eps.as_mut_slice());
            self.trace.vae.kl_weight = vae.kl_weight_at(self.epoch());
        }
        if let Some(c) = self.cfg.regularization.concrete {
            // A generator per batch, like the VAE's ε, so a rollback needs no saved state.
            let salt = self.batches_done.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let mut rng = StdRng::seed_from_u64(self.noise_seed ^ CONCRETE_SALT ^ salt);
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
                // A generator per batch, like the VAE's ε, so a rollback needs no saved state.
                let salt = self.batches_done.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                let mut rng = StdRng::seed_from_u64(self.noise_seed ^ DENOISE_SALT ^ salt);
                self.noisy
                    .as_mut_slice()
                    .copy_from_slice(self.batch.as_slice());
                noise.apply(self.noisy.as_mut_slice(), &mut rng);
                self.model.forward(&self.noisy, &mut self.trace);
                let (x, t) = (&self.noisy, &self.batch);
                self.model.backward_to(x, t, &self.trace, &mut self.grads)
            }
        };
        if !terms.is_finite() {
            return Err(DivergenceReason::NonFiniteLoss);
        }
        let out_pre = self.trace.pre.last().map(|z| z.as_slice()).unwrap_or(&[]);
        let max_abs = out_pre.iter().fold(0.0f32, |m, z| m.max(z.abs()));
        if max_abs > MAX_PRE_ACTIVATION {
            return Err(DivergenceReason::ExplodingActivations { max_abs });
        }
        let check = self.model.apply_gradients(&self.grads, &mut self.opt);
        if !check.grad_finite {
            return Err(DivergenceReason::NonFiniteGradient);
        }
        if !check.param_finite {
            return Err(DivergenceReason::NonFiniteParameter);
        }
        Ok(terms)
    }

    fn save_snapshot(&mut self) {
        self.snapshot.model.copy_params_from(&self.model);
        self.snapshot.opt.copy_from(&self.opt);
        self.snapshot.batcher.copy_from(&self.batcher);
        self.snapshot.batches_done = self.batches_done;
    }

    fn restore_snapshot(&mut self) {
        self.model.copy_params_from(&self.snapshot.model);
        self.opt.copy_from(&self.snapshot.opt);
        self.batcher.copy_from(&self.snapshot.batcher);
        self.batches_done = self.snapshot.batches_done;
    }

    /// Codes of the rows of `x` (`n × input_dim` → `n × code_dim`).
    pub fn encode(&self, x: &DMatrix<f32>) -> DMatrix<f32> {
        self.model.encode(x)
    }

    /// Reconstructions from codes (`n × code_dim` → `n × input_dim`).
    pub fn decode(&self, codes: &DMatrix<f32>) -> DMatrix<f32> {
        self.model.decode(codes)
    }

    /// `decode(encode(x))` (`n × input_dim` → `n × input_dim`).
    pub fn reconstruct(&self, x: &DMatrix<f32>) -> DMatrix<f32> {
        self.model.reconstruct(x)
    }

    pub fn config(&self) -> &TrainConfig {
        &self.cfg
    }

    pub fn model(&self) -> &Autoencoder {
        &self.model
    }

    /// The batch size in use (the configured one, clamped to the dataset size).
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    pub fn batches_per_epoch(&self) -> usize {
        self.batcher.batches_per_epoch()
    }

    pub fn batches_done(&self) -> u64 {
        self.batches_done
    }

    /// Samples trained on, pretraining stages included.
    pub fn samples_seen(&self) -> u64 {
        (self.pretrain_batches + self.batches_done) * self.batch_size as u64
    }

    /// Fractional epochs of fine-tuning completed (pretraining not counted: this drives the
    /// KL warm-up and the concrete temperature).
    pub fn epoch(&self) -> f64 {
        self.batches_done as f64 / self.batches_per_epoch() as f64
    }

    /// A VAE's KL weight β for the next batch (after warm-up, the configured β).
    pub fn kl_weight(&self) -> Option<f32> {
        self.cfg.model.vae.map(|v| v.kl_weight_at(self.epoch()))
    }

    pub fn param_count(&self) -> usize {
        let n = self.cfg.model.param_count();
        // A concrete selector has a logit per weight of layer 0 but no bias.
        match self.cfg.regularization.concrete {
            Some(c) => n.saturating_sub(c.k),
            None => n,
        }
    }

    /// A concrete selector's temperature for the next batch (`t_end` once annealed).
    pub fn concrete_temperature(&self) -> Option<f32> {
        let c = self.cfg.regularization.concrete?;
        Some(c.temperature_at(self.epoch()))
    }

    /// FNV-1a hash of every parameter's bits, for reproducibility checks.
    pub fn params_checksum(&self) -> u64 {
        self.model.params_checksum()
    }

    /// Test hook: poisons the input of the given (0-based, global) batch with a NaN.
    #[doc(hidden)]
    pub fn inject_nan_at_batch(&mut self, batch: u64) {
        self.nan_at_batch = Some(batch);
    }
}
