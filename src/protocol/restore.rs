//! Messages of the image-restoration panel: denoising, inpainting and super-resolution of a
//! test item or a drawing, by the autoencoder and by classical baselines.

use serde::{Deserialize, Serialize};

use crate::models::noise::Noise;

/// Most inpainting rounds a request may ask for.
pub const MAX_ITERATIONS: u32 = 200;

/// The image to restore.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RestoreInput {
    /// A test item by its index.
    TestItem(u32),
    /// A drawing, already preprocessed to the data's size (grey levels in [0, 1]).
    Pixels(Vec<f32>),
}

/// What is done to the image before it is restored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RestoreTask {
    /// Corrupt it with `noise`, then denoise.
    Denoise { noise: Noise },
    /// Hide the pixels where `known` is false, then fill them in `iterations` rounds.
    Inpaint { known: Vec<bool>, iterations: u32 },
    /// Halve its resolution, then bring it back to full size.
    SuperResolve,
}

impl RestoreTask {
    pub fn label(&self) -> &'static str {
        match self {
            RestoreTask::Denoise { .. } => "denoising",
            RestoreTask::Inpaint { .. } => "inpainting",
            RestoreTask::SuperResolve => "super-resolution",
        }
    }
}

/// One method's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Restored {
    pub name: String,
    pub pixels: Vec<f32>,
    /// PSNR (dB) of this image against the clean one (on the hidden pixels for inpainting).
    pub psnr: f32,
    /// The same method's mean PSNR over `RestoreReport::averaged_over` test items.
    pub mean_psnr: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RestoreReport {
    pub task: String,
    pub width: u32,
    pub height: u32,
    pub clean: Vec<f32>,
    /// What the methods were given (for super-resolution, the small image shown at full
    /// size by pixel repetition).
    pub corrupted: Vec<f32>,
    pub corrupted_psnr: f32,
    pub corrupted_mean_psnr: f32,
    /// The autoencoder first, then the baselines.
    pub methods: Vec<Restored>,
    pub averaged_over: u32,
    /// What a reader should know about the comparison (the blur's chosen σ, the fill).
    pub note: String,
}
