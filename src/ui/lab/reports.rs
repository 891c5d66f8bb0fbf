//! The worker's reports on the page: queued, applied at most once per animation frame, each
//! to the signals it changes.

use leptos::prelude::*;

use super::super::concrete_view::{ConcreteRun, record_run};
use super::super::own_data::OwnStatus;
use super::Lab;
use super::WorkerStatus;
use super::changes::write_address;
use crate::inbox::Inbox;
use crate::inbox::reduce::{Change, Context, FileStatus, reduce};
use crate::link::from_query;
use crate::protocol::{ModelInfo, Progress, Report, TestMetrics};

impl Lab {
    /// Queue a report for the next frame. A timer backs up the frame callback, which browsers
    /// stop in hidden tabs, so the queue cannot grow while nobody looks.
    pub(super) fn receive(self, report: Report) {
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
                    super::super::export::save_bytes(&f.bytes, &f.name, "application/octet-stream")
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
