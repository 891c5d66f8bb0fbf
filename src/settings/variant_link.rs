//! The regularised variants' part of the shareable link: writing them as query pairs and
//! reading them back, forgivingly (an unreadable value is reported, the rest still applies).

use super::LabSettings;
use super::variant::default_layer_weights;
use crate::models::concrete::ConcreteConfig;
use crate::models::noise::{Noise, NoiseKind};
use crate::models::regularize::{Activity, Penalty, RateDistance, RateForm, Regularization};
use crate::models::stack::Pretrain;
use crate::models::vae::{Likelihood, VaeConfig};

pub fn penalty_slug(p: &Penalty) -> &'static str {
    match p {
        Penalty::L1 => "l1",
        Penalty::L2 => "l2",
        Penalty::Rate { .. } => "rate",
    }
}

fn noise_slug(k: NoiseKind) -> &'static str {
    match k {
        NoiseKind::Masking => "mask",
        NoiseKind::SaltPepper => "saltpepper",
        NoiseKind::Gaussian => "gauss",
    }
}

fn form_slug(f: RateForm) -> &'static str {
    match f {
        RateForm::PerInput => "input",
        RateForm::PerUnit => "unit",
    }
}

fn distance_slug(d: RateDistance) -> &'static str {
    match d {
        RateDistance::Kl => "kl",
        RateDistance::L1 => "l1",
        RateDistance::L2 => "l2",
    }
}

/// The variant's link parameters (none when every regulariser is off).
pub fn to_pairs(r: &Regularization) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(k) = r.k_sparse {
        out.push(("ksparse", k.to_string()));
    }
    if let Some(a) = &r.activity {
        out.push(("pen", penalty_slug(&a.penalty).into()));
        out.push(("lambda", a.lambda.to_string()));
        let w: Vec<String> = a.layer_weights.iter().map(|w| w.to_string()).collect();
        out.push(("lw", w.join(",")));
        if let Penalty::Rate {
            rho,
            form,
            distance,
        } = a.penalty
        {
            out.push(("rho", rho.to_string()));
            out.push(("form", form_slug(form).into()));
            out.push(("dist", distance_slug(distance).into()));
        }
    }
    if let Some(l) = r.contractive {
        out.push(("cae", l.to_string()));
    }
    if let Some(b) = r.binary_code {
        out.push(("binary", b.noise.to_string()));
    }
    if let Some(c) = r.concrete {
        out.push(("concrete", c.k.to_string()));
        out.push(("t0", c.t0.to_string()));
        out.push(("tend", c.t_end.to_string()));
        out.push(("tepochs", c.epochs.to_string()));
    }
    if let Some(p) = r.pretrain {
        out.push(("pretrain", p.epochs_per_layer.to_string()));
    }
    if let Some(n) = &r.noise {
        out.push(("noise", noise_slug(n.kind).into()));
        out.push(("nlevel", n.level.to_string()));
        if n.at_test {
            out.push(("ntest", "1".into()));
        }
    }
    out
}

/// The VAE's link parameters.
pub fn vae_pairs(v: Option<VaeConfig>) -> Vec<(&'static str, String)> {
    let Some(v) = v else { return Vec::new() };
    let mut out = vec![
        ("vae", "1".to_string()),
        ("beta", v.beta.to_string()),
        ("warmup", v.warmup_epochs.to_string()),
    ];
    match v.likelihood {
        Likelihood::Bernoulli => out.push(("lik", "bernoulli".into())),
        Likelihood::Gaussian { sigma } => {
            out.push(("lik", "gauss".into()));
            out.push(("sigma", sigma.to_string()));
        }
    }
    out
}

