//! The narrow handle a panel gets to ask the worker for something: send a command, and
//! whether the lab can take one now. Nothing of the settings or the run's records.

use super::lab::Lab;
use crate::protocol::Command;

#[derive(Clone, Copy)]
pub struct Commands(Lab);

impl Commands {
    pub fn of(lab: Lab) -> Commands {
        Commands(lab)
    }

    pub fn send(self, cmd: Command) {
        self.0.send(cmd);
    }

    /// A model is loaded, every field holds a valid value and the worker is up.
    pub fn ready(self) -> bool {
        self.0.can_train()
    }
}
