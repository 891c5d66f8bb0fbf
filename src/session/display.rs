//! What the page is shown: a fixed display subset of the test set, the PCA baseline it is
//! compared with, and snapshots of the model on both.

use nalgebra::DMatrix;

use super::rows;
use crate::analysis::metrics::{knn_accuracy, mse_per_pixel};
use crate::analysis::pca::Pca;
use crate::data::{DatasetId, SampleShape, Split};
use crate::protocol::{DataInfo, LatentView, Snapshot, TestMetrics};
use crate::train::Trainer;

/// Test points shown in the scatter plots.
const DISPLAY: usize = 2000;
/// Training points the kNN classifier votes with.
const KNN_REFERENCE: usize = 4000;
const KNN_K: usize = 5;
/// Explained-variance ratios sent to the page.
const EXPLAINED: usize = 64;
/// Random inputs for the identity-map check.
const NOISE_ROWS: usize = 256;
/// First-layer features drawn.
const FEATURES: usize = 64;

/// The loaded dataset with its PCA fit and the fixed subsets the page looks at.
pub(super) struct Baseline {
    pub dataset: DatasetId,
    pub split: Split,
    pca: Pca,
    display_x: DMatrix<f32>,
    display_labels: Vec<u8>,
    /// Rows whose reconstructions are drawn: a few images, or every display point.
    recon_x: DMatrix<f32>,
    knn_x: DMatrix<f32>,
    knn_labels: Vec<u8>,
    /// Uniform random inputs (fixed seed), to test whether the net just copies its input.
    noise_x: DMatrix<f32>,
}

/// PCA with as many components as the code, on the same data the AE is judged on.
pub(super) struct PcaBaseline {
    pub k: usize,
    pub test_mse: f32,
    pub knn: f32,
    pub recon: Vec<f32>,
}

impl Baseline {
    pub fn new(dataset: DatasetId, split: Split, clock: &dyn Fn() -> f64) -> (Baseline, DataInfo) {
        let t0 = clock();
        let pca = Pca::fit(&split.train.x);
        let pca_ms = clock() - t0;
        let display: Vec<usize> = (0..split.test.len().min(DISPLAY)).collect();
        let recon: Vec<usize> = match split.test.shape {
            SampleShape::Image { .. } => one_per_class(&split.test.labels, 10),
            SampleShape::Points { .. } => display.clone(),
        };
        let knn: Vec<usize> = (0..split.train.len().min(KNN_REFERENCE)).collect();
        let display_x = rows(&split.test.x, &display);
        let p2 = pca.project(&display_x, 2.min(split.train.dim()));
        let pca2 = (0..p2.nrows())
            .map(|i| [p2[(i, 0)], if p2.ncols() > 1 { p2[(i, 1)] } else { 0.0 }])
            .collect();
        let info = DataInfo {
            dataset,
            n_train: split.train.len(),
            n_test: split.test.len(),
            display_index: display.iter().map(|&i| i as u32).collect(),
            display_labels: display.iter().map(|&i| split.test.labels[i]).collect(),
            pca2,
            explained: pca
                .explained_ratio()
                .iter()
                .take(EXPLAINED)
                .copied()
                .collect(),
            recon_index: recon.iter().map(|&i| i as u32).collect(),
            pca_ms,
        };
        let baseline = Baseline {
            display_labels: info.display_labels.clone(),
            recon_x: rows(&split.test.x, &recon),
            knn_x: rows(&split.train.x, &knn),
            knn_labels: knn.iter().map(|&i| split.train.labels[i]).collect(),
            noise_x: uniform_noise(NOISE_ROWS, split.train.dim()),
            display_x,
            pca,
            split,
            dataset,
        };
        (baseline, info)
    }

    pub fn pca_for(&self, code_dim: usize) -> PcaBaseline {
        let k = code_dim.min(self.split.train.dim());
        let test = &self.split.test.x;
        let test_mse = mse_per_pixel(&self.pca.reconstruct(test, k), test);
        let knn = knn_accuracy(
            &self.pca.project(&self.knn_x, k),
            &self.knn_labels,
            &self.pca.project(&self.display_x, k),
            &self.display_labels,
            KNN_K,
        );
        let recon = row_major(&self.pca.reconstruct(&self.recon_x, k));
        PcaBaseline {
            k,
            test_mse,
            knn,
            recon,
        }
    }

