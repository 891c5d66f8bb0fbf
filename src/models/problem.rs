//! A problem with a setting, tied to the field that shows it. One validation pass
//! ([`Regularization::problems`](super::regularize::Regularization::problems)) returns them:
//! the core refuses a run with the first, the page shows each beside its field, and both
//! use the same limits and sentences.

/// Which setting a problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Hidden(usize),
    Layers,
    Code,
    LearningRate,
    Batch,
    WeightDecay,
    Seed,
    Loss,
    KSparse,
    BinaryCode,
    Penalty,
    Lambda,
    Rho,
    LayerWeights,
    NoiseLevel,
    Vae,
    Contractive,
    Pretrain,
    Concrete,
}

/// A sentence about one field.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

impl Problem {
    pub fn new(field: Field, message: impl Into<String>) -> Problem {
        Problem {
            field,
            message: message.into(),
        }
    }
}

/// Pushes `message` about `field` unless `ok`.
pub fn require(out: &mut Vec<Problem>, ok: bool, field: Field, message: impl FnOnce() -> String) {
    if !ok {
        out.push(Problem::new(field, message()));
    }
}
