//! What the page is shown: a fixed display subset of the test set, the PCA baseline it is
//! compared with, and snapshots of the model on both.

use nalgebra::DMatrix;

use super::rows;
use crate::analysis::linear_fit::linear_fit;
use crate::analysis::metrics::{knn_accuracy, mse_per_pixel};
use crate::analysis::pca::Pca;
use crate::data::{Dataset, DatasetId, SampleShape, Split};
use crate::models::noise::{DataRange, Noise};
use crate::nn::activation::Activation;
use crate::protocol::{DataInfo, LatentView, ProbeView, Snapshot};
use crate::train::{TrainConfig, Trainer, corrupted_like_evaluation};

/// Test points shown in the scatter plots.
pub(super) const DISPLAY: usize = 2000;
/// Training points the kNN classifier votes with.
const KNN_REFERENCE: usize = 4000;
const KNN_K: usize = 5;
/// Explained-variance ratios sent to the page.
const EXPLAINED: usize = 64;
/// Random inputs for the identity-map check.
pub(super) const NOISE_ROWS: usize = 256;
/// First-layer features drawn.
pub(super) const FEATURES: usize = 64;
/// While training, metrics are computed on fixed subsets this large (test items, kNN queries
/// and references, random inputs): the whole test split costs a deep net most of a second,
/// which would eat the training time it is meant to watch. A pause measures everything.
pub(super) const QUICK_TEST: usize = 500;
pub(super) const QUICK_KNN_REFERENCE: usize = 1000;
pub(super) const QUICK_NOISE_ROWS: usize = 64;

/// How much a snapshot measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Detail {
    /// Codes and reconstructions only.
    View,
    /// Also test metrics, on the quick subsets.
    Quick,
    /// Also test metrics on the whole test split.
    Full,
}

/// The loaded dataset with its PCA fit and the fixed subsets the page looks at.
pub(super) struct Baseline {
    pub dataset: DatasetId,
    pub split: Split,
    pub(super) pca: Pca,
    pub(super) display_x: DMatrix<f32>,
    pub(super) display_labels: Vec<u8>,
    /// PCA's plane of the display points, the target of [`LatentView::OntoPca`].
    display_pca2: DMatrix<f32>,
    /// Rows whose reconstructions are drawn: a few images, or every display point.
    pub(super) recon_x: DMatrix<f32>,
    pub(super) knn_x: DMatrix<f32>,
    pub(super) knn_labels: Vec<u8>,
    /// Uniform random inputs (fixed seed), to test whether the net just copies its input.
    pub(super) noise_x: DMatrix<f32>,
    /// The first test items, evaluated while training.
    pub(super) quick_test: Dataset,
    /// Where the training values lie: how corruption treats them, for PCA as for the model.
    pub(super) range: DataRange,
    /// PCA fitted on the classes a model trains on, when it trains on some only: the model is
    /// compared with a PCA that saw the same training rows.
    pub(super) compared: Option<(Vec<u8>, Pca)>,
}

/// PCA with as many components as the code, on the same data the AE is judged on.
pub(super) struct PcaBaseline {
    pub k: usize,
    pub test_mse: f32,
    pub knn: f32,
    pub recon: Vec<f32>,
    /// The same two numbers on the quick subsets.
    pub quick_mse: f32,
    pub quick_knn: f32,
    pub noise_mse: f32,
}

