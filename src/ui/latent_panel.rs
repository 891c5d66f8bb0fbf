//! The latent space beside PCA's projection of the same test points, the numbers that compare
//! them, and a thumbnail of the item under the pointer.

use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::PointerEvent;

use super::data::DataStatus;
use super::data_panel::legend_items;
use super::decode_panel::plane_dims;
use super::draw::{Tile, draw_tiles, with_chart};
use super::lab::Lab;
use super::paint::Painter;
use crate::charts::scatter::{LabelledPoint, ScatterFrame, draw_scatter, nearest};
use crate::data::SampleShape;
use crate::protocol::{LatentView, ModelInfo};

type Frame = StoredValue<ScatterFrame>;

#[component]
pub fn LatentPanel(lab: Lab) -> impl IntoView {
    let ae_canvas = NodeRef::<Canvas>::new();
    let pca_canvas = NodeRef::<Canvas>::new();
    let ae_frame: Frame = StoredValue::new(ScatterFrame::default());
    let pca_frame: Frame = StoredValue::new(ScatterFrame::default());
    let hovered = RwSignal::new(None::<usize>);
    let (ae_paint, pca_paint) = (Painter::new(), Painter::new());
    // The AE scatter follows snapshots (a few per second); PCA's only changes with the data.
    Effect::new(move |_| {
        let Some(canvas) = ae_canvas.get() else {
            return;
        };
        lab.snapshot.with(|s| {
            let Some(s) = s else { return };
            let labels = lab
                .data_info
                .with(|d| d.as_ref().map(|d| d.display_labels.clone()));
            let pts = points(&s.latent, &labels.unwrap_or_default());
            let axes = (s.latent_axes.0.as_str(), s.latent_axes.1.as_str());
            if !ae_paint.may_paint() {
                return;
            }
            with_chart(&canvas, |area| {
                ae_frame.set_value(draw_scatter(area, &pts, "Autoencoder code", axes)?);
                Ok(())
            });
        });
    });
    Effect::new(move |_| {
        let Some(canvas) = pca_canvas.get() else {
            return;
        };
        lab.data_info.with(|d| {
            let Some(d) = d else { return };
            let pts = points(&d.pca2, &d.display_labels);
            if !pca_paint.may_paint() {
                return;
            }
            with_chart(&canvas, |area| {
                pca_frame.set_value(draw_scatter(
                    area,
                    &pts,
                    "PCA, 2 components",
                    ("PC1", "PC2"),
                )?);
                Ok(())
            });
        });
    });
    let hover = move |frame: Frame, is_ae: bool| {
        move |ev: PointerEvent| {
            let Some(canvas) = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlCanvasElement>(t).ok())
            else {
                return;
            };
            let rect = canvas.get_bounding_client_rect();
            let sx = f64::from(canvas.width()) / rect.width().max(1.0);
            let sy = f64::from(canvas.height()) / rect.height().max(1.0);
            let x = ((f64::from(ev.client_x()) - rect.left()) * sx) as i32;
            let y = ((f64::from(ev.client_y()) - rect.top()) * sy) as i32;
            hovered.set(frame.with_value(|f| nearest(&f.pixels, (x, y), 8)));
            if is_ae
                && let Some((a, b)) = plane_dims(lab)
                && let Some((zx, zy)) = frame.with_value(|f| f.to_data((x, y)))
            {
                lab.probe.update(|z| {
                    if a < z.len() && b < z.len() {
                        z[a] = zx;
                        z[b] = zy;
                    }
                });
            }
        }
    };
    view! {
        <section class="panel wide" aria-labelledby="latent-title">
            <h2 id="latent-title">"Latent space"</h2>
            <p class="hint">
                "Each dot is a test item, coloured by its class. Left: where the encoder puts it. "
                "Right: the best linear 2-D projection (PCA). Point at a dot to see the item."
            </p>
            <DimPicker lab=lab />
            <div class="pair">
                <canvas
                    node_ref=ae_canvas
                    id="latent-ae"
                    width="380"
                    height="360"
                    role="img"
                    aria-label="Test points in the autoencoder's code space"
                    on:pointermove=hover(ae_frame, true)
                    on:pointerleave=move |_| hovered.set(None)
                ></canvas>
                <canvas
                    node_ref=pca_canvas
                    id="latent-pca"
                    width="380"
                    height="360"
                    role="img"
                    aria-label="The same test points projected on their first two principal components"
                    on:pointermove=hover(pca_frame, false)
                    on:pointerleave=move |_| hovered.set(None)
                ></canvas>
                <div class="side">
                    <Comparison lab=lab />
                    <p class="hint" id="pca-time">
                        {move || {
                            lab.data_info
                                .with(|d| {
                                    d.as_ref()
                                        .map(|d| {
                                            format!(
                                                "PCA fitted on {} training items in {:.0} ms.",
                                                d.n_train,
                                                d.pca_ms,
                                            )
                                        })
                                })
                        }}
                    </p>
                    <Thumbnail lab=lab hovered=hovered />
                    <Legend lab=lab />
                </div>
            </div>
        </section>
    }
}

