//! The page's end of the training worker: spawns it, queues commands until it says `Ready`
//! (messages sent earlier would be lost), and turns its messages and crashes into callbacks.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::protocol::{self, Command, Report};

/// Where Trunk puts the worker's loader; relative, so the site works from a sub-path.
const WORKER_URL: &str = "./worker_loader.js";
/// A worker whose wasm fails to load rejects a promise inside the worker, which the page never
/// hears about: a worker that has not said `Ready` by then is treated as crashed.
const READY_TIMEOUT_MS: u32 = 20_000;

pub struct WorkerClient {
    worker: Worker,
    ready: Rc<RefCell<bool>>,
    queue: Rc<RefCell<Vec<js_sys::Uint8Array>>>,
    // Kept alive as long as the worker is.
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(ErrorEvent)>,
    _ready_timeout: gloo_timers::callback::Timeout,
}

impl WorkerClient {
    /// Start a worker. `on_report` gets every report; `on_crash` a sentence when the worker
    /// fails to load or dies.
    pub fn spawn(
        on_report: impl Fn(Report) + 'static,
        on_crash: impl Fn(String) + 'static,
    ) -> Result<WorkerClient, String> {
        let worker = Worker::new(WORKER_URL)
            .map_err(|e| format!("The training worker could not be started ({e:?})."))?;
        let on_crash = Rc::new(on_crash);
        let ready = Rc::new(RefCell::new(false));
        let queue: Rc<RefCell<Vec<js_sys::Uint8Array>>> = Rc::new(RefCell::new(Vec::new()));
        let (r, q, w) = (Rc::clone(&ready), Rc::clone(&queue), worker.clone());
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let report = ev
                .data()
                .dyn_into::<js_sys::Uint8Array>()
                .map_err(|_| "not a byte buffer".to_string())
                .and_then(|a| protocol::decode::<Report>(&a.to_vec()));
            match report {
                Ok(Report::Ready) => {
                    *r.borrow_mut() = true;
                    for msg in q.borrow_mut().drain(..) {
                        post_transferred(&w, &msg);
                    }
                    on_report(Report::Ready);
                }
                Ok(report) => on_report(report),
                Err(e) => {
                    web_sys::console::warn_1(&format!("unreadable worker report: {e}").into())
                }
            }
        });
        let crash = Rc::clone(&on_crash);
        let onerror = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
            ev.prevent_default();
            let detail = ev.message();
            crash(if detail.is_empty() {
                "The training worker stopped unexpectedly.".to_string()
            } else {
                format!("The training worker stopped unexpectedly ({detail}).")
            });
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        let r = Rc::clone(&ready);
        let timeout = gloo_timers::callback::Timeout::new(READY_TIMEOUT_MS, move || {
            if !*r.borrow() {
                on_crash(
                    "The training worker did not start (its files may not have loaded).".into(),
                );
            }
        });
        Ok(WorkerClient {
            worker,
            ready,
            queue,
            _onmessage: onmessage,
            _onerror: onerror,
            _ready_timeout: timeout,
        })
    }

    /// Send a command now, or as soon as the worker is ready.
    pub fn send(&self, cmd: &Command) {
        let msg = match protocol::encode(cmd) {
            Ok(bytes) => js_sys::Uint8Array::from(&bytes[..]),
            Err(e) => {
                web_sys::console::error_1(&e.into());
                return;
            }
        };
        if *self.ready.borrow() {
            post_transferred(&self.worker, &msg);
        } else {
            self.queue.borrow_mut().push(msg);
        }
    }
}

/// Hand the buffer over to the worker (a dataset is megabytes: no copy).
fn post_transferred(worker: &Worker, msg: &js_sys::Uint8Array) {
    let transfer = js_sys::Array::of1(&msg.buffer());
    worker.post_message_with_transfer(msg, &transfer).ok();
}

impl Drop for WorkerClient {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
