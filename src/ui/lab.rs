//! The lab's state on the page: settings, the worker, and the latest reports. Components read
//! these signals. Settings change through `lab/changes.rs` and reports arrive through
//! `lab/reports.rs`; some panels still set their own busy flags and queries (issue #30 moves
//! that into per-feature state).

mod changes;
mod reports;

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::concrete_view::ConcreteRun;
use super::confirm::Confirm;
use super::data::{DataStatus, DataStore};
use super::decode_panel::SharedDecoder;
use super::own_data::OwnStatus;
use super::worker_client::WorkerClient;
use crate::data::DatasetId;
use crate::inbox::Inbox;
use crate::inbox::history::History;
use crate::inbox::reduce::FileStatus;
use crate::link::from_query;
use crate::protocol::{Command, DataInfo, LatentView, ModelInfo, Progress, Snapshot, TestMetrics};
use crate::settings::LabSettings;

pub(super) use changes::KEPT;

#[derive(Clone, Debug, PartialEq)]
pub enum WorkerStatus {
    Starting,
    Ready,
    Crashed(String),
}

/// Handle to the lab's state; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Lab {
    pub settings: RwSignal<LabSettings>,
    pub data: DataStore,
    pub worker: RwSignal<WorkerStatus>,
    pub data_info: RwSignal<Option<DataInfo>>,
    pub model: RwSignal<Option<ModelInfo>>,
    pub progress: RwSignal<Option<Progress>>,
    pub history: RwSignal<History>,
    /// A finished run's curves kept for comparison (e.g. pretrained against joint training).
    pub pinned: RwSignal<Option<History>>,
    /// Concrete runs of this visit: the latest test MSE for each decoder and k.
    pub concrete_runs: RwSignal<Vec<ConcreteRun>>,
    pub snapshot: RwSignal<Option<Snapshot>>,
    pub metrics: RwSignal<Option<TestMetrics>>,
    pub playing: RwSignal<bool>,
    /// A message for the student: why training stopped, what a link could not set.
    pub notice: RwSignal<Option<String>>,
    pub view: RwSignal<LatentView>,
    /// The page's copy of the decoder, refreshed with the test metrics.
    pub decoder: RwSignal<SharedDecoder>,
    /// The code being decoded in the decoder panel (pointer, sliders, prior samples).
    pub probe: RwSignal<Vec<f32>>,
    /// Where the page last put the probe itself (the middle of the code's ranges); while the
    /// probe is still there, the student has not moved it and it follows the ranges.
    auto_probe: StoredValue<Vec<f32>>,
    pub prior_draws: RwSignal<u64>,
    /// Fields whose text does not parse or is out of range; training cannot start while any.
    pub invalid: RwSignal<BTreeSet<&'static str>>,
    /// The last retrieval measurement and lookup, until the model changes.
    pub retrieval: RwSignal<Option<crate::protocol::RetrievalReport>>,
    pub neighbours: RwSignal<Option<crate::protocol::Neighbours>>,
    pub retrieval_busy: RwSignal<bool>,
    /// The test item looked up, and the Hamming radius.
    pub retrieval_query: RwSignal<u32>,
    pub retrieval_radius: RwSignal<u8>,
    pub anomaly: RwSignal<Option<crate::protocol::AnomalyReport>>,
    pub anomaly_busy: RwSignal<bool>,
    pub one_class: RwSignal<Option<crate::protocol::OneClassProgress>>,
    /// The last image restoration (denoising, inpainting, super-resolution) and its wait.
    pub restored: RwSignal<Option<crate::protocol::restore::RestoreReport>>,
    pub restore_busy: RwSignal<bool>,
    /// The student's drawing as the model and PCA see it (set only when it changes, so the
    /// PCA chart redraws for a new drawing, not for every snapshot).
    pub drawing_probe: RwSignal<Option<crate::protocol::ProbeView>>,
    /// The last compression measurement (the worker's curves; the page adds JPEG and WebP).
    pub compression: RwSignal<Option<crate::protocol::compression::CompressionReport>>,
    /// The last refused change, by the id of the control the student used, so the reason
    /// shows beside that control (see `fields::Refusal`).
    pub refused: RwSignal<Option<(String, String)>>,
    /// Controls with a place for a refusal beside them.
    pub refusal_slots: StoredValue<BTreeSet<&'static str>>,
    /// What the model-file controls say (saving, loading, a refusal).
    pub model_file: RwSignal<FileStatus>,
    /// The question the page is asking, if any (discard the trained weights?).
    pub confirm: Confirm,
    /// What the own-data controls say: a file being read, the table read, or why not.
    pub own_data: RwSignal<OwnStatus>,
    /// The control whose change is being applied, when it says so (else the focused one).
    pub changing: StoredValue<Option<&'static str>>,
    client: StoredValue<Option<WorkerClient>, LocalStorage>,
    /// Reports from before the latest Configure are stale until `Configured` arrives.
    awaiting_model: StoredValue<bool>,
    /// Reports received since the last frame: applied together, so every chart redraws at
    /// most once per animation frame however many reports arrive.
    inbox: StoredValue<Inbox, LocalStorage>,
}

