//! The contractive penalty (Rifai et al., 2011): the loss gains `λ · mean_x ‖∂h(x)/∂x‖²_F`,
//! the squared Frobenius norm of the encoder's Jacobian at each training input, which pushes
//! the code to stay put when the input moves off the data. The norm and its gradient are
//! exact (`models::jacobian`); this file holds the penalty's weight, cost and limits.

use super::dial::{Dial, DialIds, DialView};
use super::{binary_code, k_sparse};
use crate::mathml::*;
use crate::models::config::AutoencoderConfig;
use crate::models::jacobian::{self, EncoderPass, Scratch};
use crate::models::problem::{Clash, Part, PartInfo, Problem, require};
use crate::models::{concrete, vae};
use crate::nn::Matrix;

/// The option in the rule table.
pub const PART: Part = Part(&PartInfo {
    label: "the contractive penalty",
    owner: None,
});

/// The pairs it is in: it gives way to the model kinds and to a k-sparse code, a binary code
/// gives way to it.
pub const CLASHES: [Clash; 4] = [
    Clash {
        a: vae::PART,
        b: PART,
        why: "the VAE's code is sampled, and its KL term already keeps the code smooth",
    },
    Clash {
        a: concrete::PART,
        b: PART,
        why: "the hard selection's Jacobian is constant",
    },
    Clash {
        a: k_sparse::PART,
        b: PART,
        why: "the k-sparse mask makes the encoder's Jacobian jump from one input to the next",
    },
    Clash {
        a: PART,
        b: binary_code::PART,
        why: "the penalty would differentiate the code noise",
    },
];

/// The option on the page and in links.
pub const DIAL: Dial = Dial {
    part: PART,
    key: "cae",
    whole: false,
    live: true,
    start: |_| 1e-3,
    check: problems,
    readout: None,
};

/// The option's control on the page.
pub const VIEW: DialView = DialView {
    ids: DialIds {
        on: "cae-on",
        reason: "cae-reason",
        knob: "cae-lambda",
        note: "cae-cost",
    },
    title: "Contractive penalty",
    tooltip: "Adds λ times the squared Frobenius norm of the encoder's Jacobian, computed exactly.",
    label: "λ (strength)",
    help: "How much a code that moves with the input is penalised.",
    range: (0.0, 10.0),
    note: Some(|m, batch| {
        format!(
            "Exact ‖J‖²_F. With one encoder layer it has a closed form and costs almost \
             nothing; deeper, its cost grows with the square of the hidden widths \
             (784-256-64-16 trains about ten times slower). This network: {:.2} of at most \
             {BUDGET:.0} billion multiply-adds per batch.",
            penalty_cost(m, batch) / 1e9
        )
    }),
    formula,
};

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
    require(out, (0.0..=10.0).contains(&lambda), PART.field(), || {
        "The contractive λ must be 0 to 10.".into()
    });
    let cost = penalty_cost(m, batch) / 1e9;
    require(out, cost <= BUDGET, PART.field(), || {
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

fn formula(lambda: f32) -> String {
    let frob = subsup(
        row(&[mo("‖"), sub(mi("J"), mi("f")), paren(mi("x")), mo("‖")]),
        upright("F"),
        mn(2),
    );
    let partial = |v: &str, i: &str| row(&[mo("∂"), sub(mi(v), mi(i))]);
    let sum = row(&[
        under("∑", row(&[mi("i"), mo(","), mi("j")])),
        sup(paren(frac(partial("h", "j"), partial("x", "i"))), mn(2)),
    ]);
    math(&[
        mi("L"),
        mo("+"),
        mi("λ"),
        frob,
        line_break(),
        mo("="),
        mi("L"),
        mo("+"),
        mi("λ"),
        sum,
        line_break(),
        mi("λ"),
        mo("="),
        mn(lambda),
    ])
}
