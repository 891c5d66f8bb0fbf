//! Loss curves, train and test, one line per loss term when there are several.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::chart_box::ChartBox;
use super::draw::with_chart;
use super::export::ChartDownloads;
use super::paint::Painter;
use super::run_view::RunView;
use crate::charts::loss::{Series, draw_loss_marked};
use crate::charts::palette::class_colour;
use crate::charts::to_svg;
use crate::inbox::history::{History, Point};
use crate::models::LossTerm;
use crate::nn::loss::LossKind;

#[component]
pub fn LossPanel(run: RunView, pin: RwSignal<Option<History>>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let log_y = RwSignal::new(false);
    let painter = Painter::new();
    let chart_box = ChartBox::new(canvas);
    // Redraws follow the worker's progress reports (about ten a second at most).
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (canvas.get(), chart_box.size()) else {
            return;
        };
        let log = log_y.get();
        let pinned = run.pinned.get();
        run.history.with(|h| {
            let mut lines = series(h);
            if let Some(p) = &pinned {
                lines.extend(pinned_series(p));
            }
            if painter.may_paint() {
                with_chart(&canvas, size, |area| {
                    draw_loss_marked(area, &lines, log, &h.marks)
                });
            }
        });
    });
    let latest = move || {
        run.progress.with(|p| {
            // A run loaded from a file has no training loss until it trains here.
            p.as_ref()
                .filter(|p| p.train_total.is_finite())
                .map(|p| format!("train {:.4}", p.train_total))
                .unwrap_or_default()
        })
    };
    // What "total" adds up, said where it differs from the objective being minimised.
    let total_means = move || {
        run.settings.with(|s| {
            let c = &s.config;
            let mut parts = vec![
                "Total: the sum of the terms drawn (penalties with their λ)".to_string(),
            ];
            if let Some(v) = c.model.vae.as_ref().filter(|v| v.beta != 1.0) {
                parts.push(format!(
                    "the KL term counts once (the −ELBO), while training minimises reconstruction + β·KL with β = {}",
                    v.beta
                ));
            }
            if c.optimizer.weight_decay > 0.0 {
                parts.push(format!(
                    "weight decay ({}) is applied by the optimiser and not counted",
                    c.optimizer.weight_decay
                ));
            }
            format!("{}.", parts.join("; "))
        })
    };
    let latest_test = move || {
        run.metrics
            .with(|m| m.as_ref().map(|m| format!(" · test {:.4}", m.test_total)))
    };
    // Losses in comparable units: a VAE's test loss read as the negative ELBO in nats per
    // image with its two terms; a BCE-trained model's cross-entropy likewise per image (as a
    // VAE's is), beside the per-pixel MSE every model reports.
    let per_image = move || {
        run.metrics.with(|m| {
            let m = m.as_ref()?;
            let get = |t: LossTerm| m.test.iter().find(|(k, _)| *k == t).map(|&(_, v)| v);
            let rec = get(LossTerm::Reconstruction)?;
            if let Some(kl) = get(LossTerm::Kl) {
                return Some(format!(
                    "Test −ELBO {:.1} nats per image = reconstruction {rec:.1} + KL {kl:.1}",
                    rec + kl
                ));
            }
            let bce = run.settings.with(|s| s.config.model.loss == LossKind::Bce);
            let dim = run.data.shape_tracked()?.dim();
            bce.then(|| {
                format!(
                    "Test cross-entropy {:.1} nats per image ({rec:.4} per pixel); MSE {:.4} per pixel",
                    rec * dim as f32,
                    m.test_mse
                )
            })
        })
    };
    view! {
        <section class="panel" aria-labelledby="loss-title">
            <h2 id="loss-title">"Loss"</h2>
            <div class="chart-head">
                <span class="latest" id="loss-latest">{latest}{latest_test}</span>
                <span class="latest" id="elbo">{per_image}</span>
                <label class="toggle" title="A log scale shows slow late progress that a linear one flattens.">
                    <input
                        type="checkbox"
                        id="log-y"
                        prop:checked=move || log_y.get()
                        on:change=move |ev| log_y.set(event_target_checked(&ev))
                    />
                    "log scale"
                </label>
                <div class="buttons pin">
                    <button
                        type="button"
                        class="secondary"
                        id="pin-run"
                        title="Keep this run's curves on the chart to compare the next run with them (same seed, other settings)."
                        on:click=move |_| pin.set(Some(run.history.get_untracked()))
                    >
                        "Pin this run"
                    </button>
                    <button
                        type="button"
                        class="secondary"
                        disabled=move || run.pinned.with(|p| p.is_none())
                        on:click=move |_| pin.set(None)
                    >
                        "Unpin"
                    </button>
                </div>
            </div>
            <canvas
                node_ref=canvas
                id="loss-chart"
                width="640"
                height="280"
                role="img"
                aria-label="Training and test loss against samples seen"
            ></canvas>
            <div class="chart-foot">
                <p class="series-list" id="loss-series">
                    "Lines: "
                    {move || run.history.with(|h| series(h).iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", "))}
                    {move || run.pinned.with(|p| p.is_some().then_some(", and a pinned run (grey)"))}
                    ". " {total_means}
                    {move || run.history.with(|h| (!h.marks.is_empty()).then(|| {
                        let at: Vec<String> = h.marks.iter().map(|&x| crate::charts::loss::compact(x)).collect();
                        format!(". Settings changed mid-run at {} samples (dotted lines).", at.join(", "))
                    }))}
                </p>
                <ChartDownloads
                    canvas=canvas
                    stem="loss"
                    svg=move || {
                        let pinned = run.pinned.get_untracked();
                        run.history.with_untracked(|h| {
                            let mut lines = series(h);
                            lines.extend(pinned.as_ref().map(pinned_series).unwrap_or_default());
                            let log = log_y.get_untracked();
                            to_svg((640, 280), |area| draw_loss_marked(area, &lines, log, &h.marks)).ok()
                        })
                    }
                    csv=move || run.history.with_untracked(History::to_csv)
                />
            </div>
        </section>
    }
}