/// Apply one link parameter; `None` when the key is not a variant's, `Some(false)` when the
/// value is unreadable.
pub fn read_pair(s: &mut LabSettings, key: &str, value: &str) -> Option<bool> {
    let hidden = s.hidden.len();
    let r = &mut s.regularization;
    let ok = match key {
        "ksparse" => value.parse().map(|k| r.k_sparse = Some(k)).is_ok(),
        "binary" => value
            .parse()
            .map(|noise| r.binary_code = Some(crate::models::binary_code::BinaryCode { noise }))
            .is_ok(),
        "pen" => {
            let p = match value {
                "l1" => Penalty::L1,
                "l2" => Penalty::L2,
                "rate" => Penalty::Rate {
                    rho: 0.05,
                    form: RateForm::PerInput,
                    distance: RateDistance::Kl,
                },
                _ => return Some(false),
            };
            activity_of(r, hidden).penalty = p;
            true
        }
        "lambda" => value
            .parse()
            .map(|v| activity_of(r, hidden).lambda = v)
            .is_ok(),
        "lw" => value
            .split(',')
            .map(|w| w.trim().parse::<f32>().ok())
            .collect::<Option<Vec<f32>>>()
            .map(|w| activity_of(r, hidden).layer_weights = w)
            .is_some(),
        "rho" => value
            .parse()
            .ok()
            .and_then(|v| rate_of(r, hidden).map(|(rho, _, _)| *rho = v))
            .is_some(),
        "form" => RateForm::ALL
            .into_iter()
            .find(|f| form_slug(*f) == value)
            .and_then(|f| rate_of(r, hidden).map(|(_, form, _)| *form = f))
            .is_some(),
        "dist" => RateDistance::ALL
            .into_iter()
            .find(|d| distance_slug(*d) == value)
            .and_then(|d| rate_of(r, hidden).map(|(_, _, dist)| *dist = d))
            .is_some(),
        "noise" => NoiseKind::ALL
            .into_iter()
            .find(|k| noise_slug(*k) == value)
            .map(|kind| {
                let level = if kind == NoiseKind::Gaussian {
                    0.2
                } else {
                    0.3
                };
                r.noise = Some(Noise {
                    kind,
                    level,
                    at_test: false,
                });
            })
            .is_some(),
        "nlevel" => value
            .parse()
            .ok()
            .and_then(|v| r.noise.as_mut().map(|n| n.level = v))
            .is_some(),
        "ntest" => r.noise.as_mut().map(|n| n.at_test = value == "1").is_some(),
        "cae" => value.parse().map(|l| r.contractive = Some(l)).is_ok(),
        "concrete" => value
            .parse()
            .map(|k| {
                r.concrete = Some(ConcreteConfig {
                    k,
                    ..ConcreteConfig::default()
                })
            })
            .is_ok(),
        "t0" => value
            .parse()
            .ok()
            .and_then(|v| r.concrete.as_mut().map(|c| c.t0 = v))
            .is_some(),
        "tend" => value
            .parse()
            .ok()
            .and_then(|v| r.concrete.as_mut().map(|c| c.t_end = v))
            .is_some(),
        "tepochs" => value
            .parse()
            .ok()
            .and_then(|v| r.concrete.as_mut().map(|c| c.epochs = v))
            .is_some(),
        "pretrain" => value
            .parse()
            .map(|e| {
                r.pretrain = Some(Pretrain {
                    epochs_per_layer: e,
                })
            })
            .is_ok(),
        "vae" => {
            s.vae = (value == "1").then(VaeConfig::default);
            value == "1" || value == "0"
        }
        "beta" => value
            .parse()
            .ok()
            .and_then(|b| s.vae.as_mut().map(|v| v.beta = b))
            .is_some(),
        "warmup" => value
            .parse()
            .ok()
            .and_then(|w| s.vae.as_mut().map(|v| v.warmup_epochs = w))
            .is_some(),
        "lik" => match (value, s.vae.as_mut()) {
            ("bernoulli", Some(v)) => {
                v.likelihood = Likelihood::Bernoulli;
                true
            }
            ("gauss", Some(v)) => {
                v.likelihood = Likelihood::Gaussian { sigma: 0.1 };
                true
            }
            _ => false,
        },
        "sigma" => match (value.parse::<f32>(), s.vae.as_mut()) {
            (
                Ok(x),
                Some(VaeConfig {
                    likelihood: Likelihood::Gaussian { sigma },
                    ..
                }),
            ) => {
                *sigma = x;
                true
            }
            _ => false,
        },
        _ => return None,
    };
    Some(ok)
}

fn activity_of(r: &mut Regularization, hidden: usize) -> &mut Activity {
    r.activity.get_or_insert_with(|| Activity {
        penalty: Penalty::L1,
        lambda: 1e-3,
        layer_weights: default_layer_weights(hidden),
    })
}

fn rate_of(
    r: &mut Regularization,
    hidden: usize,
) -> Option<(&mut f32, &mut RateForm, &mut RateDistance)> {
    match &mut activity_of(r, hidden).penalty {
        Penalty::Rate {
            rho,
            form,
            distance,
        } => Some((rho, form, distance)),
        _ => None,
    }
}
