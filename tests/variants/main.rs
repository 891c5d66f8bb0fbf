//! The variants and their combinations: sparse, contractive, concrete, VAE, binary codes, every
//! allowed pair's gradient, the checksums that pin their bits, and settings changed mid-run.

#[path = "../support/deep.rs"]
mod deep;
#[path = "../support/reference.rs"]
mod reference;

mod binary;
mod checksums;
mod combinations;
mod concrete;
mod contractive;
mod pairs;
mod retune;
mod sparse;
mod vae;
