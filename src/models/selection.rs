//! The concrete selector as the autoencoder's encoder: drawn at the start, read as the features
//! it selects, and mirrored into layer 0 as a one-hot matrix after every update.

use super::autoencoder::{Autoencoder, Layer};
use super::concrete::{Selector, argmax_col, softmax_in_place};
use super::encoder::EncoderKind;
use crate::nn::Matrix;

impl Autoencoder {
    /// Sets up the selector when `reg.concrete` is set (no-op otherwise, drawing nothing):
    /// small random logits, Xavier-uniform sized, so nodes start near-uniform but distinct.
    /// Call after `with_regularization`.
    pub fn with_concrete_init(mut self, rng: &mut rand::rngs::StdRng) -> Autoencoder {
        use rand::RngExt;
        if self.reg.concrete.is_none() {
            return self;
        }
        // Sized by the layer it stands in for (validation makes `code_dim` equal `c.k`), so an
        // unvalidated config cannot make the shapes disagree.
        let (d, k) = (self.config().input_dim, self.config().code_dim);
        let limit = (6.0 / (d + k) as f32).sqrt();
        let logits = Matrix::from_fn(d, k, |_, _| rng.random_range(-limit..limit));
        self.encoder = EncoderKind::Selector(Selector { logits });
        self.sync_selection();
        self
    }

    pub fn selector(&self) -> Option<&Selector> {
        self.encoder.selector()
    }

    /// The feature each concrete node selects at test time (its argmax logit; ties go to the
    /// lower index). Empty without a selector.
    ///
    /// # Shapes
    /// - returns `k` indices in `0..d`
    pub fn selected_features(&self) -> Vec<usize> {
        let Some(s) = self.encoder.selector() else {
            return Vec::new();
        };
        (0..s.logits.cols())
            .map(|j| argmax_col(&s.logits, j))
            .collect()
    }

    /// How strongly each input feature is selected at temperature `t`: for feature `i`, the
    /// largest probability any node gives it, `max_j softmax(α_j / t)_i`, without noise. Near 1
    /// means some node has settled on `i`; about `1/d` means nobody wants it. A small `t`
    /// shows the hard selection, a large one the nodes' uncertainty. All zeros without a
    /// selector; `t` must be `> 0` (other values are read as 1).
    ///
    /// # Shapes
    /// - returns `d` values in `[0, 1]` (a 28 × 28 heat-map for MNIST)
    pub fn selection_map(&self, t: f32) -> Vec<f32> {
        let d = self.config().input_dim;
        let mut map = vec![0.0f32; d];
        let Some(s) = self.encoder.selector() else {
            return map;
        };
        let t = if t.is_finite() && t > 0.0 { t } else { 1.0 };
        let mut col = vec![0.0f32; d];
        for j in 0..s.logits.cols() {
            for (i, c) in col.iter_mut().enumerate() {
                *c = s.logits.get(i, j) / t;
            }
            softmax_in_place(&mut col);
            for (m, &p) in map.iter_mut().zip(&col) {
                *m = m.max(p);
            }
        }
        map
    }

    /// Rewrites layer 0 as the one-hot matrix of [`Autoencoder::selected_features`], so the
    /// dense code path computes the hard selection exactly (`x·1 + Σ 0` is `x`).
    pub(super) fn sync_selection(&mut self) {
        let Some(s) = self.encoder.selector() else {
            return;
        };
        let Layer::Own(dense) = &mut self.layers[0] else {
            return;
        };
        let k = s.logits.cols();
        dense.weight.as_mut_slice().fill(0.0);
        dense.bias.fill(0.0);
        for j in 0..k {
            let i = argmax_col(&s.logits, j);
            dense.weight.set(i, j, 1.0);
        }
    }
}
