//! The Web Worker shell: receives [`Command`]s, hands them to the [`Session`], posts the
//! [`Report`]s back, and while playing trains in bounded turns, returning to the event loop
//! between turns so Pause and other messages are heard within a turn.
//!
//! Messages in both directions are [`protocol::encode`]d byte buffers, transferred (not
//! copied) as `ArrayBuffer`s.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent};

use crate::protocol::{self, Command, Report};
use crate::session::Session;

/// Training time per turn: long enough to amortise the turn's overhead, short enough that a
/// Pause is answered promptly.
const TURN_MS: f64 = 60.0;

struct Shell {
    scope: DedicatedWorkerGlobalScope,
    session: RefCell<Session>,
    looping: Cell<bool>,
    /// Wakes the training loop for its next turn. A zero `setTimeout` would do the same, but
    /// browsers clamp nested timeouts to 4 ms: 6 % of every turn lost to waiting.
    turns: MessageChannel,
}

fn now() -> f64 {
    js_sys::global()
        .unchecked_into::<DedicatedWorkerGlobalScope>()
        .performance()
        .map_or(0.0, |p| p.now())
}

/// Bytes of this worker's wasm memory (what the memory soak watches).
fn memory_bytes() -> u64 {
    core::arch::wasm32::memory_size::<0>() as u64 * 65_536
}

impl Shell {
    fn post(&self, reports: Vec<Report>) {
        for mut report in reports {
            if let Report::Progress(p) = &mut report {
                p.worker_memory = memory_bytes();
            }
            match protocol::encode(&report) {
                Ok(bytes) => {
                    let array = js_sys::Uint8Array::from(&bytes[..]);
                    let transfer = js_sys::Array::of1(&array.buffer());
                    if let Err(e) = self.scope.post_message_with_transfer(&array, &transfer) {
                        web_sys::console::error_2(&"worker: post failed".into(), &e);
                    }
                }
                Err(e) => web_sys::console::error_1(&format!("worker: {e}").into()),
            }
        }
    }

    fn receive(self: &Rc<Self>, data: JsValue) {
        let bytes = data
            .dyn_into::<js_sys::Uint8Array>()
            .map(|a| a.to_vec())
            .map_err(|_| "not a byte buffer".to_string());
        let reports = match bytes.and_then(|b| protocol::decode::<Command>(&b)) {
            Ok(cmd) => self.session.borrow_mut().handle(cmd, &now),
            Err(e) => vec![Report::Rejected {
                message: format!("The training worker did not understand a message ({e})."),
            }],
        };
        self.post(reports);
        self.keep_training();
    }

    /// Start the training loop if the session is playing and no loop is running.
    fn keep_training(&self) {
        if self.looping.get() || !self.session.borrow().is_playing() {
            return;
        }
        self.looping.set(true);
        self.turns.port2().post_message(&JsValue::NULL).ok();
    }

    /// One turn of training, then the next turn is queued behind any waiting message.
    fn turn(&self) {
        if !self.session.borrow().is_playing() {
            self.looping.set(false);
            return;
        }
        let reports = self.session.borrow_mut().tick(&now, TURN_MS);
        self.post(reports);
        self.turns.port2().post_message(&JsValue::NULL).ok();
    }
}

/// Install the message handler and announce readiness (the page waits for `Ready`).
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let Ok(turns) = MessageChannel::new() else {
        web_sys::console::error_1(&"worker: no MessageChannel".into());
        return;
    };
    let shell = Rc::new(Shell {
        scope: scope.clone(),
        session: RefCell::new(Session::new()),
        looping: Cell::new(false),
        turns,
    });
    let handler = Rc::clone(&shell);
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        handler.receive(ev.data());
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    let looper = Rc::clone(&shell);
    let onturn = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| looper.turn());
    shell
        .turns
        .port1()
        .set_onmessage(Some(onturn.as_ref().unchecked_ref()));
    // The handlers live as long as the worker.
    onmessage.forget();
    onturn.forget();
    shell.post(vec![Report::Ready]);
}
