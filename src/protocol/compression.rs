//! Messages of the compression panel: rate-distortion curves of quantised autoencoder codes
//! and PCA coefficients (the browser's JPEG and WebP are measured on the page itself).

use serde::{Deserialize, Serialize};

/// Test items every method is measured on (the page encodes the same ones as JPEG and WebP).
pub const ITEMS: usize = 200;
/// Test items shown side by side at the chosen rate.
pub const SHOWN: usize = 6;

/// One setting of a method: its cost and its quality.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RdPoint {
    /// Bits per image.
    pub bits: f32,
    /// PSNR (dB) of the mean squared error per pixel over the items.
    pub psnr: f32,
    pub mse: f32,
    /// The setting: "16 × 4 bits", "quality 35".
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RdCurve {
    pub name: String,
    pub points: Vec<RdPoint>,
    /// Reconstructions of the first `SHOWN` items at the point nearest the chosen rate.
    pub shown: Vec<Vec<f32>>,
    /// Which point `shown` is.
    pub shown_label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompressionReport {
    pub code_dim: u32,
    pub items: u32,
    pub rate_bits: u32,
    /// The autoencoder at fixed length, the same with entropy coding, PCA at fixed length.
    pub curves: Vec<RdCurve>,
    pub originals: Vec<Vec<f32>>,
    pub width: u32,
    pub height: u32,
}
