//! The messages between the page and the training worker. Both directions are plain serde
//! types, so the protocol is tested natively and the worker is a thin shell around
//! [`crate::session::Session`].

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::data::DatasetId;
use crate::data::csv::CsvOptions;
use crate::data::images::DecodedImage;
use crate::models::LossTerm;
use crate::models::penalty::dial::Reading;
use crate::models::vae::DecoderWeights;
use crate::train::TrainConfig;
use crate::train::pretrain::Phase;

mod anomaly;
pub mod compression;
mod files;
pub mod restore;
mod retrieval;

pub use anomaly::{AnomalyReport, AnomalyRow, OneClassProgress, OneClassRow};
pub use files::{DataRefusal, LoadedModel, OwnData, OwnSummary, SavedFile};
pub use retrieval::{CodeScheme, Neighbours, RetrievalReport, RetrievalRow};

/// Which two numbers per test point the latent scatter shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LatentView {
    /// Two code dimensions, by index (the same index twice is allowed and shows a diagonal).
    Dims(u16, u16),
    /// The first two principal components of the codes (for codes larger than 2).
    Pca,
    /// The code mapped onto PCA's plane of the data by the best linear map (least squares):
    /// for a linear autoencoder the same picture as PCA's, whatever basis its code chose.
    OntoPca,
}

/// Page to worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Use this dataset. Image sets carry the downloaded asset; synthetic ones are generated.
    LoadData {
        dataset: DatasetId,
        #[serde(with = "serde_bytes")]
        asset: Option<Vec<u8>>,
    },
    /// Build a fresh model from `config` (any previous weights are discarded).
    Configure {
        config: Box<TrainConfig>,
    },
    Play,
    Pause,
    /// Train one mini-batch and report.
    Step,
    /// Re-initialise the current configuration's weights from its seed.
    Reset,
    /// Go on training the current network with `config`'s learning rate, momentum, weight
    /// decay and penalty weights (`train::retune`); refused if anything else differs.
    Retune {
        config: Box<TrainConfig>,
    },
    /// Score the current model's codes, hashed to `bits` bits, as a retrieval system (and
    /// keep its hash table for lookups).
    MeasureRetrieval {
        bits: u8,
    },
    /// Train the next networks on these classes only (`None`: every class). Takes effect at
    /// the next `Configure`.
    TrainOn {
        classes: Option<Vec<u8>>,
    },
    /// Score the test split for anomalies: `normal` classes against the rest (and corrupted
    /// copies of normal items when `corrupted`).
    MeasureAnomaly {
        normal: Vec<u8>,
        corrupted: bool,
        /// Also the test items of the dataset sent by `LoadOutliers` (another dataset of the
        /// same shape: Fashion-MNIST for a net trained on digits).
        #[serde(default)]
        other_dataset: bool,
    },
    /// Rate-distortion curves of the quantised code and of PCA, with the images at the point
    /// nearest `rate_bits` per image.
    MeasureCompression {
        rate_bits: u32,
    },
    /// Show this image (a drawing, data-sized) in every snapshot: its code in the latent
    /// scatter and its reconstructions. `None` stops.
    SetProbe {
        pixels: Option<Vec<f32>>,
    },
    /// Corrupt an image and restore it with the autoencoder and the classical baselines.
    Restore {
        input: restore::RestoreInput,
        task: restore::RestoreTask,
    },
    /// Keep another dataset's test items as anomalies for `MeasureAnomaly` (dropped when new
    /// data load). Its shape must be the loaded data's.
    LoadOutliers {
        dataset: DatasetId,
        #[serde(with = "serde_bytes")]
        asset: Vec<u8>,
    },
    /// Each class in turn as the only normal one: train the current configuration on it for
    /// `samples`, and measure the AE's and PCA's AUC (a job with progress, see `CancelJob`).
    OneClassTable {
        samples: u64,
    },
    /// Stop the one-class table where it is.
    CancelJob,
    /// The training items within Hamming `radius` (0-3) of test item `query`'s code.
    Lookup {
        query: u32,
        radius: u8,
    },
    SetLatentView(LatentView),
    /// Write the current run as a model file (see `store::model_file`); `link` is the page's
    /// address query for its settings, kept in the file so loading restores the controls.
    SaveModel {
        link: String,
    },
    /// Read the student's CSV file (`data::csv`) into a dataset for the page, which then
    /// loads it with `LoadData` like any other; nothing else changes.
    ReadCsv {
        name: String,
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        options: CsvOptions,
    },
    /// Make a dataset of the student's images, decoded by the browser (`data::images`);
    /// `skipped` names the files it could not decode.
    ReadImages {
        images: Vec<DecodedImage>,
        skipped: Vec<String>,
    },
    /// Every test item's code as CSV (a VAE's μ), for the student's own analysis.
    ExportCodes,
    /// Replace the run with a saved one, if the file fits the loaded data. A refusal leaves
    /// the current run as it was.
    LoadModel {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
}

