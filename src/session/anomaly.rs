//! Anomaly detection on the session's data and model: the normal classes' test items against
//! every other test item (and, on request, corrupted copies of normal items), scored by the
//! autoencoder's reconstruction error, PCA's with as many components (fitted on normal
//! training items only), and the distance to the 5th-nearest normal training item.

use nalgebra::DMatrix;

use super::display::Baseline;
use super::rows;
use crate::analysis::Pca;
use crate::analysis::anomaly::{auc, kth_nearest_distance, reconstruction_scores, roc};
use crate::data::{Dataset, DatasetId, SampleShape};
use crate::protocol::{AnomalyReport, AnomalyRow};
use crate::train::Trainer;

/// Normal training items the distance baseline compares with at most (its cost grows with
/// their number; 1,000 keep a measurement near a second in the browser).
const KNN_REFERENCE: usize = 1000;
const KNN_K: usize = 5;
/// Items shown as the most and least anomalous.
const SHOWN: usize = 8;

/// Test items of another dataset of the same shape (Fashion-MNIST beside digits).
pub(super) struct Outliers {
    name: &'static str,
    x: DMatrix<f32>,
}

impl Outliers {
    pub fn new(dataset: DatasetId, test: Dataset, data: &Baseline) -> Result<Outliers, String> {
        let ours = &data.split.test;
        if dataset == data.dataset {
            return Err(format!(
                "{} is the loaded dataset: pick another as anomalies.",
                dataset.label()
            ));
        }
        if test.shape != ours.shape || test.is_empty() {
            return Err(format!(
                "{}'s items have another shape than {}'s: they cannot be scored by this net.",
                dataset.label(),
                data.dataset.label()
            ));
        }
        Ok(Outliers {
            name: dataset.label(),
            x: test.x,
        })
    }
}

/// Which anomalies are scored besides the other classes.
pub(super) struct Kinds<'a> {
    /// Corrupted copies of normal items.
    pub corrupted: bool,
    pub outliers: Option<&'a Outliers>,
}

pub(super) fn measure(
    trainer: &Trainer,
    data: &Baseline,
    normal: &[u8],
    extra: Kinds,
    trained_on: Option<&[u8]>,
) -> Result<AnomalyReport, String> {
    let test = &data.split.test;
    let NormalSplit {
        normal_idx,
        other_idx,
        train_normal,
    } = NormalSplit::new(data, normal, Others::AllowNone(has_extras(&extra)))?;
    let normal_x = rows(&test.x, &normal_idx);
    let mut odd_x = rows(&test.x, &other_idx);
    // Anomaly kinds, in the order of `odd_x`'s rows: (name, count).
    let mut kinds = Vec::new();
    if !other_idx.is_empty() {
        kinds.push(("other classes".to_string(), other_idx.len() as u32));
    }
    if extra.corrupted {
        for (name, x) in corruptions(&normal_x, test.shape) {
            kinds.push((name.into(), x.nrows() as u32));
            odd_x = stack(&odd_x, &x);
        }
    }
    if let Some(o) = extra.outliers {
        kinds.push((format!("items of {}", o.name), o.x.nrows() as u32));
        odd_x = stack(&odd_x, &o.x);
    }
    let train = &data.split.train;
    let k = trainer.config().model.code_dim.min(train.dim());
    let pca = Pca::fit_top(&rows(&train.x, &train_normal), k);
    let reference = rows(
        &train.x,
        &train_normal[..train_normal.len().min(KNN_REFERENCE)],
    );
    let ae = |x: &DMatrix<f32>| reconstruction_scores(x, &trainer.reconstruct(x));
    let pc = |x: &DMatrix<f32>| reconstruction_scores(x, &pca.reconstruct(x, k));
    let nn = |x: &DMatrix<f32>| kth_nearest_distance(&reference, x, KNN_K);
    let (ae_n, ae_a) = (ae(&normal_x), ae(&odd_x));
    let row = |name: String, n: Vec<f32>, a: Vec<f32>| AnomalyRow {
        name,
        auc: auc(&n, &a),
        roc: thin(roc(&n, &a)),
    };
    let methods = vec![
        row(
            "Autoencoder: reconstruction error".into(),
            ae_n.clone(),
            ae_a.clone(),
        ),
        row(
            format!("PCA-{k}: reconstruction error"),
            pc(&normal_x),
            pc(&odd_x),
        ),
        row(
            format!("Distance to the {KNN_K}th-nearest normal training item"),
            nn(&normal_x),
            nn(&odd_x),
        ),
    ];
    // Test items (not corrupted copies) by the autoencoder's score.
    let mut by_score: Vec<(f32, u32)> = normal_idx
        .iter()
        .zip(&ae_n)
        .chain(other_idx.iter().zip(&ae_a))
        .map(|(&i, &s)| (s, i as u32))
        .collect();
    by_score.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(AnomalyReport {
        normal: normal.to_vec(),
        trained_on: trained_on.map(<[u8]>::to_vec),
        kinds,
        methods,
        normal_scores: ae_n,
        anomalous_scores: ae_a,
        most: by_score.iter().take(SHOWN).map(|p| p.1).collect(),
        least: by_score.iter().rev().take(SHOWN).map(|p| p.1).collect(),
        knn_reference: reference.nrows() as u32,
    })
}

