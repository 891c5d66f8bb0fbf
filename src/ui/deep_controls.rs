//! The contractive penalty and greedy layer-wise pretraining.

use super::formula_view::Formula;
use crate::teach::formulas::Control;
use leptos::prelude::*;

use super::fields::{NumberField, Refusal};
use super::lab::Lab;
use crate::models::contractive::penalty_cost;
use crate::models::rules::Part;
use crate::models::stack::Pretrain;
use crate::settings::variant::{CONTRACTIVE_BUDGET, blocked};

/// λ·E‖∂h/∂x‖²_F: the code should change little when the input moves a little.
#[component]
pub fn Contractive(lab: Lab) -> impl IntoView {
    let s = lab.settings;
    let on = move || s.with(|s| s.regularization.contractive.is_some());
    let blocked = move || s.with(|s| blocked(s, Part::Contractive));
    view! {
        <fieldset class="variant">
            <legend>
                <label title="Adds λ times the squared Frobenius norm of the encoder's Jacobian, computed exactly.">
                    <input
                        type="checkbox"
                        id="cae-on"
                        prop:checked=on
                        disabled=move || blocked().is_some() && !on()
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            lab.change_from("cae-on", |s| s.regularization.contractive = checked.then_some(1e-3));
                        }
                    />
                    "Contractive penalty"
                </label>
            </legend>
            <p class="reason" id="cae-reason">{blocked}</p>
            <Refusal id="cae-on" />
            <Show when=on>
                <NumberField
                    lab=lab
                    id="cae-lambda"
                    label="λ (strength)"
                    help="How much a code that moves with the input is penalised."
                    min=0.0f32
                    max=10.0f32
                    get=Signal::derive(move || s.with(|s| s.regularization.contractive.unwrap_or(0.0)))
                    set=Callback::new(move |v| lab.change(|s| s.regularization.contractive = Some(v)))
                />
                <Formula lab=lab control=Control::Contractive />
                <p class="hint" id="cae-cost">
                    "Exact ‖J‖²_F. With one encoder layer it has a closed form and costs almost nothing; deeper, its cost grows with the square of the hidden widths (784-256-64-16 trains about ten times slower). This network: "
                    {move || s.with(|s| {
                        let model = s.to_config(s.dataset.shape()).model;
                        format!(
                            "{:.2} of at most {CONTRACTIVE_BUDGET:.0} billion multiply-adds per batch.",
                            penalty_cost(&model, s.batch_size) / 1e9
                        )
                    })}
                </p>
            </Show>
        </fieldset>
    }
}

/// Train each encoder layer first as a shallow autoencoder, then fine-tune the whole stack.
#[component]
pub fn Pretraining(lab: Lab) -> impl IntoView {
    let s = lab.settings;
    let on = move || s.with(|s| s.regularization.pretrain.is_some());
    let blocked = move || s.with(|s| blocked(s, Part::Pretrain));
    view! {
        <div class="field">
            <label class="toggle" title="Greedy layer-wise pretraining (Hinton and Salakhutdinov 2006), with shallow autoencoders in place of RBMs.">
                <input
                    type="checkbox"
                    id="pretrain-on"
                    prop:checked=on
                    disabled=move || blocked().is_some() && !on()
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        lab.change_from("pretrain-on", |s| {
                            s.regularization.pretrain = checked.then_some(Pretrain { epochs_per_layer: 1.0 });
                        });
                    }
                />
                "Pretrain layer by layer, then fine-tune"
            </label>
            <p class="reason" id="pretrain-reason">{blocked}</p>
            <Refusal id="pretrain-on" />
        </div>
        <Show when=on>
            <NumberField
                lab=lab
                id="pretrain-epochs"
                label="Epochs per layer"
                help="How long each layer trains as a shallow autoencoder on the previous layer's codes."
                min=0.1f32
                max=100.0f32
                get=Signal::derive(move || s.with(|s| s.regularization.pretrain.map_or(1.0, |p| p.epochs_per_layer)))
                set=Callback::new(move |v| lab.change(|s| s.regularization.pretrain = Some(Pretrain { epochs_per_layer: v })))
            />
            <p class="hint">"Pin a joint-training run first (same seed), then compare the curves."</p>
        </Show>
    }
}
