//! What a trainer tells about its run without training: inference through its model, its
//! counters, the schedules that depend on them, and a test hook.

use nalgebra::DMatrix;

use super::trainer::{TrainConfig, Trainer};
use crate::models::Autoencoder;

impl Trainer {
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

    /// Where the training data's values lie (what corruption may do to them).
    pub fn range(&self) -> crate::models::noise::DataRange {
        self.range
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