impl Baseline {
    /// PCA fitted on the training split (all components).
    pub fn pca(&self) -> &Pca {
        &self.pca
    }

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
        let quick: Vec<usize> = (0..split.test.len().min(QUICK_TEST)).collect();
        let quick_test = Dataset {
            x: rows(&split.test.x, &quick),
            labels: quick.iter().map(|&i| split.test.labels[i]).collect(),
            shape: split.test.shape,
            class_names: split.test.class_names.clone(),
        };
        let baseline = Baseline {
            compared: None,
            range: DataRange::of(split.train.x.as_slice()),
            quick_test,
            display_labels: info.display_labels.clone(),
            recon_x: rows(&split.test.x, &recon),
            knn_x: rows(&split.train.x, &knn),
            knn_labels: knn.iter().map(|&i| split.train.labels[i]).collect(),
            noise_x: uniform_noise(NOISE_ROWS, split.train.dim()),
            display_pca2: p2,
            display_x,
            pca,
            split,
            dataset,
        };
        (baseline, info)
    }

    /// Compare the next models with a PCA fitted on the training rows of `classes` (`None`:
    /// every class, the data's own PCA). Refitted only when the classes change.
    pub fn compare_on(&mut self, classes: Option<&[u8]>) {
        let Some(classes) = classes else {
            self.compared = None;
            return;
        };
        if self.compared.as_ref().is_some_and(|(c, _)| c == classes) {
            return;
        }
        let t = &self.split.train;
        let keep: Vec<usize> = (0..t.len())
            .filter(|&i| classes.contains(&t.labels[i]))
            .collect();
        self.compared = Some((classes.to_vec(), Pca::fit(&rows(&t.x, &keep))));
    }

    /// The PCA a model is compared with: fitted on the rows it trains on.
    pub(super) fn compared(&self) -> &Pca {
        self.compared.as_ref().map_or(&self.pca, |(_, p)| p)
    }

    /// PCA-k on the inputs the autoencoder is judged on: with "noise at test time" both get
    /// the same corrupted test items (and reconstructions of the same corrupted images), and
    /// both are scored against the clean ones.
    pub fn pca_for(&self, code_dim: usize, test_noise: Option<Noise>) -> PcaBaseline {
        let pca = self.compared();
        let k = code_dim.min(self.split.train.dim()).min(pca.n_components());
        let seen = |x: &DMatrix<f32>| match &test_noise {
            Some(n) => corrupted_like_evaluation(n, self.range, x),
            None => x.clone(),
        };
        let test = &self.split.test.x;
        let quick = &self.quick_test.x;
        let recon_in = match &test_noise {
            Some(n) => self.noisy_recon_x(n),
            None => self.recon_x.clone(),
        };
        let references = pca.project(&self.knn_x, k);
        let queries = pca.project(&self.display_x, k);
        PcaBaseline {
            k,
            test_mse: mse_per_pixel(&pca.reconstruct(&seen(test), k), test),
            knn: self.knn(&references, &queries, Detail::Full),
            recon: row_major(&pca.reconstruct(&recon_in, k)),
            quick_mse: mse_per_pixel(&pca.reconstruct(&seen(quick), k), quick),
            quick_knn: self.knn(&references, &queries, Detail::Quick),
            noise_mse: mse_per_pixel(&pca.reconstruct(&self.noise_x, k), &self.noise_x),
        }
    }

    /// The reconstruction items with a fixed corruption: the same every snapshot, so only
    /// the model changes, and the same for PCA.
    fn noisy_recon_x(&self, noise: &Noise) -> DMatrix<f32> {
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(0x0de1_015e);
        let mut rows = row_major(&self.recon_x);
        noise.apply(&mut rows, self.range, &mut rng);
        DMatrix::from_row_slice(self.recon_x.nrows(), self.recon_x.ncols(), &rows)
    }

    /// kNN accuracy of the display codes against the reference codes; the quick version votes
    /// with the first references only, for the first queries only.
    pub(super) fn knn(
        &self,
        references: &DMatrix<f32>,
        queries: &DMatrix<f32>,
        detail: Detail,
    ) -> f32 {
        let (r, q) = match detail {
            Detail::Full => (references.nrows(), queries.nrows()),
            _ => (
                references.nrows().min(QUICK_KNN_REFERENCE),
                queries.nrows().min(QUICK_TEST),
            ),
        };
        knn_accuracy(
            &references.rows(0, r).into_owned(),
            &self.knn_labels[..r],
            &queries.rows(0, q).into_owned(),
            &self.display_labels[..q],
            KNN_K,
        )
    }

    pub fn snapshot(
        &self,
        trainer: &Trainer,
        view: LatentView,
        detail: Detail,
        probe: Option<&DMatrix<f32>>,
    ) -> Snapshot {
        let codes = trainer.encode(&self.display_x);
        let (mut latent, latent_axes) = match probe {
            // The drawing's code goes through the same view as the display points (the last
            // row), so it lands where a test item like it would.
            Some(p) => {
                let mut with = codes.clone().insert_row(codes.nrows(), 0.0);
                with.row_mut(codes.nrows())
                    .copy_from(&trainer.encode(p).row(0));
                let pca2 = self.pca.project(p, 2.min(self.split.train.dim()));
                let mut targets = self
                    .display_pca2
                    .clone()
                    .insert_row(self.display_pca2.nrows(), 0.0);
                for c in 0..pca2.ncols().min(targets.ncols()) {
                    targets[(self.display_pca2.nrows(), c)] = pca2[(0, c)];
                }
                latent_points(&with, view, &targets)
            }
            None => latent_points(&codes, view, &self.display_pca2),
        };
        let probe = probe.map(|p| {
            let at = latent.pop().unwrap_or([0.0, 0.0]);
            self.probe_view(trainer, p, at)
        });
        let metrics =
            (detail != Detail::View).then(|| Box::new(self.metrics(trainer, &codes, detail)));
        let (noisy, denoised) = match trainer.config().regularization.noise {
            Some(noise) => {
                let x = self.noisy_recon_x(&noise);
                (row_major(&x), row_major(&trainer.reconstruct(&x)))
            }
            None => (Vec::new(), Vec::new()),
        };
        Snapshot {
            samples_seen: trainer.samples_seen(),
            latent,
            latent_axes,
            // With noise at test time the reconstructions row starts from the corrupted
            // items, as PCA's row does.
            recon: row_major(&trainer.reconstruct(
                &match trainer.config().regularization.noise.filter(|n| n.at_test) {
                    Some(n) => self.noisy_recon_x(&n),
                    None => self.recon_x.clone(),
                },
            )),
            recon_codes: row_major(&trainer.encode(&self.recon_x)),
            metrics,
            noisy,
            denoised,
            probe,
        }
    }

    /// A drawing's reconstructions by the model and by PCA (as many components as the code).
    fn probe_view(&self, trainer: &Trainer, p: &DMatrix<f32>, latent: [f32; 2]) -> ProbeView {
        let k = trainer.config().model.code_dim.min(self.split.train.dim());
        let recon = trainer.reconstruct(p);
        let pca_recon = self.compared().reconstruct(p, k);
        let pca2 = self.pca.project(p, 2.min(self.split.train.dim()));
        let mse = |r: &DMatrix<f32>| (r - p).norm_squared() / p.len().max(1) as f32;
        ProbeView {
            latent,
            pca_latent: [
                pca2[(0, 0)],
                if pca2.ncols() > 1 { pca2[(0, 1)] } else { 0.0 },
            ],
            mse: mse(&recon),
            pca_mse: mse(&pca_recon),
            recon: row_major(&recon),
            pca_recon: row_major(&pca_recon),
        }
    }
}

