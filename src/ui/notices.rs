//! Messages that need the student's attention: why training stopped, a crashed worker.

use leptos::prelude::*;

use super::lab::{Lab, WorkerStatus};

#[component]
pub fn Notices(lab: Lab) -> impl IntoView {
    view! {
        {move || {
            lab.worker.get().is_crashed().map(|why| {
                view! {
                    <div class="banner banner-error" role="alert" id="worker-crash">
                        <span>{why} " Your settings are kept."</span>
                        <button type="button" on:click=move |_| lab.restart_worker()>
                            "Restart training worker"
                        </button>
                    </div>
                }
            })
        }}
        {move || {
            lab.notice.get().map(|message| {
                view! {
                    <div class="banner banner-warn" role="alert" id="notice">
                        <span>{message}</span>
                        <button type="button" class="secondary" on:click=move |_| lab.notice.set(None)>
                            "Dismiss"
                        </button>
                    </div>
                }
            })
        }}
    }
}

impl WorkerStatus {
    fn is_crashed(&self) -> Option<String> {
        match self {
            WorkerStatus::Crashed(why) => Some(why.clone()),
            _ => None,
        }
    }
}
