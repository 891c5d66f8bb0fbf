//! The k-sparse code (Makhzani and Frey): only the `k` largest code activations of each
//! sample pass; the rest are zeroed, and so are their gradients. Its limits sit beside it.

use crate::models::config::AutoencoderConfig;
use crate::models::problem::{Field, Problem, require};
use crate::nn::Matrix;

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
    require(out, (1..m.code_dim).contains(&k), Field::KSparse, || {
        format!(
            "k must be 1 to {} (below the code size).",
            m.code_dim.max(2) - 1
        )
    });
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