    pub fn snapshot(&self, trainer: &Trainer, view: LatentView, metrics: bool) -> Snapshot {
        let codes = trainer.encode(&self.display_x);
        let (latent, latent_axes) = latent_points(&codes, view);
        let metrics = metrics.then(|| {
            let eval = trainer.evaluate(&self.split.test);
            let knn_codes = trainer.encode(&self.knn_x);
            TestMetrics {
                test: eval.terms,
                test_total: eval.total,
                test_mse: eval.mse_per_pixel,
                knn: knn_accuracy(
                    &knn_codes,
                    &self.knn_labels,
                    &codes,
                    &self.display_labels,
                    KNN_K,
                ),
                noise_mse: mse_per_pixel(&trainer.reconstruct(&self.noise_x), &self.noise_x),
                unit_means: trainer.model().encoder_unit_means(&self.display_x),
                jacobian: jacobian_norm(trainer, &self.display_x),
                selection: trainer
                    .concrete_temperature()
                    .map(|t| trainer.model().selection_map(t))
                    .unwrap_or_default(),
                selected: match trainer.concrete_temperature() {
                    Some(_) => trainer
                        .model()
                        .selected_features()
                        .into_iter()
                        .map(|f| f as u32)
                        .collect(),
                    None => Vec::new(),
                },
                temperature: trainer.concrete_temperature(),
                features: match self.split.test.shape {
                    SampleShape::Image { .. } => trainer.model().first_layer_features(FEATURES),
                    SampleShape::Points { .. } => Vec::new(),
                },
            }
        });
        let (noisy, denoised) = match trainer.config().regularization.noise {
            Some(noise) => {
                use rand::SeedableRng;
                // A fixed seed: the same corruption every snapshot, so only the model changes.
                let mut rng = rand::rngs::StdRng::seed_from_u64(0x0de1_015e);
                let mut rows = row_major(&self.recon_x);
                noise.apply(&mut rows, &mut rng);
                let x = DMatrix::from_row_slice(self.recon_x.nrows(), self.recon_x.ncols(), &rows);
                (rows, row_major(&trainer.reconstruct(&x)))
            }
            None => (Vec::new(), Vec::new()),
        };
        Snapshot {
            samples_seen: trainer.samples_seen(),
            latent,
            latent_axes,
            recon: row_major(&trainer.reconstruct(&self.recon_x)),
            recon_codes: row_major(&trainer.encode(&self.recon_x)),
            metrics,
            noisy,
            denoised,
        }
    }
}

/// Two numbers per point for the scatter, and the axis names that say what they are.
fn latent_points(codes: &DMatrix<f32>, view: LatentView) -> (Vec<[f32; 2]>, (String, String)) {
    let d = codes.ncols();
    if d == 1 {
        // A 1-D code spreads its points vertically by a fixed pattern, only to make them visible.
        let pts = (0..codes.nrows())
            .map(|i| [codes[(i, 0)], spread(i)])
            .collect();
        return (pts, ("z1".into(), "(spread out for visibility)".into()));
    }
    match view {
        LatentView::Dims(a, b) => {
            let (a, b) = ((a as usize).min(d - 1), (b as usize).min(d - 1));
            let pts = (0..codes.nrows())
                .map(|i| [codes[(i, a)], codes[(i, b)]])
                .collect();
            (pts, (format!("z{}", a + 1), format!("z{}", b + 1)))
        }
        LatentView::Pca => {
            let p = Pca::fit(codes).project(codes, 2);
            let pts = (0..p.nrows()).map(|i| [p[(i, 0)], p[(i, 1)]]).collect();
            (pts, ("PC1 of the code".into(), "PC2 of the code".into()))
        }
    }
}

/// Budget for the exact Jacobian norm per snapshot, in multiply-adds (about 30 ms in wasm).
const JACOBIAN_BUDGET: usize = 1_000_000_000;

/// Mean ‖J‖²_F on the first display points, as many as the budget allows (at least 8).
fn jacobian_norm(trainer: &Trainer, x: &DMatrix<f32>) -> Option<f32> {
    let cfg = &trainer.config().model;
    // A concrete encoder is a fixed selection: its Jacobian is constant, not worth charting.
    if trainer.config().regularization.concrete.is_some() {
        return None;
    }
    let widths = cfg.widths();
    // Forward-mode: the first layer only scales its weights; each later layer multiplies a
    // d-column Jacobian by its weight.
    let d = cfg.input_dim;
    let per_sample: usize = widths[1] * d
        + (1..cfg.n_encoder())
            .map(|l| widths[l] * widths[l + 1] * d)
            .sum::<usize>();
    let rows = (JACOBIAN_BUDGET / per_sample.max(1)).min(64).min(x.nrows());
    (rows >= 8).then(|| {
        trainer
            .model()
            .mean_jacobian_norm(&x.rows(0, rows).into_owned())
    })
}

fn uniform_noise(rows: usize, dim: usize) -> DMatrix<f32> {
    use rand::{RngExt, SeedableRng, rngs::StdRng};
    let mut rng = StdRng::seed_from_u64(0x1de_7171);
    DMatrix::from_fn(rows, dim, |_, _| rng.random_range(0.0..1.0f32))
}

fn spread(i: usize) -> f32 {
    ((i.wrapping_mul(2_654_435_761) % 1000) as f32 / 1000.0) - 0.5
}

/// The first index of each class, in class order, up to `n` images.
fn one_per_class(labels: &[u8], n: usize) -> Vec<usize> {
    let mut picked: Vec<usize> = Vec::new();
    for class in 0..=u8::MAX {
        if let Some(i) = labels.iter().position(|&l| l == class) {
            picked.push(i);
        }
        if picked.len() == n {
            break;
        }
    }
    picked
}

fn row_major(m: &DMatrix<f32>) -> Vec<f32> {
    m.transpose().as_slice().to_vec()
}
