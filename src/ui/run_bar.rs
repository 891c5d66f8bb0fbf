//! Play, pause, step and reset, with the live counters.

use leptos::prelude::*;

use super::lab::{Lab, WorkerStatus};
use crate::protocol::Command;
use crate::train::pretrain::Phase;

#[component]
pub fn RunBar(lab: Lab) -> impl IntoView {
    let p = lab.progress;
    let can = move || lab.can_train();
    let toggle = move |_| {
        if lab.playing.get_untracked() {
            lab.send(Command::Pause);
        } else if lab.can_train() {
            lab.notice.set(None);
            lab.send(Command::Play);
        }
    };
    // "k" plays and pauses from anywhere but a form field (where it is typing).
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if ev.key() == "k" && !typing && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() {
            ev.prevent_default();
            if lab.playing.get_untracked() {
                lab.send(Command::Pause);
            } else if lab.can_train() {
                lab.notice.set(None);
                lab.send(Command::Play);
            }
        }
    });
    on_cleanup(move || keys.remove());
    let epoch_frac = move || p.with(|p| p.as_ref().map_or(0.0, |p| p.epoch.fract() * 100.0));
    let why_not = move || {
        if !lab.invalid.with(|i| i.is_empty()) {
            "Fix the highlighted settings to train."
        } else if lab.worker.with(|w| *w == WorkerStatus::Starting) {
            "Starting the training worker…"
        } else if lab.model.with(|m| m.is_none()) && lab.notice.with(|n| n.is_some()) {
            "The network could not be built: see the message above, then change a setting."
        } else if lab.model.with(|m| m.is_none()) {
            "Preparing the data and the network…"
        } else {
            ""
        }
    };
    view! {
        <section class="panel wide runbar" aria-label="Training controls">
            <div class="buttons">
                <button
                    type="button"
                    id="play"
                    on:click=toggle
                    disabled=move || !can() && !lab.playing.get()
                    aria-pressed=move || lab.playing.get().to_string()
                    title="Train continuously until paused (keyboard: k)."
                    aria-keyshortcuts="k"
                >
                    // The symbol is decoration: the button's accessible name is its word.
                    <span aria-hidden="true">
                        {move || if lab.playing.get() { "❚❚ " } else { "▶ " }}
                    </span>
                    {move || if lab.playing.get() { "Pause" } else { "Play" }}
                </button>
                <button
                    type="button"
                    id="step"
                    class="secondary"
                    disabled=move || !can()
                    on:click=move |_| lab.send(Command::Step)
                    title="Train on one mini-batch, then stop."
                >
                    "Step"
                </button>
                <button
                    type="button"
                    id="reset"
                    class="secondary"
                    disabled=move || lab.model.with(|m| m.is_none())
                    on:click=move |_| lab.configure()
                    title="Start again from fresh random weights (same seed)."
                >
                    "Reset"
                </button>
                // On a phone the settings come after the results: one tap away.
                <a class="to-settings" href="#settings">"Settings ↓"</a>
                <span class="why-not" aria-live="polite">{why_not}</span>
                <span class="phase" id="phase" aria-live="polite">
                    {move || p.with(|p| match p.as_ref().map(|p| p.phase) {
                        Some(Phase::Pretraining { layer, of }) => format!("Pretraining layer {} of {of} (its own loss)", layer + 1),
                        Some(Phase::FineTuning) if lab.settings.with(|s| s.config.regularization.pretrain.is_some()) => "Fine-tuning the whole stack".into(),
                        _ => String::new(),
                    })}
                </span>
            </div>
            <dl class="counters" aria-live="off">
                <div>
                    <dt>"Epoch"</dt>
                    <dd id="epoch">{move || p.with(|p| p.as_ref().map_or("0".into(), |p| format!("{:.2}", p.epoch)))}</dd>
                </div>
                <div>
                    <dt>"Samples seen"</dt>
                    <dd id="samples">{move || p.with(|p| p.as_ref().map_or(0, |p| p.samples_seen).to_string())}</dd>
                </div>
                <div>
                    <dt>"Samples/s"</dt>
                    <dd id="speed">
                        {move || {
                            let playing = lab.playing.get();
                            p.with(|p| match p {
                                Some(p) if playing => format!("{:.0}", p.samples_per_sec),
                                _ => "–".into(),
                            })
                        }}
                    </dd>
                </div>
                <div>
                    <dt title="Training time in this page since the network was built or loaded (a loaded model's earlier time is not in its file)">"Time here"</dt>
                    <dd id="elapsed">{move || p.with(|p| format!("{:.1} s", p.as_ref().map_or(0.0, |p| p.elapsed_ms / 1000.0)))}</dd>
                </div>
                <div class="epoch-bar">
                    <dt>"This epoch"</dt>
                    <dd>
                        <progress max="100" value=epoch_frac aria-label="Progress through the current epoch"></progress>
                    </dd>
                </div>
            </dl>
        </section>
    }
}
