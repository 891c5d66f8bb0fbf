//! The codes an autoencoder's binary code is compared with, all of the same number of bits:
//! random-projection LSH and PCA hashing on the data, and the code of a model that was not
//! trained to be binary (the sign of its centred code, a weaker scheme).

use crate::models::vae::fill_standard_normal;
use nalgebra::DMatrix;
use rand::{SeedableRng, rngs::StdRng};

use super::pack;
use crate::analysis::Pca;

/// Signs of `bits` random Gaussian projections of the data centred on the database's mean
/// (Charikar's SimHash). The projections come from `seed`.
///
/// # Shapes
/// - `database`, `queries`: n × d, m × d → n and m codes
pub fn lsh(
    database: &DMatrix<f32>,
    queries: &DMatrix<f32>,
    bits: usize,
    seed: u64,
) -> (Vec<u64>, Vec<u64>) {
    let d = database.ncols();
    let mean = database.row_mean();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut w = DMatrix::zeros(d, bits);
    fill_standard_normal(&mut rng, w.as_mut_slice());
    let project = |x: &DMatrix<f32>| {
        let mut centred = x.clone();
        for mut row in centred.row_iter_mut() {
            row -= &mean;
        }
        centred * &w
    };
    let zeros = vec![0.0; bits];
    (
        pack(&project(database), &zeros, bits),
        pack(&project(queries), &zeros, bits),
    )
}

/// Signs of the top `bits` principal components (PCA fitted on the database).
pub fn pca_hash(
    pca: &Pca,
    database: &DMatrix<f32>,
    queries: &DMatrix<f32>,
    bits: usize,
) -> (Vec<u64>, Vec<u64>) {
    let zeros = vec![0.0; bits];
    (
        pack(&pca.project(database, bits), &zeros, bits),
        pack(&pca.project(queries, bits), &zeros, bits),
    )
}

/// Bits from a model's codes: a binary code (sigmoid units trained with noise) read at 0.5;
/// any other code by its sign after centring on the database codes' mean.
pub fn code_bits(
    database_codes: &DMatrix<f32>,
    query_codes: &DMatrix<f32>,
    bits: usize,
    binary: bool,
) -> (Vec<u64>, Vec<u64>) {
    let thresholds: Vec<f32> = if binary {
        vec![0.5; database_codes.ncols()]
    } else {
        database_codes.row_mean().iter().copied().collect()
    };
    (
        pack(database_codes, &thresholds, bits),
        pack(query_codes, &thresholds, bits),
    )
}
