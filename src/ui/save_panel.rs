//! Save the run as a model file, or carry on from one: two buttons and what they did.
//!
//! The file is written and read by the worker (`store::model_file`); the page only moves
//! the bytes, refusing a file too large for any model before reading it.

use super::file_picker::FilePicker;
use js_sys::Uint8Array;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::lab::{KEPT, Lab};
use crate::inbox::reduce::FileStatus;
use crate::link::to_query;
use crate::protocol::Command;
use crate::store::model_file::{FileError, MAX_BYTES};

#[component]
pub fn SavePanel(lab: Lab) -> impl IntoView {
    let save = move |_| {
        let link = lab.settings.with_untracked(to_query);
        lab.model_file
            .set(FileStatus::Busy("Writing the model file…".into()));
        lab.send(Command::SaveModel { link });
    };
    let chosen = Callback::new(move |files: Vec<web_sys::File>| {
        if let Some(file) = files.into_iter().next() {
            load(lab, file);
        }
    });
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
                <FilePicker
                    id="load-model-button"
                    input_id="load-model"
                    label="Load model…"
                    accept=".aelmodel"
                    disabled=Signal::derive(move || lab.data_info.with(|d| d.is_none()))
                    on_files=chosen
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
    if lab.is_trained() {
        lab.confirm.ask(
            "Loading a model replaces the network you are training.",
            "Load it",
            move || read(lab, file, name),
            move || lab.notice.set(Some(KEPT.into())),
        );
        return;
    }
    read(lab, file, name);
}

fn read(lab: Lab, file: web_sys::File, name: String) {
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
