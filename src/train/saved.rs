//! A trainer's whole state after some batches, to save in a model file and resume from.
//!
//! Everything else a run depends on is a function of the configuration, the data and the
//! batch index (the data order, every noise stream: see `train::checkpoint`), so weights,
//! optimiser moments, the counters and the batcher's place are all a file needs for the
//! resumed run to go on bit for bit as the saved one would have.

use serde::{Deserialize, Serialize};

use super::trainer::{TrainConfig, Trainer};
use crate::data::Dataset;
use crate::nn::OptimizerState;

/// The trainable state of a run.
///
/// # Shapes
/// - `params[i]`: the `i`-th tensor of `Autoencoder::visit_params`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainState {
    pub params: Vec<Vec<f32>>,
    pub optimizer: OptimizerState,
    pub batches_done: u64,
    pub pretrain_batches: u64,
    pub epoch: u64,
    pub cursor: usize,
}

impl Trainer {
    /// The state to save; refused during layer-wise pretraining, whose stage nets are not
    /// part of the model yet.
    pub fn state(&self) -> Result<TrainState, String> {
        if self.stage.is_some() {
            return Err(
                "Layer-wise pretraining is still running: save once fine-tuning has begun.".into(),
            );
        }
        let mut params = Vec::new();
        self.model.visit_params(|p| params.push(p.to_vec()));
        let (epoch, cursor) = self.batcher.position();
        Ok(TrainState {
            params,
            optimizer: self.opt.state(),
            batches_done: self.batches_done,
            pretrain_batches: self.pretrain_batches,
            epoch,
            cursor,
        })
    }

    /// A trainer for `cfg` on `train` that carries on from `state`. Everything is checked
    /// before anything is built into the result: a state for another network or other data
    /// is refused with what does not fit.
    pub fn resume(cfg: TrainConfig, train: Dataset, state: TrainState) -> Result<Trainer, String> {
        let mut t = Trainer::new(cfg, train).map_err(|e| e.to_string())?;
        let mut lens = Vec::new();
        t.model.visit_params(|p| lens.push(p.len()));
        let got: Vec<usize> = state.params.iter().map(Vec::len).collect();
        if got != lens {
            return Err(format!(
                "the file's weights are {} tensors of {} values; this network has {} of {}",
                got.len(),
                got.iter().sum::<usize>(),
                lens.len(),
                lens.iter().sum::<usize>()
            ));
        }
        if state.params.iter().flatten().any(|v| !v.is_finite()) {
            return Err("the file's weights hold a value that is not a finite number".into());
        }
        // Counters a real run reaches in years, not more: samples are counted in a u64.
        let batches = state.batches_done.checked_add(state.pretrain_batches);
        if batches
            .and_then(|b| b.checked_mul(t.batch_size as u64))
            .is_none_or(|n| n > 1 << 50)
        {
            return Err("the file's training counters are out of range".into());
        }
        let slot_lens = t.model.slot_lens();
        t.opt.set_state(state.optimizer, &slot_lens)?;
        t.batcher.seek(state.epoch, state.cursor)?;
        let mut tensors = state.params.into_iter();
        t.model.visit_params_mut(|p| {
            if let Some(saved) = tensors.next() {
                p.copy_from_slice(&saved);
            }
        });
        t.batches_done = state.batches_done;
        t.pretrain_batches = state.pretrain_batches;
        // The saved run was past pretraining: the resumed one fine-tunes.
        t.stage = None;
        t.checkpoint.invalidate();
        Ok(t)
    }
}
