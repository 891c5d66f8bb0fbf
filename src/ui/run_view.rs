//! The narrow handle the charts of a run get: the run's records, the data and the settings,
//! all read-only. Nothing in it can start, stop or reconfigure a run.

use leptos::prelude::*;

use super::concrete_view::ConcreteRun;
use super::data::DataStore;
use super::lab::Lab;
use crate::inbox::history::History;
use crate::protocol::{DataInfo, ModelInfo, Progress, Snapshot, TestMetrics};
use crate::settings::LabSettings;

#[derive(Clone, Copy)]
pub struct RunView {
    pub data: DataStore,
    pub settings: ReadSignal<LabSettings>,
    /// What the loaded data is: sizes, classes, the items shown.
    pub data_info: ReadSignal<Option<DataInfo>>,
    pub model: ReadSignal<Option<ModelInfo>>,
    pub progress: ReadSignal<Option<Progress>>,
    /// The loss curves, by term, for training and test.
    pub history: ReadSignal<History>,
    /// A finished run's curves kept for comparison.
    pub pinned: ReadSignal<Option<History>>,
    pub metrics: ReadSignal<Option<TestMetrics>>,
    pub snapshot: ReadSignal<Option<Snapshot>>,
    /// Concrete runs of this visit: the latest test MSE for each decoder and k.
    pub concrete_runs: ReadSignal<Vec<ConcreteRun>>,
}

impl RunView {
    pub fn of(lab: Lab) -> RunView {
        RunView {
            data: lab.data,
            settings: lab.settings.read_only(),
            data_info: lab.data_info.read_only(),
            model: lab.model.read_only(),
            progress: lab.progress.read_only(),
            history: lab.history.read_only(),
            pinned: lab.pinned.read_only(),
            metrics: lab.metrics.read_only(),
            snapshot: lab.snapshot.read_only(),
            concrete_runs: lab.concrete_runs.read_only(),
        }
    }
}
