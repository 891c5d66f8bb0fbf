//! Image processing with an autoencoder and its classical baselines: denoising, inpainting,
//! super-resolution, and the preprocessing that makes a drawing look like an MNIST digit.

pub mod codecs;
pub mod filters;
pub mod pad;
pub mod quantise;
pub mod restore;

pub use filters::{Image, Upsample, psnr};