fn points(xy: &[[f32; 2]], labels: &[u8]) -> Vec<LabelledPoint> {
    xy.iter()
        .zip(labels)
        .map(|(&[x, y], &class)| LabelledPoint { x, y, class })
        .collect()
}

/// For codes larger than 2: which two dimensions to plot, or PCA of the code.
#[component]
fn DimPicker(lab: Lab) -> impl IntoView {
    let code = move || lab.model.with(|m| m.as_ref().map_or(2, |m| m.code_dim));
    let pick = move |ev| {
        let v = event_target_value(&ev);
        let view = match v.split_once(',') {
            Some((a, b)) => match (a.parse(), b.parse()) {
                (Ok(a), Ok(b)) => LatentView::Dims(a, b),
                _ => return,
            },
            None if v == "onto" => LatentView::OntoPca,
            None => LatentView::Pca,
        };
        lab.set_view(view);
    };
    move || {
        let d = code();
        (d >= 2).then(|| {
            let mut options: Vec<(String, String)> =
                vec![("onto".into(), "The code mapped linearly onto PCA's plane".into())];
            if d > 2 {
                options.push(("pca".into(), "PCA of the code (2 components)".into()));
            }
            for a in 0..d {
                for b in a + 1..d {
                    options.push((format!("{a},{b}"), format!("z{} vs z{}", a + 1, b + 1)));
                }
            }
            let current = move || match lab.view.get() {
                LatentView::Pca => "pca".to_string(),
                LatentView::OntoPca => "onto".to_string(),
                LatentView::Dims(a, b) => format!("{a},{b}"),
            };
            view! {
                <div class="field inline" id="dim-picker">
                    <label for="dims" title="A code with more than two numbers cannot be drawn at once: pick two, project it with PCA, or map it onto PCA's plane of the data.">
                        "Show"
                    </label>
                    <select id="dims" on:change=pick>
                        {options
                            .into_iter()
                            .map(|(v, text)| {
                                let v2 = v.clone();
                                view! { <option value=v selected=move || { current() == v2 }>{text}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
        })
    }
}

fn four(v: f32) -> String {
    format!("{v:.4}")
}
fn percent(v: f32) -> String {
    format!("{:.1} %", v * 100.0)
}
fn ratio(v: f32) -> String {
    format!("{v:.2}")
}

/// AE against PCA with as many components as the code: test MSE, kNN accuracy, how much of
/// random noise each reproduces, and for a linear AE how close it is to PCA's subspace.
#[component]
fn Comparison(lab: Lab) -> impl IntoView {
    let row =
        move |name: &'static str, ae: Option<f32>, pca: Option<f32>, fmt: fn(f32) -> String| {
            let fmt = move |v: Option<f32>| v.map_or_else(|| "–".into(), fmt);
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{fmt(ae)}</td>
                    <td>{fmt(pca)}</td>
                </tr>
            }
        };
    // While training, metrics are on a fixed subset of the test split; PCA's numbers are then
    // the subset's too, so the two columns always describe the same items.
    let caption = move || {
        let n_test = lab.data_info.with(|d| d.as_ref().map_or(0, |d| d.n_test));
        let items = lab
            .metrics
            .with(|m| m.as_ref().map(|m| m.test_items as usize));
        lab.model.with(|m| {
            let m = m.as_ref()?;
            let on = match items {
                Some(n) if n < n_test => {
                    format!("{n} of the {n_test} test items while training (pause for all)")
                }
                _ => format!("all {n_test} test items"),
            };
            let input = lab.settings.with(|s| {
                s.regularization.noise.filter(|n| n.at_test).map_or(String::new(), |n| {
                    format!(
                        ". Both see the test items corrupted ({}, {}) and are scored against the clean ones",
                        n.kind.label(),
                        n.level
                    )
                })
            });
            Some(format!("PCA with {} components; {on}{input}", m.pca_k))
        })
    };
    view! {
        <table class="compare" id="compare">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th></th>
                    <th scope="col">"AE"</th>
                    <th scope="col">"PCA"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let m = lab.metrics.get();
                    let p = lab.model.get();
                    let n_test = lab.data_info.with(|d| d.as_ref().map_or(0, |d| d.n_test));
                    let quick = m.as_ref().is_some_and(|m| (m.test_items as usize) < n_test);
                    let pca = |full: fn(&ModelInfo) -> f32, sub: fn(&ModelInfo) -> f32| {
                        p.as_ref().map(|p| if quick { sub(p) } else { full(p) })
                    };
                    view! {
                        {row("MSE per value", m.as_ref().map(|m| m.test_mse), pca(|p| p.pca_test_mse, |p| p.pca_quick_mse), four)}
                        {row("5-NN accuracy", m.as_ref().map(|m| m.knn), pca(|p| p.pca_knn, |p| p.pca_quick_knn), percent)}
                        // Uniform [0, 1] noise has variance 1/12: near 0 means the method
                        // copies any input (an identity map) instead of modelling the data.
                        {row("Random-noise error ÷ variance", m.as_ref().map(|m| m.noise_mse * 12.0), p.as_ref().map(|p| p.pca_noise_mse * 12.0), ratio)}
                        {m.as_ref().and_then(|m| m.binary).map(|b| view! {
                            {row("Code values within 0.1 of 0 or 1", Some(b.fraction), None, percent)}
                            {row("MSE per value, code rounded to 0/1", Some(b.bits_mse), None, four)}
                        })}
                        {m.as_ref().and_then(|m| m.pca_r2).map(|r2| {
                            row("Same subspace as PCA (R² of a linear map)", Some(r2), Some(1.0), four)
                        })}
                    }
                }}
            </tbody>
        </table>
    }
}

#[component]
fn Thumbnail(lab: Lab, hovered: RwSignal<Option<usize>>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let caption = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let Some(i) = hovered.get() else { return };
        let Some(test_i) = lab
            .data_info
            .with(|d| d.as_ref().and_then(|d| d.display_index.get(i).copied()))
        else {
            return;
        };
        lab.data.status.with(|s| {
            let DataStatus::Ready { split, .. } = s else {
                return;
            };
            let t = &split.test;
            let (row, label) = (t.x.row(test_i as usize), t.labels[test_i as usize]);
            let name = t.class_names[label as usize].clone();
            match t.shape {
                SampleShape::Image { width, height } => {
                    let px: Vec<f32> = row.iter().copied().collect();
                    draw_tiles(
                        &canvas,
                        &[Tile {
                            pixels: &px,
                            caption: String::new(),
                        }],
                        (width, height),
                        1,
                        3,
                        12,
                    );
                    caption.set(format!("test item {test_i}: {name}"));
                }
                SampleShape::Points { .. } => {
                    let coords: Vec<String> = row.iter().map(|v| format!("{v:.2}")).collect();
                    caption.set(format!(
                        "test item {test_i}: {name} at ({})",
                        coords.join(", ")
                    ));
                }
            }
        });
    });
    let is_image = move || {
        lab.data
            .shape_tracked()
            .is_some_and(|s| matches!(s, SampleShape::Image { .. }))
    };
    view! {
        <figure class="thumb" aria-live="polite">
            <canvas node_ref=canvas class:hidden=move || hovered.get().is_none() || !is_image() width="84" height="84"></canvas>
            <figcaption>{move || if hovered.get().is_some() { caption.get() } else { "Point at a dot to see its item.".into() }}</figcaption>
        </figure>
    }
}

#[component]
fn Legend(lab: Lab) -> impl IntoView {
    move || {
        lab.data.status.with(|s| match s {
            DataStatus::Ready { split, .. } => {
                let items = legend_items(&split.test.class_names);
                Some(view! { <ul class="legend" aria-label="Class colours">{items}</ul> })
            }
            _ => None,
        })
    }
}