fn has_extras(k: &Kinds) -> bool {
    k.corrupted || k.outliers.is_some()
}

/// Whether the other classes must have items: they are the only anomalies unless corrupted
/// copies or another dataset's items are scored too, and then every class may be normal (a
/// net trained on all digits, shown clothes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Others {
    Needed,
    AllowNone(bool),
}

/// Test items of the normal classes and of the others, and the normal training items.
pub(super) struct NormalSplit {
    pub normal_idx: Vec<usize>,
    pub other_idx: Vec<usize>,
    pub train_normal: Vec<usize>,
}

impl NormalSplit {
    pub fn new(data: &Baseline, normal: &[u8], others: Others) -> Result<NormalSplit, String> {
        let (train, test) = (&data.split.train, &data.split.test);
        let n_classes = test.class_names.len();
        let others_needed = others != Others::AllowNone(true);
        if normal.is_empty() {
            return Err("Pick at least one class as normal.".into());
        }
        if others_needed && normal.len() >= n_classes {
            return Err("Pick at least one class as normal and leave at least one out (or score corrupted copies or the other image set as anomalies).".into());
        }
        if normal.iter().any(|&c| usize::from(c) >= n_classes) {
            return Err(format!("This dataset has classes 0 to {}.", n_classes - 1));
        }
        let is_normal = |l: u8| normal.contains(&l);
        let pick = |d: &crate::data::Dataset, keep: bool| -> Vec<usize> {
            (0..d.len())
                .filter(|&i| is_normal(d.labels[i]) == keep)
                .collect()
        };
        let (normal_idx, other_idx) = (pick(test, true), pick(test, false));
        if normal_idx.is_empty() || (others_needed && other_idx.is_empty()) {
            return Err(
                "The test split needs items of the normal classes and of the others.".into(),
            );
        }
        let train_normal = pick(train, true);
        if train_normal.is_empty() {
            return Err("The training split has no items of the normal classes.".into());
        }
        Ok(NormalSplit {
            normal_idx,
            other_idx,
            train_normal,
        })
    }

    /// The autoencoder's and PCA's (k = code size, fitted on the normal training items) AUC
    /// with the other classes as anomalies.
    pub fn aucs(&self, trainer: &Trainer, data: &Baseline) -> (f32, f32) {
        let (train, test) = (&data.split.train, &data.split.test);
        let (n, o) = (
            rows(&test.x, &self.normal_idx),
            rows(&test.x, &self.other_idx),
        );
        let k = trainer.config().model.code_dim.min(train.dim());
        let pca = Pca::fit_top(&rows(&train.x, &self.train_normal), k);
        let ae = |x: &DMatrix<f32>| reconstruction_scores(x, &trainer.reconstruct(x));
        let pc = |x: &DMatrix<f32>| reconstruction_scores(x, &pca.reconstruct(x, k));
        (auc(&ae(&n), &ae(&o)), auc(&pc(&n), &pc(&o)))
    }
}

/// Inverted, rotated by 90° (images only) and noise-covered copies of `x`.
fn corruptions(x: &DMatrix<f32>, shape: SampleShape) -> Vec<(&'static str, DMatrix<f32>)> {
    let mut out = vec![("inverted", x.map(|v| 1.0 - v))];
    if let SampleShape::Image { width, height } = shape
        && width == height
    {
        let rotated = DMatrix::from_fn(x.nrows(), x.ncols(), |r, c| {
            let (row, col) = (c / width, c % width);
            // Pixel (row, col) of the rotated image is pixel (width-1-col, row) of the original.
            x[(r, (width - 1 - col) * width + row)]
        });
        out.push(("rotated 90°", rotated));
    }
    // A fixed pattern of salt-and-pepper noise on 30 % of the values (no generator needed).
    let noisy = DMatrix::from_fn(x.nrows(), x.ncols(), |r, c| {
        match (r.wrapping_mul(7919) ^ c.wrapping_mul(104_729)) % 10 {
            0 | 1 => 1.0,
            2 => 0.0,
            _ => x[(r, c)],
        }
    });
    out.push(("salt-and-pepper 30 %", noisy));
    out
}

fn stack(a: &DMatrix<f32>, b: &DMatrix<f32>) -> DMatrix<f32> {
    DMatrix::from_fn(a.nrows() + b.nrows(), a.ncols(), |r, c| {
        if r < a.nrows() {
            a[(r, c)]
        } else {
            b[(r - a.nrows(), c)]
        }
    })
}

/// At most about 200 points of a ROC curve: enough to draw, small to send.
fn thin(curve: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    let step = curve.len().div_ceil(200).max(1);
    let last = curve.last().copied();
    let mut out: Vec<_> = curve.into_iter().step_by(step).collect();
    if let Some(l) = last
        && out.last() != Some(&l)
    {
        out.push(l);
    }
    out
}
