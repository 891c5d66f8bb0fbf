//! The formulas of the variants' controls and of weight decay (see `formulas` for the
//! loss and the activity penalties, and for when each is shown).

use super::formulas::x_i;
use crate::mathml::*;
use crate::models::noise::NoiseKind;
use crate::models::vae::Likelihood;

pub(super) fn noise(kind: NoiseKind, level: f32) -> String {
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

pub(super) fn concrete(t0: f32, t_end: f32) -> String {
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

pub(super) fn vae(beta: f32, warmup: f32, likelihood: Likelihood) -> String {
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

/// The optimiser adds `wd·W` to each weight's gradient (not the biases'): the gradient of
/// this term.
pub(super) fn weight_decay(wd: f32) -> String {
    math(&[
        mi("L"),
        mo("+"),
        frac(upright("wd"), mn(2)),
        under("∑", mi("W")),
        subsup(row(&[mo("‖"), mi("W"), mo("‖")]), upright("F"), mn(2)),
        line_break(),
        text("weights only, not biases; "),
        upright("wd"),
        mo("="),
        mn(wd),
    ])
}
