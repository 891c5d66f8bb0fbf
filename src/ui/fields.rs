//! Form controls that only ever hand typed, valid values to the lab: a number field that
//! validates inline, and a select over a closed list of options.

use leptos::prelude::*;

use super::lab::Lab;
use super::settings_handle::Settings;

/// A number input. Text that does not parse, or is outside `min..=max`, shows a message
/// under the field, marks the field invalid (training cannot start) and leaves the setting as
/// it was. A valid value is applied when the field is committed (change event).
#[component]
pub fn NumberField<T>(
    settings: Settings,
    /// Unique id, also the key in the lab's invalid-field set.
    id: &'static str,
    label: &'static str,
    /// One sentence saying what the setting does.
    help: &'static str,
    min: T,
    max: T,
    get: Signal<T>,
    set: Callback<T>,
) -> impl IntoView
where
    T: Copy + PartialOrd + std::fmt::Display + std::str::FromStr + Send + Sync + 'static,
{
    let error = RwSignal::new(None::<String>);
    let error_id = format!("{id}-error");
    let on_change = move |ev| {
        let text = event_target_value(&ev);
        let parsed = text
            .trim()
            .parse::<T>()
            .ok()
            .filter(|v| *v >= min && *v <= max);
        match parsed {
            Some(v) => {
                error.set(None);
                settings.mark_invalid(id, false);
                settings.changing(id);
                set.run(v);
            }
            None => {
                error.set(Some(format!("Enter a number from {min} to {max}.")));
                settings.mark_invalid(id, true);
            }
        }
    };
    view! {
        <div class="field" class:invalid=move || error.with(|e| e.is_some())>
            <label for=id title=help>{label}</label>
            <input
                id=id
                type="text"
                inputmode="decimal"
                title=help
                prop:value=move || get.get().to_string()
                on:change=on_change
                aria-invalid=move || if error.with(|e| e.is_some()) { "true" } else { "false" }
                aria-describedby=error_id.clone()
            />
            <span class="field-error" id=error_id aria-live="polite">
                {move || error.get()}
            </span>
            <Refusal id=id />
        </div>
    }
}

/// Why the last change made with control `id` was refused, shown right beside it (empty
/// otherwise). Needs the [`Lab`] in context.
#[component]
pub fn Refusal(id: &'static str) -> impl IntoView {
    let lab = use_context::<Lab>();
    if let Some(lab) = lab {
        lab.refusal_slots.update_value(|s| {
            s.insert(id);
        });
    }
    let why = move || {
        lab.and_then(|lab| {
            lab.refused.with(|r| {
                r.as_ref()
                    .filter(|(at, _)| at == id)
                    .map(|(_, why)| why.clone())
            })
        })
    };
    view! { <p class="reason refusal" role="alert" id=format!("{id}-refused")>{why}</p> }
}

/// A select over `options`, each shown by `label`.
#[component]
pub fn ChoiceField<T>(
    id: &'static str,
    label: &'static str,
    help: &'static str,
    options: Vec<T>,
    show: fn(T) -> &'static str,
    get: Signal<T>,
    set: Callback<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let opts = options.clone();
    let positions = options.clone();
    let lab = use_context::<Lab>();
    // The select's value follows the setting, so a refused change snaps back (the options'
    // `selected` attributes only set the first render).
    let value = move || {
        let i = get.with(|v| positions.iter().position(|o| o == v));
        i.unwrap_or(0).to_string()
    };
    let on_change = move |ev| {
        if let Some(v) = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| opts.get(i))
        {
            if let Some(lab) = lab {
                lab.changing.set_value(Some(id));
            }
            set.run(*v);
        }
    };
    view! {
        <div class="field">
            <label for=id title=help>{label}</label>
            <select id=id title=help on:change=on_change prop:value=value>
                {options
                    .iter()
                    .enumerate()
                    .map(|(i, &o)| {
                        view! {
                            <option value=i.to_string() selected=move || get.with(|v| *v == o)>
                                {show(o)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <Refusal id=id />
        </div>
    }
}