/// A pinned run's total loss, drawn grey, to compare a new run against.
fn pinned_series(h: &History) -> Vec<Series> {
    let grey = plotters::style::RGBColor(0x99, 0x99, 0x99);
    let line = |name: &str, pts: &[Point], dashed| Series {
        name: name.into(),
        colour: grey,
        dashed,
        points: pts.iter().map(|p| (p.x, f64::from(p.total))).collect(),
    };
    vec![
        line("pinned run: train", &h.train, false),
        line("pinned run: test", &h.test, true),
    ]
}

/// Lines for the chart: the total (and each term when there are several), train solid and
/// test dashed.
fn series(h: &History) -> Vec<Series> {
    let mut out = Vec::new();
    for (split, points, dashed) in [("train", &h.train, false), ("test", &h.test, true)] {
        let Some(first) = points.first() else {
            continue;
        };
        let colour = class_colour(if dashed { 1 } else { 0 });
        out.push(Series {
            name: if first.terms.len() > 1 {
                format!("{split}: total")
            } else {
                split.into()
            },
            colour,
            dashed,
            points: points.iter().map(|p| (p.x, f64::from(p.total))).collect(),
        });
        if first.terms.len() > 1 {
            for (k, &(term, _)) in first.terms.iter().enumerate() {
                out.push(Series {
                    name: format!("{split}: {}", term.label()),
                    colour: class_colour(2 + k as u8),
                    dashed,
                    points: points.iter().filter_map(|p| term_value(p, term)).collect(),
                });
            }
        }
    }
    out
}

fn term_value(p: &Point, term: crate::models::LossTerm) -> Option<(f64, f64)> {
    p.terms
        .iter()
        .find(|(t, _)| *t == term)
        .map(|&(_, v)| (p.x, f64::from(v)))
}
