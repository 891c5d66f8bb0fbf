//! The latent space beside PCA's projection of the same test points, the numbers that compare
//! them, and a thumbnail of the item under the pointer.

use std::ops::Range;

use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::PointerEvent;

use super::chart_box::ChartBox;
use super::commands::Commands;
use super::comparison::Comparison;
use super::data::DataStatus;
use super::data_panel::legend_items;
use super::decode_panel::plane_dims;
use super::draw::with_chart;
use super::lab::Lab;
use super::latent_downloads::LatentDownloads;
use super::paint::Painter;
use super::probe_view::{DecodedHere, Thumbnail};
use super::run_view::RunView;
use crate::charts::scatter::{
    LabelledPoint, ScatterFrame, data_ranges, draw_scatter_marked, nearest,
};
use crate::charts::stable_range::StableRange;
use crate::protocol::LatentView;

type Frame = StoredValue<ScatterFrame>;

#[component]
pub fn LatentPanel(lab: Lab) -> impl IntoView {
    let ae_canvas = NodeRef::<Canvas>::new();
    let pca_canvas = NodeRef::<Canvas>::new();
    let ae_frame: Frame = StoredValue::new(ScatterFrame::default());
    let pca_frame: Frame = StoredValue::new(ScatterFrame::default());
    let hovered = RwSignal::new(None::<usize>);
    let (ae_paint, pca_paint) = (Painter::new(), Painter::new());
    let (ae_box, pca_box) = (ChartBox::new(ae_canvas), ChartBox::new(pca_canvas));
    let steady = SteadyAxes::new();
    // Where the drawing falls in PCA's plane: fixed for a drawing, so the PCA chart redraws
    // when the drawing changes and not with every snapshot.
    let pca_mark = Memo::new(move |_| {
        lab.drawing_probe
            .with(|p| p.as_ref().map(|p| (p.pca_latent[0], p.pca_latent[1])))
    });
    // The AE scatter follows snapshots (a few per second); PCA's only changes with the data.
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (ae_canvas.get(), ae_box.size()) else {
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
            // The drawing, if any, is inside the axes too.
            let mark = s.probe.as_ref().map(|p| (p.latent[0], p.latent[1]));
            let with_mark: Vec<LabelledPoint> = pts
                .iter()
                .cloned()
                .chain(mark.map(|(x, y)| LabelledPoint { x, y, class: 0 }))
                .collect();
            let ranges = steady.update(s.samples_seen, axes, data_ranges(&with_mark));
            with_chart(&canvas, size, |area| {
                let frame =
                    draw_scatter_marked(area, &pts, "Autoencoder code", axes, ranges, mark)?;
                mark_attribute(&canvas, mark);
                ae_frame.set_value(frame);
                Ok(())
            });
        });
    });
    Effect::new(move |_| {
        let (Some(canvas), Some(size)) = (pca_canvas.get(), pca_box.size()) else {
            return;
        };
        // A 1-D code is compared with PCA's first component alone, drawn the same way.
        let one_d = lab
            .model
            .with(|m| m.as_ref().is_some_and(|m| m.code_dim == 1));
        lab.data_info.with(|d| {
            let Some(d) = d else { return };
            let mut pts = points(&d.pca2, &d.display_labels);
            let (title, axes) = if one_d {
                for (i, p) in pts.iter_mut().enumerate() {
                    p.y = crate::protocol::spread(i);
                }
                ("PCA, 1 component", ("PC1", "(spread out for visibility)"))
            } else {
                ("PCA, 2 components", ("PC1", "PC2"))
            };
            if !pca_paint.may_paint() {
                return;
            }
            let mark = pca_mark.get().filter(|_| !one_d);
            let with_mark: Vec<LabelledPoint> = pts
                .iter()
                .cloned()
                .chain(mark.map(|(x, y)| LabelledPoint { x, y, class: 0 }))
                .collect();
            with_chart(&canvas, size, |area| {
                let frame =
                    draw_scatter_marked(area, &pts, title, axes, data_ranges(&with_mark), mark)?;
                mark_attribute(&canvas, mark);
                pca_frame.set_value(frame);
                Ok(())
            });
        });
    });
    let hover = move |frame: Frame, is_ae: bool| {
        move |ev: PointerEvent| {
            // Charts are laid out in CSS pixels: the offset within the canvas is the chart's.
            let (x, y) = (ev.offset_x(), ev.offset_y());
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
    // The keyboard way across the plane: arrows move the decoded code by a fiftieth of the
    // axis (a tenth with Shift).
    let keys = move |ev: web_sys::KeyboardEvent| {
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-1.0, 0.0),
            "ArrowRight" => (1.0, 0.0),
            "ArrowUp" => (0.0, 1.0),
            "ArrowDown" => (0.0, -1.0),
            _ => return,
        };
        let Some((a, b)) = plane_dims(lab) else {
            return;
        };
        ev.prevent_default();
        let step = if ev.shift_key() { 0.1 } else { 0.02 };
        let (sx, sy) = ae_frame.with_value(|f| (f.x.end - f.x.start, f.y.end - f.y.start));
        lab.probe.update(|z| {
            if a < z.len() && b < z.len() {
                z[a] += dx * step * sx;
                z[b] += dy * step * sy;
            }
        });
    };
    view! {
        <section class="panel wide" aria-labelledby="latent-title">
            <div class="panel-head">
                <h2 id="latent-title">"Latent space"</h2>
                <DimPicker lab=lab />
            </div>
            <p class="hint">
                "Each dot is a test item, coloured by its class. Left: where the encoder puts it; "
                "right: the best linear 2-D projection (PCA). Point at a dot to see the item."
            </p>
            <div class="pair">
                <canvas
                    node_ref=ae_canvas
                    id="latent-ae"
                    width="380"
                    height="360"
                    role="img"
                    tabindex="0"
                    aria-label="Test points in the autoencoder's code space. Arrow keys move the decoded code across the plane (Shift for bigger steps)."
                    on:keydown=keys
                    on:pointermove=hover(ae_frame, true)
                    on:click=move |_| {
                        // A dot clicked is the retrieval panel's next query.
                        let item = hovered.get_untracked().and_then(|i| {
                            lab.data_info.with_untracked(|d| d.as_ref().and_then(|d| d.display_index.get(i).copied()))
                        });
                        if let Some(item) = item {
                            lab.query_retrieval(item);
                        }
                    }
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
                    <div class="probe">
                        <Thumbnail lab=lab hovered=hovered />
                        <DecodedHere lab=lab />
                    </div>
                    <Legend lab=lab />
                    <LatentDownloads run=RunView::of(lab) commands=Commands::of(lab) canvas=ae_canvas />
                    <Comparison run=RunView::of(lab) />
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
                </div>
            </div>
        </section>
    }
}