/// No non-linearity anywhere: such a model can at best find PCA's subspace.
pub(super) fn is_linear(cfg: &TrainConfig) -> bool {
    let m = &cfg.model;
    [m.activation, m.code_activation, m.output_activation]
        .iter()
        .all(|a| *a == Activation::Identity)
        && m.vae.is_none()
        && cfg.regularization.concrete.is_none()
        && !cfg
            .regularization
            .penalties()
            .iter()
            .any(|p| p.changes_code())
}

/// Two numbers per point for the scatter, and the axis names that say what they are.
fn latent_points(
    codes: &DMatrix<f32>,
    view: LatentView,
    pca2: &DMatrix<f32>,
) -> (Vec<[f32; 2]>, (String, String)) {
    let d = codes.ncols();
    if d == 1 {
        // A 1-D code spreads its points vertically by a fixed pattern, only to make them visible.
        let pts = (0..codes.nrows())
            .map(|i| [codes[(i, 0)], crate::protocol::spread(i)])
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
        LatentView::OntoPca => match linear_fit(codes, pca2).filter(|_| pca2.ncols() == 2) {
            Some(f) => {
                let pts = (0..f.mapped.nrows())
                    .map(|i| [f.mapped[(i, 0)], f.mapped[(i, 1)]])
                    .collect();
                let axis = |pc| format!("PC{pc} ≈ linear map of the code");
                (pts, (axis(1), axis(2)))
            }
            None => latent_points(codes, LatentView::Dims(0, 1), pca2),
        },
    }
}

fn uniform_noise(rows: usize, dim: usize) -> DMatrix<f32> {
    use rand::{RngExt, SeedableRng, rngs::StdRng};
    let mut rng = StdRng::seed_from_u64(0x1de_7171);
    DMatrix::from_fn(rows, dim, |_, _| rng.random_range(0.0..1.0f32))
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
