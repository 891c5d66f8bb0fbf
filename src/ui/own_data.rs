//! Your own data: a CSV file chosen or dropped on the data panel, read by the worker, with
//! the choices a table needs (label column, scaling, leaving out bad rows) and what was read.

use super::file_picker::FilePicker;
use js_sys::Uint8Array;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::lab::Lab;
use super::own_images::{ImageChoice, ImagesRead};
use crate::data::csv::{CsvOptions, CsvSummary, LabelColumn, MAX_BYTES, Scaling};
use crate::protocol::OwnSummary;
use crate::protocol::{Command, DataRefusal};

/// Where the student's table stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum OwnStatus {
    #[default]
    Idle,
    Reading(String),
    Loaded {
        name: String,
        summary: Box<OwnSummary>,
    },
    Refused(DataRefusal),
}

#[component]
pub fn OwnDataPanel(lab: Lab) -> impl IntoView {
    // The file's bytes, kept so another choice of label or scaling reads it again.
    let file = StoredValue::new_local(None::<(String, std::rc::Rc<Vec<u8>>)>);
    let options = RwSignal::new(CsvOptions::default());
    let has_file = RwSignal::new(false);
    let send = move || {
        if let Some((name, bytes)) = file.get_value() {
            lab.own_data.set(OwnStatus::Reading(name.clone()));
            let options = options.get_untracked();
            lab.send(Command::ReadCsv {
                name,
                bytes: bytes.to_vec(),
                options,
            });
        }
    };
    let take = move |f: web_sys::File| {
        let name = f.name();
        let size = f.size() as u64;
        if size > MAX_BYTES {
            let message = crate::data::csv::CsvError::TooLarge { bytes: size }.to_string();
            lab.own_data.set(OwnStatus::Refused(DataRefusal {
                name,
                message,
                can_drop: false,
            }));
            return;
        }
        lab.own_data.set(OwnStatus::Reading(name.clone()));
        wasm_bindgen_futures::spawn_local(async move {
            match JsFuture::from(f.array_buffer()).await {
                Ok(buffer) => {
                    file.set_value(Some((
                        name,
                        std::rc::Rc::new(Uint8Array::new(&buffer).to_vec()),
                    )));
                    has_file.set(true);
                    options.update(|o| {
                        o.label = LabelColumn::Auto;
                        o.drop_bad_rows = false;
                    });
                    send();
                }
                Err(_) => {
                    let message = "the browser could not read it".into();
                    lab.own_data.set(OwnStatus::Refused(DataRefusal {
                        name,
                        message,
                        can_drop: false,
                    }));
                }
            }
        });
    };
    let chosen = Callback::new(move |files: Vec<web_sys::File>| {
        if let Some(f) = files.into_iter().next() {
            take(f);
        }
    });
    let dropped = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(f) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take(f);
        }
    };
    let reread = move |edit: &dyn Fn(&mut CsvOptions)| {
        options.update(|o| edit(o));
        send();
    };
    let columns = move || match lab.own_data.get() {
        OwnStatus::Loaded { summary, .. } => match *summary {
            OwnSummary::Table(t) => {
                let mut c = t.features;
                c.extend(t.label);
                c
            }
            OwnSummary::Images(_) => Vec::new(),
        },
        _ => Vec::new(),
    };
    view! {
        <details class="own-data" on:dragover=|ev: web_sys::DragEvent| ev.prevent_default() on:drop=dropped>
            <summary>"Your own data (CSV or images)"</summary>
            <p class="hint">
                "A CSV table with a number in each column; a header row and a label column are "
                "found by themselves. Everything is read on this computer and never sent "
                "anywhere. Drop a file here or choose one."
            </p>
            <div class="buttons">
                <FilePicker
                    id="csv-choose"
                    input_id="csv-file"
                    label="Choose a CSV file…"
                    accept=".csv,.tsv,.txt,text/csv"
                    on_files=chosen
                />
            </div>
            <div class="field">
                <label for="csv-label">"Label column"</label>
                <select
                    id="csv-label"
                    disabled=move || !has_file.get()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        reread(&|o| o.label = match v.as_str() {
                            "\u{1}auto" => LabelColumn::Auto,
                            "\u{1}none" => LabelColumn::None,
                            name => LabelColumn::Named(name.to_string()),
                        });
                    }
                >
                    <option value="\u{1}auto" selected=move || options.with(|o| o.label == LabelColumn::Auto)>"Found by itself"</option>
                    <option value="\u{1}none" selected=move || options.with(|o| o.label == LabelColumn::None)>"None (one class)"</option>
                    {move || columns().into_iter().map(|c| {
                        let chosen = c.clone();
                        view! {
                            <option value=c.clone() selected=move || options.with(|o| o.label == LabelColumn::Named(chosen.clone()))>{c.clone()}</option>
                        }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="csv-scaling">"Scaling"</label>
                <select
                    id="csv-scaling"
                    disabled=move || !has_file.get()
                    on:change=move |ev| {
                        let standard = event_target_value(&ev) == "standard";
                        reread(&|o| o.scaling = if standard { Scaling::Standard } else { Scaling::MinMax });
                    }
                >
                    <option value="minmax">"Min-max to [0, 1]"</option>
                    <option value="standard">"Standardise (mean 0, sd 1)"</option>
                </select>
            </div>
            <ImageChoice lab=lab />
            <Status lab=lab reread=move || reread(&|o| o.drop_bad_rows = true) />
        </details>
    }
}

/// What was read, or why not (with the way out when leaving rows out would do).
#[component]
fn Status(lab: Lab, reread: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    move || {
        match lab.own_data.get() {
        OwnStatus::Idle => ().into_any(),
        OwnStatus::Reading(name) => view! {
            <p class="hint" id="csv-status" role="status">{format!("Reading {name}…")}</p>
        }
        .into_any(),
        OwnStatus::Refused(r) => view! {
            <div id="csv-status" role="alert">
                <p class="reason refusal">{format!("{} was not used: {}.", r.name, r.message)}</p>
                {r.can_drop.then(|| view! {
                    <button type="button" id="csv-drop" class="secondary" on:click=move |_| reread()>
                        "Leave those rows out and use the rest"
                    </button>
                })}
            </div>
        }
        .into_any(),
        OwnStatus::Loaded { name, summary } => match *summary {
            OwnSummary::Table(t) => view! {
                <div id="csv-status" role="status"><Summary name=name summary=t /><FitProposal lab=lab /></div>
            }
            .into_any(),
            OwnSummary::Images(i) => view! {
                <div id="csv-status" role="status"><ImagesRead summary=i /><FitProposal lab=lab /></div>
            }
            .into_any(),
        },
    }
    }
}

/// When the network does not fit the student's data (a code as wide as the table, layers
/// far wider than it), one that does, applied with one click and the reason said.
#[component]
fn FitProposal(lab: Lab) -> impl IntoView {
    use crate::settings::fit::{describe, misfit, proposal};
    move || {
        let shape = lab.data.shape_tracked()?;
        let (why, proposed) = lab.settings.with(|s| {
            if !matches!(s.dataset, crate::data::DatasetId::Own(_)) {
                return None;
            }
            Some((misfit(s, shape)?, proposal(s, shape)))
        })?;
        let net = describe(&proposed, shape);
        Some(view! {
            <div class="fit-proposal" id="fit-proposal" role="note">
                <p>{format!("The network does not fit your data: {why}.")}</p>
                <button type="button" id="fit-apply" on:click=move |_| {
                    let mut p = proposed.clone();
                    if let Some(range) = lab.data.range_untracked() {
                        p.fit_range(range);
                    }
                    lab.change(|s| *s = p);
                }>{format!("Use {net}")}</button>
            </div>
        })
    }
}

#[component]
fn Summary(name: String, summary: CsvSummary) -> impl IntoView {
    let s = summary;
    let label = match &s.label {
        Some(l) => format!("labels from \"{l}\""),
        None => "no label column".into(),
    };
    let dropped = (s.dropped > 0).then(|| {
        let first = s.problems.first().map_or(String::new(), |p| {
            format!(
                " (the first: line {}, column \"{}\": \"{}\")",
                p.line, p.column, p.text
            )
        });
        let rows = crate::data::csv::count(s.dropped, "row");
        format!(" {rows} with a missing or non-numeric cell left out{first}.")
    });
    let scaling = match s.scaling {
        Scaling::MinMax => "Each column was scaled from its training range to [0, 1]:",
        Scaling::Standard => "Each column was standardised with its training mean and sd:",
    };
    let shown = 6.min(s.features.len());
    let ranges: Vec<String> = s.features[..shown]
        .iter()
        .zip(&s.fitted)
        .map(|(f, (a, b))| match s.scaling {
            Scaling::MinMax => format!("{f} {a:.4}–{b:.4}"),
            Scaling::Standard => format!("{f} {a:.4} ± {b:.4}"),
        })
        .collect();
    let more =
        (s.features.len() > shown).then(|| format!(" and {} more", s.features.len() - shown));
    view! {
        <p class="hint">
            {format!(
                "{name}: {} rows ({} to train, {} to test), {} numeric columns, {label}{}.",
                s.rows, s.n_train, s.n_test, s.features.len(),
                if s.header { ", header row found" } else { ", no header row" },
            )}
            {dropped}
        </p>
        <p class="hint csv-scaling">{scaling} " " {ranges.join("; ")} {more}</p>
    }
}
