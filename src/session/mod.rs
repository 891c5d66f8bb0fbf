//! The training session behind the worker: a plain state machine that takes
//! [`Command`]s and returns [`Report`]s. It owns the data, the PCA baseline and the trainer,
//! and decides how much to train per turn and how often to report, so the worker shell only
//! moves messages and the whole behaviour is tested natively.

mod display;

use nalgebra::DMatrix;

use crate::data::{DatasetId, Split, asset, synthetic};
use crate::models::LossTerm;
use crate::protocol::{Command, LatentView, ModelInfo, Progress, Report};
use crate::train::pretrain::Phase;
use crate::train::{TrainConfig, Trainer};
use display::Baseline;

/// How often the page hears about progress and sees the model, in milliseconds of wall time.
const PROGRESS_EVERY_MS: f64 = 100.0;
const SNAPSHOT_EVERY_MS: f64 = 400.0;
const METRICS_EVERY_MS: f64 = 1500.0;
/// One `Trainer::step` call aims at this long, so a pause is answered quickly.
const STEP_TARGET_MS: f64 = 15.0;

/// The model being trained and its report bookkeeping.
struct Run {
    trainer: Trainer,
    /// Wall time spent playing before the current play started.
    played_ms: f64,
    play_started: Option<f64>,
    last_progress: (f64, u64),
    last_snapshot: f64,
    last_metrics: f64,
    /// Batches per `step` call, adapted so one call takes about `STEP_TARGET_MS`.
    chunk: usize,
    /// Loss sums since the last progress report.
    pending: Option<Pending>,
}

/// Loss sums over the batches since the last progress report.
#[derive(Default)]
struct Pending {
    terms: Vec<(LossTerm, f64)>,
    total: f64,
    batches: usize,
    phase: Phase,
}

/// Everything the worker holds.
pub struct Session {
    data: Option<Baseline>,
    run: Option<Run>,
    view: LatentView,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    pub fn new() -> Session {
        Session {
            data: None,
            run: None,
            view: LatentView::Dims(0, 1),
        }
    }

    pub fn is_playing(&self) -> bool {
        self.run.as_ref().is_some_and(|r| r.play_started.is_some())
    }

    /// Carry out one command. A command that cannot be carried out leaves the state as it was
    /// and answers [`Report::Rejected`].
    pub fn handle(&mut self, cmd: Command, clock: &dyn Fn() -> f64) -> Vec<Report> {
        match self.try_handle(cmd, clock) {
            Ok(reports) => reports,
            Err(message) => vec![Report::Rejected { message }],
        }
    }

    fn try_handle(&mut self, cmd: Command, clock: &dyn Fn() -> f64) -> Result<Vec<Report>, String> {
        let now = clock();
        match cmd {
            Command::LoadData { dataset, asset } => {
                let split = load_split(dataset, asset.as_deref())?;
                let (baseline, info) = Baseline::new(dataset, split, clock);
                self.data = Some(baseline);
                self.run = None;
                Ok(vec![Report::DataLoaded(info), playing(false, None)])
            }
            Command::Configure { config } => self.configure(*config, now),
            Command::Reset => {
                let config = self.run.as_ref().ok_or("There is no model to reset yet.")?;
                let config = config.trainer.config().clone();
                self.configure(config, now)
            }
            Command::Play => {
                let run = self
                    .run
                    .as_mut()
                    .ok_or("Configure a model before training.")?;
                if run.play_started.is_none() {
                    run.play_started = Some(now);
                    run.last_progress = (now, run.trainer.samples_seen());
                }
                Ok(vec![playing(true, None)])
            }
            Command::Pause => {
                let mut out = self.flush(now, true);
                if let Some(run) = self.run.as_mut() {
                    run.pause(now);
                }
                out.push(playing(false, None));
                Ok(out)
            }
            Command::Step => {
                let run = self
                    .run
                    .as_mut()
                    .ok_or("Configure a model before training.")?;
                run.pause(now);
                let mut out = match run.train(1) {
                    Ok(()) => self.flush(now, true),
                    Err(message) => vec![playing(false, Some(message))],
                };
                out.push(playing(false, None));
                Ok(out)
            }
            Command::SetLatentView(view) => {
                self.view = view;
                Ok(self.snapshot(now, false))
            }
        }
    }

    fn configure(&mut self, config: TrainConfig, now: f64) -> Result<Vec<Report>, String> {
        let data = self
            .data
            .as_ref()
            .ok_or("Load a dataset before configuring a model.")?;
        let code_dim = config.model.code_dim;
        let trainer = Trainer::new(config, data.split.train.clone()).map_err(|e| e.to_string())?;
        let pca = data.pca_for(code_dim);
        let info = ModelInfo {
            dataset: data.dataset,
            parameters: trainer.param_count(),
            batches_per_epoch: trainer.batches_per_epoch(),
            code_dim,
            pca_k: pca.k,
            pca_test_mse: pca.test_mse,
            pca_knn: pca.knn,
            pca_recon: pca.recon,
        };
        if let LatentView::Dims(a, b) = self.view
            && (a as usize >= code_dim || b as usize >= code_dim)
        {
            self.view = LatentView::Dims(0, 1.min(code_dim as u16 - 1));
        }
        self.run = Some(Run {
            trainer,
            played_ms: 0.0,
            play_started: None,
            last_progress: (now, 0),
            last_snapshot: f64::NEG_INFINITY,
            last_metrics: f64::NEG_INFINITY,
            chunk: 1,
            pending: None,
        });
        let mut out = vec![Report::Configured(info), playing(false, None)];
        out.extend(self.snapshot(now, true));
        Ok(out)
    }

