//! The Gaussian encoder's passes (the VAE): the code layer gives μ and log σ², the decoder
//! reads a sample `z = μ + σ·ε`, and the loss is the ELBO's two terms.

use super::autoencoder::{Autoencoder, Trace};
use super::loss_term::{LossTerm, LossTerms};
use super::vae::{VaeConfig, kl_mean, sample};
use crate::nn::Matrix;

impl Autoencoder {
    /// The VAE settings, if this is a variational autoencoder.
    pub fn vae(&self) -> Option<&VaeConfig> {
        self.encoder.gaussian()
    }

    /// Encoder, sampling with `trace.vae.eps`, decoder.
    ///
    /// # Shapes
    /// - `x`: `m × input_dim`
    pub(super) fn forward_vae(&self, x: &Matrix, trace: &mut Trace) {
        let (ne, n, c) = (
            self.config().n_encoder(),
            self.layers().len(),
            self.config().code_dim,
        );
        self.forward_range(x, 0..ne, trace);
        if trace.vae.eps.shape() != (x.rows(), c) {
            trace.vae.eps = Matrix::zeros(x.rows(), c);
        }
        // Taken out so the decoder can read it while the trace is borrowed; no allocation.
        let mut z = std::mem::take(&mut trace.vae.z);
        sample(&trace.post[ne - 1], &trace.vae.eps, &mut z);
        self.forward_range(&z, ne..n, trace);
        trace.vae.z = z;
    }

    /// [`Autoencoder::forward`] with an explicit ε (copied into the trace): the hook tests use
    /// to fix the noise.
    ///
    /// # Shapes
    /// - `x`: `m × input_dim`, `eps`: `m × code_dim`
    pub fn forward_with_eps(&self, x: &Matrix, eps: &Matrix, trace: &mut Trace) {
        trace.vae.eps.copy_from(eps);
        self.forward(x, trace);
    }

    /// Reruns the decoder on `z = μ` after a forward pass: the deterministic reconstruction.
    pub fn decode_mean_in_trace(&self, trace: &mut Trace) {
        let (ne, n, c) = (
            self.config().n_encoder(),
            self.layers().len(),
            self.config().code_dim,
        );
        let mut z = std::mem::take(&mut trace.vae.z);
        let stats = &trace.post[ne - 1];
        z.reshape_uninit(stats.rows(), c);
        for r in 0..stats.rows() {
            z.row_mut(r).copy_from_slice(&stats.row(r)[..c]);
        }
        self.forward_range(&z, ne..n, trace);
        trace.vae.z = z;
    }

    /// Reconstruction and KL terms (unweighted, nats per image) of the last forward pass.
    pub(super) fn vae_loss(&self, v: &VaeConfig, x: &Matrix, trace: &Trace) -> LossTerms {
        let last = self.layers().len() - 1;
        let out_act = self.config().activation_of(last);
        let (z, y) = (trace.pre[last].as_slice(), trace.post[last].as_slice());
        let mut t = LossTerms::default();
        let rec = v.likelihood.nll(out_act, z, y, x.as_slice(), x.rows());
        t.set(LossTerm::Reconstruction, rec);
        let stats = &trace.post[self.config().n_encoder() - 1];
        t.set(LossTerm::Kl, kl_mean(stats, self.config().code_dim));
        t
    }
}
