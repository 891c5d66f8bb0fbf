//! The page's top level: header, settings, and the results in regions, nothing else.

use leptos::prelude::*;

use super::anomaly_panel::AnomalyPanel;
use super::classroom::ClassroomView;
use super::commands::Commands;
use super::compression_panel::CompressionPanel;
use super::concrete_view::ConcreteView;
use super::confirm::ConfirmDialog;
use super::controls::ControlsPanel;
use super::data_panel::DataPanel;
use super::decode_panel::DecodePanel;
use super::inside_panel::InsidePanel;
use super::lab::Lab;
use super::latent_panel::LatentPanel;
use super::lessons_panel::LessonsPanel;
use super::linear_panel::LinearPanel;
use super::loss_panel::LossPanel;
use super::notices::Notices;
use super::offline::UpdateNotice;
use super::presets_panel::PresetsPanel;
use super::recon_panel::ReconPanel;
use super::regions::{RegionTabs, Regions};
use super::restore_panel::RestorePanel;
use super::retrieval_panel::RetrievalPanel;
use super::run_bar::RunBar;
use super::run_view::RunView;
use super::runs_panel::RunsPanel;
use super::save_panel::SavePanel;
use super::settings_handle::Settings;
use super::variant_panel::VariantPanel;
use crate::teach::place::Region;

#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::new();
    let regions = Regions::from_address();
    // Field components find the lab here to show a refused change beside themselves.
    provide_context(lab);
    view! {
        <a class="skip-link" href="#results">"Skip to the results"</a>
        <header class="site-header">
            <h1>"Autoencoder Lab"</h1>
            <p class="tagline">
                "Train autoencoders in your browser and see what they learn, next to PCA. "
                "Nothing to install; your data never leaves this machine."
            </p>
        </header>
        <div class="notices">
            <ClassroomView />
            <UpdateNotice />
            <Notices lab=lab />
        </div>
        <main class="layout">
            <aside class="sidebar" id="settings" aria-label="Data and settings">
                <LessonsPanel lab=lab regions=regions />
                // Scrolls under the lesson, never behind it.
                <div class="settings-list">
                    <DataPanel lab=lab />
                    <PresetsPanel settings=Settings::of(lab) />
                    <ControlsPanel settings=Settings::of(lab) />
                    <VariantPanel settings=Settings::of(lab) />
                    <SavePanel lab=lab />
                    <RunsPanel lab=lab />
                </div>
            </aside>
            <div class="results" id="results" tabindex="-1">
                // The tabs and Play stay in view while a region scrolls.
                <div class="results-head">
                    <RegionTabs regions=regions />
                    <RunBar lab=lab />
                </div>
                <div role="tabpanel" class="region" id="region-train" aria-labelledby="tab-train"
                    class:hidden=regions.hides(Region::Train)>
                    <LossPanel run=RunView::of(lab) pin=lab.pinned />
                    <LatentPanel lab=lab />
                    <DecodePanel lab=lab />
                    <ReconPanel run=RunView::of(lab) />
                </div>
                <div role="tabpanel" class="region" id="region-code" aria-labelledby="tab-code"
                    class:hidden=regions.hides(Region::Code)>
                    <ConcreteView run=RunView::of(lab) />
                    <LinearPanel run=RunView::of(lab) />
                    <InsidePanel run=RunView::of(lab) />
                </div>
                <div role="tabpanel" class="region" id="region-apps" aria-labelledby="tab-apps"
                    class:hidden=regions.hides(Region::Apps)>
                    <RetrievalPanel lab=lab />
                    <AnomalyPanel lab=lab />
                    <RestorePanel lab=lab />
                    <CompressionPanel commands=Commands::of(lab) settings=Settings::of(lab) data=lab.data report=lab.compression.read_only() />
                </div>
            </div>
        </main>
        <ConfirmDialog confirm=lab.confirm />
    }
}
