//! Parameter access for optimisers, snapshots and checksums: every tensor in a fixed order.

use super::autoencoder::{Autoencoder, Gradients, Layer};
use crate::nn::{Optimizer, UpdateCheck};

impl Autoencoder {
    /// Applies one optimiser step to every parameter from `g`. Slots: `2l` weight, `2l + 1`
    /// bias of layer `l`; a concrete selector's logits take slot 0, which its layer 0 (not a
    /// parameter then) leaves free.
    pub fn apply_gradients(&mut self, g: &Gradients, opt: &mut Optimizer) -> UpdateCheck {
        opt.begin_step();
        let mut ok = UpdateCheck {
            grad_finite: true,
            param_finite: true,
        };
        let mut merge = |c: UpdateCheck| {
            ok.grad_finite &= c.grad_finite;
            ok.param_finite &= c.param_finite;
        };
        let concrete = self.encoder.selector().is_some();
        if let Some(s) = self.encoder.selector_mut() {
            // No weight decay: it would pull every node back towards a uniform choice.
            let (a, ga) = (s.logits.as_mut_slice(), g.concrete.logits.as_slice());
            merge(opt.update(0, a, ga, false));
        }
        for (l, (layer, gl)) in self.layers.iter_mut().zip(&g.layers).enumerate() {
            match layer {
                Layer::Own(_) if l == 0 && concrete => {}
                Layer::Own(d) => {
                    merge(opt.update(2 * l, d.weight.as_mut_slice(), gl.weight.as_slice(), true));
                    merge(opt.update(2 * l + 1, &mut d.bias, &gl.bias, false));
                }
                Layer::Tied { layer, .. } => {
                    merge(opt.update(2 * l + 1, &mut layer.bias, &gl.bias, false))
                }
            }
        }
        self.sync_selection();
        ok
    }

    /// Each optimiser slot's parameter count, by the numbering of
    /// [`Autoencoder::apply_gradients`] (0 for a slot no tensor uses).
    pub fn slot_lens(&self) -> Vec<usize> {
        let mut lens = vec![0; 2 * self.layers.len()];
        if let Some(s) = self.encoder.selector() {
            lens[0] = s.logits.as_slice().len();
        }
        let concrete = self.encoder.selector().is_some();
        for (l, layer) in self.layers.iter().enumerate() {
            match layer {
                Layer::Own(_) if l == 0 && concrete => {}
                Layer::Own(d) => {
                    lens[2 * l] = d.weight.as_slice().len();
                    lens[2 * l + 1] = d.bias.len();
                }
                Layer::Tied { layer, .. } => lens[2 * l + 1] = layer.bias.len(),
            }
        }
        lens
    }

    /// Calls `f` on every parameter tensor in a fixed order (weights then bias, layer by layer).
    /// A concrete model starts with the selector's logits and skips layer 0 (its one-hot copy).
    pub fn visit_params(&self, mut f: impl FnMut(&[f32])) {
        if let Some(s) = self.encoder.selector() {
            f(s.logits.as_slice());
        }
        let skip = usize::from(self.encoder.selector().is_some());
        for layer in &self.layers[skip..] {
            match layer {
                Layer::Own(d) => {
                    f(d.weight.as_slice());
                    f(&d.bias);
                }
                Layer::Tied { layer, .. } => f(&layer.bias),
            }
        }
    }

    /// Mutable version of [`Autoencoder::visit_params`] (same order).
    pub fn visit_params_mut(&mut self, mut f: impl FnMut(&mut [f32])) {
        if let Some(s) = self.encoder.selector_mut() {
            f(s.logits.as_mut_slice());
        }
        let skip = usize::from(self.encoder.selector().is_some());
        for layer in &mut self.layers[skip..] {
            match layer {
                Layer::Own(d) => {
                    f(d.weight.as_mut_slice());
                    f(&mut d.bias);
                }
                Layer::Tied { layer, .. } => f(&mut layer.bias),
            }
        }
        self.sync_selection();
    }

    /// FNV-1a over the bit patterns of all parameters: equal iff the weights are bit-identical
    /// (up to hash collisions).
    pub fn params_checksum(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        self.visit_params(|p| {
            for v in p {
                for byte in v.to_bits().to_le_bytes() {
                    h ^= byte as u64;
                    h = h.wrapping_mul(0x0000_0100_0000_01b3);
                }
            }
        });
        h
    }

    /// Overwrites the parameters with `other`'s (same architecture), reusing allocations.
    pub fn copy_params_from(&mut self, other: &Autoencoder) {
        match (self.encoder.selector_mut(), other.encoder.selector()) {
            (Some(a), Some(b)) => a.logits.copy_from(&b.logits),
            (None, None) => {}
            _ => panic!("copy_params_from: different architectures"),
        }
        for (a, b) in self.layers.iter_mut().zip(&other.layers) {
            let same = a.copy_from(b);
            assert!(same, "copy_params_from: different architectures");
        }
    }
}
