//! A problem with a setting, tied to the field that shows it. One validation pass
//! ([`Regularization::problems`](super::regularize::Regularization::problems)) returns them:
//! the core refuses a run with the first, the page shows each beside its field, and both
//! use the same limits and sentences. The parts of the rule table and their clashes are
//! here too: a clash is a problem with a pair of settings.

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
    Lambda,
    Rho,
    LayerWeights,
    NoiseLevel,
    /// A variant option's switch (and, for an option that is one number, that number).
    Part(Part),
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

/// A variant or training option that can clash with another. Each is a constant in the
/// option's own file, which also declares the clashes it gives way in (see `models::rules`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Part(pub &'static PartInfo);

/// What the rule table says about a part.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct PartInfo {
    /// How a sentence names it ("the VAE").
    pub label: &'static str,
    /// The option that gives way when this part clashes, when it is not an option of its
    /// own (an activity penalty that weights the code: the activity penalty).
    pub owner: Option<Part>,
}

impl Part {
    pub fn label(self) -> &'static str {
        self.0.label
    }

    /// The setting that gives way when this part clashes with one already on.
    pub fn field(self) -> Field {
        Field::Part(self.0.owner.unwrap_or(self))
    }
}

/// Two parts that do not go together, and why. The second is the one a link or a change
/// gives up: the model kind (VAE, concrete) stays, the option added to it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clash {
    pub a: Part,
    pub b: Part,
    pub why: &'static str,
}

impl Clash {
    /// The sentence the page and the core show.
    pub fn message(&self) -> String {
        let a = self.a.label();
        let mut first = a.chars();
        let a = first
            .next()
            .map_or(String::new(), |c| c.to_uppercase().chain(first).collect());
        format!("{a} and {} do not combine: {}.", self.b.label(), self.why)
    }

    /// The part of the pair that is not `p` (`p` itself if it is neither).
    pub fn other(&self, p: Part) -> Part {
        if self.a == p { self.b } else { self.a }
    }

    pub fn involves(&self, p: Part) -> bool {
        self.a == p || self.b == p
    }
}
