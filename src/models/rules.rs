//! What combines with what: the one table of clashing variant pairs. The core's validation
//! (`train::validate`), the page's field-level check (`settings::variant`) and the controls
//! that grey themselves out all read it, so a rule and its reason are written once.
//!
//! Requirements on a single option (a binary code needs sigmoid units, a concrete code is
//! linear with k units) stay with that option's own validation: they are not pairs.

use super::problem::Field;

/// A variant or training choice that can clash with another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Vae,
    Concrete,
    KSparse,
    /// An L1/L2/rate penalty on any encoder layer.
    Activity,
    /// An activity penalty that weights the code layer.
    CodeActivity,
    Contractive,
    Pretrain,
    BinaryCode,
}

impl Part {
    /// The setting that gives way when this part clashes with one already on.
    pub fn field(self) -> Field {
        match self {
            Part::Vae => Field::Vae,
            Part::Concrete => Field::Concrete,
            Part::KSparse => Field::KSparse,
            Part::Activity | Part::CodeActivity => Field::Penalty,
            Part::Contractive => Field::Contractive,
            Part::Pretrain => Field::Pretrain,
            Part::BinaryCode => Field::BinaryCode,
        }
    }

    /// How a sentence names it.
    pub fn label(self) -> &'static str {
        match self {
            Part::Vae => "the VAE",
            Part::Concrete => "the concrete selector",
            Part::KSparse => "a k-sparse code",
            Part::Activity => "an activity penalty",
            Part::CodeActivity => "an activity penalty on the code",
            Part::Contractive => "the contractive penalty",
            Part::Pretrain => "layer-wise pretraining",
            Part::BinaryCode => "a binary code",
        }
    }
}

/// Two parts that do not go together, and why.
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

    fn involves(&self, p: Part) -> bool {
        self.a == p || self.b == p
    }
}

use Part::*;

/// The table. The second part of a pair is the one a link or a change gives up: the model
/// kind (VAE, concrete) stays, the option added to it goes. Input noise, weight decay and the optimiser combine with everything.
pub const CLASHES: [Clash; 14] = [
    Clash {
        a: Vae,
        b: KSparse,
        why: "the VAE's code is sampled, not selected",
    },
    Clash {
        a: Vae,
        b: CodeActivity,
        why: "its code layer is [μ | log σ²], so the penalty would also push log σ²; weight \
              hidden layers only, the KL term already shapes the code",
    },
    Clash {
        a: Vae,
        b: Contractive,
        why: "the VAE's code is sampled, and its KL term already keeps the code smooth",
    },
    Clash {
        a: Vae,
        b: Pretrain,
        why: "the VAE's code layer outputs μ and log σ², which a shallow autoencoder cannot \
              pretrain",
    },
    Clash {
        a: Vae,
        b: BinaryCode,
        why: "the VAE's code is sampled, not pushed to 0 and 1",
    },
    Clash {
        a: Vae,
        b: Concrete,
        why: "a VAE's code is sampled from a learned Gaussian, a concrete code is selected inputs",
    },
    Clash {
        a: Concrete,
        b: KSparse,
        why: "the concrete code already has exactly k selected features",
    },
    Clash {
        a: Concrete,
        b: Activity,
        why: "the concrete code is raw input values, not learned activity",
    },
    Clash {
        a: Concrete,
        b: Contractive,
        why: "the hard selection's Jacobian is constant",
    },
    Clash {
        a: Concrete,
        b: Pretrain,
        why: "there is no encoder stack to pretrain",
    },
    Clash {
        a: Concrete,
        b: BinaryCode,
        why: "the concrete code is the selected pixels, with no units to push to 0 and 1",
    },
    Clash {
        a: KSparse,
        b: Contractive,
        why: "the k-sparse mask makes the encoder's Jacobian jump from one input to the next",
    },
    Clash {
        a: Pretrain,
        b: BinaryCode,
        why: "the pretraining stages train without the code noise",
    },
    Clash {
        a: Contractive,
        b: BinaryCode,
        why: "the penalty would differentiate the code noise",
    },
];

/// Every clash among `on`, in table order.
pub fn clashes(on: &[Part]) -> impl Iterator<Item = &'static Clash> + '_ {
    CLASHES
        .iter()
        .filter(move |c| on.contains(&c.a) && on.contains(&c.b))
}

/// Why `p` cannot be switched on beside `on` (the first clash), if it cannot.
pub fn blocked(p: Part, on: &[Part]) -> Option<&'static Clash> {
    CLASHES
        .iter()
        .find(|c| c.involves(p) && on.contains(&c.other(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_each_pair_once_and_never_a_part_with_itself() {
        for (i, c) in CLASHES.iter().enumerate() {
            assert_ne!(c.a, c.b);
            for d in &CLASHES[i + 1..] {
                assert!(!(d.involves(c.a) && d.involves(c.b)), "{c:?} twice");
            }
        }
    }

    #[test]
    fn blocked_gives_the_reason_against_what_is_on() {
        assert_eq!(
            blocked(Contractive, &[KSparse]).map(|c| c.b),
            Some(Contractive)
        );
        assert!(blocked(Contractive, &[Activity]).is_none());
        assert!(blocked(Pretrain, &[Pretrain]).is_none());
        let why = blocked(BinaryCode, &[Concrete]).map(Clash::message);
        assert_eq!(
            why.as_deref(),
            Some(
                "The concrete selector and a binary code do not combine: the concrete code is \
                 the selected pixels, with no units to push to 0 and 1."
            )
        );
    }
}
