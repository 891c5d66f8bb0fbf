//! My runs: runs kept in this browser (settings, curves, final test error), to open again,
//! rename, delete, and compare two on one chart. Kept in IndexedDB (`ui::idb`); the weights
//! belong in a model file (Save and load).

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::draw::with_fixed_chart;
use super::idb;
use super::lab::Lab;
use crate::charts::loss::draw_loss;
use crate::link::{from_query, to_query};
use crate::store::runs::{self, SavedRun};

/// The panel's state: the kept runs by id, which two are compared, and what happened last.
#[derive(Clone, Copy)]
struct Runs {
    list: RwSignal<Vec<(f64, SavedRun)>>,
    compared: RwSignal<Vec<f64>>,
    message: RwSignal<Option<String>>,
}

impl Runs {
    /// Read the list again from storage (records another version cannot read are counted).
    fn reload(self) {
        spawn_local(async move {
            match idb::all().await {
                Ok(records) => {
                    let total = records.len();
                    let list: Vec<(f64, SavedRun)> = records
                        .into_iter()
                        .filter_map(|(id, b)| Some((id, runs::decode(&b).ok()?)))
                        .collect();
                    if list.len() < total {
                        let n = total - list.len();
                        self.message.set(Some(format!(
                            "{n} kept runs could not be read (saved by another version of the lab)."
                        )));
                    }
                    self.compared
                        .update(|c| c.retain(|id| list.iter().any(|(i, _)| i == id)));
                    self.list.set(list);
                }
                Err(why) => self
                    .message
                    .set(Some(format!("Your runs could not be read: {why}."))),
            }
        });
    }

    fn put(self, run: SavedRun, id: Option<f64>, done: String) {
        spawn_local(async move {
            let stored = match runs::encode(&run) {
                Ok(bytes) => idb::put(&bytes, id).await,
                Err(why) => Err(why),
            };
            match stored {
                Ok(_) => {
                    self.message.set(Some(done));
                    self.reload();
                }
                Err(why) => self.message.set(Some(format!("Not kept: {why}."))),
            }
        });
    }
}

#[component]
pub fn RunsPanel(lab: Lab) -> impl IntoView {
    let state = Runs {
        list: RwSignal::new(Vec::new()),
        compared: RwSignal::new(Vec::new()),
        message: RwSignal::new(None),
    };
    state.reload();
    let name = RwSignal::new(String::new());
    let default_name = move || {
        let seen = lab
            .progress
            .with(|p| p.as_ref().map_or(0, |p| p.samples_seen));
        lab.settings.with(|s| {
            let hidden: Vec<String> = s.model().hidden.iter().map(|h| h.to_string()).collect();
            format!(
                "{} · {} → {} · {}k samples",
                s.dataset.label(),
                hidden.join("-"),
                s.config.model.code_dim,
                seen / 1000
            )
        })
    };
    let keep = move |_| {
        let typed = name.get_untracked();
        let run_name = if typed.trim().is_empty() {
            default_name()
        } else {
            typed.trim().to_string()
        };
        let link = lab.settings.with_untracked(to_query);
        let dataset = lab
            .settings
            .with_untracked(|s| s.dataset.label().to_string());
        let run = lab.history.with_untracked(|h| {
            lab.metrics.with_untracked(|m| {
                SavedRun::new(
                    run_name.clone(),
                    link,
                    dataset,
                    h,
                    m.as_ref(),
                    js_sys::Date::now(),
                )
            })
        });
        name.set(String::new());
        state.put(run, None, format!("Kept “{run_name}”."));
    };
    let trained = move || {
        lab.progress
            .with(|p| p.as_ref().is_some_and(|p| p.samples_seen > 0))
    };
    view! {
        <section class="panel" aria-labelledby="runs-title">
            <h2 id="runs-title">"My runs"</h2>
            <p class="hint">
                "Keep a run's settings, curves and test error in this browser, to open it again "
                "or compare two on one chart. (The weights go in a model file, above.)"
            </p>
            <div class="field">
                <label for="run-name">"Name"</label>
                <input
                    id="run-name"
                    type="text"
                    maxlength="80"
                    placeholder=default_name
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <div class="buttons">
                <button type="button" id="keep-run" class="secondary" disabled=move || !trained() on:click=keep>
                    "Keep this run"
                </button>
            </div>
            <p class="hint" id="runs-message" role="status">{move || state.message.get()}</p>
            <RunList lab=lab state=state />
            <Comparison state=state />
        </section>
    }
}

