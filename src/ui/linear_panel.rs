//! "A linear autoencoder is PCA", made live for a linear model: the principal angles between its
//! decoder's subspace and PCA's over training, the components recovered from its weights beside
//! PCA's own, and its projection rotated onto PCA's beside PCA's.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::chart_box::ChartBox;
use super::draw::{Tile, draw_tiles, with_chart};
use super::paint::Painter;
use super::run_view::RunView;
use crate::charts::loss::{Series, draw_curves};
use crate::charts::palette::class_colour;
use crate::charts::scatter::{LabelledPoint, data_ranges, draw_scatter_in};
use crate::data::SampleShape;

/// The angle under which the lab calls the two subspaces the same.
pub const SAME_SUBSPACE_DEGREES: f32 = 5.0;

#[component]
pub fn LinearPanel(run: RunView) -> impl IntoView {
    let angles_canvas = NodeRef::<Canvas>::new();
    let components = NodeRef::<Canvas>::new();
    let pca_canvas = NodeRef::<Canvas>::new();
    let aligned_canvas = NodeRef::<Canvas>::new();
    let paint: [Painter; 3] = std::array::from_fn(|_| Painter::new());
    let (angles_box, pca_box, aligned_box) = (
        ChartBox::new(angles_canvas),
        ChartBox::new(pca_canvas),
        ChartBox::new(aligned_canvas),
    );
    let linear = move || run.model.with(|m| m.as_ref().is_some_and(|m| m.linear));
    let view_now = Memo::new(move |_| run.metrics.with(|m| m.as_ref()?.subspace.clone()));
    // The widest angle over training; redrawn only when a new test point arrives.
    let drawn = StoredValue::new(None::<(Vec<Series>, (u32, u32))>);
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (angles_canvas.get(), angles_box.size()) else {
            return;
        };
        let line = run.history.with(|h| Series {
            name: "widest principal angle".into(),
            colour: class_colour(0),
            dashed: false,
            points: h
                .test
                .iter()
                .filter_map(|p| p.widest_angle.map(|a| (p.x, f64::from(a.max(0.01)))))
                .collect(),
        });
        let threshold = Series {
            name: format!("{SAME_SUBSPACE_DEGREES}°"),
            colour: plotters::style::RGBColor(0x99, 0x99, 0x99),
            dashed: true,
            points: match (line.points.first(), line.points.last()) {
                (Some(a), Some(b)) => {
                    let y = f64::from(SAME_SUBSPACE_DEGREES);
                    vec![(a.0, y), (b.0.max(a.0 + 1.0), y)]
                }
                _ => Vec::new(),
            },
        };
        let lines = vec![line, threshold];
        if lines[0].points.is_empty()
            || drawn.with_value(|d| d.as_ref() == Some(&(lines.clone(), size)))
            || !paint[0].may_paint()
        {
            return;
        }
        with_chart(&canvas, size, |area| {
            draw_curves(area, &lines, true, ("samples seen", "degrees"))
        });
        drawn.set_value(Some((lines, size)));
    });
    Effect::new(move |_| {
        let Some(canvas) = components.get() else {
            return;
        };
        let Some(SampleShape::Image { width, height }) = run.data.shape_tracked() else {
            return;
        };
        view_now.with(|v| {
            let Some(v) = v.as_ref().filter(|v| !v.recovered.is_empty()) else {
                return;
            };
            let d = width * height;
            let n = v.recovered.len() / d;
            let tiles: Vec<Tile> = v
                .recovered
                .chunks(d)
                .enumerate()
                .map(|(i, p)| Tile {
                    pixels: p,
                    caption: format!("AE {}", i + 1),
                })
                .chain(v.pca_components.chunks(d).enumerate().map(|(i, p)| Tile {
                    pixels: p,
                    caption: format!("PC{}", i + 1),
                }))
                .collect();
            if paint[1].may_paint() {
                draw_tiles(&canvas, &tiles, (width, height), n.max(1), 3, 12);
            }
        });
    });
    // PCA's plane and the aligned AE projection, on the same axes so equal pictures look equal.
    Effect::new(move |_| {
        let (Some(pc), Some(ac), Some(ps), Some(asz)) = (
            pca_canvas.get(),
            aligned_canvas.get(),
            pca_box.size(),
            aligned_box.size(),
        ) else {
            return;
        };
        let (pca2, labels) = run
            .data_info
            .with(|d| {
                d.as_ref()
                    .map(|d| (d.pca2.clone(), d.display_labels.clone()))
            })
            .unwrap_or_default();
        view_now.with(|v| {
            let Some(v) = v.as_ref().filter(|v| !v.aligned.is_empty()) else {
                return;
            };
            let pts = |xy: &[[f32; 2]]| -> Vec<LabelledPoint> {
                xy.iter()
                    .zip(&labels)
                    .map(|(&[x, y], &class)| LabelledPoint { x, y, class })
                    .collect()
            };
            let (pca_pts, ae_pts) = (pts(&pca2), pts(&v.aligned));
            let ranges = data_ranges(&pca_pts);
            if !paint[2].may_paint() {
                return;
            }
            let axes = ("PC1", "PC2");
            with_chart(&pc, ps, |area| {
                draw_scatter_in(area, &pca_pts, "PCA's projection", axes, ranges.clone())
                    .map(|_| ())
            });
            with_chart(&ac, asz, |area| {
                draw_scatter_in(area, &ae_pts, "AE projection, rotated", axes, ranges).map(|_| ())
            });
        });
    });
    let readout = move || {
        view_now.with(|v| {
            let v = v.as_ref()?;
            let widest = v.angles.iter().copied().fold(0.0f32, f32::max);
            let list: Vec<String> = v.angles.iter().map(|a| format!("{a:.1}°")).collect();
            let verdict = if widest < SAME_SUBSPACE_DEGREES {
                format!("all below {SAME_SUBSPACE_DEGREES}°: the decoder spans PCA's subspace.")
            } else {
                format!("not yet all below {SAME_SUBSPACE_DEGREES}°.")
            };
            Some(format!(
                "Principal angles between the decoder's subspace and PCA's top {}: {}; {verdict}",
                v.angles.len(),
                list.join(", ")
            ))
        })
    };
    let residual = move || {
        view_now.with(|v| {
            v.as_ref().map(|v| {
                format!(
                    "Left over after the best rotation: {:.2} % of the variance of PCA's \
                     coordinates (0 % = the same projection, only turned or mirrored).",
                    100.0 * v.residual
                )
            })
        })
    };
    let widest = move || {
        view_now.with(|v| {
            v.as_ref()
                .map(|v| v.angles.iter().copied().fold(0.0f32, f32::max).to_string())
        })
    };
    let has_components =
        move || view_now.with(|v| v.as_ref().is_some_and(|v| !v.recovered.is_empty()));
    let has_scatter = move || view_now.with(|v| v.as_ref().is_some_and(|v| !v.aligned.is_empty()));
    view! {
        <section class="panel" aria-labelledby="linear-title" class:hidden=move || !linear()>
            <h2 id="linear-title">"A linear autoencoder is PCA"</h2>
            <p class="hint">
                "With no non-linearity, the best an autoencoder can do is PCA's projection: its \
                 decoder's columns span the same subspace as the top principal components, in \
                 some other basis. Three measurements of that, live."
            </p>
            <p id="subspace-angles" data-widest=widest aria-live="polite">{readout}</p>
            <figure>
                <canvas node_ref=angles_canvas id="angles-chart" width="560" height="200" role="img"
                    aria-label="The widest principal angle between the decoder's subspace and PCA's, over training"></canvas>
                <figcaption>"The widest principal angle, over training (log scale): 90° is a direction PCA's subspace lacks entirely, 0° the same subspace."</figcaption>
            </figure>
            <figure class:hidden=move || !has_components()>
                <canvas node_ref=components id="recovered-components" role="img"
                    aria-label="Principal components recovered from the decoder's weights, above PCA's own components"></canvas>
                <figcaption>"Top row: the principal components recovered from the decoder's weights (the SVD of the weights gives the subspace, a p × p eigenproblem orders it). Bottom row: PCA's own. Grey is 0; a component's sign is arbitrary."</figcaption>
            </figure>
            <div class="pair" class:hidden=move || !has_scatter()>
                <figure>
                    <canvas node_ref=pca_canvas id="linear-pca-scatter" width="360" height="300" role="img"
                        aria-label="PCA's projection of the test points"></canvas>
                </figure>
                <figure>
                    <canvas node_ref=aligned_canvas id="procrustes-scatter" width="360" height="300" role="img"
                        aria-label="The autoencoder's projection of the same points, rotated onto PCA's by orthogonal Procrustes"></canvas>
                </figure>
            </div>
            <p class="hint" id="procrustes-residual" class:hidden=move || !has_scatter()>
                "Right: the test points projected onto the decoder's subspace, turned onto PCA's \
                 axes by the best rotation (orthogonal Procrustes). " {residual}
            </p>
        </section>
    }
}
