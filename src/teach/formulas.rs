//! The formula beside each loss and penalty control, written from the current settings: the
//! symbols are the controls' labels (λ, ρ̂, k, ν, σ, T, β), and a term appears only when its
//! setting makes it matter (β only when it is not 1, the warm-up only when there is one).

use super::mathml::*;
use crate::models::noise::NoiseKind;
use crate::models::regularize::{Penalty, RateDistance, RateForm};
use crate::models::vae::Likelihood;
use crate::nn::LossKind;
use crate::settings::LabSettings;

/// The controls that carry a formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Loss,
    Activity,
    KSparse,
    Noise,
    Contractive,
    Concrete,
    Vae,
    BinaryCode,
}

impl Control {
    pub const ALL: [Control; 8] = [
        Control::Loss,
        Control::Activity,
        Control::KSparse,
        Control::Noise,
        Control::Contractive,
        Control::Concrete,
        Control::Vae,
        Control::BinaryCode,
    ];
}

/// The MathML for `control` under settings `s`; `None` while that option is off.
pub fn formula(s: &LabSettings, control: Control) -> Option<String> {
    let r = &s.regularization;
    match control {
        Control::Loss => Some(loss(s.loss)),
        Control::Activity => r.activity.as_ref().map(|a| activity(a.penalty, a.lambda)),
        Control::KSparse => r.k_sparse.map(k_sparse),
        Control::Noise => r.noise.map(|n| noise(n.kind, n.level)),
        Control::Contractive => r.contractive.map(contractive),
        Control::Concrete => r.concrete.as_ref().map(|c| concrete(c.t0, c.t_end)),
        Control::Vae => s
            .vae
            .as_ref()
            .map(|v| vae(v.beta, v.warmup_epochs, v.likelihood)),
        Control::BinaryCode => r.binary_code.map(|b| binary_code(b.noise)),
    }
}

fn x_i() -> String {
    sub(mi("x"), mi("i"))
}

fn xhat_i() -> String {
    sub(hat(mi("x")), mi("i"))
}

fn mean_over_d() -> String {
    row(&[
        frac(mn(1), mi("d")),
        under("∑", row(&[mi("i"), mo("="), mn(1)])),
    ])
}

fn loss(kind: LossKind) -> String {
    let body = match kind {
        LossKind::Mse => sup(paren(row(&[x_i(), mo("−"), xhat_i()])), mn(2)),
        LossKind::Bce => bracket(row(&[
            x_i(),
            upright("log"),
            xhat_i(),
            mo("+"),
            paren(row(&[mn(1), mo("−"), x_i()])),
            upright("log"),
            paren(row(&[mn(1), mo("−"), xhat_i()])),
        ])),
    };
    let sign = if kind == LossKind::Bce {
        mo("−")
    } else {
        String::new()
    };
    math(&[mi("L"), mo("="), sign, mean_over_d(), body])
}

fn h_j() -> String {
    sub(mi("h"), mi("j"))
}

fn activity(p: Penalty, lambda: f32) -> String {
    let head = [
        mi("L"),
        mo("+"),
        mi("λ"),
        under("∑", mi("k")),
        sub(mi("w"), mi("k")),
        mi("P"),
        paren(sub(mi("h"), mi("k"))),
    ];
    let def = match p {
        Penalty::L1 => vec![row(&[
            sub(row(&[mo("‖"), mi("h"), mo("‖")]), mn(1)),
            mo("="),
            under("∑", mi("j")),
            row(&[mo("|"), h_j(), mo("|")]),
        ])],
        Penalty::L2 => vec![row(&[
            sub(row(&[mo("‖"), mi("h"), mo("‖")]), mn(2)),
            mo("="),
            sqrt(row(&[under("∑", mi("j")), sup(h_j(), mn(2))])),
        ])],
        Penalty::Rate {
            rho,
            form,
            distance,
        } => rate(rho, form, distance),
    };
    let value = row(&[mi("λ"), mo("="), mn(lambda)]);
    let mut parts = vec![row(&head), line_break(), mi("P"), mo(":")];
    parts.extend(def);
    parts.extend([line_break(), value]);
    math(&parts)
}

