//! Messages of the anomaly-detection panel: AUCs of the autoencoder and the baselines, the
//! one-class table's rows as they come.

use serde::{Deserialize, Serialize};

/// One class as the only normal data.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OneClassRow {
    pub class: u8,
    pub ae_auc: f32,
    pub pca_auc: f32,
}

/// The one-class table so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OneClassProgress {
    pub rows: Vec<OneClassRow>,
    /// The class being trained, of `classes`.
    pub class: u8,
    pub classes: u8,
    pub samples_seen: u64,
    pub samples: u64,
    pub running: bool,
    /// Why it stopped early, if it did.
    pub message: Option<String>,
}

/// One anomaly score's ROC curve and its area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnomalyRow {
    pub name: String,
    pub auc: f32,
    /// (false-positive rate, true-positive rate), thinned to about 200 points.
    pub roc: Vec<(f32, f32)>,
}

/// Anomaly detection on the test split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnomalyReport {
    pub normal: Vec<u8>,
    /// The classes the model was trained on (`None`: all).
    pub trained_on: Option<Vec<u8>>,
    /// The anomalies: (kind, count), in the order of `anomalous_scores`.
    pub kinds: Vec<(String, u32)>,
    /// The autoencoder, PCA, and the nearest-neighbour distance.
    pub methods: Vec<AnomalyRow>,
    /// The autoencoder's scores (mean squared error per value).
    pub normal_scores: Vec<f32>,
    pub anomalous_scores: Vec<f32>,
    /// Test items with the highest and the lowest autoencoder scores.
    pub most: Vec<u32>,
    pub least: Vec<u32>,
    pub knn_reference: u32,
}
