//! The formula beside each loss and penalty control, written from the current settings: the
//! symbols are the controls' labels (λ, ρ̂, k, ν, σ, T, β), and a term appears only when its
//! setting makes it matter (β only when it is not 1, the warm-up only when there is one).

use super::variant_formulas::{concrete, noise, vae, weight_decay};
use crate::mathml::*;
use crate::models::penalty;
use crate::models::problem::Part;
use crate::models::regularize::{Penalty, RateDistance, RateForm, Regularization};
use crate::nn::LossKind;
use crate::settings::LabSettings;

/// The controls that carry a formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Loss,
    Activity,
    Noise,
    Concrete,
    Vae,
    WeightDecay,
    /// A one-number option, whose file writes its formula (`Regularization::DIALS`).
    Dial(Part),
}

impl Control {
    pub fn all() -> Vec<Control> {
        let fixed = [
            Control::Loss,
            Control::Activity,
            Control::Noise,
            Control::Concrete,
            Control::Vae,
            Control::WeightDecay,
        ];
        let dials = Regularization::DIALS
            .iter()
            .map(|d| Control::Dial(d.dial.part));
        fixed.into_iter().chain(dials).collect()
    }

    /// The name its formula carries on the page (`data-formula`).
    pub fn name(self) -> String {
        match self {
            Control::Dial(p) => Regularization::dial(p).map_or("", |d| d.dial.key).into(),
            _ => format!("{self:?}").to_lowercase(),
        }
    }
}

/// The MathML for `control` under settings `s`; `None` while that option is off.
pub fn formula(s: &LabSettings, control: Control) -> Option<String> {
    let r = &s.config.regularization;
    match control {
        Control::Loss => Some(loss(s.config.model.loss)),
        Control::Activity => r.activity.as_ref().map(|a| activity(a.penalty, a.lambda)),
        Control::Noise => r.noise.map(|n| noise(n.kind, n.level)),
        Control::Concrete => r.concrete.as_ref().map(|c| concrete(c.t0, c.t_end)),
        Control::Vae => s
            .config
            .model
            .vae
            .as_ref()
            .map(|v| vae(v.beta, v.warmup_epochs, v.likelihood)),
        Control::WeightDecay => (s.config.optimizer.weight_decay > 0.0)
            .then(|| weight_decay(s.config.optimizer.weight_decay)),
        Control::Dial(p) => {
            let d = Regularization::dial(p)?;
            (d.get)(r).map(penalty::view(p)?.formula)
        }
    }
}

pub(super) fn x_i() -> String {
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

pub(super) fn h_j() -> String {
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

#[cfg(test)]
#[path = "formulas_tests.rs"]
mod tests;
