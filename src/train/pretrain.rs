//! Greedy layer-wise pretraining as a phase of the [`Trainer`] state machine (Hinton &
//! Salakhutdinov, 2006, but each stage is a shallow autoencoder trained by backpropagation,
//! not a restricted Boltzmann machine).
//!
//! For encoder layer `i = 0 … L−1`: the training data is pushed through the (already
//! pretrained) layers `0 … i−1` once, and a shallow autoencoder made of layer `i` and its
//! mirrored decoder layer (see [`Autoencoder::shallow_stage`]) learns to reconstruct those
//! codes for `epochs_per_layer` epochs; its weights are then copied into the deep net. After
//! the last stage the whole stack is fine-tuned by the normal training loop.
//!
//! The worker's chunked `step(n)` calls drive the phases transparently. A call never crosses a
//! stage boundary (it trains at most the stage's remaining batches and says so in
//! `StepReport::batches`), so a divergence rolls back within one stage. Stages are plain
//! autoencoders: the penalties and input noise apply to fine-tuning only.

use serde::{Deserialize, Serialize};

use super::checkpoint::Checkpoint;
use super::trainer::{MAX_PRE_ACTIVATION, StepReport, Trainer};
use super::{DivergenceReason, TrainError};
use crate::models::{Autoencoder, Gradients, LossTerms, Trace};
use crate::nn::{Batcher, Matrix, Optimizer};

pub use crate::models::stack::Pretrain;

/// Separates each stage's shuffling from the fine-tuning's.
const STAGE_SALT: u64 = 0x57a6_e57a_6e57_a6e5;

/// Which part of training a [`StepReport`] belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Training the shallow autoencoder of encoder layer `layer` (0-based) of `of`; the
    /// report's loss is that stage's own reconstruction loss.
    Pretraining { layer: usize, of: usize },
    /// Training the whole network (the only phase without pretraining).
    #[default]
    FineTuning,
}

/// One pretraining stage: its own network, optimiser, data and buffers.
#[derive(Clone, Debug)]
pub(super) struct Stage {
    layer: usize,
    model: Autoencoder,
    opt: Optimizer,
    batcher: Batcher,
    /// The codes of the previous layer for every training sample (`n × widths[layer]`).
    data: Matrix,
    batch: Matrix,
    trace: Trace,
    grads: Gradients,
    done: u64,
    total: u64,
    checkpoint: Checkpoint,
}

impl Stage {
    /// A mid-run change of step size, momentum or weight decay (`Trainer::retune`) reaches
    /// the running stage too, from its next batch; its rollback point is taken afresh.
    pub(super) fn retune(&mut self, optimizer: crate::nn::OptimizerConfig) {
        self.opt.set_config(optimizer);
        self.checkpoint.invalidate();
    }

    /// Trains `n` batches; on divergence restores the state of the call's start and returns
    /// how many batches into the call it failed.
    fn step(&mut self, n: usize) -> Result<LossTerms, (u64, DivergenceReason)> {
        let call_start = self.done;
        let (model, opt, batcher) = (&self.model, &self.opt, &self.batcher);
        self.checkpoint.refresh(model, opt, batcher, call_start);
        let mut sum = LossTerms::default();
        for _ in 0..n {
            match self.train_batch() {
                Ok(t) => sum.add(&t),
                Err(reason) => {
                    let into_call = self.done - call_start;
                    self.rewind_to(call_start);
                    return Err((into_call, reason));
                }
            }
            self.done += 1;
        }
        Ok(sum)
    }

    /// Back to the state after `target` batches (see `train::checkpoint`).
    fn rewind_to(&mut self, target: u64) {
        let (model, opt, batcher) = (&mut self.model, &mut self.opt, &mut self.batcher);
        self.done = self.checkpoint.restore(model, opt, batcher);
        while self.done < target {
            if self.train_batch().is_err() {
                let (model, opt, batcher) = (&mut self.model, &mut self.opt, &mut self.batcher);
                self.done = self.checkpoint.restore(model, opt, batcher);
                return;
            }
            self.done += 1;
        }
    }

    fn train_batch(&mut self) -> Result<LossTerms, DivergenceReason> {
        let idx = self.batcher.next_batch();
        for (r, &i) in idx.iter().enumerate() {
            self.batch
                .row_mut(r)
                .copy_from_slice(self.data.row(i as usize));
        }
        self.model.forward(&self.batch, &mut self.trace);
        let terms = self
            .model
            .backward(&self.batch, &self.trace, &mut self.grads);
        checked_update(
            &mut self.model,
            &self.grads,
            &mut self.opt,
            &terms,
            &self.trace,
        )?;
        Ok(terms)
    }
}

