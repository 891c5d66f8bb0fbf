//! Denoising: the kind and level of the noise put on the inputs while training.

use leptos::prelude::*;

use super::fields::{ChoiceField, NumberField, Refusal};
use super::formula_view::Formula;
use super::settings_handle::Settings;
use crate::models::noise::{Noise, NoiseKind};
use crate::teach::formulas::Control;

#[component]
pub fn Denoising(settings: Settings) -> impl IntoView {
    let s = settings.signal();
    #[derive(Clone, Copy, PartialEq)]
    struct Kind(Option<NoiseKind>);
    let label = |k: Kind| k.0.map_or("off", NoiseKind::label);
    let mut options = vec![Kind(None)];
    options.extend(NoiseKind::ALL.into_iter().map(|k| Kind(Some(k))));
    let noise = move || s.with(|s| s.config.regularization.noise);
    view! {
        <fieldset class="variant">
            <legend>"Denoising"</legend>
            <ChoiceField
                id="noise"
                label="Corrupt training inputs"
                help="The network sees a corrupted input and must give back the clean one."
                options=options
                show=label
                get=Signal::derive(move || Kind(noise().map(|n| n.kind)))
                set=Callback::new(move |k: Kind| settings.change(|s| {
                    s.config.regularization.noise = k.0.map(|kind| Noise {
                        kind,
                        level: if kind == NoiseKind::Gaussian { 0.2 } else { 0.3 },
                        at_test: false,
                    });
                }))
            />
            <Show when=move || noise().is_some()>
                <NumberField
                    settings=settings
                    id="noise-level"
                    label="Noise level: ν (fraction) or σ (Gaussian)"
                    help="How strong the corruption is."
                    min=0.0f32
                    max=2.0f32
                    get=Signal::derive(move || noise().map_or(0.0, |n| n.level))
                    set=Callback::new(move |v| settings.change(|s| {
                        if let Some(n) = s.config.regularization.noise.as_mut() {
                            n.level = v;
                        }
                    }))
                />
                <label class="toggle" title="Corrupt the test inputs too, to see how well it denoises.">
                    <input
                        type="checkbox"
                        id="noise-at-test"
                        prop:checked=move || noise().is_some_and(|n| n.at_test)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            settings.change_from("noise-at-test", |s| {
                                if let Some(n) = s.config.regularization.noise.as_mut() {
                                    n.at_test = on;
                                }
                            })
                        }
                    />
                    "also corrupt test inputs"
                </label>
                <Refusal id="noise-at-test" />
                <Formula settings=settings control=Control::Noise />
            </Show>
        </fieldset>
    }
}
