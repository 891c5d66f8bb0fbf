//! The dataset panel: picker, download progress or error with retry, facts, and a preview.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::data::DataStatus;
use super::draw::{Tile, draw_tiles, with_fixed_chart};
use super::fields::Refusal;
use super::lab::Lab;
use super::own_data::OwnDataPanel;
use crate::charts::palette::class_css;
use crate::charts::scatter::{
    LabelledPoint, VIEW_AZIMUTH, VIEW_ELEVATION, draw_scatter, project_3d,
};
use crate::data::{Dataset, DatasetId, SampleShape};

const PREVIEW: usize = 64;

#[component]
pub fn DataPanel(lab: Lab) -> impl IntoView {
    let store = lab.data;
    let canvas = NodeRef::<Canvas>::new();
    let on_pick = move |ev| {
        let slug = event_target_value(&ev);
        let own = lab.data.own_id.get_untracked().filter(|_| slug == "own");
        if let Some(id) = own.or_else(|| DatasetId::from_slug(&slug)) {
            lab.change_from("dataset", |s| s.dataset = id);
        }
    };
    // Redraw the preview only when the dataset itself changes.
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        store.status.with(|s| {
            if let DataStatus::Ready { split, .. } = s {
                draw_preview(&canvas, &split.train);
            }
        });
    });
    let ready = move || matches!(store.status.get(), DataStatus::Ready { .. });
    view! {
        <section class="panel" aria-labelledby="data-title">
            <h2 id="data-title">"Data"</h2>
            <div class="field">
                <label for="dataset">"Dataset"</label>
                <select
                    id="dataset"
                    on:change=on_pick
                    prop:value=move || lab.settings.with(|s| s.dataset.slug())
                    title="Which data the autoencoder learns to compress and rebuild."
                >
                    {DatasetId::ALL
                        .into_iter()
                        .map(|d| {
                            view! {
                                <option
                                    value=d.slug()
                                    selected=move || lab.settings.with(|s| s.dataset == d)
                                >
                                    {d.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                    {move || lab.data.own_id.get().map(|d| view! {
                        <option value="own" selected=move || lab.settings.with(|s| s.dataset == d)>
                            {d.label()}
                        </option>
                    })}
                </select>
                <Refusal id="dataset" />
            </div>
            <OwnDataPanel lab=lab />
            <Status lab=lab />
            <canvas
                node_ref=canvas
                class="preview"
                class:hidden=move || !ready()
                aria-label="Preview of 64 samples from the dataset, with their labels"
                role="img"
            ></canvas>
        </section>
    }
}

/// Progress while loading, an error with a retry button, or the dataset's facts.
#[component]
fn Status(lab: Lab) -> impl IntoView {
    move || match lab.data.status.get() {
        DataStatus::Loading {
            id,
            received,
            total,
        } => {
            let pct = total.map(|t| (received as f64 / t.max(1) as f64 * 100.0).min(100.0));
            let text = match total {
                Some(t) => format!(
                    "Downloading {}: {:.1} of {:.1} MB",
                    id.label(),
                    mb(received),
                    mb(t)
                ),
                None => format!("Downloading {}: {:.1} MB", id.label(), mb(received)),
            };
            view! {
                <div class="loading" role="status">
                    <progress max="100" value=pct.unwrap_or(0.0)></progress>
                    <span>{text}</span>
                </div>
            }
            .into_any()
        }
        DataStatus::Failed { id, message } => view! {
            <div class="banner banner-error" role="alert">
                <span>{message}</span>
                <button type="button" on:click=move |_| lab.load_data(id)>"Retry"</button>
            </div>
        }
        .into_any(),
        DataStatus::Ready { split, .. } => {
            view! { <Facts data=split.train.clone() n_test=split.test.len() /> }.into_any()
        }
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// One coloured swatch and name per class: the key to every scatter plot's colours.
pub fn legend_items(names: &[String]) -> impl IntoView + use<> {
    names
        .iter()
        .enumerate()
        .map(|(c, name)| {
            view! {
                <li>
                    <span class="swatch" style=format!("background:{}", class_css(c as u8))></span>
                    {name.clone()}
                </li>
            }
        })
        .collect_view()
}

#[component]
fn Facts(data: Dataset, n_test: usize) -> impl IntoView {
    let dims = match data.shape {
        SampleShape::Image { width, height } => {
            format!("{width} x {height} pixels ({} values)", width * height)
        }
        SampleShape::Points { dim } => format!("{dim} coordinates"),
    };
    let classes = legend_items(&data.class_names);
    view! {
        <dl class="facts">
            <dt>"Samples"</dt>
            <dd>{format!("{} train / {} test", data.len(), n_test)}</dd>
            <dt>"Each sample"</dt>
            <dd>{dims}</dd>
            <dt>{format!("Classes ({})", data.n_classes())}</dt>
            <dd>
                <ul class="legend">{classes}</ul>
            </dd>
        </dl>
    }
}

/// A caption that fits under a tile: "T-shirt/top" is shown as "T-shirt".
fn short_name(name: &str) -> String {
    name.split('/').next().unwrap_or(name).to_string()
}

fn draw_preview(canvas: &web_sys::HtmlCanvasElement, data: &Dataset) {
    match data.shape {
        SampleShape::Image { width, height } => {
            // Names longer than a digit ("Ankle boot") need wider cells than 8 columns give,
            // or neighbouring captions run into each other.
            let long = data.class_names.iter().any(|c| c.chars().count() > 3);
            let (cols, scale, font) = if long { (4, 3, 15) } else { (8, 2, 20) };
            let n = if long { PREVIEW / 2 } else { PREVIEW }.min(data.len());
            let rows: Vec<Vec<f32>> = (0..n)
                .map(|i| data.x.row(i).iter().copied().collect())
                .collect();
            let tiles: Vec<Tile> = rows
                .iter()
                .zip(&data.labels)
                .map(|(px, &l)| Tile {
                    pixels: px,
                    caption: short_name(&data.class_names[l as usize]),
                })
                .collect();
            draw_tiles(canvas, &tiles, (width, height), cols, scale, font);
        }
        SampleShape::Points { dim } => {
            let points: Vec<LabelledPoint> = if dim == 3 {
                let xyz: Vec<[f32; 3]> = (0..data.len())
                    .map(|i| [data.x[(i, 0)], data.x[(i, 1)], data.x[(i, 2)]])
                    .collect();
                project_3d(&xyz, VIEW_AZIMUTH, VIEW_ELEVATION)
                    .into_iter()
                    .zip(&data.labels)
                    .map(|((x, y), &class)| LabelledPoint { x, y, class })
                    .collect()
            } else {
                (0..data.len())
                    .map(|i| LabelledPoint {
                        x: data.x[(i, 0)],
                        y: data.x[(i, 1)],
                        class: data.labels[i],
                    })
                    .collect()
            };
            let (caption, axes) = match dim {
                3 => ("Input, seen from a fixed angle", ("", "")),
                2 => ("Input", ("x1", "x2")),
                _ => ("Input: first two of its coordinates", ("x1", "x2")),
            };
            with_fixed_chart(canvas, (300, 260), |area| {
                draw_scatter(area, &points, caption, axes).map(|_| ())
            });
        }
    }
}