/// Facts about the loaded dataset that do not change while training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataInfo {
    pub dataset: DatasetId,
    pub n_train: usize,
    pub n_test: usize,
    /// Indices into the test set of the points shown in the scatter plots.
    pub display_index: Vec<u32>,
    pub display_labels: Vec<u8>,
    /// PCA-2 coordinates of the display points (PCA fitted on the training set).
    pub pca2: Vec<[f32; 2]>,
    /// Explained-variance ratio of the first components.
    pub explained: Vec<f32>,
    /// Indices into the test set of the images shown as reconstructions.
    pub recon_index: Vec<u32>,
    /// Milliseconds the PCA fit took.
    pub pca_ms: f64,
}

/// What the worker knows once a model is configured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// The dataset the model was built for, so the page can drop a reply that a newer choice
    /// of dataset has overtaken.
    pub dataset: DatasetId,
    pub parameters: usize,
    pub batches_per_epoch: usize,
    pub code_dim: usize,
    /// PCA with as many components as the code has (capped at the input size).
    pub pca_k: usize,
    pub pca_test_mse: f32,
    pub pca_knn: f32,
    /// The same two numbers on the test items that metrics use while training
    /// ([`TestMetrics::test_items`] of them), so a comparison is always on the same items.
    pub pca_quick_mse: f32,
    pub pca_quick_knn: f32,
    /// PCA reconstructions of the `recon_index` images (image sets) or of the display points
    /// (point sets), row after row.
    pub pca_recon: Vec<f32>,
    /// PCA's error on the uniform random inputs of [`TestMetrics::noise_mse`].
    pub pca_noise_mse: f32,
    /// No non-linearity anywhere (every activation the identity, no VAE or selector): the
    /// model can at best learn PCA's subspace, and the page compares the two directly.
    pub linear: bool,
    /// The classes the model trains on (`None`: every class).
    pub trained_on: Option<Vec<u8>>,
}

/// Training counters and the training loss, sent several times a second while playing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub samples_seen: u64,
    pub epoch: f64,
    /// Training throughput over the last report interval (wall time, including pauses for
    /// messages and reports).
    pub samples_per_sec: f64,
    /// Wall time spent playing since the model was configured.
    pub elapsed_ms: f64,
    /// Mean loss terms over the batches since the previous report.
    pub train: Vec<(LossTerm, f32)>,
    pub train_total: f32,
    /// Layer-wise pretraining stage or fine-tuning (the loss above is that phase's own).
    pub phase: Phase,
    /// Share of the worker's wall time since Play that went to anything but training steps
    /// (reports, messages, waiting): what the reports cost.
    pub report_share: f32,
    /// Bytes of the worker's wasm memory (filled in by the worker shell).
    pub worker_memory: u64,
}

impl Progress {
    /// The counters of a run resumed from a file, before it has trained a batch here.
    pub fn resumed(samples_seen: u64, epoch: f64) -> Progress {
        Progress {
            samples_seen,
            epoch,
            samples_per_sec: 0.0,
            elapsed_ms: 0.0,
            train: Vec::new(),
            train_total: f32::NAN,
            phase: Phase::FineTuning,
            report_share: 0.0,
            worker_memory: 0,
        }
    }
}

/// The model as it is now, on test data: sent a few times a second at most.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub samples_seen: u64,
    /// Two numbers per display point, in the chosen [`LatentView`].
    pub latent: Vec<[f32; 2]>,
    pub latent_axes: (String, String),
    /// AE reconstructions, laid out like [`ModelInfo::pca_recon`].
    pub recon: Vec<f32>,
    /// Test metrics, recomputed less often than the scatter (they cost a full test pass).
    /// Boxed: a report of a few hundred bytes would make every report that large.
    pub metrics: Option<Box<TestMetrics>>,
    /// Codes of the `recon_index` items (μ for a VAE), row after row, for interpolation.
    pub recon_codes: Vec<f32>,
    /// Denoising runs: the `recon_index` items corrupted, and the model's output for them.
    pub noisy: Vec<f32>,
    pub denoised: Vec<f32>,
    /// The student's drawing (see `Command::SetProbe`) as the model sees it.
    #[serde(default)]
    pub probe: Option<ProbeView>,
}

