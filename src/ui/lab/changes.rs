//! Settings changes: checked against the rule table, applied as a retune on the trained net
//! when they can be, else asked about (they discard the trained weights) and applied with a
//! new network; own data taken the same way.

use leptos::prelude::*;

use super::super::own_data::OwnStatus;
use super::Lab;
use crate::data::DatasetId;
use crate::link::to_query;
use crate::protocol::Command;
use crate::settings::LabSettings;
use crate::train::retune::is_retune;

impl Lab {
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
    pub(super) fn rebuild(self, next: LabSettings) {
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
    pub(super) fn use_own_data(self, d: crate::protocol::OwnData) {
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
pub(in crate::ui) const KEPT: &str = "Kept the trained network: nothing was changed.";

/// Keep the address in step with the settings, so the link reproduces the experiment.
pub(super) fn write_address(s: &LabSettings) {
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
