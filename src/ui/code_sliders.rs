//! A slider per code dimension (for codes wider than the plane), over the ranges the test
//! items' codes span.

use leptos::prelude::*;

use super::lab::Lab;

/// Sliders shown at most (a 50-value code would otherwise fill the page); the plane and the
/// prior samples still move every dimension.
const MAX_SLIDERS: usize = 16;

/// One slider per code dimension: the keyboard way to move through the latent space, and the
/// only way for codes larger than 2. A VAE's span ±3 (its prior); a plain model's span where
/// its codes lie ([`code_spans`]), refreshed with the test metrics.
#[component]
pub(super) fn Sliders(lab: Lab) -> impl IntoView {
    let spans = Memo::new(move |_| {
        lab.metrics.track();
        lab.settings.track();
        // Rounded, so a slider is re-laid out only when its span really moved.
        code_spans(lab, true).map(|v| {
            v.into_iter()
                .map(|(lo, hi)| (round2(lo), round2(hi)))
                .collect::<Vec<_>>()
        })
    });
    let span = move |i: usize| {
        spans.with(|s| match s {
            Some(v) => v.get(i).copied().unwrap_or((-3.0, 3.0)),
            None => (-3.0, 3.0),
        })
    };
    move || {
        let k = lab.model.with(|m| m.as_ref().map_or(0, |m| m.code_dim));
        (k >= 1).then(|| {
            (0..k.min(MAX_SLIDERS))
                .map(|i| {
                    let id = format!("z-slider-{i}");
                    view! {
                        <div class="field inline slider">
                            <label for=id.clone()>{format!("z{}", i + 1)}</label>
                            <input
                                id=id
                                type="range"
                                min=move || span(i).0.to_string()
                                max=move || span(i).1.to_string()
                                step=move || { let (lo, hi) = span(i); ((hi - lo) / 120.0).to_string() }
                                // Set again when the span moves: the browser clamps and
                                // rounds a value to the span and step it had when it was set.
                                prop:value=move || { span(i); lab.probe.with(|z| z.get(i).copied().unwrap_or(0.0).to_string()) }
                                on:input=move |ev| {
                                    if let Ok(v) = event_target_value(&ev).parse::<f32>() {
                                        lab.probe.update(|z| {
                                            if let Some(zi) = z.get_mut(i) {
                                                *zi = v;
                                            }
                                        });
                                    }
                                }
                            />
                        </div>
                    }
                })
                .collect_view()
        })
    }
}

/// Two significant digits: a slider bound that does not change with every metrics report.
fn round2(v: f32) -> f32 {
    if v == 0.0 || !v.is_finite() {
        return 0.0;
    }
    let scale = 10f32.powf(1.0 - v.abs().log10().floor());
    (v * scale).round() / scale
}

/// The range each code dimension's slider and grid axis span, or `None` for a VAE, whose
/// codes are laid out by its N(0, I) prior (sliders ±3, grid at the normal quantiles).
/// A plain model's code lies wherever training put it: its 1st to 99th percentiles on the test
/// points, `widen`ed by a tenth on each side for sliders (to explore just past the data).
pub fn code_spans(lab: Lab, widen: bool) -> Option<Vec<(f32, f32)>> {
    if lab
        .settings
        .with_untracked(|s| s.config.model.vae.is_some())
    {
        return None;
    }
    lab.metrics.with_untracked(|m| {
        let ranges = &m.as_ref()?.code_range;
        (!ranges.is_empty()).then(|| {
            ranges
                .iter()
                .map(|&(lo, hi)| {
                    let pad = if hi > lo { 0.1 * (hi - lo) } else { 1.0 };
                    if widen || hi <= lo {
                        (lo - pad, hi + pad)
                    } else {
                        (lo, hi)
                    }
                })
                .collect()
        })
    })
}
