//! The lab's state on the page: settings, the worker, and the latest reports. Components read
//! these signals; only the event handlers here and the worker's reports write them.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::concrete_view::{ConcreteRun, record_run};
use super::confirm::Confirm;
use super::data::{DataStatus, DataStore};
use super::decode_panel::SharedDecoder;
use super::own_data::OwnStatus;
use super::worker_client::WorkerClient;
use crate::data::DatasetId;
use crate::inbox::Inbox;
use crate::inbox::history::History;
use crate::inbox::reduce::{Change, Context, FileStatus, reduce};
use crate::link::{from_query, to_query};
use crate::protocol::{
    Command, DataInfo, LatentView, ModelInfo, Progress, Report, Snapshot, TestMetrics,
};
use crate::settings::LabSettings;
use crate::train::retune::is_retune;

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

    /// Apply a settings change. Trained weights are only discarded after the student agrees.
    pub fn change(self, edit: impl FnOnce(&mut LabSettings)) {
        // Taken first, so a change from elsewhere (a preset) never inherits a stale control.
        let changing = self.changing.try_update_value(Option::take).flatten();
        let current = self.settings.get_untracked();
        let mut next = current.clone();
        edit(&mut next);
        next.fit_widths();
        crate::settings::variant::fit_layer_weights(&mut next);
        if next == current {
            return;
        }
        // Settings that do not fit together never reach the worker: the change is refused
        // with the reason and every control shows the kept value again.
        // By field, not message: a message may quote a number the edit changed.
        let before: Vec<_> = current.problems().into_iter().map(|(f, _)| f).collect();
        if let Some((_, why)) = next
            .problems()
            .into_iter()
            .find(|(f, _)| !before.contains(f))
        {
            let message = format!("That change was not applied. {why}");
            let control = changing.map(String::from).or_else(active_control);
            match control.filter(|id| self.refusal_slots.with_value(|s| s.contains(id.as_str()))) {
                Some(id) => self.refused.set(Some((id, message))),
                None => self.notice.set(Some(message)),
            }
            self.settings.update(|_| {});
            return;
        }
        // Step size, momentum, weight decay and penalty weights change on the trained
        // network: the run goes on, and the loss chart marks where.
        if self.is_trained()
            && let Some(shape) = self.data.shape_untracked()
            && !dataset_changed(&current, &next)
        {
            let (now_cfg, next_cfg) = (current.to_config(shape), next.to_config(shape));
            if is_retune(&now_cfg, &next_cfg) {
                write_address(&next);
                self.settings.set(next);
                self.notice.set(None);
                self.refused.set(None);
                let at = self
                    .progress
                    .with_untracked(|p| p.as_ref().map_or(0, |p| p.samples_seen));
                self.history.update(|h| h.marks.push(at as f64));
                self.send(Command::Retune {
                    config: Box::new(next_cfg),
                });
                return;
            }
        }
        if self.is_trained() {
            self.confirm.ask(
                "This change needs a new network: the trained weights will be discarded.",
                "Discard and rebuild",
                move || self.rebuild(next),
                move || {
                    // Re-notify so every control shows the kept value again.
                    self.settings.update(|_| {});
                    self.notice.set(Some(KEPT.into()));
                },
            );
            return;
        }
        self.rebuild(next);
    }

    /// Take `next` (checked by [`Lab::change`]) with a new network, and new data if it names
    /// another dataset.
    fn rebuild(self, next: LabSettings) {
        let current = self.settings.get_untracked();
        let dataset_changed = dataset_changed(&current, &next);
        write_address(&next);
        self.settings.set(next.clone());
        self.notice.set(None);
        self.refused.set(None);
        if dataset_changed {
            // The old run stops now, and whatever it already sent is dropped until the new
            // dataset's model is configured (the download may take a while).
            self.send(Command::Pause);
            self.awaiting_model.set_value(true);
            self.data_info.set(None);
            self.model.set(None);
            self.clear_run();
            self.load_data(next.dataset);
        } else {
            self.configure();
        }
    }

    /// Train on the student's table: kept by the data store, then loaded like any dataset
    /// (asking first if that discards trained weights).
    fn use_own_data(self, d: crate::protocol::OwnData) {
        let split = match crate::data::own::decode(&d.asset) {
            Ok(split) => split,
            Err(why) => {
                let message = format!("it could not be used ({why})");
                let refusal = crate::protocol::DataRefusal {
                    name: d.name,
                    message,
                    can_drop: false,
                };
                self.own_data.set(OwnStatus::Refused(refusal));
                return;
            }
        };
        // A standardised table has values outside [0, 1]: what reads them as intensities
        // moves to what fits, and the page says what moved.
        let range = crate::models::noise::DataRange::of(split.train.x.as_slice());
        let id = DatasetId::Own(split.train.shape);
        let same = self.settings.with_untracked(|s| s.dataset == id);
        if same && self.is_trained() {
            self.confirm.ask(
                "Your new table needs a new network: the trained weights will be discarded.",
                "Discard and use the table",
                move || self.take_own_data(d, split, range, same),
                move || {
                    self.own_data.set(OwnStatus::Idle);
                    self.notice.set(Some(KEPT.into()));
                },
            );
            return;
        }
        self.take_own_data(d, split, range, same);
    }

    fn take_own_data(
        self,
        d: crate::protocol::OwnData,
        split: crate::data::Split,
        range: crate::models::noise::DataRange,
        same: bool,
    ) {
        let id = DatasetId::Own(split.train.shape);
        self.data.set_own(split, d.asset);
        self.own_data.set(OwnStatus::Loaded {
            name: d.name,
            summary: Box::new(d.summary),
        });
        let mut fitted = Vec::new();
        if same {
            // A table of the same shape as the one before: the settings do not change.
            self.settings.update(|s| fitted = s.fit_range(range));
            self.send(Command::Pause);
            self.awaiting_model.set_value(true);
            self.data_info.set(None);
            self.model.set(None);
            self.clear_run();
            self.load_data(id);
        } else {
            self.change_from("dataset", |s| {
                s.dataset = id;
                fitted = s.fit_range(range);
            });
        }
        if !fitted.is_empty() {
            self.notice.set(Some(format!(
                "Your table is standardised (values below 0 or above 1), so {}.",
                fitted.join("; ")
            )));
        }
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

    /// Build a new network that trains on `classes` only (`None`: every class), asking
    /// first if that discards trained weights.
    pub fn retrain_on(self, classes: Option<Vec<u8>>) {
        let retrain = move || {
            self.send(Command::TrainOn { classes });
            self.configure();
        };
        if self.is_trained() {
            self.confirm.ask(
                "Training on other classes needs a new network: the trained weights will be discarded.",
                "Discard and retrain",
                retrain,
                move || self.notice.set(Some(KEPT.into())),
            );
        } else {
            retrain();
        }
    }

    /// [`Lab::change`] made with the control `id`, so a refusal shows beside it (a select
    /// changed by script or assistive technology need not have the focus).
    pub fn change_from(self, id: &'static str, edit: impl FnOnce(&mut LabSettings)) {
        self.changing.set_value(Some(id));
        self.change(edit);
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

    /// Queue a report for the next frame. A timer backs up the frame callback, which browsers
    /// stop in hidden tabs, so the queue cannot grow while nobody looks.
    fn receive(self, report: Report) {
        if self.inbox.try_update_value(|q| q.push(report)) == Some(true) {
            self.schedule_drain();
        }
    }

    fn schedule_drain(self) {
        request_animation_frame(move || self.drain());
        set_timeout(move || self.drain(), std::time::Duration::from_millis(250));
    }

    /// Apply what one frame may (`Inbox::next_frame`); the rest waits for the next frame.
    fn drain(self) {
        let items = self
            .inbox
            .try_update_value(Inbox::next_frame)
            .unwrap_or_default();
        for item in items {
            let ctx = Context {
                awaiting_model: self.awaiting_model.get_value(),
                dataset: self.data.id_untracked(),
                view: self.view.get_untracked(),
            };
            for change in reduce(item, &ctx) {
                self.apply(change);
            }
        }
        if self.inbox.with_value(|q| !q.is_empty()) {
            self.schedule_drain();
        }
    }

    fn apply(self, change: Change) {
        match change {
            Change::WorkerReady => self.worker.set(WorkerStatus::Ready),
            Change::DataInfo(info) => self.data_info.set(Some(info)),
            Change::NewModel(info) => self.new_model(info),
            Change::Baseline(info) => self.model.set(Some(*info)),
            Change::View(view) => self.set_view(view),
            Change::Progress { progress, chart } => {
                publish_stats(&progress);
                if chart {
                    self.history.update(|h| h.push_train(&progress));
                }
                self.progress.set(Some(progress));
            }
            Change::Snapshot(s) => {
                if self.drawing_probe.with_untracked(|p| *p != s.probe) {
                    self.drawing_probe.set(s.probe.clone());
                }
                self.snapshot.set(Some(s));
            }
            Change::Metrics {
                samples_seen,
                metrics,
            } => self.on_metrics(samples_seen, *metrics),
            Change::Decoder(d) => self.decoder.set(Some(std::sync::Arc::new(d))),
            Change::Playing(playing) => self.playing.set(playing),
            Change::Notice(message) => self.notice.set(Some(message)),
            Change::Retrieval(r) => {
                self.retrieval_busy.set(false);
                self.retrieval.set(Some(*r));
            }
            Change::Neighbours(n) => self.neighbours.set(Some(*n)),
            Change::Compression(r) => self.compression.set(Some(*r)),
            Change::Restored(r) => {
                self.restore_busy.set(false);
                self.restored.set(Some(*r));
            }
            Change::OneClass(p) => self.one_class.set(Some(*p)),
            Change::Anomaly(r) => {
                self.anomaly_busy.set(false);
                self.anomaly.set(Some(*r));
            }
            Change::Download(f) => {
                if let Err(why) =
                    super::export::save_bytes(&f.bytes, &f.name, "application/octet-stream")
                {
                    self.model_file.set(FileStatus::Refused(why));
                }
            }
            Change::File(status) => self.model_file.set(status),
            Change::OwnData(d) => self.use_own_data(*d),
            Change::DataRefused(r) => self.own_data.set(OwnStatus::Refused(*r)),
            Change::LoadedSettings(link) => {
                // The file's own settings, shown in the controls; its model is already built.
                let (settings, _) = from_query(&link);
                write_address(&settings);
                self.settings.set(settings);
                self.notice.set(None);
                self.refused.set(None);
            }
            Change::Refused { model } => {
                self.retrieval_busy.set(false);
                self.anomaly_busy.set(false);
                self.restore_busy.set(false);
                if model {
                    self.awaiting_model.set_value(false);
                    self.model.set(None);
                }
            }
        }
    }

    /// A model for the current settings: what was measured on the previous one goes.
    fn new_model(self, info: ModelInfo) {
        self.awaiting_model.set_value(false);
        self.clear_run();
        self.decoder.set(None);
        self.probe.set(vec![0.0; info.code_dim]);
        self.model.set(Some(info));
        self.retrieval.set(None);
        self.neighbours.set(None);
        self.retrieval_busy.set(false);
        self.anomaly.set(None);
        self.anomaly_busy.set(false);
        self.restored.set(None);
        self.restore_busy.set(false);
        self.compression.set(None);
        // A new model stops the one-class table (the worker drops it).
        self.one_class.update(|p| {
            if let Some(p) = p {
                p.running = false;
            }
        });
    }

    fn on_metrics(self, samples_seen: u64, m: TestMetrics) {
        let concrete = self.settings.with_untracked(|s| {
            let k = s.config.regularization.concrete?.k;
            Some((s.dataset, s.model().decoder_hidden.clone()?, k))
        });
        if let Some((dataset, decoder, k)) = concrete {
            let run = ConcreteRun {
                dataset,
                decoder,
                k,
                mse: m.test_mse,
            };
            self.concrete_runs.update(|runs| record_run(runs, run));
        }
        self.history.update(|h| h.push_test(samples_seen, &m));
        // Exact, for the test that reloads a model file and compares (`e2e/model_file`).
        if let Some(w) = web_sys::window() {
            js_sys::Reflect::set(&w, &"__aelTestMse".into(), &f64::from(m.test_mse).into()).ok();
        }
        // An untouched probe follows the middle of the code's ranges (`inbox::probe`).
        let vae = self.settings.with_untracked(|s| s.model().vae.is_some());
        let placed = self.auto_probe.get_value();
        let next = self
            .probe
            .with_untracked(|z| crate::inbox::probe::follow_ranges(z, &placed, &m.code_range, vae));
        if let Some(middle) = next {
            self.auto_probe.set_value(middle.clone());
            self.probe.set(middle);
        }
        self.metrics.set(Some(m));
    }
}

/// Training figures for scripts that measure the page (`make bench-page`, `make soak`):
/// `window.__ael`.
fn publish_stats(p: &Progress) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let stats = js_sys::Object::new();
    let page_memory = core::arch::wasm32::memory_size::<0>() as f64 * 65_536.0;
    let fields: [(&str, wasm_bindgen::JsValue); 5] = [
        ("samplesSeen", (p.samples_seen as f64).into()),
        ("samplesPerSec", p.samples_per_sec.into()),
        ("reportShare", f64::from(p.report_share).into()),
        ("workerWasmBytes", (p.worker_memory as f64).into()),
        ("pageWasmBytes", page_memory.into()),
    ];
    for (key, value) in fields {
        js_sys::Reflect::set(&stats, &key.into(), &value).ok();
    }
    js_sys::Reflect::set(&window, &"__ael".into(), &stats).ok();
}

fn dataset_changed(a: &LabSettings, b: &LabSettings) -> bool {
    a.dataset != b.dataset
}

/// The id of the focused control: the one whose change event is being handled.
fn active_control() -> Option<String> {
    let id = web_sys::window()?.document()?.active_element()?.id();
    (!id.is_empty()).then_some(id)
}

/// What the page says when a question about discarding the trained net is cancelled.
pub(super) const KEPT: &str = "Kept the trained network: nothing was changed.";

/// Keep the address in step with the settings, so the link reproduces the experiment.
fn write_address(s: &LabSettings) {
    let Some(window) = web_sys::window() else {
        return;
    };
    // A classroom link's hidden controls and a lesson's place are not settings: kept.
    let search = window.location().search().unwrap_or_default();
    let kept = crate::teach::classroom::kept_pairs(&search);
    if let Ok(history) = window.history() {
        let mut url = format!("?{}", to_query(s));
        for pair in kept {
            url.push('&');
            url.push_str(pair);
        }
        history
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
            .ok();
    }
}
