//! When a periodic report is next due. A report's cost grows with the network (encoding the
//! display points through a 784-1000-500-250-30 encoder costs a hundred times what it costs
//! a 2-D net), so a fixed cadence that suits a small net lets reports eat a deep net's
//! training time. Each report is timed instead, and the next one waits until this one's cost
//! is at most `share` of the time between them.

/// One kind of periodic report.
#[derive(Clone, Debug)]
pub(super) struct Cadence {
    /// Never more often than this (a small net would otherwise report every turn).
    min_ms: f64,
    /// Largest share of wall time this report may take.
    share: f64,
    next_at: f64,
    /// Samples seen when this report last ran, and when it started, for `due_early`.
    last: Option<(u64, f64)>,
}

/// Early reports never come closer together than this, however cheap.
const EARLY_MIN_MS: f64 = 250.0;

impl Cadence {
    pub fn new(min_ms: f64, share: f64) -> Cadence {
        Cadence {
            min_ms,
            share,
            next_at: f64::NEG_INFINITY,
            last: None,
        }
    }

    /// Due by time, or early because training has doubled the samples seen since the last
    /// one. A loss curve changes fastest at the start: test points spaced evenly in time
    /// leave the first seconds with one point, and the chart a straight line across the
    /// bend. Doubling spaces them evenly on a log axis, and stops mattering once the time
    /// cadence is the closer of the two.
    pub fn due_by(&self, now: f64, samples: u64) -> bool {
        self.due(now)
            || self.last.is_some_and(|(seen, at)| {
                samples >= seen.max(500).saturating_mul(2) && now - at >= EARLY_MIN_MS
            })
    }

    /// Like `ran`, remembering the samples seen for `due_by`.
    pub fn ran_at(&mut self, start: f64, end: f64, samples: u64) {
        self.ran(start, end);
        self.last = Some((samples, start));
    }

    pub fn due(&self, now: f64) -> bool {
        now >= self.next_at
    }

    /// The report ran from `start` to `end`.
    pub fn ran(&mut self, start: f64, end: f64) {
        let cost = (end - start).max(0.0);
        self.next_at = start + self.min_ms.max(cost / self.share);
    }

    /// More cost of the last report, found later (posting it, for example).
    pub fn charge(&mut self, extra_ms: f64) {
        self.next_at += extra_ms.max(0.0) / self.share;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cheap_reports_keep_the_minimum_interval_and_dear_ones_back_off() {
        let mut c = Cadence::new(400.0, 0.05);
        assert!(c.due(0.0));
        c.ran(1000.0, 1010.0);
        assert!(!c.due(1399.0));
        assert!(c.due(1400.0));
        // 100 ms of work may take 5 % of the time: the next one waits 2 s from the start.
        c.ran(2000.0, 2100.0);
        assert!(!c.due(3999.0));
        assert!(c.due(4000.0));
        c.charge(10.0);
        assert!(!c.due(4100.0));
        assert!(c.due(4200.0));
    }

    #[test]
    fn early_reports_come_when_the_samples_double() {
        let mut c = Cadence::new(1500.0, 0.035);
        // 100 ms of work: by time alone the next is 2.9 s away.
        c.ran_at(0.0, 100.0, 1000);
        assert!(!c.due_by(300.0, 1999));
        assert!(c.due_by(300.0, 2000));
        // Never twice within the early minimum, however fast the samples come.
        assert!(!c.due_by(200.0, 1_000_000));
        c.ran_at(300.0, 400.0, 2000);
        assert!(!c.due_by(2000.0, 3999));
        assert!(c.due_by(3200.0, 3999), "the time cadence still applies");
    }
}