/// A drawing through the model and through PCA: where its code falls and what comes back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeView {
    /// Its point in the AE scatter's current view, and in PCA's plane.
    pub latent: [f32; 2],
    pub pca_latent: [f32; 2],
    pub recon: Vec<f32>,
    /// PCA's reconstruction with as many components as the code.
    pub pca_recon: Vec<f32>,
    pub mse: f32,
    pub pca_mse: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestMetrics {
    pub test: Vec<(LossTerm, f32)>,
    pub test_total: f32,
    pub test_mse: f32,
    /// How many test items these numbers are on: a fixed subset while training, the whole
    /// test split after a pause or a step.
    pub test_items: u32,
    pub knn: f32,
    /// Reconstruction error on uniform random inputs: near the data's error means the network
    /// has learnt (close to) the identity map instead of the data.
    pub noise_mse: f32,
    /// Mean activation of each unit of each encoder layer (hidden layers, then the code).
    pub unit_means: Vec<Vec<f32>>,
    /// The first layer's incoming weights per unit as [0, 1] images (image data only).
    pub features: Vec<f32>,
    /// Mean squared Frobenius norm of the encoder's Jacobian on a few test points, exact
    /// (`None` when that would cost too much for this network).
    pub jacobian: Option<f32>,
    /// Concrete autoencoder: per input feature, how strongly some selector node picks it at
    /// the current temperature; the features picked at test time; and the temperature.
    pub selection: Vec<f32>,
    pub selected: Vec<u32>,
    pub temperature: Option<f32>,
    /// Linear models only: how much of PCA's k-component projection of the display points a
    /// linear map of their codes explains (R²; 1 = the same subspace as PCA).
    pub pca_r2: Option<f32>,
    /// Linear models only: the decoder's subspace against PCA's (boxed: most runs have none).
    #[serde(default)]
    pub subspace: Option<Box<SubspaceView>>,
    /// What the options that report on the code read, on the same test items as `test_mse`.
    pub readings: Vec<Reading>,
    /// Per code dimension, the 1st and 99th percentiles of the display points' codes (μ for
    /// a VAE): the range decoder sliders and a plain model's manifold grid span.
    pub code_range: Vec<(f32, f32)>,
}

/// A linear autoencoder measured against PCA (`analysis::subspace`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubspaceView {
    /// Principal angles between the decoder's column space and PCA's top-p subspace, in
    /// degrees, smallest first.
    pub angles: Vec<f32>,
    /// Principal components recovered from the decoder's weights by SVD, and PCA's own, as
    /// grey images (0.5 = zero) row after row: at most 8 of each, image data only.
    pub recovered: Vec<f32>,
    pub pca_components: Vec<f32>,
    /// The display points projected onto the decoder's subspace and rotated onto PCA's
    /// coordinates by orthogonal Procrustes (the first two), for codes of 2 or more.
    pub aligned: Vec<[f32; 2]>,
    /// What the rotation leaves: ‖YR − P‖²_F / ‖P‖²_F.
    pub residual: f32,
}

/// Worker to page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Report {
    /// The worker has started; messages sent before this are lost.
    Ready,
    DataLoaded(DataInfo),
    Configured(ModelInfo),
    /// The same model, its baseline measured again: a mid-run change (the test noise level)
    /// changed the inputs PCA is scored on. Nothing is reset.
    Rescored(Box<ModelInfo>),
    Progress(Progress),
    Snapshot(Snapshot),
    /// A copy of the decoder, so the page can decode codes under the pointer itself.
    Decoder(DecoderWeights),
    /// Training stopped or started; `message` says why when it stopped by itself.
    Playing {
        playing: bool,
        message: Option<String>,
    },
    /// A command could not be carried out; the previous state is kept.
    Rejected {
        message: String,
    },
    Retrieval(Box<RetrievalReport>),
    Anomaly(Box<AnomalyReport>),
    OneClass(Box<OneClassProgress>),
    Neighbours(Box<Neighbours>),
    Restored(Box<restore::RestoreReport>),
    Compression(Box<compression::CompressionReport>),
    /// A model file to download.
    ModelFile(Box<SavedFile>),
    /// The test codes as CSV, to download.
    Codes(Box<SavedFile>),
    /// A model file was loaded: the page takes its settings and its model.
    Loaded(Box<LoadedModel>),
    /// A CSV file read into a dataset, or why not.
    OwnData(Box<OwnData>),
    DataRefused(Box<DataRefusal>),
    /// A model file could not be saved or loaded; the run is as it was (still playing, if
    /// it was).
    FileRefused {
        message: String,
    },
}

/// Encode a message for the other thread: one compact buffer (postcard), which the shells
/// send as a transferred `ArrayBuffer`. Weights and images travel as raw little-endian floats,
/// never as one JS value per number.
pub fn encode<T: Serialize>(message: &T) -> Result<Vec<u8>, String> {
    postcard::to_allocvec(message).map_err(|e| format!("could not encode a message ({e})"))
}

/// Decode a message from the other thread; a truncated or foreign buffer is an error, never a
/// panic.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("could not read a message ({e})"))
}

/// The vertical offset of point `i` when a 1-D code (or PCA's first component alone) is drawn:
/// a fixed pattern in [−0.5, 0.5) that only spreads the points so they can be seen.
pub fn spread(i: usize) -> f32 {
    ((i.wrapping_mul(2_654_435_761) % 1000) as f32 / 1000.0) - 0.5
}
