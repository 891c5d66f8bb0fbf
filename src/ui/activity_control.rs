//! Activity penalties (L1, L2, a target rate) on the encoder's layers, with a weight per layer.

use leptos::prelude::*;

use super::fields::{ChoiceField, NumberField};
use super::formula_view::Formula;
use super::settings_handle::Settings;
use crate::models::regularize::{Activity, Penalty, RateDistance, RateForm};
use crate::settings::variant::{default_layer_weights, rate_unavailable};
use crate::teach::formulas::Control;

/// Which activity penalty, as offered in the select.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Off,
    L1,
    L2,
    Rate,
}

impl Choice {
    fn label(self) -> &'static str {
        match self {
            Choice::Off => "off",
            Choice::L1 => "L1 norm of activations",
            Choice::L2 => "L2 norm of activations",
            Choice::Rate => "target rate ρ̂ (KL or distance)",
        }
    }
}

/// An edit of the target-rate penalty's ρ̂, form and distance.
type RateEdit = dyn Fn(&mut f32, &mut RateForm, &mut RateDistance);

#[component]
pub fn ActivityPenalty(settings: Settings) -> impl IntoView {
    let s = settings.signal();
    let current = Signal::derive(move || {
        s.with(
            |s| match s.config.regularization.activity.as_ref().map(|a| a.penalty) {
                None => Choice::Off,
                Some(Penalty::L1) => Choice::L1,
                Some(Penalty::L2) => Choice::L2,
                Some(Penalty::Rate { .. }) => Choice::Rate,
            },
        )
    });
    let blocked = move || s.with(rate_unavailable);
    let pick = Callback::new(move |c: Choice| {
        if c == Choice::Rate && blocked().is_some() {
            settings.show_kept();
            return;
        }
        settings.change(|s| {
            let weights = s
                .config
                .regularization
                .activity
                .as_ref()
                .map(|a| a.layer_weights.clone())
                .unwrap_or_else(|| default_layer_weights(s.config.model.hidden.len()));
            let (penalty, lambda) = match c {
                Choice::Off => {
                    s.config.regularization.activity = None;
                    return;
                }
                Choice::L1 => (Penalty::L1, 1e-3),
                Choice::L2 => (Penalty::L2, 1e-2),
                Choice::Rate => (
                    Penalty::Rate {
                        rho: 0.05,
                        form: RateForm::PerInput,
                        distance: RateDistance::Kl,
                    },
                    0.5,
                ),
            };
            s.config.regularization.activity = Some(Activity {
                penalty,
                lambda,
                layer_weights: weights,
            });
        })
    });
    let rate = move || {
        s.with(
            |s| match s.config.regularization.activity.as_ref().map(|a| a.penalty) {
                Some(Penalty::Rate {
                    rho,
                    form,
                    distance,
                }) => Some((rho, form, distance)),
                _ => None,
            },
        )
    };
    let set_rate = move |f: Box<RateEdit>| {
        settings.change(move |s| {
            if let Some(Activity {
                penalty:
                    Penalty::Rate {
                        rho,
                        form,
                        distance,
                    },
                ..
            }) = s.config.regularization.activity.as_mut()
            {
                f(rho, form, distance);
            }
        })
    };
    view! {
        <fieldset class="variant">
            <legend>"Activity penalty"</legend>
            <ChoiceField
                id="penalty"
                label="Penalty on layer activations"
                help="Adds λ·Σ w_k·P(h_k) to the loss: it pushes the encoder towards few active units."
                options=vec![Choice::Off, Choice::L1, Choice::L2, Choice::Rate]
                show=Choice::label
                get=current
                set=pick
            />
            <p class="reason" id="rate-reason">{move || blocked().map(|why| format!("Target rate unavailable: {why}"))}</p>
            <Show when=move || current.get() != Choice::Off>
                <NumberField
                    settings=settings
                    id="lambda"
                    label="λ (strength)"
                    help="How much the penalty counts against reconstruction."
                    min=0.0f32
                    max=10.0f32
                    get=Signal::derive(move || s.with(|s| s.config.regularization.activity.as_ref().map_or(0.0, |a| a.lambda)))
                    set=Callback::new(move |v| settings.change(|s| {
                        if let Some(a) = s.config.regularization.activity.as_mut() {
                            a.lambda = v;
                        }
                    }))
                />
                <LayerWeights settings=settings />
            </Show>
            <Show when=move || rate().is_some()>
                <NumberField
                    settings=settings
                    id="rho"
                    label="Target rate ρ̂"
                    help="The mean activation the penalised layers are pushed towards."
                    min=0.001f32
                    max=0.999f32
                    get=Signal::derive(move || rate().map_or(0.05, |r| r.0))
                    set=Callback::new(move |v| set_rate(Box::new(move |rho, _, _| *rho = v)))
                />
                <ChoiceField
                    id="rate-form"
                    label="Which mean"
                    help="Per input: the layer's mean for each sample (the reference text). Per unit: each unit's mean over the batch."
                    options=RateForm::ALL.to_vec()
                    show=RateForm::label
                    get=Signal::derive(move || rate().map_or(RateForm::PerInput, |r| r.1))
                    set=Callback::new(move |v| set_rate(Box::new(move |_, form, _| *form = v)))
                />
                <ChoiceField
                    id="rate-distance"
                    label="Distance s(ρ̂, ρ)"
                    help="How the gap between target and actual rate is measured."
                    options=RateDistance::ALL.to_vec()
                    show=RateDistance::label
                    get=Signal::derive(move || rate().map_or(RateDistance::Kl, |r| r.2))
                    set=Callback::new(move |v| set_rate(Box::new(move |_, _, d| *d = v)))
                />
            </Show>
            <Formula settings=settings control=Control::Activity />
        </fieldset>
    }
}

/// One weight w_k per encoder layer (hidden layers, then the code).
#[component]
fn LayerWeights(settings: Settings) -> impl IntoView {
    let s = settings.signal();
    const IDS: [&str; 5] = ["lw0", "lw1", "lw2", "lw3", "lw4"];
    move || {
        let n = s.with(|s| s.config.model.hidden.len() + 1);
        (0..n.min(IDS.len()))
            .map(|k| {
                view! {
                    <NumberField
                        settings=settings
                        id=IDS[k]
                        label=if k + 1 == n { "Weight w: code" } else { ["Weight w: layer 1", "Weight w: layer 2", "Weight w: layer 3", "Weight w: layer 4"][k] }
                        help="How much this layer's activity counts (0 leaves it free)."
                        min=0.0f32
                        max=10.0f32
                        get=Signal::derive(move || s.with(|s| s.config.regularization.activity.as_ref().and_then(|a| a.layer_weights.get(k).copied()).unwrap_or(0.0)))
                        set=Callback::new(move |v| settings.change(|s| {
                            if let Some(w) = s.config.regularization.activity.as_mut().and_then(|a| a.layer_weights.get_mut(k)) {
                                *w = v;
                            }
                        }))
                    />
                }
            })
            .collect_view()
    }
}
