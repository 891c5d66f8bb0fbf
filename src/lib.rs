//! Autoencoder Lab: train autoencoders in the browser.
//!
//! The numeric core (`nn`, `models`, `data`, `analysis`, `train`), the chart drawing
//! functions (`charts`) and the page's handling of the worker's reports (`inbox`) are plain
//! Rust with no web dependency: they build and test natively.
//! Only `ui` (the Leptos page) and `worker` (the Web Worker entry) touch the browser, and they
//! compile only for `wasm32`, where the web crates are available at all.

pub mod analysis;
pub mod charts;
pub mod data;
pub mod inbox;
pub mod link;
pub mod mathml;
pub mod models;
pub mod nn;
pub mod protocol;
pub mod session;
pub mod settings;
pub mod store;
pub mod teach;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
