//! The network and training settings. Each control edits one typed setting through
//! [`Lab::change`], which asks before discarding trained weights.

use super::formula_view::Formula;
use crate::teach::formulas::Control;
use leptos::prelude::*;

use super::fields::{ChoiceField, NumberField, Refusal};
use super::model_kind::ModelKind;
use super::pretrain_control::Pretraining;
use super::settings_handle::Settings;
use crate::nn::{Activation, LossKind, OptimizerKind};
use crate::settings::{LR_RANGE, MAX_BATCH, MAX_CODE, MAX_HIDDEN, MAX_WIDTH};

#[component]
pub fn ControlsPanel(settings: Settings) -> impl IntoView {
    let s = settings.signal();
    let choice =
        |f: fn(&crate::settings::LabSettings) -> Activation| Signal::derive(move || s.with(f));
    view! {
        <section class="panel" aria-labelledby="net-title">
            <h2 id="net-title">"Network"</h2>
            <ModelKind settings=settings />
            <HiddenLayers settings=settings />
            <NumberField
                settings=settings
                id="code"
                label="Code size"
                help="How many numbers the encoder squeezes each sample into: the bottleneck."
                min=1usize
                max=MAX_CODE
                get=Signal::derive(move || s.with(|s| s.config.model.code_dim))
                set=Callback::new(move |v| settings.change(|s| s.config.model.code_dim = v))
            />
            <div class="row wide-options">
                <ChoiceField
                    id="act"
                    label="Hidden activation"
                    help="The non-linearity after every hidden layer."
                    options=Activation::ALL.to_vec()
                    show=Activation::label
                    get=choice(|s| s.config.model.activation)
                    set=Callback::new(move |v| settings.change(|s| s.config.model.activation = v))
                />
                <ChoiceField
                    id="code-act"
                    label="Code activation"
                    help="The activation of the code layer; linear leaves the code unbounded."
                    options=Activation::ALL.to_vec()
                    show=Activation::label
                    get=choice(|s| s.config.model.code_activation)
                    set=Callback::new(move |v| settings.change(|s| s.config.model.code_activation = v))
                />
                <ChoiceField
                    id="out-act"
                    label="Output activation"
                    help="Sigmoid keeps reconstructions in [0, 1], the range of the data."
                    options=Activation::ALL.to_vec()
                    show=Activation::label
                    get=choice(|s| s.config.model.output_activation)
                    set=Callback::new(move |v| settings.change(|s| s.config.model.output_activation = v))
                />
            </div>
            // A VAE's likelihood (its own panel) decides its reconstruction term.
            <Show when=move || s.with(|s| s.config.model.vae.is_none())>
                <ChoiceField
                    id="loss"
                    label="Reconstruction loss"
                    help="How the difference between input and reconstruction is measured."
                    options=LossKind::ALL.to_vec()
                    show=LossKind::label
                    get=Signal::derive(move || s.with(|s| s.config.model.loss))
                    set=Callback::new(move |v| settings.change(|s| s.config.model.loss = v))
                />
                <Formula settings=settings control=Control::Loss />
            </Show>
            <h2>"Training"</h2>
            <ChoiceField
                id="opt"
                label="Optimizer"
                help="The rule that turns gradients into weight updates."
                options=OptimizerKind::ALL.to_vec()
                show=OptimizerKind::label
                get=Signal::derive(move || s.with(|s| s.config.optimizer.kind))
                set=Callback::new(move |v| settings.change(|s| s.config.optimizer.kind = v))
            />
            <LearningRate settings=settings />
            <div class="row">
                <NumberField
                    settings=settings
                    id="batch"
                    label="Batch size"
                    help="Samples per gradient step: larger is smoother, smaller updates more often."
                    min=1usize
                    max=MAX_BATCH
                    get=Signal::derive(move || s.with(|s| s.config.batch_size))
                    set=Callback::new(move |v| settings.change(|s| s.config.batch_size = v))
                />
                <NumberField
                    settings=settings
                    id="wd"
                    label="Weight decay"
                    help="L2 penalty pulling weights towards zero at every step."
                    min=0.0f32
                    max=1.0f32
                    get=Signal::derive(move || s.with(|s| s.config.optimizer.weight_decay))
                    set=Callback::new(move |v| settings.change(|s| s.config.optimizer.weight_decay = v))
                />
                <NumberField
                    settings=settings
                    id="seed"
                    label="Seed"
                    help="Fixes the initial weights and the batch order: the same seed gives the same run."
                    min=0u64
                    max=u32::MAX as u64
                    get=Signal::derive(move || s.with(|s| s.config.seed))
                    set=Callback::new(move |v| settings.change(|s| s.config.seed = v))
                />
            </div>
            <Formula settings=settings control=Control::WeightDecay />
            <Pretraining settings=settings />
            </section>
    }
}

