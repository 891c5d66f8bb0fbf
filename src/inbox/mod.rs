//! The worker's reports on their way into the page: queued until the next animation frame
//! ([`Inbox`]), then reduced to the changes the page makes ([`reduce::reduce`]). Plain Rust,
//! so the rules (what is stale, what one frame may redraw, what a new model resets) are
//! tested natively; `ui::lab` only applies the changes to its signals.

pub mod history;
pub mod probe;
pub mod reduce;

use crate::protocol::{Report, TestMetrics};

/// A report waiting for the next frame. A snapshot's test metrics are split off it: they
/// redraw other panels (histograms, features, the test curve) than its codes do, so the two
/// halves are applied in different frames.
// The queue holds a handful of items between two frames: not worth a box per report.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Inbound {
    Report(Report),
    Metrics {
        samples_seen: u64,
        metrics: Box<TestMetrics>,
    },
}

impl Inbound {
    /// Whether applying this redraws a group of panels (at most one per frame).
    pub fn is_heavy(&self) -> bool {
        matches!(
            self,
            Inbound::Metrics { .. } | Inbound::Report(Report::Snapshot(_) | Report::Decoder(_))
        )
    }
}

/// Reports received since the last frame, in arrival order.
#[derive(Debug, Default)]
pub struct Inbox {
    queue: Vec<Inbound>,
}

impl Inbox {
    /// Queue a report (a snapshot's metrics as an item of their own). Returns whether the
    /// inbox was empty, i.e. whether the caller must schedule a frame to drain it.
    pub fn push(&mut self, report: Report) -> bool {
        let first = self.queue.is_empty();
        match report {
            Report::Snapshot(mut snap) => {
                let metrics = snap.metrics.take();
                let samples_seen = snap.samples_seen;
                self.queue.push(Inbound::Report(Report::Snapshot(snap)));
                if let Some(metrics) = metrics {
                    self.queue.push(Inbound::Metrics {
                        samples_seen,
                        metrics,
                    });
                }
            }
            other => self.queue.push(Inbound::Report(other)),
        }
        first
    }

    /// What one frame applies: either one item that redraws a group of panels, or the light
    /// ones (counters, the loss curve) before the next such item; never both, so every chart
    /// redraws at most once per frame however many reports arrive.
    pub fn next_frame(&mut self) -> Vec<Inbound> {
        let light = self.queue.iter().take_while(|i| !i.is_heavy()).count();
        let take = if light == 0 {
            self.queue.len().min(1)
        } else {
            light
        };
        self.queue.drain(..take).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

#[cfg(test)]
mod tests;
