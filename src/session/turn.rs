//! A turn of the session: train for the time the worker gives it, then tell the page what it
//! should hear now (progress, a snapshot, test metrics), each at its own pace.

use super::display::Detail;
use super::{PROGRESS_EVERY_MS, STEP_TARGET_MS};
use super::{Pending, Run, Session, playing};
use crate::protocol::{Progress, Report};

impl Session {
    /// Train for about `budget_ms` (when playing) and return what the page should hear.
    pub fn tick(&mut self, now: &dyn Fn() -> f64, budget_ms: f64) -> Vec<Report> {
        if let (Some(job), Some(data)) = (self.job.as_mut(), self.data.as_ref()) {
            let (reports, done) = job.tick(data, now, budget_ms);
            if done {
                self.job = None;
            }
            return reports;
        }
        let start = now();
        let Some(run) = self.run.as_mut().filter(|r| r.play_started.is_some()) else {
            return Vec::new();
        };
        run.charge_gap(start);
        while now() - start < budget_ms {
            let t0 = now();
            let result = run.train(run.chunk);
            let t1 = now();
            run.train_ms += t1 - t0;
            if let Err(message) = result {
                run.pause(t1);
                return vec![playing(false, Some(message))];
            }
            let per_batch = ((t1 - t0) / run.chunk as f64).max(1e-3);
            run.chunk = ((STEP_TARGET_MS / per_batch) as usize).clamp(1, 4096);
        }
        let t = now();
        let mut out = Vec::new();
        if t - run.last_progress.0 >= PROGRESS_EVERY_MS {
            out.extend(self.flush_progress(t));
        }
        let sent = self.run.as_ref().and_then(|run| {
            if run.metrics.due_by(t, run.trainer.samples_seen()) {
                Some(Detail::Quick)
            } else {
                run.snapshots.due(t).then_some(Detail::View)
            }
        });
        if let Some(detail) = sent {
            out.extend(self.snapshot(detail));
            let end = now();
            if let Some(run) = self.run.as_mut() {
                run.snapshots.ran(t, end);
                if detail == Detail::Quick {
                    let seen = run.trainer.samples_seen();
                    run.metrics.ran_at(t, end, seen);
                }
            }
        }
        if let Some(run) = self.run.as_mut() {
            run.last_tick_end = Some(now());
            run.sent_last_tick = sent;
        }
        out
    }

    /// Progress and a snapshot now (after a step or on pause).
    pub(super) fn flush(&mut self, now: f64, detail: Detail) -> Vec<Report> {
        let mut out: Vec<Report> = self.flush_progress(now).into_iter().collect();
        out.extend(self.snapshot(detail));
        out
    }

    pub(super) fn flush_progress(&mut self, now: f64) -> Option<Report> {
        let run = self.run.as_mut()?;
        let Pending {
            terms,
            total,
            batches,
            phase,
        } = run.pending.take()?;
        let seen = run.trainer.samples_seen();
        let (t0, s0) = run.last_progress;
        let dt = now - t0;
        let samples_per_sec = if dt > 0.0 {
            (seen - s0) as f64 * 1000.0 / dt
        } else {
            0.0
        };
        run.last_progress = (now, seen);
        let n = batches.max(1) as f64;
        Some(Report::Progress(Progress {
            samples_seen: seen,
            epoch: run.trainer.epoch(),
            samples_per_sec,
            elapsed_ms: run.elapsed(now),
            train: terms
                .into_iter()
                .map(|(t, v)| (t, (v / n) as f32))
                .collect(),
            train_total: (total / n) as f32,
            phase,
            report_share: run.report_share(now),
            worker_memory: 0,
        }))
    }

    /// The model on the display points; with metrics also a fresh copy of the decoder for
    /// the page (it changes too slowly to be worth sending more often).
    pub(super) fn snapshot(&mut self, detail: Detail) -> Vec<Report> {
        let (Some(data), Some(run)) = (self.data.as_ref(), self.run.as_mut()) else {
            return Vec::new();
        };
        let probe = self
            .probe
            .as_ref()
            .filter(|p| p.ncols() == data.split.test.dim());
        let mut out = vec![Report::Snapshot(data.snapshot(
            &run.trainer,
            self.view,
            detail,
            probe,
        ))];
        if detail != Detail::View {
            out.push(Report::Decoder(run.trainer.model().decoder_weights()));
        }
        out
    }
}

impl Run {
    pub(super) fn pause(&mut self, now: f64) {
        if let Some(started) = self.play_started.take() {
            self.played_ms += now - started;
        }
    }

    pub(super) fn elapsed(&self, now: f64) -> f64 {
        self.played_ms + self.play_started.map_or(0.0, |s| now - s)
    }

    pub(super) fn report_share(&self, now: f64) -> f32 {
        let wall = self.play_started.map_or(0.0, |s| now - s);
        if wall <= 0.0 {
            return 0.0;
        }
        (1.0 - self.train_ms / wall).clamp(0.0, 1.0) as f32
    }

    /// The time between the last tick and this one went to posting the last tick's reports
    /// (and to the event loop): charge it to the reports that were sent.
    pub(super) fn charge_gap(&mut self, now: f64) {
        let (Some(end), Some(sent)) = (self.last_tick_end, self.sent_last_tick) else {
            return;
        };
        let gap = now - end;
        self.snapshots.charge(gap);
        if sent != Detail::View {
            self.metrics.charge(gap);
        }
        self.sent_last_tick = None;
    }

    /// Train `batches` mini-batches, adding their losses to the pending progress report. On
    /// divergence the trainer has already restored the last good weights.
    pub(super) fn train(&mut self, batches: usize) -> Result<(), String> {
        let report = self.trainer.step(batches).map_err(|e| e.to_string())?;
        let n = report.batches as f64;
        let pending = self.pending.get_or_insert_with(Pending::default);
        for &(term, v) in &report.terms {
            match pending.terms.iter_mut().find(|(t, _)| *t == term) {
                Some((_, sum)) => *sum += f64::from(v) * n,
                None => pending.terms.push((term, f64::from(v) * n)),
            }
        }
        pending.total += f64::from(report.total) * n;
        pending.batches += report.batches;
        pending.phase = report.phase;
        Ok(())
    }
}
