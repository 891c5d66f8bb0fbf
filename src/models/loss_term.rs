//! Named loss terms: a model's loss is a sum of terms, reported separately.

use serde::{Deserialize, Serialize};

/// One named part of the training objective; every report is a list of `(term, value)` plus
/// the total, their plain sum (a VAE's KL unweighted by β, so the total is the −ELBO).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LossTerm {
    /// How far the output is from the input (MSE or BCE, mean over all elements; for a VAE,
    /// `−log p(x|z)` in nats per image).
    Reconstruction,
    /// A VAE's `KL(q(z|x) ‖ N(0, I))` in nats per image, reported unweighted (without β).
    Kl,
    /// An activity penalty `λ·Σ_k w_k·P(h_k)` on the encoder's layers (sparse autoencoders).
    Sparsity,
    /// The contractive penalty `λ · mean_x ‖∂h(x)/∂x‖²_F` (contractive autoencoders).
    Contractive,
}

impl LossTerm {
    pub const ALL: [LossTerm; 4] = [
        LossTerm::Reconstruction,
        LossTerm::Kl,
        LossTerm::Sparsity,
        LossTerm::Contractive,
    ];
    pub const COUNT: usize = LossTerm::ALL.len();

    pub fn label(self) -> &'static str {
        match self {
            LossTerm::Reconstruction => "reconstruction",
            LossTerm::Kl => "KL divergence",
            LossTerm::Sparsity => "sparsity penalty",
            LossTerm::Contractive => "contractive penalty",
        }
    }

    /// Position in [`LossTerm::ALL`], used to index fixed-size accumulators.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A set of loss terms, one bit per [`LossTerm`]: which terms a model reports. `Copy`, so
/// asking a model for its terms never allocates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TermSet(u32);

impl TermSet {
    pub const fn of(terms: &[LossTerm]) -> TermSet {
        let mut bits = 0;
        let mut i = 0;
        while i < terms.len() {
            bits |= 1 << terms[i] as u32;
            i += 1;
        }
        TermSet(bits)
    }

    pub const fn with(self, t: LossTerm) -> TermSet {
        TermSet(self.0 | 1 << t as u32)
    }

    pub fn contains(self, t: LossTerm) -> bool {
        self.0 & (1 << t.index()) != 0
    }

    /// The terms in [`LossTerm::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = LossTerm> {
        LossTerm::ALL.into_iter().filter(move |&t| self.contains(t))
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Loss values by term in a fixed-size array: what the hot loop accumulates without
/// allocating. Converted to a [`LossReport`] at the end of a `step`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LossTerms {
    values: [f64; LossTerm::COUNT],
}

impl LossTerms {
    pub fn get(&self, t: LossTerm) -> f64 {
        self.values[t.index()]
    }

    pub fn set(&mut self, t: LossTerm, v: f64) {
        self.values[t.index()] = v;
    }

    pub fn add(&mut self, other: &LossTerms) {
        for (a, b) in self.values.iter_mut().zip(&other.values) {
            *a += b;
        }
    }

    pub fn total(&self) -> f64 {
        self.values.iter().sum()
    }

    pub fn is_finite(&self) -> bool {
        self.values.iter().all(|v| v.is_finite())
    }

    /// The mean over `count` accumulated batches, as a report listing the `active` terms.
    pub fn mean_report(&self, count: usize, active: TermSet) -> LossReport {
        let c = count.max(1) as f64;
        let terms: Vec<(LossTerm, f32)> = active
            .iter()
            .map(|t| (t, (self.get(t) / c) as f32))
            .collect();
        let total = (active.iter().map(|t| self.get(t)).sum::<f64>() / c) as f32;
        LossReport { terms, total }
    }
}

/// Loss by term plus the total (the quantity being minimised).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LossReport {
    pub terms: Vec<(LossTerm, f32)>,
    pub total: f32,
}

impl LossReport {
    pub fn get(&self, t: LossTerm) -> Option<f32> {
        self.terms.iter().find(|(k, _)| *k == t).map(|&(_, v)| v)
    }
}
