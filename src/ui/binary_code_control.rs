//! The binary-code option (semantic hashing): noise on the sigmoid code units' input while
//! training pushes the code to 0 and 1. Disabled, with the reason beside it, where the
//! network cannot have one (`BinaryCode::problem_with` and the rule table, shared with the
//! core).

use super::formula_view::Formula;
use crate::teach::formulas::Control;
use leptos::prelude::*;

use super::fields::{NumberField, Refusal};
use super::settings_handle::Settings;
use crate::models::binary_code::{BinaryCode, MAX_NOISE};
use crate::models::rules::Part;
use crate::settings::variant::blocked;

/// The paper's noise scale: strong enough that only codes near 0 or 1 survive it.
const DEFAULT_NOISE: f32 = 4.0;

#[component]
pub fn BinaryCodeControl(settings: Settings) -> impl IntoView {
    let s = settings.signal();
    let on = move || s.with(|s| s.regularization.binary_code.is_some());
    // Why it cannot be switched on (or must be switched off), from the one rule.
    let reason = move || {
        s.with(|s| {
            let b = s.regularization.binary_code.unwrap_or(BinaryCode {
                noise: DEFAULT_NOISE,
            });
            b.problem_with(s.code_activation)
                .or_else(|| blocked(s, Part::BinaryCode))
        })
    };
    view! {
        <fieldset class="variant">
            <legend>
                <label title="Semantic hashing: noise added to the sigmoid code units' input while training pushes each unit to 0 or 1, so the code can be read as bits.">
                    <input
                        type="checkbox"
                        id="binary-on"
                        prop:checked=on
                        disabled=move || reason().is_some() && !on()
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            settings.change_from("binary-on", |s| {
                                s.regularization.binary_code =
                                    checked.then_some(BinaryCode { noise: DEFAULT_NOISE });
                            })
                        }
                    />
                    "Binary code"
                </label>
            </legend>
            <p class="reason" id="binary-reason">{reason}</p>
            <Refusal id="binary-on" />
            <Show when=on>
                <NumberField
                    settings=settings
                    id="binary-noise"
                    label="Noise scale σ on the code's input"
                    help="Standard deviation of the training noise; larger pushes harder towards 0 and 1."
                    min=0.1f32
                    max=MAX_NOISE
                    get=Signal::derive(move || {
                        s.with(|s| s.regularization.binary_code.map_or(DEFAULT_NOISE, |b| b.noise))
                    })
                    set=Callback::new(move |noise| {
                        settings.change(|s| s.regularization.binary_code = Some(BinaryCode { noise }))
                    })
                />
                <Formula settings=settings control=Control::BinaryCode />
                <p class="hint">
                    "The comparison table shows how many code values are within 0.1 of 0 or 1, and the error when the code is rounded to bits."
                </p>
            </Show>
        </fieldset>
    }
}
