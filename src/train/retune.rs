//! Settings that change mid-run, on the trained network.
//!
//! A teacher lowers the learning rate after a plateau to show what it does; throwing the
//! network away to do so would show nothing. The step size, momentum, weight decay and the
//! penalties' weights only scale the next updates, so they change between two batches and
//! training goes on from the same weights and optimiser moments. Everything else (the
//! architecture, the variant, the optimiser's kind, the batch size, the seed) shapes the
//! network or its buffers, data order and schedules, and needs a new one.

use super::error::ConfigError;
use super::trainer::{TrainConfig, Trainer};
use super::validate::{validate_optimizer, validate_regularization};

/// Whether `next` differs from `current` only in settings that can change mid-run.
pub fn is_retune(current: &TrainConfig, next: &TrainConfig) -> bool {
    let mut probe = next.clone();
    let (o, c) = (&mut probe.optimizer, &current.optimizer);
    o.lr = c.lr;
    o.momentum = c.momentum;
    o.weight_decay = c.weight_decay;
    probe.regularization.take_strengths(&current.regularization);
    probe == *current
}

impl Trainer {
    /// Carry on training with `next`'s step size, momentum, weight decay and penalty weights
    /// (see [`is_retune`]). Weights, optimiser moments, data order and counters are kept; the
    /// divergence checkpoint is taken afresh, so a later rollback never restores the old
    /// settings.
    pub fn retune(&mut self, next: &TrainConfig) -> Result<(), ConfigError> {
        if !is_retune(&self.cfg, next) {
            return Err(ConfigError::NeedsNewNetwork);
        }
        validate_optimizer(&next.optimizer)?;
        validate_regularization(&next.regularization, &next.model, next.batch_size)?;
        self.opt.set_config(next.optimizer);
        if let Some(stage) = self.stage.as_mut() {
            stage.retune(next.optimizer);
        }
        self.model.set_regularization(next.regularization.clone());
        self.cfg = next.clone();
        self.checkpoint.invalidate();
        Ok(())
    }
}
