//! The state a diverged `step` call rolls back to, copied lazily.
//!
//! Copying every weight and both of Adam's moments costs about half a mini-batch of the
//! 784-1000-500-250-30 net, so doing it at the start of every call (as the trainer once did)
//! cost a deep net a large share of its training time. Instead the state is copied at most
//! once every [`CHECKPOINT_EVERY`] batches; a call that diverges restores the checkpoint and
//! replays the batches from there to the start of the call. The data order and every noise
//! stream are functions of the batch index, so the replay lands on exactly the weights the
//! call started with.

use crate::models::Autoencoder;
use crate::nn::{Batcher, Optimizer};

/// Batches between copies: the copy's cost shrinks to a few percent of one batch per batch,
/// and a divergence replays at most this many batches.
pub const CHECKPOINT_EVERY: u64 = 32;

/// A copy of the trainable state and the batch index it was taken at.
#[derive(Clone, Debug)]
pub(super) struct Checkpoint {
    model: Autoencoder,
    opt: Optimizer,
    batcher: Batcher,
    /// `None` until the first copy, and after the live model was changed outside training.
    at: Option<u64>,
}

impl Checkpoint {
    pub fn new(model: &Autoencoder, opt: &Optimizer, batcher: &Batcher) -> Checkpoint {
        Checkpoint {
            model: model.clone(),
            opt: opt.clone(),
            batcher: batcher.clone(),
            at: None,
        }
    }

    /// Called at the start of every `step` call, before any training: copies the state if the
    /// checkpoint is missing or `CHECKPOINT_EVERY` batches old.
    pub fn refresh(&mut self, model: &Autoencoder, opt: &Optimizer, batcher: &Batcher, done: u64) {
        if self
            .at
            .is_some_and(|at| at <= done && done - at < CHECKPOINT_EVERY)
        {
            return;
        }
        self.model.copy_params_from(model);
        self.opt.copy_from(opt);
        self.batcher.copy_from(batcher);
        self.at = Some(done);
    }

    /// The live model changed outside training (a pretraining stage was absorbed): the next
    /// call must copy afresh.
    pub fn invalidate(&mut self) {
        self.at = None;
    }

    /// Put the checkpoint's state back and return its batch index; the caller replays from
    /// there. Only called after `refresh` in the same call, so a checkpoint always exists.
    pub fn restore(
        &self,
        model: &mut Autoencoder,
        opt: &mut Optimizer,
        batcher: &mut Batcher,
    ) -> u64 {
        model.copy_params_from(&self.model);
        opt.copy_from(&self.opt);
        batcher.copy_from(&self.batcher);
        self.at.unwrap_or(0)
    }
}
