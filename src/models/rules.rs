//! What combines with what: the one table of clashing variant pairs. Each option declares
//! the pairs it is in, in its own file, beside its limits (`vae`, `concrete`, `stack` for the
//! model kinds and pretraining, `penalty::*` for the penalties); this file joins them. The
//! core's validation (`Regularization::problems`), the page's field-level check
//! (`settings::variant`) and the controls that grey themselves out all read the table, so a
//! rule and its reason are written once.
//!
//! Requirements on a single option (code noise needs sigmoid units, a concrete code is
//! linear with k units) stay with that option's own validation: they are not pairs. Input
//! noise, weight decay and the optimiser combine with everything.

pub use super::problem::{Clash, Part};
use super::{concrete, penalty, stack};

/// The table: every declared pair, each once.
pub fn table() -> impl Iterator<Item = &'static Clash> {
    let kinds = concrete::CLASHES.iter().chain(&stack::CLASHES);
    kinds.chain(penalty::CLASHES.into_iter().flatten())
}

/// Every clash among `on`, in table order.
pub fn clashes(on: &[Part]) -> impl Iterator<Item = &'static Clash> + '_ {
    table().filter(move |c| on.contains(&c.a) && on.contains(&c.b))
}

/// Why `p` cannot be switched on beside `on` (the first clash), if it cannot.
pub fn blocked(p: Part, on: &[Part]) -> Option<&'static Clash> {
    table().find(|c| c.involves(p) && on.contains(&c.other(p)))
}

/// Every part named in the table.
pub fn parts() -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    for c in table() {
        for p in [c.a, c.b] {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::penalty::activity;
    use crate::models::vae;

    #[test]
    fn the_table_names_each_pair_once_and_never_a_part_with_itself() {
        let all: Vec<_> = table().collect();
        for (i, c) in all.iter().enumerate() {
            assert_ne!(c.a, c.b);
            for d in &all[i + 1..] {
                assert!(!(d.involves(c.a) && d.involves(c.b)), "{c:?} twice");
            }
        }
    }

    #[test]
    fn blocked_gives_the_reason_against_what_is_on() {
        assert_eq!(
            blocked(stack::PART, &[vae::PART]).map(|c| c.b),
            Some(stack::PART)
        );
        assert!(blocked(stack::PART, &[activity::PART]).is_none());
        assert!(blocked(stack::PART, &[stack::PART]).is_none());
        let why = blocked(activity::PART, &[concrete::PART]).map(Clash::message);
        assert_eq!(
            why.as_deref(),
            Some(
                "The concrete selector and an activity penalty do not combine: the concrete \
                 code is raw input values, not learned activity."
            )
        );
    }
}
