//! The narrow handle the settings controls get: read the settings, ask for a change (which the
//! lab checks, may refuse beside the control, and applies), and mark a field whose text is not
//! yet a valid value. Nothing else of the lab: no run state, no worker, no charts.

use leptos::prelude::*;

use super::lab::Lab;
use crate::settings::LabSettings;

#[derive(Clone, Copy)]
pub struct Settings(Lab);

impl Settings {
    pub fn of(lab: Lab) -> Settings {
        Settings(lab)
    }

    /// The settings, tracked where they are read.
    pub fn signal(self) -> ReadSignal<LabSettings> {
        self.0.settings.read_only()
    }

    /// Asks for a change (see `Lab::change`).
    pub fn change(self, edit: impl FnOnce(&mut LabSettings)) {
        self.0.change(edit);
    }

    /// Asks for a change made with control `id`, so a refusal shows beside it.
    pub fn change_from(self, id: &'static str, edit: impl FnOnce(&mut LabSettings)) {
        self.0.change_from(id, edit);
    }

    /// Tells every control to show the kept value again, after a choice that was not applied.
    pub fn show_kept(self) {
        self.0.settings.update(|_| {});
    }

    /// The control whose change comes next, for a refusal to show beside.
    pub fn changing(self, id: &'static str) {
        self.0.changing.set_value(Some(id));
    }

    /// Marks field `id`'s text as not a valid value (training waits) or valid again.
    pub fn mark_invalid(self, id: &'static str, invalid: bool) {
        self.0.invalid.update(|s| {
            if invalid {
                s.insert(id);
            } else {
                s.remove(id);
            }
        });
    }
}
