//! The training session behind the worker: a plain state machine that takes
//! [`Command`]s and returns [`Report`]s. It owns the data, the PCA baseline and the trainer,
//! and decides how much to train per turn and how often to report, so the worker shell only
//! moves messages and the whole behaviour is tested natively.

mod anomaly;
mod cadence;
mod compression;
mod display;
mod linear;
mod metrics;
mod one_class;
mod own_data;
mod restore;
mod retrieval;
mod saving;
mod source;
mod turn;

use nalgebra::DMatrix;

use crate::models::LossTerm;
use crate::protocol::{Command, LatentView, ModelInfo, Report};
use crate::train::pretrain::Phase;
use crate::train::{TrainConfig, Trainer};
use cadence::Cadence;
use display::{Baseline, Detail};
use source::{load_split, model_info, rows};

/// How often the page hears about progress, in ms of wall time: cheap to send, but each one
/// redraws the loss curve, and five a second look as live as ten.
const PROGRESS_EVERY_MS: f64 = 200.0;
/// The scatter and reconstructions at most this often, and at most this share of the time;
/// a 2-D net's snapshot costs about 5 % of 400 ms, so it still updates twice a second.
const SNAPSHOT_MIN_MS: f64 = 400.0;
const SNAPSHOT_SHARE: f64 = 0.05;
/// Test metrics (and the page's copy of the decoder) likewise. Together the two keep reports
/// under a tenth of the worker's time at any network size.
const METRICS_MIN_MS: f64 = 1500.0;
const METRICS_SHARE: f64 = 0.035;
/// One `Trainer::step` call aims at this long, so a pause is answered quickly.
const STEP_TARGET_MS: f64 = 15.0;

