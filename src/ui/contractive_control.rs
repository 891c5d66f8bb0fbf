//! The contractive penalty: λ·E‖∂h/∂x‖²_F, its cost per batch kept within what the page can
//! show live.

use leptos::prelude::*;

use super::fields::{NumberField, Refusal};
use super::formula_view::Formula;
use super::settings_handle::Settings;
use crate::models::contractive::{BUDGET as CONTRACTIVE_BUDGET, penalty_cost};
use crate::models::rules::Part;
use crate::settings::variant::blocked;
use crate::teach::formulas::Control;

/// λ·E‖∂h/∂x‖²_F: the code should change little when the input moves a little.
#[component]
pub fn Contractive(settings: Settings) -> impl IntoView {
    let s = settings.signal();
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
                            settings.change_from("cae-on", |s| s.regularization.contractive = checked.then_some(1e-3));
                        }
                    />
                    "Contractive penalty"
                </label>
            </legend>
            <p class="reason" id="cae-reason">{blocked}</p>
            <Refusal id="cae-on" />
            <Show when=on>
                <NumberField
                    settings=settings
                    id="cae-lambda"
                    label="λ (strength)"
                    help="How much a code that moves with the input is penalised."
                    min=0.0f32
                    max=10.0f32
                    get=Signal::derive(move || s.with(|s| s.regularization.contractive.unwrap_or(0.0)))
                    set=Callback::new(move |v| settings.change(|s| s.regularization.contractive = Some(v)))
                />
                <Formula settings=settings control=Control::Contractive />
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
