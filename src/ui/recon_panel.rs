//! Reconstructions: test originals, the autoencoder's and PCA's (same number of components),
//! with per-item error. Point sets are drawn as scatters of input and both reconstructions.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::data::DataStatus;
use super::draw::{Tile, draw_tiles, with_fixed_chart};
use super::paint::Painter;
use super::run_view::RunView;
use crate::charts::scatter::{
    LabelledPoint, VIEW_AZIMUTH, VIEW_ELEVATION, draw_scatter, project_3d,
};
use crate::data::{Dataset, SampleShape};

#[component]
pub fn ReconPanel(run: RunView) -> impl IntoView {
    let rows = [
        NodeRef::<Canvas>::new(),
        NodeRef::<Canvas>::new(),
        NodeRef::<Canvas>::new(),
    ];
    let painter = Painter::new();
    Effect::new(move |_| {
        let canvases: Vec<_> = rows.iter().filter_map(|r| r.get()).collect();
        if canvases.len() != 3 {
            return;
        }
        let Some(index) = run
            .data_info
            .with(|d| d.as_ref().map(|d| d.recon_index.clone()))
        else {
            return;
        };
        let pca = run
            .model
            .with(|m| m.as_ref().map(|m| (m.pca_recon.clone(), m.pca_k)));
        let ae = run.snapshot.with(|s| s.as_ref().map(|s| s.recon.clone()));
        run.data.status.with(|s| {
            let DataStatus::Ready { split, .. } = s else {
                return;
            };
            if index.iter().any(|&i| i as usize >= split.test.len()) {
                return;
            }
            let originals: Vec<Vec<f32>> = index
                .iter()
                .map(|&i| split.test.x.row(i as usize).iter().copied().collect())
                .collect();
            let n = index.len();
            let pca_rows = pca
                .as_ref()
                .and_then(|(r, k)| Some((split_rows(r, n, split.test.dim())?, *k)));
            let ae_rows = ae.as_ref().and_then(|r| split_rows(r, n, split.test.dim()));
            if !painter.may_paint() {
                return;
            }
            draw_set(
                &canvases,
                &split.test,
                &index,
                &originals,
                ae_rows.as_deref(),
                pca_rows.as_ref(),
            );
        });
    });
    let pca_k = move || run.model.with(|m| m.as_ref().map_or(0, |m| m.pca_k));
    view! {
        <section class="panel wide" aria-labelledby="recon-title">
            <h2 id="recon-title">"Reconstructions"</h2>
            <div class="recon">
                <h3>"Test originals"</h3>
                <canvas node_ref=rows[0] id="recon-original" role="img" aria-label="Test items"></canvas>
                <h3>"Autoencoder"</h3>
                <canvas node_ref=rows[1] id="recon-ae" role="img" aria-label="The autoencoder's reconstructions"></canvas>
                <h3>{move || format!("PCA with {}", super::comparison::components(pca_k()))}</h3>
                <canvas node_ref=rows[2] id="recon-pca" role="img" aria-label="PCA's reconstructions"></canvas>
            </div>
        </section>
    }
}

/// Rows of `dim` values, or `None` when `flat` is not `rows` of them (a reply about other data).
fn split_rows(flat: &[f32], rows: usize, dim: usize) -> Option<Vec<Vec<f32>>> {
    (flat.len() == rows * dim).then(|| flat.chunks(dim.max(1)).map(|c| c.to_vec()).collect())
}

fn mse(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>() / a.len().max(1) as f32
}

fn draw_set(
    canvases: &[web_sys::HtmlCanvasElement],
    test: &Dataset,
    index: &[u32],
    originals: &[Vec<f32>],
    ae: Option<&[Vec<f32>]>,
    pca: Option<&(Vec<Vec<f32>>, usize)>,
) {
    match test.shape {
        SampleShape::Image { width, height } => {
            let names: Vec<String> = index
                .iter()
                .map(|&i| test.class_names[test.labels[i as usize] as usize].clone())
                .collect();
            let tiles = |rows: &[Vec<f32>], captions: Vec<String>| -> Vec<(Vec<f32>, String)> {
                rows.iter().cloned().zip(captions).collect()
            };
            let with_mse = |rows: &[Vec<f32>]| -> Vec<String> {
                rows.iter()
                    .zip(originals)
                    .map(|(r, o)| format!("{:.4}", mse(r, o)))
                    .collect()
            };
            let sets = [
                Some(tiles(originals, names)),
                ae.map(|r| tiles(r, with_mse(r))),
                pca.map(|(r, _)| tiles(r, with_mse(r))),
            ];
            for (canvas, set) in canvases.iter().zip(sets) {
                let set = set.unwrap_or_default();
                let t: Vec<Tile> = set
                    .iter()
                    .map(|(p, c)| Tile {
                        pixels: p,
                        caption: c.clone(),
                    })
                    .collect();
                draw_tiles(canvas, &t, (width, height), 10, 2, 12);
            }
        }
        SampleShape::Points { dim } => {
            let labels: Vec<u8> = index.iter().map(|&i| test.labels[i as usize]).collect();
            let sets = [
                ("Input", Some(originals)),
                ("Autoencoder output", ae),
                ("PCA output", pca.map(|(r, _)| r.as_slice())),
            ];
            for (canvas, (title, rows)) in canvases.iter().zip(sets) {
                let pts = scatter_points(rows.unwrap_or(&[]), &labels, dim);
                with_fixed_chart(canvas, (360, 300), |area| {
                    draw_scatter(area, &pts, title, ("", "")).map(|_| ())
                });
            }
        }
    }
}

/// 3-D sets from the same fixed angle as the data preview; others by their first two values.
fn scatter_points(rows: &[Vec<f32>], labels: &[u8], dim: usize) -> Vec<LabelledPoint> {
    let xy: Vec<(f32, f32)> = if dim == 3 {
        let at = |r: &Vec<f32>, i: usize| r.get(i).copied().unwrap_or(0.0);
        let xyz: Vec<[f32; 3]> = rows
            .iter()
            .map(|r| [at(r, 0), at(r, 1), at(r, 2)])
            .collect();
        project_3d(&xyz, VIEW_AZIMUTH, VIEW_ELEVATION)
    } else {
        rows.iter()
            .map(|r| {
                let at = |i: usize| r.get(i).copied().unwrap_or(0.0);
                (at(0), at(1))
            })
            .collect()
    };
    xy.into_iter()
        .zip(labels)
        .map(|((x, y), &class)| LabelledPoint { x, y, class })
        .collect()
}
