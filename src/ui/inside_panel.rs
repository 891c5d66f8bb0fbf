//! Inside the network: how active each unit is (against the sparsity target), what the first
//! layer has learnt to look for, whether the net merely copies its input, and, for denoising,
//! corrupted input / reconstruction / clean triplets.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::chart_box::ChartBox;
use super::data::DataStatus;
use super::draw::{Tile, draw_tiles, with_chart};
use super::paint::Painter;
use super::run_view::RunView;
use crate::charts::histogram::draw_histogram;
use crate::charts::loss::{Series, draw_curves};
use crate::charts::palette::class_colour;
use crate::data::SampleShape;
use crate::inbox::history::History;
use crate::models::regularize::Penalty;
use crate::settings::variant::layer_name;

#[component]
pub fn InsidePanel(run: RunView) -> impl IntoView {
    let hist = NodeRef::<Canvas>::new();
    let features = NodeRef::<Canvas>::new();
    let triplets = NodeRef::<Canvas>::new();
    let jacobian = NodeRef::<Canvas>::new();
    let paint: [Painter; 4] = std::array::from_fn(|_| Painter::new());
    let (hist_box, jacobian_box) = (ChartBox::new(hist), ChartBox::new(jacobian));
    // The Jacobian norm over training, beside the pinned run's (e.g. a plain AE against a CAE).
    // History changes with every progress report, the Jacobian only with test metrics: the
    // chart redraws only when its lines do.
    let drawn_lines = StoredValue::new(None::<(Vec<Series>, (u32, u32))>);
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (jacobian.get(), jacobian_box.size()) else {
            return;
        };
        let pinned = run.pinned.get();
        run.history.with(|h| {
            let line = |name: &str, h: &History, colour, dashed| Series {
                name: name.into(),
                colour,
                dashed,
                points: h
                    .test
                    .iter()
                    .filter_map(|p| p.jacobian.map(|j| (p.x, f64::from(j))))
                    .collect(),
            };
            let mut lines = vec![line("this run", h, class_colour(0), false)];
            if let Some(p) = &pinned {
                lines.push(line(
                    "pinned run",
                    p,
                    plotters::style::RGBColor(0x99, 0x99, 0x99),
                    true,
                ));
            }
            let drawn = drawn_lines.with_value(|d| d.as_ref() == Some(&(lines.clone(), size)));
            if drawn || !paint[0].may_paint() {
                return;
            }
            with_chart(&canvas, size, |area| {
                draw_curves(area, &lines, true, ("samples seen", "mean ‖∂h/∂x‖²"))
            });
            drawn_lines.set_value(Some((lines, size)));
        });
    });
    // The layer to show: the most heavily penalised one, else the code.
    let layer = move || {
        run.settings.with(|s| {
            let code = s.model().hidden.len();
            s.config.regularization.activity.as_ref().map_or(code, |a| {
                let best = a
                    .layer_weights
                    .iter()
                    .enumerate()
                    .max_by(|x, y| x.1.total_cmp(y.1));
                best.filter(|(_, w)| **w > 0.0).map_or(code, |(k, _)| k)
            })
        })
    };
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (hist.get(), hist_box.size()) else {
            return;
        };
        let k = layer();
        let (name, target) = run.settings.with(|s| {
            let rho = match s.config.regularization.activity.as_ref().map(|a| a.penalty) {
                Some(Penalty::Rate { rho, .. }) => Some(rho),
                _ => None,
            };
            (layer_name(s, k), rho)
        });
        run.metrics.with(|m| {
            let Some(means) = m.as_ref().and_then(|m| m.unit_means.get(k)) else {
                return;
            };
            let caption = format!("Mean activation of each unit of {name}");
            let marker = target.map(|t| (t, "target ρ̂"));
            if !paint[1].may_paint() {
                return;
            }
            with_chart(&canvas, size, |area| {
                draw_histogram(area, means, marker, &caption, "mean activation")
            });
        });
    });
    Effect::new(move |_| {
        let Some(canvas) = features.get() else { return };
        let Some(SampleShape::Image { width, height }) = run.data.shape_tracked() else {
            return;
        };
        run.metrics.with(|m| {
            let Some(m) = m.as_ref().filter(|m| !m.features.is_empty()) else {
                return;
            };
            let tiles: Vec<Tile> = m
                .features
                .chunks(width * height)
                .map(|p| Tile {
                    pixels: p,
                    caption: String::new(),
                })
                .collect();
            if paint[2].may_paint() {
                draw_tiles(&canvas, &tiles, (width, height), 8, 1, 12);
            }
        });
    });
    Effect::new(move |_| {
        let Some(canvas) = triplets.get() else { return };
        let Some(SampleShape::Image { width, height }) = run.data.shape_tracked() else {
            return;
        };
        let index = run
            .data_info
            .with(|d| d.as_ref().map(|d| d.recon_index.clone()))
            .unwrap_or_default();
        run.snapshot.with(|snap| {
            let Some(snap) = snap.as_ref().filter(|s| !s.noisy.is_empty()) else {
                return;
            };
            run.data.status.with(|st| {
                let DataStatus::Ready { split, .. } = st else {
                    return;
                };
                let d = width * height;
                let clean: Vec<f32> = index
                    .iter()
                    .flat_map(|&i| {
                        split
                            .test
                            .x
                            .row(i as usize)
                            .iter()
                            .copied()
                            .collect::<Vec<_>>()
                    })
                    .collect();
                let mut tiles = Vec::new();
                for (rows, caption) in [
                    (&snap.noisy, "noisy"),
                    (&snap.denoised, "output"),
                    (&clean, "clean"),
                ] {
                    tiles.extend(rows.chunks(d).map(|p| Tile {
                        pixels: p,
                        caption: caption.into(),
                    }));
                }
                if paint[3].may_paint() {
                    draw_tiles(&canvas, &tiles, (width, height), index.len().max(1), 2, 11);
                }
            });
        });
    });
    let identity = move || {
        run.metrics.with(|m| {
            m.as_ref().map(|m| {
                // Uniform [0, 1] noise has variance 1/12.
                format!(
                    "Identity check: reconstructing uniform random noise leaves an error of {:.4}, \
                     {:.2} times the noise's own variance (test data: {:.4}). Near 0 means the \
                     network copies any input, an identity map, instead of modelling the data.",
                    m.noise_mse,
                    m.noise_mse * 12.0,
                    m.test_mse
                )
            })
        })
    };
    // The histogram's one number: how often the shown layer's units fire on average, beside
    // the target a rate penalty sets.
    let mean_rate = move || {
        let k = layer();
        let target = run.settings.with(|s| {
            match s.config.regularization.activity.as_ref().map(|a| a.penalty) {
                Some(Penalty::Rate { rho, .. }) => format!(" (target ρ̂ = {rho})"),
                _ => String::new(),
            }
        });
        run.metrics.with(|m| {
            let means = m.as_ref()?.unit_means.get(k)?;
            let mean = means.iter().sum::<f32>() / means.len().max(1) as f32;
            Some(format!(
                "Mean activation over these units: {mean:.3}{target}"
            ))
        })
    };
    let has_noise = move || {
        run.settings
            .with(|s| s.config.regularization.noise.is_some())
    };
    let is_image = move || matches!(run.data.shape_tracked(), Some(SampleShape::Image { .. }));
    // A concrete encoder is a hard selection: its first layer is one-hot and its Jacobian a
    // constant 0/1 matrix, both shown better by the selection map in their own panel.
    let concrete = move || {
        run.settings
            .with(|s| s.config.regularization.concrete.is_some())
    };
    view! {
        <section class="panel" aria-labelledby="inside-title">
            <h2 id="inside-title">"Inside the network"</h2>
            <p class="hint" id="identity-check">{identity}</p>
            <div class="pair inside">
                <figure>
                    <canvas node_ref=hist id="unit-histogram" width="420" height="260" role="img"
                        aria-label="Histogram of the units' mean activations"></canvas>
                    <figcaption id="unit-mean">{mean_rate}</figcaption>
                </figure>
                <figure class:hidden=move || !is_image() || concrete()>
                    <canvas node_ref=features id="features" role="img"
                        aria-label="Incoming weights of the first layer's units, drawn as images"></canvas>
                    <figcaption>"What the first 64 units of the first layer respond to (grey = 0)"</figcaption>
                </figure>
            </div>
            <figure class:hidden=concrete>
                <canvas node_ref=jacobian id="jacobian-chart" width="560" height="220" role="img"
                    aria-label="Mean squared Frobenius norm of the encoder's Jacobian on test points, over training"></canvas>
                <figcaption>"How much the code moves when the input moves (exact ‖∂h/∂x‖², the squared Frobenius norm of the encoder's Jacobian, on test points, log scale). A penalty on ‖J‖²_F (under Regularisation) shrinks it; pin a plain run to compare."</figcaption>
            </figure>
            <figure class:hidden=move || !(has_noise() && is_image())>
                <canvas node_ref=triplets id="denoise-triplets" role="img"
                    aria-label="Corrupted test inputs, the network's outputs, and the clean originals"></canvas>
                <figcaption>"Corrupted input, the network's output, and the clean original"</figcaption>
            </figure>
        </section>
    }
}