/// One update with the divergence checks shared by both phases: a finite loss and bounded
/// output pre-activations before it, finite gradients and weights after it (the caller rolls
/// back on an error).
pub(super) fn checked_update(
    model: &mut Autoencoder,
    grads: &Gradients,
    opt: &mut Optimizer,
    terms: &LossTerms,
    trace: &Trace,
) -> Result<(), DivergenceReason> {
    if !terms.is_finite() {
        return Err(DivergenceReason::NonFiniteLoss);
    }
    let out_pre = trace.pre.last().map(|z| z.as_slice()).unwrap_or(&[]);
    let max_abs = out_pre.iter().fold(0.0f32, |m, z| m.max(z.abs()));
    if max_abs > MAX_PRE_ACTIVATION {
        return Err(DivergenceReason::ExplodingActivations { max_abs });
    }
    let check = model.apply_gradients(grads, opt);
    if !check.grad_finite {
        return Err(DivergenceReason::NonFiniteGradient);
    }
    if !check.param_finite {
        return Err(DivergenceReason::NonFiniteParameter);
    }
    Ok(())
}

impl Trainer {
    /// The stage for encoder layer `layer`: its inputs are the current network's codes of
    /// layer `layer − 1` for the whole training set (computed once, here).
    pub(super) fn build_stage(&self, layer: usize, p: Pretrain) -> Stage {
        let data = if layer == 0 {
            self.data.clone()
        } else {
            let x = self.data.to_dmatrix();
            Matrix::from_dmatrix(&self.model.run_range(&x, 0..layer))
        };
        let model = self.model.shallow_stage(layer);
        let seed = self.cfg.seed ^ STAGE_SALT ^ (layer as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let batcher = Batcher::new(data.rows(), self.batch_size, seed);
        let total = (f64::from(p.epochs_per_layer) * batcher.batches_per_epoch() as f64).ceil();
        let opt = self.cfg.optimizer.init();
        let batch = Matrix::zeros(self.batch_size, data.cols());
        let (mut trace, mut grads) = (model.trace(), model.gradients());
        model.forward(&batch, &mut trace);
        model.backward(&batch, &trace, &mut grads);
        Stage {
            layer,
            checkpoint: Checkpoint::new(&model, &opt, &batcher),
            model,
            opt,
            batcher,
            data,
            batch,
            trace,
            grads,
            done: 0,
            total: (total as u64).max(1),
        }
    }

    /// One `step` call during pretraining: at most the current stage's remaining batches.
    /// When the stage completes, its weights go into the deep net and the next stage (or
    /// fine-tuning) begins with the next call.
    pub(super) fn pretrain_step(&mut self, n_batches: usize) -> Result<StepReport, TrainError> {
        let of = self.cfg.model.n_encoder();
        let stage = self
            .stage
            .as_mut()
            .expect("called in the pretraining phase");
        let layer = stage.layer;
        let n = (n_batches as u64).min(stage.total - stage.done) as usize;
        let before = self.pretrain_batches;
        let sum = stage
            .step(n)
            .map_err(|(into_call, reason)| TrainError::Diverged {
                batch: before + into_call,
                reason,
            })?;
        self.pretrain_batches += n as u64;
        let r = sum.mean_report(n, stage.model.active_terms());
        if stage.done >= stage.total {
            let finished = self.stage.take().expect("present");
            self.model.absorb_stage(layer, &finished.model);
            self.checkpoint.invalidate();
            if layer + 1 < of {
                let p = self.pretrain_config().expect("pretraining is configured");
                self.stage = Some(Box::new(self.build_stage(layer + 1, p)));
            }
        }
        Ok(StepReport {
            terms: r.terms,
            total: r.total,
            batches: n,
            samples_seen: self.samples_seen(),
            epoch: self.epoch(),
            batches_done: self.batches_done(),
            phase: Phase::Pretraining { layer, of },
        })
    }

    fn pretrain_config(&self) -> Option<Pretrain> {
        self.cfg.regularization.pretrain
    }

    /// The phase the next `step` call trains in.
    pub fn phase(&self) -> Phase {
        match &self.stage {
            Some(s) => Phase::Pretraining {
                layer: s.layer,
                of: self.cfg.model.n_encoder(),
            },
            None => Phase::FineTuning,
        }
    }

    /// Mini-batches trained by pretraining stages so far (not counted in `batches_done`,
    /// which drives the fine-tuning's epochs, but counted in `samples_seen`).
    pub fn pretrain_batches(&self) -> u64 {
        self.pretrain_batches
    }
}
