//! The backward pass of the whole autoencoder: reconstruction gradient, then each layer in
//! reverse with the regularisers' gradients added where they apply (sparsity on activations,
//! the k-sparse mask, the VAE's sampling step, the contractive term, the concrete selector).

use super::autoencoder::{Autoencoder, Gradients, Layer, Trace};
use super::concrete::Selector;
use super::k_sparse::apply_mask;
use super::loss_term::{LossTerm, LossTerms};
use super::regularize::penalty;
use super::vae;
use crate::nn::Matrix;

impl Autoencoder {
    /// Loss terms of the last forward pass on `x` and the gradient of their sum with respect
    /// to every parameter, written into `g`. A VAE's KL gradient is weighted by
    /// `trace.vae.kl_weight` (its reported KL term is not).
    pub fn backward(&self, x: &Matrix, trace: &Trace, g: &mut Gradients) -> LossTerms {
        self.backward_to(x, x, trace, g)
    }

    /// As [`Autoencoder::backward`] for a forward pass on `input` whose reconstruction target
    /// is `target` (they differ for a denoising autoencoder: corrupted in, clean out).
    pub fn backward_to(
        &self,
        input: &Matrix,
        target: &Matrix,
        trace: &Trace,
        g: &mut Gradients,
    ) -> LossTerms {
        let x = target;
        let n = self.layers.len();
        let last = n - 1;
        let (z, y) = (trace.pre[last].as_slice(), trace.post[last].as_slice());
        g.delta[last].reshape_uninit(trace.pre[last].rows(), trace.pre[last].cols());
        let (act, dz) = (self.activations[last], g.delta[last].as_mut_slice());
        let rec = match &self.config.vae {
            None => self
                .config
                .loss
                .forward_backward(act, z, y, x.as_slice(), dz) as f64,
            Some(v) => v
                .likelihood
                .nll_backward(act, (z, y, x.as_slice()), x.rows(), dz),
        };
        let mut terms = LossTerms::default();
        terms.set(LossTerm::Reconstruction, rec);
        // A VAE's first decoder layer reads the sample z, not the code layer's [μ | log σ²].
        let sampled = self.config.vae.map(|_| self.config.n_encoder());
        let (sparse, mut sparsity) = (self.k_sparse_layer(), 0.0f64);
        if let Some(lambda) = self.reg.contractive {
            let p = self.contractive_backward(lambda, trace, &mut g.contractive);
            terms.set(LossTerm::Contractive, p);
        }
        let contractive = self.reg.contractive.map(|_| self.config.n_encoder());
        for l in (0..n).rev() {
            let (lower, upper) = g.delta.split_at_mut(l);
            let dz = &mut upper[0];
            if let Some(a) = self
                .reg
                .activity
                .as_ref()
                .filter(|_| l < self.config.n_encoder())
            {
                sparsity += penalty(a.penalty, a.scale(l), &trace.post[l], Some(dz));
            }
            if l != last {
                self.activations[l].backward(trace.post[l].as_slice(), dz.as_mut_slice());
            }
            if sparse.is_some_and(|(sl, _)| sl == l) {
                apply_mask(dz, &trace.keep);
            }
            // The penalty's own path through z_l joins the loss's here, after f'.
            if contractive.is_some_and(|n_enc| l < n_enc) {
                add_into(dz.as_mut_slice(), g.contractive.dz[l].as_slice());
            }
            let layer_input = match l {
                0 => input,
                _ if sampled == Some(l) => &trace.vae.z,
                _ => &trace.post[l - 1],
            };
            let dx = match l {
                0 => None,
                _ if sampled == Some(l) => Some(&mut g.code),
                _ => Some(&mut lower[l - 1]),
            };
            match &self.layers[l] {
                Layer::Own(_) if l == 0 && self.selector.is_some() => {
                    match self.soft_selection(trace.concrete.temperature) {
                        Some((_, t)) => {
                            Selector::backward(layer_input, dz, &trace.concrete, t, &mut g.concrete)
                        }
                        // The hard argmax is flat almost everywhere: no gradient.
                        None => g.concrete.logits.as_mut_slice().fill(0.0),
                    }
                }
                Layer::Own(d) => {
                    // The tied decoder layer mirroring this one has already written its share.
                    let accumulate = self.config.is_tied() && l < self.config.n_encoder();
                    d.backward(layer_input, dz, &mut g.layers[l], accumulate, dx);
                    if contractive.is_some_and(|n_enc| l < n_enc) {
                        let gw = g.layers[l].weight.as_mut_slice();
                        add_into(gw, g.contractive.dw[l].as_slice());
                    }
                }
                Layer::Tied { partner, layer } => {
                    let (gl, gu) = g.layers.split_at_mut(l);
                    let pw = &self.own(*partner).weight;
                    let (gw, gb) = (&mut gl[*partner].weight, &mut gu[0].bias);
                    layer.backward(pw, layer_input, dz, gw, gb, dx);
                }
            }
            if sampled == Some(l) {
                let (v, s) = (&trace.vae, &trace.post[l - 1]);
                let kl = vae::sample_backward(s, &v.eps, &g.code, v.kl_weight, &mut lower[l - 1]);
                terms.set(LossTerm::Kl, kl);
            }
        }
        if self.reg.activity.is_some() {
            terms.set(LossTerm::Sparsity, sparsity);
        }
        terms
    }
}

/// `a += b` element-wise.
fn add_into(a: &mut [f32], b: &[f32]) {
    a.iter_mut().zip(b).for_each(|(a, &b)| *a += b);
}
