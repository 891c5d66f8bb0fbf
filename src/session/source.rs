//! What a model is built on: the dataset's split read from its bytes (or generated), the rows
//! of a class subset, and what the page is told about a new model beside PCA's figures.

use nalgebra::DMatrix;

use super::display::{self, Baseline};
use crate::data::{DatasetId, Split, asset, synthetic};
use crate::protocol::ModelInfo;
use crate::train::Trainer;

/// What the page is told about a model on `data`: its size and PCA's figures on the same
/// inputs (corrupted as the model's are, fitted on the classes it trains on).
pub(super) fn model_info(
    data: &Baseline,
    trainer: &Trainer,
    trained_on: Option<Vec<u8>>,
) -> ModelInfo {
    let code_dim = trainer.config().model.code_dim;
    let test_noise = trainer.config().regularization.noise.filter(|n| n.at_test);
    let pca = data.pca_for(code_dim, test_noise);
    ModelInfo {
        dataset: data.dataset,
        parameters: trainer.param_count(),
        batches_per_epoch: trainer.batches_per_epoch(),
        code_dim,
        pca_k: pca.k,
        pca_test_mse: pca.test_mse,
        pca_knn: pca.knn,
        pca_quick_mse: pca.quick_mse,
        pca_quick_knn: pca.quick_knn,
        pca_recon: pca.recon,
        pca_noise_mse: pca.noise_mse,
        linear: display::is_linear(trainer.config()),
        trained_on,
    }
}

pub(super) fn load_split(dataset: DatasetId, bytes: Option<&[u8]>) -> Result<Split, String> {
    if let Some(split) = synthetic::generate(dataset, crate::data::DATA_SEED) {
        return Ok(split);
    }
    let bytes = bytes.ok_or_else(|| format!("{} needs its downloaded file.", dataset.label()))?;
    let split = match dataset {
        DatasetId::Own(_) => crate::data::own::decode(bytes),
        _ => asset::decode(bytes).map_err(|e| e.to_string()),
    };
    let split = split.map_err(|e| format!("Could not read {}: {e}.", dataset.label()))?;
    if split.train.shape != dataset.shape() {
        return Err(format!(
            "{} does not have the shape it was announced with.",
            dataset.label()
        ));
    }
    Ok(split)
}

/// Rows `idx` of `x` as a new matrix.
pub(super) fn rows(x: &DMatrix<f32>, idx: &[usize]) -> DMatrix<f32> {
    DMatrix::from_fn(idx.len(), x.ncols(), |r, c| x[(idx[r], c)])
}