/// The model being trained and its report bookkeeping.
struct Run {
    trainer: Trainer,
    /// Wall time spent playing before the current play started.
    played_ms: f64,
    play_started: Option<f64>,
    last_progress: (f64, u64),
    snapshots: Cadence,
    metrics: Cadence,
    /// Training time (inside `Trainer::step`) since the current play started.
    train_ms: f64,
    /// When the last `tick` returned, and which reports it sent (their posting and the event
    /// loop run before the next tick, so that gap is charged to them).
    last_tick_end: Option<f64>,
    sent_last_tick: Option<Detail>,
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
    /// The last retrieval measurement's hash table, until the model changes.
    retrieval: Option<retrieval::Index>,
    /// Train on these classes only (anomaly detection's normal data).
    train_classes: Option<Vec<u8>>,
    /// The one-class table being computed; training is paused meanwhile.
    job: Option<one_class::Job>,
    /// Another dataset's test items, anomalies for a net trained on this one.
    outliers: Option<anomaly::Outliers>,
    /// The student's drawing, shown in every snapshot while its size fits the data.
    probe: Option<DMatrix<f32>>,
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
            retrieval: None,
            train_classes: None,
            outliers: None,
            probe: None,
            job: None,
        }
    }

    /// Whether the worker should keep calling [`Session::tick`]: training, or computing the
    /// one-class table.
    pub fn is_playing(&self) -> bool {
        self.job.is_some() || self.run.as_ref().is_some_and(|r| r.play_started.is_some())
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
                self.retrieval = None;
                self.train_classes = None;
                self.job = None;
                self.outliers = None;
                Ok(vec![Report::DataLoaded(info), playing(false, None)])
            }
            Command::Configure { config } => self.configure(*config, now),
            Command::MeasureRetrieval { bits } => {
                let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_ref()) else {
                    return Err("Train a model first: retrieval hashes its codes.".into());
                };
                let seen = run.trainer.samples_seen();
                let (index, report) = retrieval::measure(&run.trainer, data, bits, seen)?;
                self.retrieval = Some(index);
                Ok(vec![Report::Retrieval(Box::new(report))])
            }
            Command::TrainOn { classes } => {
                let data = self.data.as_ref().ok_or("Load a dataset first.")?;
                let n = data.split.train.class_names.len();
                if let Some(c) = &classes
                    && (c.is_empty() || c.iter().any(|&k| usize::from(k) >= n))
                {
                    return Err(format!(
                        "Pick classes between 0 and {}.",
                        n.saturating_sub(1)
                    ));
                }
                self.train_classes = classes;
                Ok(Vec::new())
            }
            Command::OneClassTable { samples } => {
                let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_mut()) else {
                    return Err("Configure a model first: the table trains copies of it.".into());
                };
                let classes = data.split.train.class_names.len();
                let job = one_class::Job::new(run.trainer.config().clone(), classes, samples)?;
                run.pause(now);
                let first = job.report(true, None);
                self.job = Some(job);
                Ok(vec![playing(false, None), first])
            }
            Command::CancelJob => match self.job.take() {
                Some(job) => Ok(vec![job.report(false, Some("Cancelled.".into()))]),
                None => Ok(Vec::new()),
            },
            Command::MeasureAnomaly {
                normal,
                corrupted,
                other_dataset,
            } => {
                let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_ref()) else {
                    return Err(
                        "Train a model first: its reconstruction error is the score.".into(),
                    );
                };
                let outliers = match (other_dataset, &self.outliers) {
                    (false, _) => None,
                    (true, Some(o)) => Some(o),
                    (true, None) => return Err("The other dataset is not loaded.".into()),
                };
                let kinds = anomaly::Kinds {
                    corrupted,
                    outliers,
                };
                let trained_on = self.train_classes.as_deref();
                let report = anomaly::measure(&run.trainer, data, &normal, kinds, trained_on)?;
                Ok(vec![Report::Anomaly(Box::new(report))])
            }
            Command::MeasureCompression { rate_bits } => {
                let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_ref()) else {
                    return Err("Train a model first: its code is what is compressed.".into());
                };
                let report = compression::measure(&run.trainer, data, rate_bits)?;
                Ok(vec![Report::Compression(Box::new(report))])
            }
            Command::Restore { input, task } => {
                let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_ref()) else {
                    return Err("Train a model first: it does the restoring.".into());
                };
                let report = restore::restore(&run.trainer, data, &input, &task)?;
                Ok(vec![Report::Restored(Box::new(report))])
            }
            Command::LoadOutliers { dataset, asset } => {
                let data = self.data.as_ref().ok_or("Load a dataset first.")?;
                let split = load_split(dataset, Some(&asset))?;
                let outliers = anomaly::Outliers::new(dataset, split.test, data)?;
                self.outliers = Some(outliers);
                Ok(Vec::new())
            }
            Command::Lookup { query, radius } => {
                let index = self
                    .retrieval
                    .as_ref()
                    .ok_or("Measure retrieval first: the lookup uses its hash table.")?;
                let found = index.lookup(query, radius, clock)?;
                Ok(vec![Report::Neighbours(Box::new(found))])
            }
            Command::Retune { config } => {
                let run = self
                    .run
                    .as_mut()
                    .ok_or("There is no network to change yet.")?;
                let test_noise = |c: &TrainConfig| c.regularization.noise.filter(|n| n.at_test);
                let before = test_noise(run.trainer.config());
                run.trainer.retune(&config).map_err(|e| e.to_string())?;
                if test_noise(&config) == before {
                    return Ok(Vec::new());
                }
                // The model is now scored on inputs corrupted at the new level: so is PCA.
                let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_ref()) else {
                    return Ok(Vec::new());
                };
                let info = model_info(data, &run.trainer, self.train_classes.clone());
                let mut out = vec![Report::Rescored(Box::new(info))];
                out.extend(self.snapshot(Detail::Full));
                Ok(out)
            }
            Command::Reset => {
                let config = self.run.as_ref().ok_or("There is no model to reset yet.")?;
                let config = config.trainer.config().clone();
                self.configure(config, now)
            }
            Command::Play if self.job.is_some() => {
                Err("The one-class table is being computed: wait for it or cancel it.".into())
            }
            Command::Play => {
                let run = self
                    .run
                    .as_mut()
                    .ok_or("Configure a model before training.")?;
                if run.play_started.is_none() {
                    run.play_started = Some(now);
                    run.last_progress = (now, run.trainer.samples_seen());
                    run.train_ms = 0.0;
                    run.last_tick_end = None;
                }
                Ok(vec![playing(true, None)])
            }
            Command::Pause => {
                let mut out = self.flush(now, Detail::Full);
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
                    Ok(()) => self.flush(now, Detail::Full),
                    Err(message) => vec![playing(false, Some(message))],
                };
                out.push(playing(false, None));
                Ok(out)
            }
            Command::SetProbe { pixels } => {
                let dim = self.data.as_ref().map(|d| d.split.test.dim());
                self.probe = match pixels {
                    None => None,
                    Some(p) if Some(p.len()) == dim && p.iter().all(|v| v.is_finite()) => {
                        Some(DMatrix::from_row_slice(1, p.len(), &p))
                    }
                    Some(p) => {
                        return Err(format!(
                            "A drawing must have one value per input ({}); it has {}.",
                            dim.unwrap_or(0),
                            p.len()
                        ));
                    }
                };
                Ok(self.snapshot(Detail::View))
            }
            Command::SetLatentView(view) => {
                self.view = view;
                Ok(self.snapshot(Detail::View))
            }
            // Said beside the file controls, and no reason to stop a run that is playing.
            Command::ReadCsv {
                name,
                bytes,
                options,
            } => Ok(vec![own_data::read_csv(name, &bytes, &options)]),
            Command::ReadImages { images, skipped } => {
                Ok(vec![own_data::read_images(&images, skipped)])
            }
            Command::ExportCodes => self.export_codes(),
            Command::SaveModel { link } => Ok(self.save_model(link).unwrap_or_else(file_refused)),
            Command::LoadModel { bytes } => {
                Ok(self.load_model(&bytes, now).unwrap_or_else(file_refused))
            }
        }
    }

    fn configure(&mut self, config: TrainConfig, now: f64) -> Result<Vec<Report>, String> {
        let train = self.train_set(self.train_classes.as_deref())?;
        let trainer = Trainer::new(config, train).map_err(|e| e.to_string())?;
        let info = self.install(trainer, now)?;
        let mut out = vec![Report::Configured(info), playing(false, None)];
        out.extend(self.snapshot(Detail::Full));
        Ok(out)
    }

    /// The training rows: those of `classes` only, or all.
    fn train_set(&self, classes: Option<&[u8]>) -> Result<crate::data::Dataset, String> {
        let data = self
            .data
            .as_ref()
            .ok_or("Load a dataset before configuring a model.")?;
        let t = &data.split.train;
        Ok(match classes {
            Some(classes) => {
                let keep: Vec<usize> = (0..t.len())
                    .filter(|&i| classes.contains(&t.labels[i]))
                    .collect();
                t.subset(&keep)
            }
            None => t.clone(),
        })
    }

    /// Make `trainer` the run (paused), and describe it for the page.
    fn install(&mut self, trainer: Trainer, now: f64) -> Result<ModelInfo, String> {
        let data = self.data.as_mut().ok_or("Load a dataset first.")?;
        data.compare_on(self.train_classes.as_deref());
        let info = model_info(data, &trainer, self.train_classes.clone());
        let code_dim = info.code_dim;
        if let LatentView::Dims(a, b) = self.view
            && (a as usize >= code_dim || b as usize >= code_dim)
        {
            self.view = LatentView::Dims(0, 1.min(code_dim as u16 - 1));
        }
        self.job = None;
        self.retrieval = None;
        let seen = trainer.samples_seen();
        self.run = Some(Run {
            trainer,
            played_ms: 0.0,
            play_started: None,
            last_progress: (now, seen),
            snapshots: Cadence::new(SNAPSHOT_MIN_MS, SNAPSHOT_SHARE),
            metrics: Cadence::new(METRICS_MIN_MS, METRICS_SHARE),
            train_ms: 0.0,
            last_tick_end: None,
            sent_last_tick: None,
            chunk: 1,
            pending: None,
        });
        Ok(info)
    }
}

fn file_refused(message: String) -> Vec<Report> {
    vec![Report::FileRefused { message }]
}

fn playing(playing: bool, message: Option<String>) -> Report {
    Report::Playing { playing, message }
}

#[cfg(test)]
mod saving_tests;
#[cfg(test)]
mod tests;