    /// Train for about `budget_ms` (when playing) and return what the page should hear.
    pub fn tick(&mut self, now: &dyn Fn() -> f64, budget_ms: f64) -> Vec<Report> {
        let start = now();
        let Some(run) = self.run.as_mut().filter(|r| r.play_started.is_some()) else {
            return Vec::new();
        };
        while now() - start < budget_ms {
            let t0 = now();
            if let Err(message) = run.train(run.chunk) {
                run.pause(now());
                return vec![playing(false, Some(message))];
            }
            let per_batch = ((now() - t0) / run.chunk as f64).max(1e-3);
            run.chunk = ((STEP_TARGET_MS / per_batch) as usize).clamp(1, 4096);
        }
        let t = now();
        let mut out = Vec::new();
        if t - run.last_progress.0 >= PROGRESS_EVERY_MS {
            out.extend(self.flush_progress(t));
        }
        if t - self.run.as_ref().map_or(t, |r| r.last_snapshot) >= SNAPSHOT_EVERY_MS {
            let metrics = t - self.run.as_ref().map_or(t, |r| r.last_metrics) >= METRICS_EVERY_MS;
            out.extend(self.snapshot(t, metrics));
        }
        out
    }

    /// Progress and a full snapshot now (after a step or on pause).
    fn flush(&mut self, now: f64, metrics: bool) -> Vec<Report> {
        let mut out: Vec<Report> = self.flush_progress(now).into_iter().collect();
        out.extend(self.snapshot(now, metrics));
        out
    }

    fn flush_progress(&mut self, now: f64) -> Option<Report> {
        let run = self.run.as_mut()?;
        let Pending {
            terms,
            total,
            batches,
            phase,
        } = run.pending.take()?;
        let seen = run.trainer.samples_seen();
        let (t0, s0) = run.last_progress;
        let dt = now - t0;
        let samples_per_sec = if dt > 0.0 {
            (seen - s0) as f64 * 1000.0 / dt
        } else {
            0.0
        };
        run.last_progress = (now, seen);
        let n = batches.max(1) as f64;
        Some(Report::Progress(Progress {
            samples_seen: seen,
            epoch: run.trainer.epoch(),
            samples_per_sec,
            elapsed_ms: run.elapsed(now),
            train: terms
                .into_iter()
                .map(|(t, v)| (t, (v / n) as f32))
                .collect(),
            train_total: (total / n) as f32,
            phase,
        }))
    }

    /// The model on the display points, and with full metrics also a fresh copy of the
    /// decoder for the page (it changes too slowly to be worth sending more often).
    fn snapshot(&mut self, now: f64, metrics: bool) -> Vec<Report> {
        let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_mut()) else {
            return Vec::new();
        };
        run.last_snapshot = now;
        let mut out = vec![Report::Snapshot(data.snapshot(
            &run.trainer,
            self.view,
            metrics,
        ))];
        if metrics {
            run.last_metrics = now;
            out.push(Report::Decoder(run.trainer.model().decoder_weights()));
        }
        out
    }
}

impl Run {
    fn pause(&mut self, now: f64) {
        if let Some(started) = self.play_started.take() {
            self.played_ms += now - started;
        }
    }

    fn elapsed(&self, now: f64) -> f64 {
        self.played_ms + self.play_started.map_or(0.0, |s| now - s)
    }

    /// Train `batches` mini-batches, adding their losses to the pending progress report. On
    /// divergence the trainer has already restored the last good weights.
    fn train(&mut self, batches: usize) -> Result<(), String> {
        let report = self.trainer.step(batches).map_err(|e| e.to_string())?;
        let n = report.batches as f64;
        let pending = self.pending.get_or_insert_with(Pending::default);
        for &(term, v) in &report.terms {
            match pending.terms.iter_mut().find(|(t, _)| *t == term) {
                Some((_, sum)) => *sum += f64::from(v) * n,
                None => pending.terms.push((term, f64::from(v) * n)),
            }
        }
        pending.total += f64::from(report.total) * n;
        pending.batches += report.batches;
        pending.phase = report.phase;
        Ok(())
    }
}

fn playing(playing: bool, message: Option<String>) -> Report {
    Report::Playing { playing, message }
}

fn load_split(dataset: DatasetId, bytes: Option<&[u8]>) -> Result<Split, String> {
    if let Some(split) = synthetic::generate(dataset, crate::data::DATA_SEED) {
        return Ok(split);
    }
    let bytes = bytes.ok_or_else(|| format!("{} needs its downloaded file.", dataset.label()))?;
    asset::decode(bytes).map_err(|e| format!("Could not read {}: {e}.", dataset.label()))
}

/// Rows `idx` of `x` as a new matrix.
fn rows(x: &DMatrix<f32>, idx: &[usize]) -> DMatrix<f32> {
    DMatrix::from_fn(idx.len(), x.ncols(), |r, c| x[(idx[r], c)])
}

#[cfg(test)]
mod tests;
