//! The Regularisation panel: the activity penalty and input noise have controls of their
//! own; the one-number options share one, written from what each declares. An option
//! that makes no sense with the current network is disabled, with the reason shown.

use leptos::prelude::*;

use super::activity_control::ActivityPenalty;
use super::dial_control::DialControl;
use super::noise_control::Denoising;
use super::settings_handle::Settings;
use crate::models::penalty;
use crate::models::regularize::Regularization;

#[component]
pub fn VariantPanel(settings: Settings) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="variant-title">
            <h2 id="variant-title">"Regularisation"</h2>
            <ActivityPenalty settings=settings />
            <Denoising settings=settings />
            {Regularization::DIALS
                .iter()
                .filter_map(|stored| Some((stored, penalty::view(stored.dial.part)?)))
                .map(|(stored, view)| view! { <DialControl settings=settings stored=stored view=view /> })
                .collect_view()}
        </section>
    }
}
