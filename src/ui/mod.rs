//! The page: Leptos components, one panel per file. Only this module (and `worker`) may use
//! the web crates; everything it shows comes from the core through plain Rust types.

mod activity_control;
mod address;
mod anomaly_panel;
mod app;
mod banner;
mod canvas_backend;
mod chart_box;
mod classroom;
mod code_sliders;
mod codecs;
mod commands;
mod comparison;
mod compression_panel;
mod concrete_view;
mod confirm;
mod controls;
mod data;
mod data_panel;
mod decode_panel;
mod dial_control;
mod draw;
mod drawing_pad;
mod export;
mod fetch;
mod fields;
mod file_picker;
mod formula_view;
mod idb;
mod inside_panel;
mod lab;
mod latent_downloads;
mod latent_panel;
mod lessons_panel;
mod linear_panel;
mod loss_panel;
mod model_kind;
mod needs_net;
mod noise_control;
mod notices;
mod offline;
mod one_class_table;
mod outliers;
mod own_data;
mod own_images;
mod paint;
mod presets_panel;
mod pretrain_control;
mod probe_view;
mod recon_panel;
mod regions;
mod restore_panel;
mod retrieval_panel;
mod run_bar;
mod run_view;
mod runs_panel;
mod save_panel;
mod settings_handle;
mod variant_panel;
mod worker_client;

pub use app::App;
pub use fetch::gunzip;

/// Mount the app on `<body>`, replacing the static boot message.
pub fn start() {
    banner::install_panic_hook();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}
