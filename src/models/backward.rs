//! The backward pass of the whole autoencoder: reconstruction gradient, then each layer in
//! reverse with the penalties' gradients added at their hooks (`models::penalty`), the VAE's
//! sampling step and the concrete selector.

use super::autoencoder::{Autoencoder, Gradients, Layer, Trace};
use super::concrete::Selector;
use super::loss_term::{LossTerm, LossTerms};
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
        let rec = match self.encoder.gaussian() {
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
        let sampled = self.encoder.gaussian().map(|_| self.config.n_encoder());
        let n_enc = self.config.n_encoder();
        let pass = self.encoder_pass(trace);
        for (term, v) in self
            .penalties
            .iter()
            .filter_map(|p| p.backward_start(&pass, &mut g.penalty))
        {
            terms.set(term, v);
        }
        for l in (0..n).rev() {
            let (lower, upper) = g.delta.split_at_mut(l);
            let dz = &mut upper[0];
            for p in &self.penalties {
                // A penalty on activations adds up its value over the layers it reaches.
                if let Some((t, v)) = p.add_output_grad(l, n_enc, &trace.post[l], dz) {
                    terms.set(t, terms.get(t) + v);
                }
            }
            if l != last {
                self.activations[l].backward(trace.post[l].as_slice(), dz.as_mut_slice());
            }
            // A penalty's own path through z_l joins the loss's here, after f'.
            for p in &self.penalties {
                p.add_pre_grad(l, n_enc, dz, &trace.penalty, &g.penalty);
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
                Layer::Own(_) if l == 0 && self.encoder.selector().is_some() => {
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
                    for p in &self.penalties {
                        p.add_weight_grad(l, n_enc, &mut g.layers[l].weight, &g.penalty);
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
        terms
    }
}
