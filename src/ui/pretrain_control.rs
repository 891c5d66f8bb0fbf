//! Greedy layer-wise pretraining: each encoder layer first trained as a shallow autoencoder,
//! then the whole stack fine-tuned.

use leptos::prelude::*;

use super::fields::{NumberField, Refusal};
use super::settings_handle::Settings;
use crate::models::stack;
use crate::models::stack::Pretrain;
use crate::settings::variant::blocked;

/// Train each encoder layer first as a shallow autoencoder, then fine-tune the whole stack.
#[component]
pub fn Pretraining(settings: Settings) -> impl IntoView {
    let s = settings.signal();
    let on = move || s.with(|s| s.config.regularization.pretrain.is_some());
    let blocked = move || s.with(|s| blocked(s, stack::PART));
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
                        settings.change_from("pretrain-on", |s| {
                            s.config.regularization.pretrain = checked.then_some(Pretrain { epochs_per_layer: 1.0 });
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
                settings=settings
                id="pretrain-epochs"
                label="Epochs per layer"
                help="How long each layer trains as a shallow autoencoder on the previous layer's codes."
                min=0.1f32
                max=100.0f32
                get=Signal::derive(move || s.with(|s| s.config.regularization.pretrain.map_or(1.0, |p| p.epochs_per_layer)))
                set=Callback::new(move |v| settings.change(|s| s.config.regularization.pretrain = Some(Pretrain { epochs_per_layer: v })))
            />
            <p class="hint">"Pin a joint-training run first (same seed), then compare the curves."</p>
        </Show>
    }
}
