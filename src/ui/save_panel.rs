//! Save the run as a model file, or carry on from one: two buttons and what they did.
//!
//! The file is written and read by the worker (`store::model_file`); the page only moves
//! the bytes, refusing a file too large for any model before reading it.

use js_sys::Uint8Array;
use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::lab::{Lab, confirm};
use crate::inbox::reduce::FileStatus;
use crate::protocol::Command;
use crate::settings::query::to_query;
use crate::store::model_file::{FileError, MAX_BYTES};

#[component]
pub fn SavePanel(lab: Lab) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let save = move |_| {
        let link = lab.settings.with_untracked(to_query);
        lab.model_file
            .set(FileStatus::Busy("Writing the model file…".into()));
        lab.send(Command::SaveModel { link });
    };
    let chosen = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let file = el.files().and_then(|f| f.get(0));
        // Cleared, so choosing the same file again is a change too.
        el.set_value("");
        if let Some(file) = file {
            load(lab, file);
        }
    };
    let status = move || lab.model_file.get();
    view! {
        <section class="panel" aria-labelledby="files-title">
            <h2 id="files-title">"Save and load"</h2>
            <p class="hint">
                "A model file holds the settings, the weights and the training state. "
                "Load it on the same data to see the same test error and train on."
            </p>
            <div class="buttons">
                <button
                    type="button"
                    id="save-model"
                    class="secondary"
                    disabled=move || lab.model.with(|m| m.is_none())
                    on:click=save
                >
                    "Save model"
                </button>
                <button
                    type="button"
                    id="load-model-button"
                    class="secondary"
                    disabled=move || lab.data_info.with(|d| d.is_none())
                    on:click=move |_| {
                        if let Some(i) = input.get_untracked() {
                            i.click();
                        }
                    }
                >
                    "Load model…"
                </button>
                <input
                    type="file"
                    id="load-model"
                    class="visually-hidden"
                    tabindex="-1"
                    aria-hidden="true"
                    accept=".aelmodel"
                    node_ref=input
                    on:change=chosen
                />
            </div>
            <p
                id="model-file-status"
                role="status"
                class=move || match status() {
                    FileStatus::Refused(_) => "reason refusal",
                    _ => "hint",
                }
            >
                {move || match status() {
                    FileStatus::Idle => String::new(),
                    FileStatus::Busy(s) | FileStatus::Done(s) | FileStatus::Refused(s) => s,
                }}
            </p>
        </section>
    }
}

/// Read `file` and hand it to the worker, unless it is too large to be a model.
fn load(lab: Lab, file: web_sys::File) {
    let name = file.name();
    let bytes = file.size() as u64;
    if bytes > MAX_BYTES {
        let why = FileError::TooLarge { bytes };
        lab.model_file.set(FileStatus::Refused(format!(
            "{name} was not loaded: {why}. The current run is unchanged."
        )));
        return;
    }
    if lab.is_trained()
        && !confirm("Loading a model replaces the network you are training. Continue?")
    {
        return;
    }
    lab.model_file
        .set(FileStatus::Busy(format!("Reading {name}…")));
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => {
                let bytes = Uint8Array::new(&buffer).to_vec();
                lab.send(Command::LoadModel { bytes });
            }
            Err(_) => lab.model_file.set(FileStatus::Refused(format!(
                "{name} could not be read (the browser refused). The current run is unchanged."
            ))),
        }
    });
}