impl Lab {
    pub fn new() -> Lab {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let (mut settings, mut notes) = from_query(&search);
        if let Some(experiment) = crate::teach::binding::opening(&search, &settings) {
            settings = experiment;
            notes.push(
                "This link opens a lesson step, so the step's own experiment is set up.".into(),
            );
        }
        let dataset = settings.dataset;
        let lab = Lab {
            settings: RwSignal::new(settings),
            data: DataStore::new(),
            worker: RwSignal::new(WorkerStatus::Starting),
            data_info: RwSignal::new(None),
            model: RwSignal::new(None),
            progress: RwSignal::new(None),
            history: RwSignal::new(History::default()),
            pinned: RwSignal::new(None),
            concrete_runs: RwSignal::new(Vec::new()),
            snapshot: RwSignal::new(None),
            metrics: RwSignal::new(None),
            playing: RwSignal::new(false),
            notice: RwSignal::new((!notes.is_empty()).then(|| notes.join(" "))),
            view: RwSignal::new(LatentView::Dims(0, 1)),
            decoder: RwSignal::new(None),
            probe: RwSignal::new(vec![0.0; 2]),
            auto_probe: StoredValue::new(Vec::new()),
            prior_draws: RwSignal::new(0),
            invalid: RwSignal::new(BTreeSet::new()),
            retrieval: RwSignal::new(None),
            neighbours: RwSignal::new(None),
            retrieval_busy: RwSignal::new(false),
            retrieval_query: RwSignal::new(0),
            retrieval_radius: RwSignal::new(2),
            anomaly: RwSignal::new(None),
            anomaly_busy: RwSignal::new(false),
            one_class: RwSignal::new(None),
            restored: RwSignal::new(None),
            restore_busy: RwSignal::new(false),
            compression: RwSignal::new(None),
            drawing_probe: RwSignal::new(None),
            refused: RwSignal::new(None),
            refusal_slots: StoredValue::new(BTreeSet::new()),
            changing: StoredValue::new(None),
            model_file: RwSignal::new(FileStatus::Idle),
            confirm: Confirm::new(),
            own_data: RwSignal::new(OwnStatus::Idle),
            client: StoredValue::new_local(None),
            awaiting_model: StoredValue::new(false),
            inbox: StoredValue::new_local(Inbox::default()),
        };
        lab.start_worker();
        lab.load_data(dataset);
        lab
    }

    fn start_worker(self) {
        self.worker.set(WorkerStatus::Starting);
        self.client.set_value(None);
        let client = WorkerClient::spawn(
            move |report| self.receive(report),
            move |why| {
                self.playing.set(false);
                self.worker.set(WorkerStatus::Crashed(why));
            },
        );
        match client {
            Ok(c) => self.client.set_value(Some(c)),
            Err(why) => self.worker.set(WorkerStatus::Crashed(why)),
        }
    }

    /// Start a fresh worker after a crash; settings are kept, weights start again.
    pub fn restart_worker(self) {
        self.start_worker();
        self.send_data();
    }

    pub fn send(self, cmd: Command) {
        self.client.with_value(|c| {
            if let Some(c) = c {
                c.send(&cmd);
            }
        });
    }

    /// Load (or retry loading) a dataset; once loaded it goes to the worker.
    pub fn load_data(self, id: DatasetId) {
        self.data.load(id, move || self.send_data());
    }

    /// Hand the page's dataset to the worker and build the model for it.
    fn send_data(self) {
        let Some((dataset, asset)) = self.data.status.with_untracked(|s| match s {
            DataStatus::Ready { id, asset, .. } => Some((*id, asset.as_ref().map(|a| a.to_vec()))),
            _ => None,
        }) else {
            return;
        };
        self.send(Command::LoadData { dataset, asset });
        self.configure();
    }

    /// Build a fresh model from the settings (discarding weights and curves).
    pub fn configure(self) {
        let Some(shape) = self.data.shape_untracked() else {
            return;
        };
        let config = self.settings.with_untracked(|s| s.to_config(shape));
        self.awaiting_model.set_value(true);
        self.clear_run();
        self.send(Command::SetLatentView(self.view.get_untracked()));
        self.send(Command::Configure {
            config: Box::new(config),
        });
    }

    fn clear_run(self) {
        self.progress.set(None);
        self.history.set(History::default());
        self.snapshot.set(None);
        self.metrics.set(None);
        self.playing.set(false);
    }

    pub fn is_trained(self) -> bool {
        self.progress
            .with_untracked(|p| p.as_ref().is_some_and(|p| p.samples_seen > 0))
    }

    /// Look up test item `query` in the measured hash table (nothing before a measurement).
    pub fn query_retrieval(self, query: u32) {
        self.retrieval_query.set(query);
        if self.retrieval.with_untracked(|r| r.is_some()) {
            self.send(Command::Lookup {
                query,
                radius: self.retrieval_radius.get_untracked(),
            });
        }
    }

    pub fn can_train(self) -> bool {
        self.invalid.with(|i| i.is_empty())
            && self.model.with(|m| m.is_some())
            && self.worker.with(|w| *w == WorkerStatus::Ready)
    }

    pub fn set_view(self, view: LatentView) {
        self.view.set(view);
        self.send(Command::SetLatentView(view));
    }
}
