//! The live "linear autoencoder = PCA" readout: angles, recovered components and the
//! Procrustes-aligned projection of a linear model, computed with its test metrics.

use nalgebra::DMatrix;

use crate::analysis::Pca;
use crate::analysis::subspace::{
    orthonormal_basis, pca_basis, principal_angles, procrustes, project_onto, recover_components,
};
use crate::data::SampleShape;
use crate::protocol::SubspaceView;
use crate::train::Trainer;

/// Component images sent to the page (the rest are measured but not drawn).
pub const SHOWN_COMPONENTS: usize = 8;

/// The decoder's linear map as a `d × p` matrix: `decode(eᵢ) − decode(0)` per code unit, so a
/// deep linear decoder (the product of its layers) is read the same way as a single layer.
fn decoder_matrix(trainer: &Trainer, p: usize) -> DMatrix<f32> {
    let probes = DMatrix::from_fn(p + 1, p, |r, c| if r == c + 1 { 1.0 } else { 0.0 });
    let out = trainer.decode(&probes);
    DMatrix::from_fn(out.ncols(), p, |r, c| out[(c + 1, r)] - out[(0, r)])
}

/// The readout for a linear model with a `p`-unit code on the display points `x`.
///
/// # Shapes
/// - `x`: `n × d` → `aligned`: `n` points (empty for `p < 2`)
pub fn subspace_view(
    trainer: &Trainer,
    pca: &Pca,
    x: &DMatrix<f32>,
    shape: SampleShape,
) -> SubspaceView {
    // Every code unit is probed (an overcomplete code has more than the data's dimension);
    // its span has at most `d` directions, and PCA may have kept fewer components.
    let full = orthonormal_basis(&decoder_matrix(trainer, trainer.config().model.code_dim));
    let p = full.ncols().min(pca.n_components());
    let basis = full.columns(0, p).into_owned();
    let target_basis = pca_basis(pca, p);
    let angles = principal_angles(&basis, &target_basis);
    let (recovered, components) = match shape {
        SampleShape::Image { .. } => {
            let shown = p.min(SHOWN_COMPONENTS);
            let ours = recover_components(&basis, pca);
            (
                as_images(&ours, shown),
                as_images(&pca.components().rows(0, shown).into_owned(), shown),
            )
        }
        SampleShape::Points { .. } => (Vec::new(), Vec::new()),
    };
    let ours = project_onto(x, pca.mean(), &basis);
    let theirs = pca.project(x, p);
    let (aligned, residual) = match procrustes(&ours, &theirs) {
        Some(fit) if p >= 2 => (
            (0..fit.aligned.nrows())
                .map(|i| [fit.aligned[(i, 0)], fit.aligned[(i, 1)]])
                .collect(),
            fit.residual,
        ),
        Some(fit) => (Vec::new(), fit.residual),
        None => (Vec::new(), 1.0),
    };
    SubspaceView {
        angles,
        recovered,
        pca_components: components,
        aligned,
        residual,
    }
}

/// The first `n` rows as grey images: 0.5 is zero, and each row is scaled so its largest
/// magnitude reaches 0 or 1 (a component's sign and size are arbitrary; its pattern is not).
fn as_images(rows: &DMatrix<f32>, n: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(n * rows.ncols());
    for r in 0..n.min(rows.nrows()) {
        let row = rows.row(r);
        let big = row.amax().max(f32::MIN_POSITIVE);
        out.extend(row.iter().map(|v| 0.5 + 0.5 * v / big));
    }
    out
}