/// The hidden widths of the encoder (the decoder mirrors them), with add and remove. A
/// concrete model's encoder is its selector, so there the widths are the decoder's.
#[component]
fn HiddenLayers(settings: Settings) -> impl IntoView {
    let s = settings.signal();
    let count = move || s.with(|s| s.widths().len());
    // A memo, so the layer inputs below are rebuilt when the model kind flips, not on every
    // settings change (which would take the focus out of a field being typed in).
    let decoder = Memo::new(move |_| s.with(|s| s.config.regularization.concrete.is_some()));
    let full = move || count() >= MAX_HIDDEN;
    let layer = move |i: usize| {
        // Sized by the core's limit, so a deeper limit cannot outgrow the ids.
        const IDS: [&str; MAX_HIDDEN] = ["h0", "h1", "h2", "h3"];
        const LABELS: [&str; MAX_HIDDEN] = ["Layer 1", "Layer 2", "Layer 3", "Layer 4"];
        let ids = IDS;
        view! {
            <div class="layer">
                <NumberField
                    settings=settings
                    id=ids[i]
                    label=LABELS[i]
                    help=if decoder.get() {
                        "Units in this decoder layer, counted from the code outwards."
                    } else {
                        "Units in this encoder layer; the decoder mirrors it."
                    }
                    min=1usize
                    max=MAX_WIDTH
                    get=Signal::derive(move || s.with(|s| s.widths().get(i).copied().unwrap_or(1)))
                    set=Callback::new(move |v| settings.change(|s| {
                        if let Some(w) = s.widths_mut().get_mut(i) {
                            *w = v;
                        }
                    }))
                />
                <button
                    type="button"
                    class="secondary icon"
                    aria-label=format!("Remove hidden layer {}", i + 1)
                    title="Remove this layer"
                    on:click=move |_| {
                        settings.mark_invalid(ids[i], false);
                        settings.change(|s| {
                            if i < s.widths().len() {
                                s.widths_mut().remove(i);
                            }
                        })
                    }
                >
                    "×"
                </button>
            </div>
        }
    };
    view! {
        <fieldset class="layers">
            <legend title=move || if decoder.get() {
                "The concrete selector is the whole encoder; these are the widths of the decoder's hidden layers, from the code outwards."
            } else {
                "Widths of the encoder's hidden layers, from the input inwards; the decoder mirrors them."
            }>
                {move || if decoder.get() {
                    "Hidden layers (decoder; the selector is the encoder)"
                } else {
                    "Hidden layers (encoder; the decoder mirrors them)"
                }}
            </legend>
            <p class="arch">{move || arch_text(&s.get())}</p>
            {move || (0..count().min(MAX_HIDDEN)).map(layer).collect_view()}
            <button
                type="button"
                class="secondary"
                disabled=full
                on:click=move |_| settings.change(|s| {
                    let w = s.widths().last().map_or(32, |&w| (w / 2).max(2));
                    s.widths_mut().push(w);
                })
            >
                "Add layer"
            </button>
        </fieldset>
    }
}

fn arch_text(s: &crate::settings::LabSettings) -> String {
    let mut w: Vec<String> = vec!["in".into()];
    let m = s.model();
    if let Some(decoder) = &m.decoder_hidden {
        w.push(format!("select [{}]", s.config.model.code_dim));
        w.extend(decoder.iter().map(|h| h.to_string()));
    } else {
        w.extend(m.hidden.iter().map(|h| h.to_string()));
        w.push(format!("[{}]", m.code_dim));
        w.extend(m.hidden.iter().rev().map(|h| h.to_string()));
    }
    w.push("out".into());
    w.join(" → ")
}

/// Learning rate on a log slider from 1e-5 to 10.
#[component]
fn LearningRate(settings: Settings) -> impl IntoView {
    let s = settings.signal();
    let exponent = move || s.with(|s| s.config.optimizer.lr.log10());
    let on_change = move |ev| {
        if let Ok(e) = event_target_value(&ev).parse::<f32>() {
            let lr = 10f32.powf(e).clamp(LR_RANGE.0, LR_RANGE.1);
            // Round to 2 significant digits so the value reads cleanly and survives links.
            let digits = 10f32.powf(lr.log10().floor() - 1.0);
            settings.change_from("lr", |s| {
                s.config.optimizer.lr = (lr / digits).round() * digits
            });
        }
    };
    view! {
        <div class="field">
            <label for="lr" title="Step size of each update: too small is slow, too large diverges.">
                "Learning rate: "
                <output for="lr">{move || format!("{:.2e}", s.with(|s| s.config.optimizer.lr))}</output>
            </label>
            <input
                id="lr"
                type="range"
                min="-5"
                max="1"
                step="0.1"
                title="Step size of each update: too small is slow, too large diverges."
                prop:value=move || format!("{:.1}", exponent())
                on:change=on_change
                aria-valuetext=move || format!("{:.2e}", s.with(|s| s.config.optimizer.lr))
            />
            <Refusal id="lr" />
        </div>
    }
}
