//! What a concrete autoencoder selects: a heat-map over the input (28×28 for images) of how
//! strongly each pixel is chosen as the temperature falls, and the test items as the encoder
//! sees them (only the selected pixels).

use leptos::html::Canvas;
use leptos::prelude::*;

use super::data::DataStatus;
use super::draw::{Tile, draw_tiles, with_chart};
use super::paint::Painter;
use super::run_view::RunView;
use crate::charts::loss::{Series, draw_curves};
use crate::charts::palette::class_colour;
use crate::data::{DatasetId, SampleShape};

/// The latest test MSE of a concrete run on `dataset` with `k` selected features and a
/// decoder with hidden widths `decoder`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConcreteRun {
    pub dataset: DatasetId,
    pub decoder: Vec<usize>,
    pub k: usize,
    pub mse: f32,
}

/// Records `run` as the latest for its dataset, decoder and k; runs stay in the order first
/// seen, so a line keeps its colour when another is added.
pub fn record_run(runs: &mut Vec<ConcreteRun>, run: ConcreteRun) {
    let same =
        |r: &ConcreteRun| r.dataset == run.dataset && r.decoder == run.decoder && r.k == run.k;
    match runs.iter_mut().find(|r| same(r)) {
        Some(r) => r.mse = run.mse,
        None => runs.push(run),
    }
}

/// One line per dataset and decoder (errors are comparable across k only with both the same),
/// in the order first seen, with its points sorted by k.
fn series_by_decoder(runs: &[ConcreteRun]) -> Vec<Series> {
    let mut keys: Vec<(DatasetId, &[usize])> = Vec::new();
    for r in runs {
        if !keys.contains(&(r.dataset, r.decoder.as_slice())) {
            keys.push((r.dataset, &r.decoder));
        }
    }
    keys.iter()
        .enumerate()
        .map(|(i, &(dataset, decoder))| {
            let widths = match decoder {
                [] => "one-layer decoder".to_string(),
                widths => format!(
                    "decoder k → {} → out",
                    widths
                        .iter()
                        .map(|w| w.to_string())
                        .collect::<Vec<_>>()
                        .join(" → ")
                ),
            };
            let mut points: Vec<(f64, f64)> = runs
                .iter()
                .filter(|r| r.dataset == dataset && r.decoder == decoder)
                .map(|r| (r.k as f64, f64::from(r.mse)))
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            Series {
                name: format!("{}, {widths}", dataset.label()),
                colour: class_colour((i % 256) as u8),
                dashed: false,
                points,
            }
        })
        .collect()
}

#[component]
pub fn ConcreteView(run: RunView) -> impl IntoView {
    let heat = NodeRef::<Canvas>::new();
    let seen = NodeRef::<Canvas>::new();
    let by_k = NodeRef::<Canvas>::new();
    let paint: [Painter; 3] = std::array::from_fn(|_| Painter::new());
    let by_k_box = super::chart_box::ChartBox::new(by_k);
    // Test error against k, a point per k and decoder this visit has trained (latest value).
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (by_k.get(), by_k_box.size()) else {
            return;
        };
        run.concrete_runs.with(|runs| {
            let series = series_by_decoder(runs);
            if !paint[0].may_paint() {
                return;
            }
            with_chart(&canvas, size, |area| {
                draw_curves(area, &series, false, ("k (features selected)", "test MSE"))
            });
        });
    });
    let active = move || {
        run.metrics
            .with(|m| m.as_ref().is_some_and(|m| !m.selection.is_empty()))
    };
    Effect::new(move |_| {
        let (Some(canvas), Some(SampleShape::Image { width, height })) =
            (heat.get(), run.data.shape_tracked())
        else {
            return;
        };
        run.metrics.with(|m| {
            let Some(m) = m.as_ref().filter(|m| !m.selection.is_empty()) else {
                return;
            };
            // Relative to the strongest pixel: at a high temperature every probability is
            // tiny, yet which pixels lead is what matters.
            let top = m.selection.iter().fold(0.0f32, |a, &b| a.max(b)).max(1e-12);
            let relative: Vec<f32> = m.selection.iter().map(|v| v / top).collect();
            let tile = Tile {
                pixels: &relative,
                caption: String::new(),
            };
            if paint[1].may_paint() {
                draw_tiles(&canvas, &[tile], (width, height), 1, 6, 12);
            }
        });
    });
    Effect::new(move |_| {
        let (Some(canvas), Some(SampleShape::Image { width, height })) =
            (seen.get(), run.data.shape_tracked())
        else {
            return;
        };
        let index = run
            .data_info
            .with(|d| d.as_ref().map(|d| d.recon_index.clone()))
            .unwrap_or_default();
        run.metrics.with(|m| {
            let Some(m) = m.as_ref().filter(|m| !m.selected.is_empty()) else {
                return;
            };
            run.data.status.with(|st| {
                let DataStatus::Ready { split, .. } = st else {
                    return;
                };
                // Unselected pixels nearly white; selected ones from mid grey (background) to black
                // (ink), so every selected pixel shows and so does its value.
                let rows: Vec<Vec<f32>> = index
                    .iter()
                    .map(|&i| {
                        let x = split.test.x.row(i as usize);
                        let mut v = vec![0.04; width * height];
                        for &f in &m.selected {
                            if let Some(p) = v.get_mut(f as usize) {
                                let value = x.get(f as usize).copied().unwrap_or(0.0);
                                *p = 0.35 + 0.65 * value.clamp(0.0, 1.0);
                            }
                        }
                        v
                    })
                    .collect();
                let tiles: Vec<Tile> = rows
                    .iter()
                    .map(|p| Tile {
                        pixels: p,
                        caption: String::new(),
                    })
                    .collect();
                if paint[2].may_paint() {
                    draw_tiles(&canvas, &tiles, (width, height), tiles.len().max(1), 3, 12);
                }
            });
        });
    });
    let caption = move || {
        run.metrics.with(|m| {
            m.as_ref().and_then(|m| {
                m.temperature.map(|t| {
                    format!(
                        "Temperature T = {t:.3}; {} distinct input features selected by {} nodes.",
                        {
                            let mut s = m.selected.clone();
                            s.sort_unstable();
                            s.dedup();
                            s.len()
                        },
                        m.selected.len()
                    )
                })
            })
        })
    };
    view! {
        <section class="panel" aria-labelledby="concrete-title" class:hidden=move || !active()>
            <h2 id="concrete-title">"Selected features"</h2>
            <p class="hint" id="concrete-caption">{caption}</p>
            <div class="decode">
                <figure>
                    <canvas node_ref=heat id="selection-map" role="img"
                        aria-label="How strongly each pixel is selected (dark = strongly)"></canvas>
                    <figcaption>"How strongly each pixel is selected, relative to the strongest (dark: strongly)"</figcaption>
                </figure>
                <figure>
                    <canvas node_ref=by_k id="error-vs-k" width="420" height="240" role="img"
                        aria-label="Test reconstruction error against k, for the concrete runs trained so far"></canvas>
                    <figcaption>"Test error against k: train with another k or decoder (same seed) to add a point"</figcaption>
                </figure>
                <figure>
                    <canvas node_ref=seen id="selected-inputs" role="img"
                        aria-label="Test items showing only the selected pixels"></canvas>
                    <figcaption>"Test items as the encoder sees them: only the selected pixels (the reconstructions below are made from these)"</figcaption>
                </figure>
            </div>
        </section>
    }
}
