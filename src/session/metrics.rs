//! Test metrics of a model on the display set beside PCA's: reconstruction error, k-NN
//! accuracy of the code, the identity check on random noise, the penalties' readings and the
//! encoder's Jacobian norm.

use nalgebra::DMatrix;

use super::display::{
    Baseline, DISPLAY, Detail, FEATURES, NOISE_ROWS, QUICK_KNN_REFERENCE, QUICK_NOISE_ROWS,
    QUICK_TEST, is_linear,
};
use super::linear::subspace_view;
use crate::analysis::code_range::percentile_ranges;
use crate::analysis::linear_fit::linear_fit;
use crate::analysis::metrics::mse_per_pixel;
use crate::data::SampleShape;
use crate::models::penalty::dial::Reading;
use crate::models::regularize::Regularization;
use crate::protocol::TestMetrics;
use crate::train::{Trainer, corrupted_like_evaluation};

impl Baseline {
    /// Test metrics; `codes` are the display points' codes, already computed.
    pub(super) fn metrics(
        &self,
        trainer: &Trainer,
        codes: &DMatrix<f32>,
        detail: Detail,
    ) -> TestMetrics {
        let full = detail == Detail::Full;
        let test = if full {
            &self.split.test
        } else {
            &self.quick_test
        };
        let eval = trainer.evaluate(test);
        let references = if full {
            trainer.encode(&self.knn_x)
        } else {
            let r = self.knn_x.nrows().min(QUICK_KNN_REFERENCE);
            trainer.encode(&self.knn_x.rows(0, r).into_owned())
        };
        let noise_rows = if full { NOISE_ROWS } else { QUICK_NOISE_ROWS };
        let noise = self.noise_x.rows(0, noise_rows.min(self.noise_x.nrows()));
        let noise = noise.into_owned();
        let means_rows = if full { DISPLAY } else { QUICK_TEST }.min(self.display_x.nrows());
        let concrete = trainer.concrete_temperature();
        TestMetrics {
            test: eval.terms,
            test_total: eval.total,
            test_mse: eval.mse_per_pixel,
            test_items: test.len() as u32,
            knn: self.knn(&references, codes, detail),
            noise_mse: mse_per_pixel(&trainer.reconstruct(&noise), &noise),
            unit_means: trainer
                .model()
                .encoder_unit_means(&self.display_x.rows(0, means_rows).into_owned()),
            jacobian: jacobian_norm(trainer, &self.display_x),
            selection: concrete
                .map(|t| trainer.model().selection_map(t))
                .unwrap_or_default(),
            selected: match concrete {
                Some(_) => trainer
                    .model()
                    .selected_features()
                    .into_iter()
                    .map(|f| f as u32)
                    .collect(),
                None => Vec::new(),
            },
            temperature: concrete,
            readings: readings(trainer, &test.x),
            pca_r2: is_linear(trainer.config()).then(|| {
                let k = trainer.config().model.code_dim.min(self.split.train.dim());
                let target = self.compared().project(&self.display_x, k);
                linear_fit(codes, &target).map_or(0.0, |f| f.r2)
            }),
            subspace: is_linear(trainer.config()).then(|| {
                let view = subspace_view(
                    trainer,
                    self.compared(),
                    &self.display_x,
                    self.split.test.shape,
                );
                Box::new(view)
            }),
            code_range: percentile_ranges(codes, 0.01, 0.99),
            features: match self.split.test.shape {
                SampleShape::Image { .. } => trainer.model().first_layer_features(FEATURES),
                SampleShape::Points { .. } => Vec::new(),
            },
        }
    }
}

/// What the options that report on the code read from the test items `x` (seen corrupted
/// where the run tests on corrupted inputs, like the test error).
fn readings(trainer: &Trainer, x: &DMatrix<f32>) -> Vec<Reading> {
    let cfg = trainer.config();
    let on = Regularization::DIALS
        .iter()
        .filter(|d| (d.get)(&cfg.regularization).is_some());
    let readouts: Vec<_> = on.filter_map(|d| d.dial.readout).collect();
    if readouts.is_empty() {
        return Vec::new();
    }
    let seen = match cfg.regularization.noise.filter(|n| n.at_test) {
        Some(n) => corrupted_like_evaluation(&n, trainer.range(), x),
        None => x.clone(),
    };
    let codes = trainer.encode(&seen);
    let decode = |c: &DMatrix<f32>| trainer.decode(c);
    readouts
        .iter()
        .flat_map(|r| r(&codes, &decode, x))
        .collect()
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
