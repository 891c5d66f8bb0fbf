//! The one-class table: each class in turn as the only normal data, a fresh network of the
//! current configuration trained on it for a fixed budget, then the autoencoder's and PCA's
//! AUC against every other class. The reference text's caveat, measured: an autoencoder may
//! reconstruct another class as well as its own (a net trained on 1s draws every thin digit).
//!
//! A job advances a slice per worker turn, like training, so it reports progress and can be
//! cancelled between two turns.

use super::anomaly::{NormalSplit, Others};
use super::display::Baseline;
use crate::protocol::{OneClassProgress, OneClassRow, Report};
use crate::train::{TrainConfig, Trainer};

/// Progress reports at most this often (ms).
const REPORT_EVERY_MS: f64 = 250.0;

pub(super) struct Job {
    config: TrainConfig,
    classes: u8,
    class: u8,
    samples: u64,
    trainer: Option<Trainer>,
    rows: Vec<OneClassRow>,
    last_report: f64,
}

impl Job {
    pub fn new(config: TrainConfig, classes: usize, samples: u64) -> Result<Job, String> {
        if !(2..=u8::MAX as usize).contains(&classes) {
            return Err("The one-class table needs a dataset with classes.".into());
        }
        if !(1_000..=1_000_000).contains(&samples) {
            return Err("Train each class for 1,000 to 1,000,000 samples.".into());
        }
        Ok(Job {
            config,
            classes: classes as u8,
            class: 0,
            samples,
            trainer: None,
            rows: Vec::new(),
            last_report: f64::NEG_INFINITY,
        })
    }

    /// Work for about `budget_ms`; returns the reports and whether the table is complete.
    pub fn tick(
        &mut self,
        data: &Baseline,
        now: &dyn Fn() -> f64,
        budget_ms: f64,
    ) -> (Vec<Report>, bool) {
        let start = now();
        while now() - start < budget_ms && self.class < self.classes {
            let normal = [self.class];
            let split = match NormalSplit::new(data, &normal, Others::Needed) {
                Ok(s) => s,
                Err(_) => {
                    // A class with no items in a split is skipped, not fatal.
                    self.class += 1;
                    continue;
                }
            };
            if self.trainer.is_none() {
                let train = data.split.train.subset(&split.train_normal);
                match Trainer::new(self.config.clone(), train) {
                    Ok(t) => self.trainer = Some(t),
                    Err(e) => return (vec![self.report(false, Some(e.to_string()))], true),
                }
            }
            let Some(t) = self.trainer.as_mut() else {
                break;
            };
            if t.samples_seen() < self.samples {
                if let Err(e) = t.step(4) {
                    return (vec![self.report(false, Some(e.to_string()))], true);
                }
                continue;
            }
            let (ae, pca) = split.aucs(t, data);
            self.rows.push(OneClassRow {
                class: self.class,
                ae_auc: ae,
                pca_auc: pca,
            });
            self.trainer = None;
            self.class += 1;
        }
        let done = self.class >= self.classes;
        let t = now();
        if done || t - self.last_report >= REPORT_EVERY_MS {
            self.last_report = t;
            return (vec![self.report(!done, None)], done);
        }
        (Vec::new(), done)
    }

    /// The table so far.
    pub fn report(&self, running: bool, message: Option<String>) -> Report {
        Report::OneClass(Box::new(OneClassProgress {
            rows: self.rows.clone(),
            class: self.class,
            classes: self.classes,
            samples_seen: self.trainer.as_ref().map_or(0, |t| t.samples_seen()),
            samples: self.samples,
            running,
            message,
        }))
    }
}
