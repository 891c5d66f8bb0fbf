//! Ready-made experiments: one click sets every knob (asking first if that discards training).

use leptos::prelude::*;

use super::settings_handle::Settings;
use crate::link::from_query;
use crate::link::presets::PRESETS;

#[component]
pub fn PresetsPanel(settings: Settings) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="presets-title">
            <h2 id="presets-title">"Experiments to try"</h2>
            <ul class="presets">
                {PRESETS
                    .iter()
                    .enumerate()
                    .map(|(i, &(name, what, query))| {
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="link"
                                    id=format!("preset-{i}")
                                    on:click=move |_| {
                                        let (preset, _) = from_query(query);
                                        settings.change(|s| *s = preset);
                                    }
                                >
                                    {name}
                                </button>
                                <span class="what">{what}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
