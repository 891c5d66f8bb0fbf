//! Anomaly detection: some classes count as normal, everything else (and, on request,
//! corrupted copies of normal items) as anomalous; the score is the reconstruction error.
//! Beside the autoencoder: PCA's error and the distance to the nearest normal items.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::chart_box::ChartBox;
use super::commands::Commands;
use super::data::DataStatus;
use super::draw::{Tile, draw_tiles, with_chart};
use super::lab::Lab;
use super::one_class_table::OneClassTable;
use super::outliers::measure_with;
use super::paint::Painter;
use crate::analysis::anomaly::Confusion;
use crate::charts::loss::{Series, draw_curves};
use crate::charts::palette::class_colour;
use crate::charts::score_histogram::draw_score_histograms;
use crate::data::SampleShape;
use crate::protocol::Command;

#[component]
pub fn AnomalyPanel(lab: Lab) -> impl IntoView {
    let names = move || class_names(lab);
    let normal = RwSignal::new(vec![0u8]);
    let corrupted = RwSignal::new(false);
    // Threshold as a share of the way from the lowest to the highest autoencoder score.
    let cut = RwSignal::new(0.5f32);
    let (roc_canvas, most, least) = (
        NodeRef::<Canvas>::new(),
        NodeRef::<Canvas>::new(),
        NodeRef::<Canvas>::new(),
    );
    let roc_box = ChartBox::new(roc_canvas);
    let scores = NodeRef::<Canvas>::new();
    let scores_box = ChartBox::new(scores);
    let (painter, scores_painter) = (Painter::new(), Painter::new());
    let toggle = move |c: u8, on: bool| {
        normal.update(|v| {
            v.retain(|&x| x != c);
            if on {
                v.push(c);
                v.sort_unstable();
            }
        })
    };
    let train_on = move |classes: Option<Vec<u8>>| lab.retrain_on(classes);
    // The other image set, offered while an image set is loaded.
    let counterpart = move || lab.settings.with(|s| s.dataset.counterpart());
    let with_other = RwSignal::new(false);
    let measure = move |_| {
        lab.anomaly_busy.set(true);
        let other = counterpart().filter(|_| with_other.get_untracked());
        let cmd = Command::MeasureAnomaly {
            normal: normal.get_untracked(),
            corrupted: corrupted.get_untracked(),
            other_dataset: other.is_some(),
        };
        match other {
            Some(other) => measure_with(lab, other, cmd),
            None => lab.send(cmd),
        }
    };
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (roc_canvas.get(), roc_box.size()) else {
            return;
        };
        lab.anomaly.with(|r| {
            let Some(r) = r else { return };
            let series: Vec<Series> = r
                .methods
                .iter()
                .enumerate()
                .map(|(k, m)| Series {
                    // Short names: the table beside gives the long ones.
                    name: format!(
                        "{} (AUC {:.3})",
                        ["autoencoder", "PCA", "nearest normal items"]
                            .get(k)
                            .copied()
                            .unwrap_or("score"),
                        m.auc
                    ),
                    colour: class_colour(k as u8),
                    dashed: k > 0,
                    points: m
                        .roc
                        .iter()
                        .map(|&(x, y)| (f64::from(x), f64::from(y)))
                        .collect(),
                })
                .collect();
            if painter.may_paint() {
                with_chart(&canvas, size, |area| {
                    draw_curves(
                        area,
                        &series,
                        false,
                        ("false-positive rate", "true-positive rate"),
                    )
                });
            }
        });
    });
    Effect::new(move |_| {
        let (Some(mc), Some(lc)) = (most.get(), least.get()) else {
            return;
        };
        lab.anomaly.with(|r| {
            let Some(r) = r else { return };
            lab.data.status.with(|st| {
                let DataStatus::Ready { split, .. } = st else {
                    return;
                };
                let t = &split.test;
                let SampleShape::Image { width, height } = t.shape else {
                    return;
                };
                let pick = |idx: &[u32]| -> Vec<(Vec<f32>, String)> {
                    idx.iter()
                        .filter(|&&i| (i as usize) < t.len())
                        .map(|&i| {
                            (
                                t.x.row(i as usize).iter().copied().collect(),
                                t.class_names[t.labels[i as usize] as usize].clone(),
                            )
                        })
                        .collect()
                };
                for (canvas, idx) in [(&mc, &r.most), (&lc, &r.least)] {
                    let items = pick(idx);
                    let tiles: Vec<Tile> = items
                        .iter()
                        .map(|(p, c)| Tile {
                            pixels: p,
                            caption: c.clone(),
                        })
                        .collect();
                    draw_tiles(canvas, &tiles, (width, height), 8, 2, 11);
                }
            });
        });
    });
    // The two groups' scores and the threshold on them.
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (scores.get(), scores_box.size()) else {
            return;
        };
        let c = cut.get();
        lab.anomaly.with(|r| {
            let Some(r) = r else { return };
            let Some(t) = threshold(r, c) else { return };
            if scores_painter.may_paint() {
                with_chart(&canvas, size, |area| {
                    draw_score_histograms(area, &r.normal_scores, &r.anomalous_scores, t)
                });
            }
        });
    });
    let threshold_text = move || {
        lab.anomaly.with(|r| {
            let r = r.as_ref()?;
            let t = threshold(r, cut.get())?;
            let c = Confusion::at(&r.normal_scores, &r.anomalous_scores, t);
            Some(format!(
                "Flag scores above {t:.4}: {} flagged, precision {:.1} %, recall {:.1} % ({} anomalies caught, {} normal items flagged, {} normal items passed, {} anomalies missed).",
                c.true_positives + c.false_positives,
                c.precision() * 100.0,
                c.recall() * 100.0,
                c.true_positives,
                c.false_positives,
                c.true_negatives,
                c.false_negatives
            ))
        })
    };
    let summary = move || {
        lab.anomaly.with(|r| {
            let r = r.as_ref()?;
            let list = |v: &[u8]| join_names(lab, v);
            let kinds: Vec<String> = r.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
            let every_class_normal = !r.kinds.iter().any(|(k, _)| k == "other classes");
            let trained = match &r.trained_on {
                Some(c) => format!("The autoencoder was trained on {} only.", list(c)),
                None if every_class_normal => "The autoencoder was trained on every class, all normal here.".into(),
                None => "The autoencoder was trained on every class, anomalies included: train it on the normal classes for a fair test.".into(),
            };
            Some(format!(
                "Normal: {} ({} test items). Anomalous: {}. {trained} PCA is fitted on the normal training items; the distance baseline compares with {} of them.",
                list(&r.normal),
                r.normal_scores.len(),
                kinds.join(", "),
                r.knn_reference
            ))
        })
    };
    let rows = move || {
        lab.anomaly.with(|r| {
            r.as_ref().map(|r| {
                r.methods
                    .iter()
                    .map(|m| view! { <tr><th scope="row">{m.name.clone()}</th><td>{format!("{:.3}", m.auc)}</td></tr> })
                    .collect_view()
            })
        })
    };
    let trained_on = move || {
        lab.model
            .with(|m| m.as_ref().and_then(|m| m.trained_on.clone()))
    };
    view! {
        <section class="panel wide" aria-labelledby="anomaly-title" id="anomaly">
            <h2 id="anomaly-title">"Anomaly detection"</h2>
            <p class="hint">
                "Train on the normal classes only; an item the network reconstructs badly is flagged. "
                "The area under the ROC curve (AUC) is the chance that a random anomaly scores above a random normal item."
            </p>
            <fieldset class="variant">
                <legend>"Normal classes"</legend>
                <div class="legend">
                    {move || names().into_iter().enumerate().map(|(c, name)| {
                        let c = c as u8;
                        let (id, for_id) = (format!("normal-{c}"), format!("normal-{c}"));
                        view! {
                            <label class="toggle" for=for_id>
                                <input type="checkbox" id=id prop:checked=move || normal.with(|v| v.contains(&c))
                                    on:change=move |ev| toggle(c, event_target_checked(&ev)) />
                                {name}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="buttons">
                <button type="button" class="secondary" id="train-normal"
                    disabled=move || normal.with(|v| v.is_empty())
                    on:click=move |_| train_on(Some(normal.get_untracked()))>
                    "Train on the normal classes only"
                </button>
                <button type="button" class="secondary" id="train-all"
                    disabled=move || trained_on().is_none()
                    on:click=move |_| train_on(None)>
                    "Train on every class again"
                </button>
                <label class="toggle">
                    <input type="checkbox" id="anomaly-corrupted" prop:checked=move || corrupted.get()
                        on:change=move |ev| corrupted.set(event_target_checked(&ev)) />
                    "also corrupted copies of normal items (inverted, rotated, noisy)"
                </label>
                {move || counterpart().map(|o| view! {
                    <label class="toggle">
                        <input type="checkbox" id="anomaly-other" prop:checked=move || with_other.get()
                            on:change=move |ev| with_other.set(event_target_checked(&ev)) />
                        {format!("also every {} test item", o.label())}
                    </label>
                })}
                <button type="button" id="measure-anomaly" on:click=measure
                    disabled=move || !lab.can_train() || lab.anomaly_busy.get() || normal.with(|v| v.is_empty())>
                    {move || if lab.anomaly_busy.get() { "Measuring…" } else { "Measure anomaly detection" }}
                </button>
            </div>
            <p class="hint" id="trained-on">{move || trained_on().map_or_else(
                || "The current network trains on every class.".to_string(),
                |c| format!("The current network trains on {} only.", join_names(lab, &c)))}</p>
            <div class:hidden=move || lab.anomaly.with(|r| r.is_none())>
                <p class="hint" id="anomaly-summary">{summary}</p>
                <div class="pair retrieval">
                    <table class="compare" id="anomaly-table">
                        <thead><tr><th scope="col">"Score"</th><th scope="col">"AUC"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <canvas node_ref=roc_canvas id="anomaly-roc" role="img" aria-label="ROC curves of the three scores"></canvas>
                </div>
                <canvas node_ref=scores id="anomaly-scores" role="img"
                    aria-label="Histograms of the autoencoder's score for normal and anomalous items, with the threshold"></canvas>
                <div class="field">
                    <label for="anomaly-threshold">"Threshold on the autoencoder's score"</label>
                    <input id="anomaly-threshold" type="range" min="0" max="1" step="0.01"
                        prop:value=move || cut.get().to_string()
                        on:input=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<f32>() { cut.set(v.clamp(0.0, 1.0)) } } />
                    <span class="hint" id="anomaly-confusion">{threshold_text}</span>
                </div>
                <h3>"Most anomalous test items (by the autoencoder)"</h3>
                <canvas node_ref=most id="anomaly-most" role="img" aria-label="The test items with the highest reconstruction error"></canvas>
                <h3>"Least anomalous"</h3>
                <canvas node_ref=least id="anomaly-least" role="img" aria-label="The test items with the lowest reconstruction error"></canvas>
            </div>
            <OneClassTable commands=Commands::of(lab) job=lab.one_class.read_only() names=Signal::derive(names) />
        </section>
    }
}

/// The threshold `cut` (0-1) of the way from the lowest to the highest autoencoder score,
/// squared so the slider has room where the normal scores crowd near the bottom.
fn threshold(r: &crate::protocol::AnomalyReport, cut: f32) -> Option<f32> {
    let (lo, hi) = r
        .normal_scores
        .iter()
        .chain(&r.anomalous_scores)
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &s| {
            (a.min(s), b.max(s))
        });
    (lo <= hi).then_some(lo + (hi - lo) * cut * cut)
}

fn class_names(lab: Lab) -> Vec<String> {
    lab.data.status.with(|s| match s {
        DataStatus::Ready { split, .. } => split.test.class_names.clone(),
        _ => Vec::new(),
    })
}

fn join_names(lab: Lab, classes: &[u8]) -> String {
    let names = class_names(lab);
    classes
        .iter()
        .map(|&c| {
            names
                .get(usize::from(c))
                .cloned()
                .unwrap_or_else(|| c.to_string())
        })
        .collect::<Vec<_>>()
        .join(", ")
}
