//! The contractive penalty (Rifai et al., 2011): the loss gains `λ · mean_x ‖∂h(x)/∂x‖²_F`,
//! the squared Frobenius norm of the encoder's Jacobian at each training input, which pushes
//! the code to stay put when the input moves off the data. The norm and its gradient are
//! exact (`models::jacobian`); this file holds the penalty's weight, cost and limits.

use crate::models::config::AutoencoderConfig;
use crate::models::jacobian::{self, EncoderPass, Scratch};
use crate::models::problem::{Field, Problem, require};
use crate::nn::Matrix;

/// Multiply-adds the exact penalty and its gradient cost per training batch of `m` rows, by
/// the count in `models::jacobian`'s docs (the closed form for a one-layer encoder). The lab refuses
/// settings above a budget rather than approximate: the cost grows with the square of the
/// hidden widths, so a 784-1024-256 encoder would spend about 90 billion per batch of 64.
pub fn penalty_cost(cfg: &AutoencoderConfig, m: usize) -> f64 {
    let widths = cfg.widths();
    let n: Vec<f64> = widths[..=cfg.n_encoder()]
        .iter()
        .map(|&w| w as f64)
        .collect();
    let (d, m) = (n[0], m as f64);
    if cfg.n_encoder() == 1 {
        return 2.0 * d * n[1] + 4.0 * m * n[1];
    }
    let per_sample: f64 = (1..cfg.n_encoder())
        .map(|k| n[k] * n[k] * n[k + 1] + n[k] * n[k + 1] * n[k + 1])
        .sum();
    2.0 * d * n[1] * n[1] + 4.0 * m * per_sample
}

/// Most billions of multiply-adds the exact penalty may cost per batch. At the limit a batch
/// takes about a quarter of a second natively here (a 784-512-128-16 encoder, batch 64),
/// slow but still a live picture; past it the page would sit for seconds a batch.
pub const BUDGET: f64 = 12.0;

/// Problems with a penalty of strength `lambda` on `m` trained in batches of `batch`.
pub fn problems(lambda: f32, m: &AutoencoderConfig, batch: usize, out: &mut Vec<Problem>) {
    require(
        out,
        (0.0..=10.0).contains(&lambda),
        Field::Contractive,
        || "The contractive λ must be 0 to 10.".into(),
    );
    let cost = penalty_cost(m, batch) / 1e9;
    require(out, cost <= BUDGET, Field::Contractive, || {
        format!(
            "The exact contractive penalty would cost about {cost:.0} billion multiply-adds \
             per batch here, too slow to watch (the lab allows {BUDGET:.0}): narrow the hidden \
             layers (the cost grows with the square of their widths) or use a smaller batch."
        )
    });
}

/// `λ · mean_r ‖J_r‖²_F` of the last forward pass (no gradient).
pub fn loss(lambda: f32, pass: &EncoderPass) -> f64 {
    let rows = pass.post[0].rows().max(1) as f64;
    jacobian::norm_sum(pass, &mut Scratch::default()) * f64::from(lambda) / rows
}

/// The penalty, with its gradient left in `s` for [`add_pre_grad`] and [`add_weight_grad`].
pub fn backward(lambda: f32, pass: &EncoderPass, s: &mut Scratch) -> f64 {
    jacobian::backward(pass, lambda, s)
}

/// The penalty's own path through `z_l` (encoder layer `l`), added after `f'`.
pub fn add_pre_grad(l: usize, s: &Scratch, dz: &mut Matrix) {
    if let Some(g) = s.dz.get(l) {
        add_into(dz.as_mut_slice(), g.as_slice());
    }
}

/// The penalty's part of `∂L/∂W_l` that does not go through `z_l`.
pub fn add_weight_grad(l: usize, s: &Scratch, gw: &mut Matrix) {
    if let Some(g) = s.dw.get(l) {
        add_into(gw.as_mut_slice(), g.as_slice());
    }
}

/// `a += b` element-wise.
fn add_into(a: &mut [f32], b: &[f32]) {
    a.iter_mut().zip(b).for_each(|(a, &b)| *a += b);
}
