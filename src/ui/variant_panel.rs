//! The Regularisation panel: one control per option, each in a file of its own. An option
//! that makes no sense with the current network is disabled, with the reason shown.

use leptos::prelude::*;

use super::activity_control::ActivityPenalty;
use super::binary_code_control::BinaryCodeControl;
use super::contractive_control::Contractive;
use super::k_sparse_control::KSparse;
use super::noise_control::Denoising;
use super::settings_handle::Settings;

#[component]
pub fn VariantPanel(settings: Settings) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="variant-title">
            <h2 id="variant-title">"Regularisation"</h2>
            <KSparse settings=settings />
            <BinaryCodeControl settings=settings />
            <ActivityPenalty settings=settings />
            <Denoising settings=settings />
            <Contractive settings=settings />
        </section>
    }
}