/// The code scatter's axes, kept steady while one run trains in one view.
#[derive(Clone, Copy)]
struct SteadyAxes(StoredValue<(u64, String, StableRange, StableRange)>);

impl SteadyAxes {
    fn new() -> SteadyAxes {
        SteadyAxes(StoredValue::new(Default::default()))
    }

    /// The ranges to draw this snapshot in. A new run (fewer samples seen than last time) or
    /// another view (other axis names) starts from the data again.
    fn update(
        self,
        samples_seen: u64,
        axes: (&str, &str),
        (x, y): (Range<f32>, Range<f32>),
    ) -> (Range<f32>, Range<f32>) {
        self.0.update_value(|(seen, names, rx, ry)| {
            let name = format!("{}|{}", axes.0, axes.1);
            if samples_seen < *seen || *names != name {
                rx.reset();
                ry.reset();
                *names = name;
            }
            *seen = samples_seen;
        });
        self.0
            .try_update_value(|(_, _, rx, ry)| (rx.update(x), ry.update(y)))
            .unwrap_or_default()
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

/// Where the drawing is marked, as `data-drawing="x,y"` on the canvas (for tests and for
/// anyone inspecting the page; a canvas has no other trace of what it drew).
fn mark_attribute(canvas: &web_sys::HtmlCanvasElement, mark: Option<(f32, f32)>) {
    match mark {
        Some((x, y)) => canvas.set_attribute("data-drawing", &format!("{x:.3},{y:.3}")),
        None => canvas.remove_attribute("data-drawing"),
    }
    .ok();
}
