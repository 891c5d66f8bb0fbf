//! The k-sparse code (Makhzani and Frey): only the `k` largest code activations of each
//! sample pass; the rest are zeroed, and so are their gradients. Its limits sit beside it.

use super::dial::{Dial, DialIds, DialView};
use crate::mathml::*;
use crate::models::concrete;
use crate::models::config::AutoencoderConfig;
use crate::models::problem::{Clash, Part, PartInfo, Problem, require};
use crate::models::vae;
use crate::nn::Matrix;

/// The option in the rule table.
pub const PART: Part = Part(&PartInfo {
    label: "a k-sparse code",
    owner: None,
});

/// The pairs it gives way in.
pub const CLASHES: [Clash; 2] = [
    Clash {
        a: vae::PART,
        b: PART,
        why: "the VAE's code is sampled, not selected",
    },
    Clash {
        a: concrete::PART,
        b: PART,
        why: "the concrete code already has exactly k selected features",
    },
];

/// The option on the page and in links.
pub const DIAL: Dial = Dial {
    part: PART,
    key: "ksparse",
    whole: true,
    live: false,
    // A quarter of the code: sparse, with room to move either way.
    start: |m| (m.code_dim / 4).max(1) as f32,
    check: |k, m, _, out| problems(k as usize, m, out),
    readout: None,
};

/// The option's control on the page.
pub const VIEW: DialView = DialView {
    ids: DialIds {
        on: "ksparse-on",
        reason: "ksparse-reason",
        knob: "ksparse-k",
        note: "ksparse-note",
    },
    title: "k-sparse code",
    tooltip: "Keep only the k largest code activations of each sample; the rest are set to 0.",
    label: "k (units kept per sample)",
    help: "How many code units stay active for each sample.",
    range: (1.0, 64.0),
    note: None,
    formula: |k| formula(k as usize),
};

/// Which code units the last forward pass kept, and the sorting buffer that found them.
///
/// # Shapes
/// - `keep`: `m × n` row-major, like the code layer's output
#[derive(Clone, Debug, Default)]
pub struct Mask {
    pub keep: Vec<bool>,
    order: Vec<usize>,
}

impl Mask {
    /// Keeps the `k` largest values of each row of `h`, zeroing the rest (see [`top_k_mask`]).
    pub fn apply(&mut self, h: &mut Matrix, k: usize) {
        top_k_mask(h, k, &mut self.keep, &mut self.order);
    }
}

/// Problems with keeping `k` code units of `m`'s: `1 ≤ k <` the code size.
pub fn problems(k: usize, m: &AutoencoderConfig, out: &mut Vec<Problem>) {
    let n = m.code_dim;
    if n < 2 {
        return out.push(Problem::new(
            PART.field(),
            "Needs a code of at least 2 units.",
        ));
    }
    require(out, (1..n).contains(&k), PART.field(), || {
        format!("k must be 1 to {} (below the code size).", n - 1)
    });
}

fn formula(k: usize) -> String {
    let h_j = || sub(mi("h"), mi("j"));
    math(&[
        sub(tilde(mi("h")), mi("j")),
        mo("="),
        h_j(),
        line_break(),
        text("if "),
        h_j(),
        text(" is among the "),
        mi("k"),
        text(" largest, else "),
        mn(0),
        line_break(),
        mi("k"),
        mo("="),
        mn(k),
    ])
}

/// k-sparse code (Makhzani and Frey): keep, in each row of the code layer's *activations*
/// `h`, the `k` largest values and zero the rest; `keep` records which survived so the
/// backward pass can zero the same gradients. Applied after the activation, so a dropped
/// sigmoid unit outputs 0 (not σ(0) = 0.5) and a ReLU code keeps k active units, not k large
/// pre-activations some of which ReLU then zeroes. Ties go to the lower index (deterministic).
///
/// # Shapes
/// - `h`: `m × n`; `keep`: resized to `m × n`
pub fn top_k_mask(h: &mut Matrix, k: usize, keep: &mut Vec<bool>, order: &mut Vec<usize>) {
    let z = h;
    let (m, n) = z.shape();
    keep.clear();
    keep.resize(m * n, false);
    if k >= n {
        keep.fill(true);
        return;
    }
    for r in 0..m {
        let row = z.row_mut(r);
        order.clear();
        order.extend(0..n);
        order.sort_unstable_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
        for &j in &order[..k] {
            keep[r * n + j] = true;
        }
        for (j, v) in row.iter_mut().enumerate() {
            if !keep[r * n + j] {
                *v = 0.0;
            }
        }
    }
}

/// Zero the gradient entries whose unit was dropped by [`top_k_mask`].
pub fn apply_mask(d: &mut Matrix, keep: &[bool]) {
    for (v, &k) in d.as_mut_slice().iter_mut().zip(keep) {
        if !k {
            *v = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    #[test]
    fn top_k_keeps_exactly_k_largest_values_per_row() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut z = Matrix::from_fn(20, 16, |_, _| rng.random_range(-3.0..3.0));
        let original = z.clone();
        let (mut keep, mut order) = (Vec::new(), Vec::new());
        top_k_mask(&mut z, 5, &mut keep, &mut order);
        for r in 0..20 {
            let row = z.row(r);
            assert_eq!(row.iter().filter(|v| **v != 0.0).count(), 5, "row {r}");
            let smallest_kept = row
                .iter()
                .filter(|v| **v != 0.0)
                .copied()
                .fold(f32::INFINITY, f32::min);
            let largest_dropped = original
                .row(r)
                .iter()
                .zip(row)
                .filter(|(_, kept)| **kept == 0.0)
                .map(|(v, _)| *v)
                .fold(f32::NEG_INFINITY, f32::max);
            assert!(smallest_kept >= largest_dropped);
        }
        let mut d = Matrix::from_fn(20, 16, |_, _| 1.0);
        apply_mask(&mut d, &keep);
        assert_eq!(d.as_slice().iter().filter(|v| **v != 0.0).count(), 20 * 5);
    }
}
