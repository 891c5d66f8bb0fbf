//! The k-sparse code: only the k largest code activations pass.

use leptos::prelude::*;

use super::fields::{NumberField, Refusal};
use super::formula_view::Formula;
use super::settings_handle::Settings;
use crate::models::rules::Part;
use crate::settings::variant::blocked;
use crate::teach::formulas::Control;

#[component]
pub fn KSparse(settings: Settings) -> impl IntoView {
    let s = settings.signal();
    let on = move || s.with(|s| s.regularization.k_sparse.is_some());
    let reason = move || {
        s.with(|s| {
            (s.code_dim < 2)
                .then(|| "Needs a code of at least 2 units.".to_string())
                .or_else(|| blocked(s, Part::KSparse))
        })
    };
    view! {
        <fieldset class="variant">
            <legend>
                <label title="Keep only the k largest code activations of each sample; the rest are set to 0.">
                    <input
                        type="checkbox"
                        id="ksparse-on"
                        prop:checked=on
                        disabled=move || reason().is_some() && !on()
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            settings.change_from("ksparse-on", |s| {
                                s.regularization.k_sparse = checked.then(|| (s.code_dim / 4).max(1));
                            })
                        }
                    />
                    "k-sparse code"
                </label>
            </legend>
            <p class="reason" id="ksparse-reason">{reason}</p>
            <Refusal id="ksparse-on" />
            <Show when=on>
                <NumberField
                    settings=settings
                    id="ksparse-k"
                    label="k (units kept per sample)"
                    help="How many code units stay active for each sample."
                    min=1usize
                    max=64usize
                    get=Signal::derive(move || s.with(|s| s.regularization.k_sparse.unwrap_or(1)))
                    set=Callback::new(move |k| settings.change(|s| s.regularization.k_sparse = Some(k)))
                />
                <Formula settings=settings control=Control::KSparse />
            </Show>
        </fieldset>
    }
}
