//! Datasets: the real image sets (decoded from the shipped assets) and seeded synthetic manifolds.
//!
//! Every dataset is a matrix with one sample per row plus a label per sample. Labels are class
//! indices for the image sets and bins along the manifold for synthetic data (so the scatter
//! plots can colour "where on the manifold" a point came from).

pub mod asset;
pub mod csv;
pub mod images;
pub mod own;
pub mod synthetic;

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

/// Synthetic sets use one fixed seed, so every student sees the same swiss roll; the training
/// seed is a separate setting.
pub const DATA_SEED: u64 = 2026;

/// Which dataset: the closed list the page offers, or the student's own table (which is
/// never in a link: it stays on the machine it was loaded on).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DatasetId {
    Mnist,
    FashionMnist,
    SwissRoll,
    SCurve,
    TwoMoons,
    Circles,
    Blobs,
    /// A table the student loaded (`data::csv`), with its samples' shape.
    Own(SampleShape),
}

impl DatasetId {
    pub const ALL: [DatasetId; 7] = [
        DatasetId::Mnist,
        DatasetId::FashionMnist,
        DatasetId::SwissRoll,
        DatasetId::SCurve,
        DatasetId::TwoMoons,
        DatasetId::Circles,
        DatasetId::Blobs,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DatasetId::Mnist => "MNIST digits",
            DatasetId::FashionMnist => "Fashion-MNIST",
            DatasetId::SwissRoll => "Swiss roll (3-D)",
            DatasetId::SCurve => "S-curve (3-D)",
            DatasetId::TwoMoons => "Two moons (2-D)",
            DatasetId::Circles => "Concentric circles (2-D)",
            DatasetId::Blobs => "Gaussian blobs (10-D)",
            DatasetId::Own(_) => "Your data",
        }
    }

    /// Stable short name used in URLs and asset file names.
    pub fn slug(self) -> &'static str {
        match self {
            DatasetId::Mnist => "mnist",
            DatasetId::FashionMnist => "fashion",
            DatasetId::SwissRoll => "swiss-roll",
            DatasetId::SCurve => "s-curve",
            DatasetId::TwoMoons => "moons",
            DatasetId::Circles => "circles",
            DatasetId::Blobs => "blobs",
            DatasetId::Own(_) => "own",
        }
    }

    pub fn from_slug(s: &str) -> Option<DatasetId> {
        DatasetId::ALL.into_iter().find(|d| d.slug() == s)
    }

    /// Samples drawn as images: the two image sets, and an own table of pixels.
    pub fn is_image(self) -> bool {
        matches!(self.shape(), SampleShape::Image { .. })
    }

    /// The other image set of the same shape: its items are anomalies for a net trained on
    /// this one (clothes for a digit net, digits for a clothes net).
    pub fn counterpart(self) -> Option<DatasetId> {
        match self {
            DatasetId::Mnist => Some(DatasetId::FashionMnist),
            DatasetId::FashionMnist => Some(DatasetId::Mnist),
            _ => None,
        }
    }

    /// The shape of this set's samples, known before it loads (so the lab can check settings
    /// against it). Tests hold it to the generated and decoded data.
    pub fn shape(self) -> SampleShape {
        match self {
            DatasetId::Mnist | DatasetId::FashionMnist => SampleShape::Image {
                width: 28,
                height: 28,
            },
            DatasetId::SwissRoll | DatasetId::SCurve => SampleShape::Points { dim: 3 },
            DatasetId::TwoMoons | DatasetId::Circles => SampleShape::Points { dim: 2 },
            DatasetId::Blobs => SampleShape::Points {
                dim: synthetic::BLOB_DIM,
            },
            DatasetId::Own(shape) => shape,
        }
    }
}

/// What one sample is, so the page knows how to draw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SampleShape {
    /// Grey-level image, row-major pixels in [0, 1].
    Image { width: usize, height: usize },
    /// A point in `dim` dimensions.
    Points { dim: usize },
}

impl SampleShape {
    pub fn dim(self) -> usize {
        match self {
            SampleShape::Image { width, height } => width * height,
            SampleShape::Points { dim } => dim,
        }
    }
}

/// A set of samples with labels.
///
/// # Shapes
/// - `x`: `n × d`, one sample per row (`d = shape.dim()`)
/// - `labels`: `n`, each `< class_names.len()`
#[derive(Clone, Debug)]
pub struct Dataset {
    pub x: DMatrix<f32>,
    pub labels: Vec<u8>,
    pub shape: SampleShape,
    pub class_names: Vec<String>,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.x.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.x.nrows() == 0
    }

    pub fn dim(&self) -> usize {
        self.x.ncols()
    }

    pub fn n_classes(&self) -> usize {
        self.class_names.len()
    }

    /// The rows `idx` as a new dataset (same shape and class names).
    pub fn subset(&self, idx: &[usize]) -> Dataset {
        let d = self.dim();
        let x = DMatrix::from_fn(idx.len(), d, |r, c| self.x[(idx[r], c)]);
        Dataset {
            x,
            labels: idx.iter().map(|&i| self.labels[i]).collect(),
            shape: self.shape,
            class_names: self.class_names.clone(),
        }
    }
}

/// A fixed train/test split.
#[derive(Clone, Debug)]
pub struct Split {
    pub train: Dataset,
    pub test: Dataset,
}
