//! The page's entry point (Trunk builds it to wasm; natively it does nothing).

#[cfg(target_arch = "wasm32")]
fn main() {
    autoencoder_lab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Autoencoder Lab runs in the browser: use `make run`.");
}
