//! The trainer: a plain state machine advanced by `step(n_batches)`.

use rand::{SeedableRng, rngs::StdRng};
use serde::{Deserialize, Serialize};

use super::checkpoint::Checkpoint;
use super::pretrain::{Phase, Stage, checked_update};
use super::schedule::Schedule;
use super::validate::{
    validate_data, validate_model, validate_optimizer, validate_range, validate_regularization,
};
use super::{ConfigError, DivergenceReason, TrainError};
use crate::data::Dataset;
use crate::models::noise::DataRange;
use crate::models::regularize::Regularization;
use crate::models::{Autoencoder, AutoencoderConfig, Gradients, LossTerm, LossTerms, Trace};
use crate::nn::{Batcher, Matrix, Optimizer, OptimizerConfig};

/// Output pre-activations beyond this magnitude count as divergence: no healthy network gets
/// there, and a bounded output activation would otherwise hide the blow-up from the loss.
pub const MAX_PRE_ACTIVATION: f32 = 1e6;

/// Everything that defines a training run; the same config and data give bit-identical runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub model: AutoencoderConfig,
    pub optimizer: OptimizerConfig,
    /// Samples per mini-batch. Larger than the dataset: clamped to the dataset size.
    pub batch_size: usize,
    /// Seeds the weight initialisation and the shuffling.
    pub seed: u64,
    /// Penalties, input noise and the other variant choices (all off when absent).
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
    /// What each batch draws or anneals outside the weights.
    schedule: Schedule,
    /// The corrupted batch of a denoising run.
    noisy: Matrix,
    /// The current layer-wise pretraining stage; `None` once fine-tuning has begun.
    pub(super) stage: Option<Box<Stage>>,
    pub(super) pretrain_batches: u64,
    /// Where the training data's values lie: what corruption may do to them.
    pub(super) range: DataRange,
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
        let range = DataRange::of(train.x.as_slice());
        validate_range(&cfg.model, &cfg.regularization, range)?;
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
        Schedule::size(&model, batch_size, &mut trace);
        let checkpoint = Checkpoint::new(&model, &opt, &batcher);
        let schedule = Schedule::new(&cfg);
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
            schedule,
            noisy,
            stage: None,
            pretrain_batches: 0,
            range,
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
        let (cfg, batch) = (&self.cfg, self.batches_done);
        let penalties = self.model.penalties();
        self.schedule
            .prepare(cfg, penalties, batch, self.epoch(), &mut self.trace);
        let noisy = self
            .schedule
            .corrupt(cfg, batch, self.range, &self.batch, &mut self.noisy);
        let input = if noisy { &self.noisy } else { &self.batch };
        self.model.forward(input, &mut self.trace);
        let terms = self
            .model
            .backward_to(input, &self.batch, &self.trace, &mut self.grads);
        checked_update(
            &mut self.model,
            &self.grads,
            &mut self.opt,
            &terms,
            &self.trace,
        )?;
        Ok(terms)
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
