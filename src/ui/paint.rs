//! Canvas redraws spread over animation frames.
//!
//! One snapshot can change half a dozen charts at once; drawing them all in one task costs a
//! software-rendered frame 30-80 ms (and the compositor then uploads every changed canvas in
//! the same frame), which the student sees as a stutter. Each chart's effect asks its
//! [`Painter`] first: while this frame's drawing budget lasts, it draws; past it, the chart is
//! queued and its effect runs again at the next animation frame, reading the data then
//! current. A deferred chart never shows older data than it would have, only later.

use std::cell::RefCell;

use leptos::prelude::*;

/// Drawing time one frame may spend before further charts wait for the next frame. A single
/// chart is never split, so a frame costs at most this plus one chart.
const BUDGET_MS: f64 = 6.0;

#[derive(Default)]
struct Frame {
    /// When the first chart of this burst started drawing; `None` until one does.
    started: Option<f64>,
    /// Charts waiting for the next frame, oldest first, by painter id.
    waiting: Vec<(u32, Trigger)>,
    next_id: u32,
    frame_requested: bool,
}

thread_local! {
    static FRAME: RefCell<Frame> = RefCell::new(Frame::default());
}

/// A chart's place in the frame queue. Create one per canvas in the component.
#[derive(Clone, Copy)]
pub struct Painter {
    id: u32,
    again: Trigger,
}

impl Painter {
    pub fn new() -> Painter {
        let id = FRAME.with_borrow_mut(|f| {
            f.next_id = f.next_id.wrapping_add(1);
            f.next_id
        });
        Painter {
            id,
            again: Trigger::new(),
        }
    }

    /// Whether the calling effect may draw now. Call it first thing in the effect: on `false`
    /// return at once; the effect is then run again at the next frame (it re-subscribes to
    /// its data when it does).
    pub fn may_paint(self) -> bool {
        self.again.track();
        let now = now_ms();
        FRAME.with_borrow_mut(|f| {
            let started = *f.started.get_or_insert(now);
            let over = now - started > BUDGET_MS;
            if over && !f.waiting.iter().any(|(id, _)| *id == self.id) {
                f.waiting.push((self.id, self.again));
            }
            if !f.frame_requested {
                f.frame_requested = true;
                request_animation_frame(next_frame);
            }
            !over
        })
    }
}

impl Default for Painter {
    fn default() -> Self {
        Painter::new()
    }
}

/// A new frame: the budget starts again and the waiting charts redraw, oldest first (their
/// effects run as microtasks right after this callback, inside this frame).
fn next_frame() {
    let waiting = FRAME.with_borrow_mut(|f| {
        f.started = None;
        f.frame_requested = false;
        std::mem::take(&mut f.waiting)
    });
    // A trigger whose component is gone does nothing when notified.
    for (_, t) in waiting {
        t.notify();
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
