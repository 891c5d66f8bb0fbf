//! The Web Worker shell: receives [`Command`]s, hands them to the [`Session`], posts the
//! [`Report`]s back, and while playing trains in bounded turns, returning to the event loop
//! between turns so Pause and other messages are heard within a turn.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{Command, Report};
use crate::session::Session;

/// Training time per turn: long enough to amortise the turn's overhead, short enough that a
/// Pause is answered promptly.
const TURN_MS: f64 = 60.0;

struct Shell {
    scope: DedicatedWorkerGlobalScope,
    session: RefCell<Session>,
    looping: Cell<bool>,
}

fn now() -> f64 {
    js_sys::global()
        .unchecked_into::<DedicatedWorkerGlobalScope>()
        .performance()
        .map_or(0.0, |p| p.now())
}

impl Shell {
    fn post(&self, reports: &[Report]) {
        for report in reports {
            match serde_wasm_bindgen::to_value(report) {
                Ok(v) => {
                    if let Err(e) = self.scope.post_message(&v) {
                        web_sys::console::error_2(&"worker: post failed".into(), &e);
                    }
                }
                Err(e) => web_sys::console::error_1(&format!("worker: {e}").into()),
            }
        }
    }

    fn receive(self: &Rc<Self>, data: JsValue) {
        let reports = match serde_wasm_bindgen::from_value::<Command>(data) {
            Ok(cmd) => self.session.borrow_mut().handle(cmd, &now),
            Err(e) => vec![Report::Rejected {
                message: format!("The training worker did not understand a message ({e})."),
            }],
        };
        self.post(&reports);
        self.keep_training();
    }

    /// Start the training loop if the session is playing and no loop is running.
    fn keep_training(self: &Rc<Self>) {
        if self.looping.get() || !self.session.borrow().is_playing() {
            return;
        }
        self.looping.set(true);
        let me = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            while me.session.borrow().is_playing() {
                let reports = me.session.borrow_mut().tick(&now, TURN_MS);
                me.post(&reports);
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            me.looping.set(false);
        });
    }
}

/// Install the message handler and announce readiness (the page waits for `Ready`).
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let shell = Rc::new(Shell {
        scope: scope.clone(),
        session: RefCell::new(Session::new()),
        looping: Cell::new(false),
    });
    let handler = Rc::clone(&shell);
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        handler.receive(ev.data());
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    onmessage.forget();
    shell.post(&[Report::Ready]);
}
