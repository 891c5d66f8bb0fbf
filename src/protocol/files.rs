//! Files the student hands the worker and gets back: an own table or images, a model file.

use serde::{Deserialize, Serialize};

use super::ModelInfo;
use crate::data::csv::CsvSummary;
use crate::data::images::ImageSummary;

/// A table read from the student's file, encoded by `data::own`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnData {
    pub name: String,
    pub summary: OwnSummary,
    #[serde(with = "serde_bytes")]
    pub asset: Vec<u8>,
}

/// What was read: a table or a set of images.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OwnSummary {
    Table(CsvSummary),
    Images(ImageSummary),
}

/// Why a CSV file or a set of images was not used; `can_drop` when leaving out its bad rows would do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataRefusal {
    pub name: String,
    pub message: String,
    pub can_drop: bool,
}

/// A file to download (a model, the test codes) and the name to offer for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedFile {
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
    pub name: String,
}

/// What a loaded model file restored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadedModel {
    pub info: ModelInfo,
    /// The saved run's settings as an address query.
    pub link: String,
    pub samples_seen: u64,
    pub epoch: f64,
}
