//! What the page does with a report: which replies are stale (answers to an older model or
//! dataset), and which [`Change`] each report becomes. `ui::lab` applies the changes, one
//! signal each; what a new model resets on the page is still decided there (`new_model`).

use super::Inbound;
use crate::data::DatasetId;
use crate::models::DecoderWeights;
use crate::protocol::{
    AnomalyReport, DataInfo, DataRefusal, LatentView, LoadedModel, ModelInfo, Neighbours,
    OneClassProgress, OwnData, Progress, Report, RetrievalReport, SavedFile, Snapshot, TestMetrics,
    compression::CompressionReport, restore::RestoreReport,
};
use crate::train::pretrain::Phase;

/// What the reducer reads of the page's state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Context {
    /// A Configure was sent and its model has not arrived: the old run's replies are stale.
    pub awaiting_model: bool,
    /// The dataset the student has chosen (replies about another one are dropped).
    pub dataset: DatasetId,
    pub view: LatentView,
}

/// One change to the page's state.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    WorkerReady,
    DataInfo(DataInfo),
    /// The model for the current settings: the wait ends and everything measured on the
    /// previous model (curves, codes, the decoder, the applications' results) is reset.
    NewModel(ModelInfo),
    /// The current model's PCA figures, measured again (nothing else changes).
    Baseline(Box<ModelInfo>),
    /// The latent plane to show (the page tells the worker too).
    View(LatentView),
    /// Counters for the run bar; `chart` when the loss curve takes the point too.
    Progress {
        progress: Progress,
        chart: bool,
    },
    Snapshot(Snapshot),
    Metrics {
        samples_seen: u64,
        metrics: Box<TestMetrics>,
    },
    Decoder(DecoderWeights),
    Playing(bool),
    Notice(String),
    Retrieval(Box<RetrievalReport>),
    Neighbours(Box<Neighbours>),
    Anomaly(Box<AnomalyReport>),
    OneClass(Box<OneClassProgress>),
    Restored(Box<RestoreReport>),
    Compression(Box<CompressionReport>),
    /// A model file to hand to the student.
    Download(Box<SavedFile>),
    /// What the model-file controls say.
    File(FileStatus),
    /// The student's table, read; or why it was not.
    OwnData(Box<OwnData>),
    DataRefused(Box<DataRefusal>),
    /// A loaded model file's settings (an address query), to show in the controls without
    /// building a new model.
    LoadedSettings(String),
    /// A command was refused: every wait for a result ends. `model` when it was the
    /// configuration, so there is no trainable model until the settings change.
    Refused {
        model: bool,
    },
}

/// What the model-file controls say: nothing yet, a file being read or written, what was
/// done, or why a file was refused.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum FileStatus {
    #[default]
    Idle,
    Busy(String),
    Done(String),
    Refused(String),
}

/// The changes `item` makes, given the page's state.
pub fn reduce(item: Inbound, ctx: &Context) -> Vec<Change> {
    let stale = ctx.awaiting_model;
    let report = match item {
        Inbound::Metrics { .. } if stale => return vec![],
        Inbound::Metrics {
            samples_seen,
            metrics,
        } => {
            return vec![Change::Metrics {
                samples_seen,
                metrics,
            }];
        }
        Inbound::Report(r) => r,
    };
    match report {
        Report::Ready => vec![Change::WorkerReady],
        // Replies about a dataset the student has since left would mismatch what is drawn.
        Report::DataLoaded(info) if info.dataset != ctx.dataset => vec![],
        Report::Configured(info) if info.dataset != ctx.dataset => vec![],
        Report::DataLoaded(info) => vec![Change::DataInfo(info)],
        Report::Configured(info) => {
            let view = view_for(&info, ctx.view);
            let mut out = vec![Change::NewModel(info)];
            out.extend(view.map(Change::View));
            out
        }
        Report::Progress(_) | Report::Snapshot(_) | Report::Decoder(_) | Report::Rescored(_)
            if stale =>
        {
            vec![]
        }
        Report::Rescored(info) if info.dataset != ctx.dataset => vec![],
        Report::Rescored(info) => vec![Change::Baseline(info)],
        Report::Progress(p) => {
            // A pretraining stage's loss is that shallow net's own, on another scale: the
            // run bar names the stage, the curves start with fine-tuning.
            let chart = p.phase == Phase::FineTuning;
            vec![Change::Progress { progress: p, chart }]
        }
        Report::Snapshot(s) => vec![Change::Snapshot(s)],
        Report::Decoder(d) => vec![Change::Decoder(d)],
        Report::Playing { playing, message } => {
            let mut out = vec![Change::Playing(playing)];
            out.extend(message.map(Change::Notice));
            out
        }
        Report::Retrieval(r) => vec![Change::Retrieval(r)],
        Report::Neighbours(n) => vec![Change::Neighbours(n)],
        Report::Anomaly(r) => vec![Change::Anomaly(r)],
        Report::OneClass(p) => vec![Change::OneClass(p)],
        Report::Restored(r) => vec![Change::Restored(r)],
        Report::Compression(r) => vec![Change::Compression(r)],
        Report::ModelFile(f) => {
            let saved = format!("Saved {} ({:.1} MB).", f.name, f.bytes.len() as f64 / 1e6);
            vec![Change::Download(f), Change::File(FileStatus::Done(saved))]
        }
        Report::OwnData(d) => vec![Change::OwnData(d)],
        Report::DataRefused(r) => vec![Change::DataRefused(r)],
        Report::Codes(f) => vec![Change::Download(f)],
        Report::FileRefused { message } => vec![Change::File(FileStatus::Refused(message))],
        Report::Loaded(l) if l.info.dataset != ctx.dataset => vec![],
        Report::Loaded(l) => {
            let LoadedModel {
                info,
                link,
                samples_seen,
                epoch,
            } = *l;
            let view = view_for(&info, ctx.view);
            let done = format!(
                "Loaded: {samples_seen} samples trained, epoch {epoch:.2}. Press Play to go on. \
                 The file keeps the weights, not the loss curve: the chart starts here."
            );
            let mut out = vec![
                Change::LoadedSettings(link),
                Change::NewModel(info),
                Change::File(FileStatus::Done(done)),
            ];
            out.extend(view.map(Change::View));
            out.push(Change::Progress {
                progress: Progress::resumed(samples_seen, epoch),
                chart: false,
            });
            out
        }
        Report::Rejected { message } => vec![
            Change::Refused { model: stale },
            Change::Playing(false),
            Change::Notice(message),
        ],
    }
}

/// The plane a new model's scatter shows, when `view` will not do: a linear model is
/// compared with PCA, so its code is shown in PCA's plane; any other model leaves that
/// plane for its raw code, and a plane picked for a wider code falls back to the first two.
pub fn view_for(info: &ModelInfo, view: LatentView) -> Option<LatentView> {
    let code = info.code_dim;
    let first_two = LatentView::Dims(0, (code as u16).saturating_sub(1).min(1));
    match view {
        _ if info.linear && code >= 2 => {
            (view != LatentView::OntoPca).then_some(LatentView::OntoPca)
        }
        LatentView::OntoPca => Some(first_two),
        LatentView::Dims(a, b) if usize::from(a.max(b)) >= code => Some(first_two),
        _ => None,
    }
}