fn rate(rho: f32, form: RateForm, distance: RateDistance) -> Vec<String> {
    let target = hat(mi("ρ"));
    // The rate measured: unit j's mean over the batch, or the layer's mean for input x.
    let (measured, over, definition) = match form {
        RateForm::PerUnit => (
            sub(mi("ρ"), mi("j")),
            under("∑", mi("j")),
            row(&[
                sub(mi("ρ"), mi("j")),
                mo("="),
                frac(mn(1), mi("m")),
                under("∑", mi("x")),
                h_j(),
                paren(mi("x")),
            ]),
        ),
        RateForm::PerInput => (
            row(&[mi("ρ"), paren(mi("x"))]),
            under("mean", mi("x")),
            row(&[
                mi("ρ"),
                paren(mi("x")),
                mo("="),
                frac(mn(1), mi("n")),
                under("∑", mi("j")),
                h_j(),
                paren(mi("x")),
            ]),
        ),
    };
    let s = match distance {
        RateDistance::Kl => row(&[
            target.clone(),
            upright("log"),
            frac(target.clone(), measured.clone()),
            mo("+"),
            paren(row(&[mn(1), mo("−"), target.clone()])),
            upright("log"),
            frac(
                row(&[mn(1), mo("−"), target.clone()]),
                row(&[mn(1), mo("−"), measured.clone()]),
            ),
        ]),
        RateDistance::L1 => row(&[mo("|"), target.clone(), mo("−"), measured.clone(), mo("|")]),
        RateDistance::L2 => sup(paren(row(&[target.clone(), mo("−"), measured])), mn(2)),
    };
    vec![
        over,
        s,
        line_break(),
        definition,
        mo(","),
        target,
        mo("="),
        mn(rho),
    ]
}

