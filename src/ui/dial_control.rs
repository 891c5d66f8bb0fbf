//! The control of a one-number option (the k of a top-k code, a noise scale σ, a λ), written
//! once from what the option's file declares (`models::penalty::dial`): a switch, disabled
//! with the reason where the rule table or the option's own limits say no, the number, its
//! formula and its note.

use leptos::prelude::*;

use super::fields::{NumberField, Refusal};
use super::formula_view::Formula;
use super::settings_handle::Settings;
use crate::models::penalty::dial::DialView;
use crate::models::regularize::Stored;
use crate::settings::variant::unavailable;
use crate::teach::formulas::Control;

#[component]
pub fn DialControl(
    settings: Settings,
    stored: &'static Stored,
    view: &'static DialView,
) -> impl IntoView {
    let (d, part) = (view, stored.dial.part);
    let s = settings.signal();
    let value = move || s.with(|s| (stored.get)(&s.config.regularization));
    let on = move || value().is_some();
    let reason = move || s.with(|s| unavailable(s, stored));
    let note = move || {
        let note = d.note?;
        Some(s.with(|s| note(&s.to_config(s.dataset.shape()).model, s.config.batch_size)))
    };
    view! {
        <fieldset class="variant">
            <legend>
                <label title=d.tooltip>
                    <input
                        type="checkbox"
                        id=d.ids.on
                        prop:checked=on
                        disabled=move || reason().is_some() && !on()
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            settings.change_from(d.ids.on, |s| {
                                let start = (stored.dial.start)(&s.to_config(s.dataset.shape()).model);
                                (stored.set)(&mut s.config.regularization, checked.then_some(start));
                            });
                        }
                    />
                    {d.title}
                </label>
            </legend>
            <p class="reason" id=d.ids.reason>{reason}</p>
            <Refusal id=d.ids.on />
            <Show when=on>
                {move || number(settings, stored, view)}
                <Formula settings=settings control=Control::Dial(part) />
                <p class="hint" id=d.ids.note class:hidden=move || d.note.is_none()>{note}</p>
            </Show>
        </fieldset>
    }
}

/// The option's number: a count or a real number, validated by the field.
fn number(settings: Settings, stored: &'static Stored, d: &'static DialView) -> AnyView {
    let value = move || {
        settings
            .signal()
            .with(|s| (stored.get)(&s.config.regularization))
    };
    let set =
        move |v: f32| settings.change(|s| (stored.set)(&mut s.config.regularization, Some(v)));
    let (lo, hi) = d.range;
    if stored.dial.whole {
        let get = move || value().unwrap_or(lo) as usize;
        field(settings, d, (lo as usize, hi as usize), get, move |k| {
            set(k as f32)
        })
    } else {
        field(settings, d, (lo, hi), move || value().unwrap_or(lo), set)
    }
}

fn field<T>(
    settings: Settings,
    d: &'static DialView,
    (min, max): (T, T),
    get: impl Fn() -> T + Send + Sync + 'static,
    set: impl Fn(T) + Send + Sync + 'static,
) -> AnyView
where
    T: Copy + PartialOrd + std::fmt::Display + std::str::FromStr + Send + Sync + 'static,
{
    view! {
        <NumberField
            settings=settings
            id=d.ids.knob
            label=d.label
            help=d.help
            min=min
            max=max
            get=Signal::derive(get)
            set=Callback::new(set)
        />
    }
    .into_any()
}
