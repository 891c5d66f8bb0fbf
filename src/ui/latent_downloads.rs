//! Downloads under the latent scatter: the picture (PNG, SVG), the plotted points (CSV),
//! and every test item's full code (CSV, written by the worker).

use leptos::html::Canvas;
use leptos::prelude::*;

use super::commands::Commands;
use super::export::ChartDownloads;
use super::run_view::RunView;
use crate::charts::scatter::{LabelledPoint, data_ranges, draw_scatter_marked};
use crate::charts::to_svg;
use crate::protocol::Command;

#[component]
pub fn LatentDownloads(run: RunView, commands: Commands, canvas: NodeRef<Canvas>) -> impl IntoView {
    // The points as drawn: the display items' 2-D positions in the chosen view.
    let plotted = move || {
        let labels = run
            .data_info
            .with_untracked(|d| {
                d.as_ref()
                    .map(|d| (d.display_index.clone(), d.display_labels.clone()))
            })
            .unwrap_or_default();
        run.snapshot.with_untracked(|s| {
            s.as_ref().map(|s| {
                let axes = s.latent_axes.clone();
                let pts: Vec<(u32, LabelledPoint)> = s
                    .latent
                    .iter()
                    .zip(labels.0.iter().zip(&labels.1))
                    .map(|(&[x, y], (&item, &class))| (item, LabelledPoint { x, y, class }))
                    .collect();
                (axes, pts)
            })
        })
    };
    let svg = move || {
        let ((ax, ay), pts) = plotted()?;
        let pts: Vec<LabelledPoint> = pts.into_iter().map(|(_, p)| p).collect();
        to_svg((380, 360), |area| {
            let ranges = data_ranges(&pts);
            draw_scatter_marked(area, &pts, "Autoencoder code", (&ax, &ay), ranges, None)
                .map(|_| ())
        })
        .ok()
    };
    let csv = move || {
        let Some(((ax, ay), pts)) = plotted() else {
            return String::new();
        };
        let name = |a: &str| a.replace([',', '"'], " ");
        let mut out = format!("item,class,{},{}\n", name(&ax), name(&ay));
        for (item, p) in pts {
            out.push_str(&format!("{item},{},{},{}\n", p.class, p.x, p.y));
        }
        out
    };
    view! {
        <p class="hint latent-downloads">
            <ChartDownloads canvas=canvas stem="latent" svg=svg csv=csv />
            " · "
            <button
                type="button"
                class="link"
                id="export-codes"
                title="Every test item's code, a row each (a VAE's μ), for your own analysis."
                disabled=move || run.model.with(|m| m.is_none())
                on:click=move |_| commands.send(Command::ExportCodes)
            >
                "all test codes (CSV)"
            </button>
        </p>
    }
}