fn k_sparse(k: usize) -> String {
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

fn noise(kind: NoiseKind, level: f32) -> String {
    let corrupt = sub(tilde(mi("x")), mi("i"));
    let rule = match kind {
        NoiseKind::Masking => row(&[
            corrupt,
            mo("="),
            mn(0),
            text(" with probability "),
            mi("ν"),
            text(", else "),
            x_i(),
        ]),
        NoiseKind::SaltPepper => row(&[
            corrupt,
            mo("∈"),
            row(&[mo("{"), mn(0), mo(","), mn(1), mo("}")]),
            text(" with probability "),
            mi("ν"),
            text(", else "),
            x_i(),
        ]),
        NoiseKind::Gaussian => row(&[
            corrupt,
            mo("="),
            upright("clip"),
            paren(row(&[x_i(), mo("+"), mi("σ"), sub(mi("ε"), mi("i"))])),
            mo(","),
            sub(mi("ε"), mi("i")),
            mo("∼"),
            mi("𝒩"),
            paren(row(&[mn(0), mo(","), mn(1)])),
        ]),
    };
    let target = row(&[
        mi("L"),
        paren(row(&[
            mi("x"),
            mo(","),
            mi("g"),
            paren(row(&[mi("f"), paren(tilde(mi("x")))])),
        ])),
    ]);
    let symbol = if kind == NoiseKind::Gaussian {
        "σ"
    } else {
        "ν"
    };
    math(&[
        target,
        line_break(),
        rule,
        line_break(),
        mi(symbol),
        mo("="),
        mn(level),
    ])
}

fn contractive(lambda: f32) -> String {
    let frob = subsup(
        row(&[mo("‖"), sub(mi("J"), mi("f")), paren(mi("x")), mo("‖")]),
        upright("F"),
        mn(2),
    );
    let sum = row(&[
        under("∑", row(&[mi("i"), mo(","), mi("j")])),
        sup(
            paren(frac(row(&[mo("∂"), h_j()]), row(&[mo("∂"), x_i()]))),
            mn(2),
        ),
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

fn concrete(t0: f32, t_end: f32) -> String {
    let g = sub(mi("g"), mi("i"));
    let weight = sub(mi("m"), mi("i"));
    let soft = frac(
        row(&[
            upright("exp"),
            paren(row(&[
                paren(row(&[
                    upright("log"),
                    sub(mi("α"), mi("i")),
                    mo("+"),
                    g.clone(),
                ])),
                mo("/"),
                mi("T"),
            ])),
        ]),
        row(&[
            under("∑", mi("l")),
            upright("exp"),
            paren(row(&[
                paren(row(&[
                    upright("log"),
                    sub(mi("α"), mi("l")),
                    mo("+"),
                    sub(mi("g"), mi("l")),
                ])),
                mo("/"),
                mi("T"),
            ])),
        ]),
    );
    math(&[
        weight,
        mo("="),
        soft,
        line_break(),
        g,
        mo("="),
        mo("−"),
        upright("log"),
        paren(row(&[mo("−"), upright("log"), mi("u")])),
        mo(","),
        mi("u"),
        mo("∼"),
        mi("U"),
        paren(row(&[mn(0), mo(","), mn(1)])),
        line_break(),
        mi("T"),
        mo(":"),
        mn(t0),
        mo("→"),
        mn(t_end),
    ])
}

fn vae(beta: f32, warmup: f32, likelihood: Likelihood) -> String {
    let recon = row(&[
        under(
            "𝔼",
            row(&[mi("q"), paren(row(&[mi("z"), mo("|"), mi("x")]))]),
        ),
        bracket(row(&[
            upright("log"),
            mi("p"),
            paren(row(&[mi("x"), mo("|"), mi("z")])),
        ])),
    ]);
    let weight = match (beta != 1.0, warmup > 0.0) {
        (false, false) => Vec::new(),
        (true, false) => vec![mi("β")],
        // The weight ramps from 0 to its value over the warm-up epochs.
        (_, true) => vec![sub(mi("β"), mi("t"))],
    };
    let kl = row(&[
        upright("KL"),
        paren(row(&[
            mi("q"),
            paren(row(&[mi("z"), mo("|"), mi("x")])),
            mo("‖"),
            mi("𝒩"),
            paren(row(&[mn(0), mo(","), mi("I")])),
        ])),
    ]);
    let closed = row(&[
        frac(mn(1), mn(2)),
        under("∑", mi("j")),
        paren(row(&[
            sup(sub(mi("μ"), mi("j")), mn(2)),
            mo("+"),
            sup(sub(mi("σ"), mi("j")), mn(2)),
            mo("−"),
            upright("log"),
            sup(sub(mi("σ"), mi("j")), mn(2)),
            mo("−"),
            mn(1),
        ])),
    ]);
    let mut parts = vec![upright("ELBO"), mo("="), recon, line_break(), mo("−")];
    parts.extend(weight);
    parts.extend([kl, line_break(), upright("KL"), mo("="), closed]);
    if beta != 1.0 {
        parts.extend([line_break(), mi("β"), mo("="), mn(beta)]);
    }
    if warmup > 0.0 {
        parts.extend([
            line_break(),
            sub(mi("β"), mi("t")),
            text(" rises from 0 over "),
            mn(warmup),
            text(" epochs"),
        ]);
    }
    if let Likelihood::Gaussian { sigma } = likelihood {
        parts.extend([
            line_break(),
            mi("σ"),
            mo("="),
            mn(sigma),
            text(" in "),
            mi("p"),
        ]);
    }
    math(&parts)
}

fn binary_code(sigma: f32) -> String {
    math(&[
        sub(mi("h"), mi("j")),
        mo("="),
        upright("sigmoid"),
        paren(row(&[
            sub(mi("a"), mi("j")),
            mo("+"),
            mi("σ"),
            sub(mi("ε"), mi("j")),
        ])),
        mo(","),
        sub(mi("ε"), mi("j")),
        mo("∼"),
        mi("𝒩"),
        paren(row(&[mn(0), mo(","), mn(1)])),
        text(" while training"),
        line_break(),
        text("bit "),
        mo("="),
        bracket(row(&[sub(mi("h"), mi("j")), mo(">"), mn(0.5)])),
        line_break(),
        mi("σ"),
        mo("="),
        mn(sigma),
    ])
}

#[cfg(test)]
#[path = "formulas_tests.rs"]
mod tests;