#[component]
fn RunList(lab: Lab, state: Runs) -> impl IntoView {
    let open = move |run: SavedRun| {
        let (settings, _) = from_query(&run.link);
        lab.change(|s| *s = settings);
        // Its curves stay on the loss chart, grey, to compare the next run with.
        lab.pinned.set(Some(run.history()));
        state.message.set(Some(format!(
            "Opened “{}”: its settings, and its curves pinned on the loss chart.",
            run.name
        )));
    };
    let rename = move |id: f64, run: SavedRun| {
        let asked = web_sys::window()
            .and_then(|w| {
                w.prompt_with_message_and_default("New name for this run:", &run.name)
                    .ok()
            })
            .flatten();
        if let Some(new) = asked
            .map(|n| n.trim().chars().take(80).collect::<String>())
            .filter(|n| !n.is_empty())
        {
            let done = format!("Renamed to “{new}”.");
            state.put(SavedRun { name: new, ..run }, Some(id), done);
        }
    };
    let delete = move |id: f64, run_name: String| {
        let question = format!("Delete the kept run “{run_name}”? It cannot be brought back.");
        let gone = move || {
            spawn_local(async move {
                match idb::delete(id).await {
                    Ok(()) => {
                        state.message.set(Some(format!("Deleted “{run_name}”.")));
                        state.reload();
                    }
                    Err(why) => state.message.set(Some(format!("Not deleted: {why}."))),
                }
            })
        };
        lab.confirm.ask(question, "Delete", gone, move || {
            state.message.set(Some("Nothing was deleted.".into()));
        });
    };
    let toggle = move |id: f64, on: bool| {
        state.compared.update(|c| {
            c.retain(|&i| i != id);
            if on {
                c.push(id);
                // Two at a time: the newest two ticks.
                while c.len() > 2 {
                    c.remove(0);
                }
            }
        });
    };
    view! {
        <ul class="runs" id="runs-list">
            <For
                each=move || state.list.get()
                key=|(id, run)| (id.to_bits(), run.name.clone())
                children=move |(id, run)| {
                    let summary = format!(
                        "{} · {} samples{}",
                        run.dataset,
                        run.samples_seen,
                        run.test_mse.map_or(String::new(), |m| format!(" · test MSE {}", runs::mse_text(m))),
                    );
                    let (r1, r2, r3) = (run.clone(), run.clone(), run.name.clone());
                    view! {
                        <li class="run">
                            <label class="toggle">
                                <input
                                    type="checkbox"
                                    class="compare"
                                    prop:checked=move || state.compared.with(|c| c.contains(&id))
                                    on:change=move |ev| toggle(id, event_target_checked(&ev))
                                />
                                <span class="run-name">{run.name.clone()}</span>
                            </label>
                            <span class="hint">{summary}</span>
                            <span class="buttons">
                                <button type="button" class="link open-run" on:click=move |_| open(r1.clone())>"Open"</button>
                                <button type="button" class="link rename-run" on:click=move |_| rename(id, r2.clone())>"Rename"</button>
                                <button type="button" class="link delete-run" on:click=move |_| delete(id, r3.clone())>"Delete"</button>
                            </span>
                        </li>
                    }
                }
            />
        </ul>
    }
}

/// The two ticked runs' curves on one chart, with their final test errors.
#[component]
fn Comparison(state: Runs) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let pair = move || {
        let ids = state.compared.get();
        let list = state.list.get();
        let find = |id: f64| list.iter().find(|(i, _)| *i == id).map(|(_, r)| r.clone());
        match ids.as_slice() {
            [a, b] => Some((find(*a)?, find(*b)?)),
            _ => None,
        }
    };
    Effect::new(move |_| {
        let (Some(canvas), Some((a, b))) = (canvas.get(), pair()) else {
            return;
        };
        let mut lines = runs::comparison(&a, &b);
        // The caption names the runs by colour: a legend would cover half of a chart this
        // narrow.
        lines.iter_mut().for_each(|l| l.name.clear());
        with_fixed_chart(&canvas, (300, 240), |area| draw_loss(area, &lines, true));
    });
    let caption = move || {
        pair().map(|(a, b)| {
            let mse = |r: &SavedRun| r.test_mse.map_or("not measured".into(), runs::mse_text);
            format!(
                "Indigo: “{}” (test MSE {}); rose: “{}” (test MSE {}). Train solid, test dashed; log scale.",
                a.name, mse(&a), b.name, mse(&b)
            )
        })
    };
    view! {
        <p class="hint" class:hidden=move || pair().is_some()>"Tick two runs to compare their curves."</p>
        <figure class="runs-compare" class:hidden=move || pair().is_none()>
            <canvas node_ref=canvas id="runs-compare" role="img" aria-label="Loss curves of the two ticked runs"></canvas>
            <figcaption class="hint" id="runs-caption">{caption}</figcaption>
        </figure>
    }
}
