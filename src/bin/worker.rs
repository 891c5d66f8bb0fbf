//! The training worker's entry point (Trunk builds it as a second wasm binary).

#[cfg(target_arch = "wasm32")]
fn main() {
    autoencoder_lab::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The training worker runs inside the browser: use `make run`.");
}
